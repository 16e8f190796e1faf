#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTreeView;

namespace retort::gui {

struct LoadedProject;
class HistoryModel;

// The main window. Loading a project (ini, versions folder, graph) touches the disk,
// so it runs on the thread pool and the result comes back to the GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openProject(const QString &path);

Q_SIGNALS:
    void projectLoaded(); // emitted on the GUI thread once the history is shown (tests wait on it)

private:
    void showProject(const std::shared_ptr<LoadedProject> &project);
    void showRevision(int row);

    std::shared_ptr<LoadedProject> m_project;
    HistoryModel *m_historyModel = nullptr;
    QStackedWidget *m_historyStack = nullptr;
    QTreeView *m_history = nullptr;
    QLabel *m_error = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_statusProject = nullptr;
};

} // namespace retort::gui
