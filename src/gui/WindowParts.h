#pragma once

#include <QString>

class QMainWindow;
class QProgressBar;
class QPushButton;
class QStatusBar;
class QTreeView;

namespace retort::gui {

class HistoryModel;
class HistoryNavigator;
class LogView;
class MessageColumnFit;

// The widgets MainWindow builds and lends to its controllers: where they show progress,
// write to the log and read the history's selection. The window owns them all.
struct WindowParts {
    QMainWindow *window = nullptr; // the parent of every dialog
    QStatusBar *statusBar = nullptr;
    QProgressBar *progress = nullptr;
    QPushButton *cancel = nullptr;
    LogView *log = nullptr;
    QTreeView *history = nullptr;
    HistoryModel *historyModel = nullptr;
    HistoryNavigator *navigator = nullptr;
    MessageColumnFit *messageColumn = nullptr;

    QString selectedRevision() const;
    // Selects `revision` in the history (and scrolls to it); false when it is not there.
    bool selectRevision(const QString &revision) const;
};

} // namespace retort::gui
