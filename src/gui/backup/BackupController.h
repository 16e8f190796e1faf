#pragma once

#include "worker/PlanRequest.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QAction;
class QProgressBar;
class QPushButton;
class QStatusBar;
class QWidget;

namespace retort::gui {

class BackupUpgradeTask;
class LogView;
class RunController;

// The window's backups: File > Backup… (a plain, verified backup on a pool thread),
// one-click Backup & Upgrade, "back up first" before a destructive run, and Restore.
// Owns the backup state; the window lends it the progress bar, Cancel and the log.
class BackupController : public QObject {
    Q_OBJECT
public:
    struct Widgets {
        QWidget *window = nullptr;
        QStatusBar *statusBar = nullptr;
        QProgressBar *progress = nullptr;
        QPushButton *cancel = nullptr;
        LogView *log = nullptr;
    };
    BackupController(RunController *runs, const Widgets &widgets, QObject *parent);
    ~BackupController() override;

    void connectActions(QAction *backup, QAction *backupUpgrade, QAction *restore);
    bool isRunning() const { return m_running; }

    // A verified backup; then `after(ok)` (for "back up first"). Asks first when `confirm`.
    void startBackup(bool confirm, std::function<void(bool ok)> after = {});
    void startBackupUpgrade(bool confirm);
    void showRestoreDialog(const QString &selectBackup);

Q_SIGNALS:
    void busyChanged();
    void backupFinished(bool ok, const QString &backupPath);
    void backupUpgradeFinished(bool ok, const QString &backupPath);
    void restored(); // a backup was restored over the database

private:
    void begin(const QString &what);
    void end(bool ok, const QString &message);

    RunController *m_runs;
    Widgets m_w;
    BackupUpgradeTask *m_upgradeTask;
    std::shared_ptr<std::atomic<bool>> m_cancelBackup;
    bool m_running = false;
    bool m_ask = true;
};

} // namespace retort::gui
