// MainWindow: one-click Backup & Upgrade, and Restore.
#include "LoadedProject.h"
#include "MainActions.h"
#include "MainWindow.h"
#include "backup/BackupUpgradeTask.h"
#include "backup/RestoreDialog.h"
#include "log/LogView.h"
#include "run/RunController.h"

#include <QAction>
#include <QLocale>
#include <QMessageBox>
#include <QStatusBar>

namespace retort::gui {

void MainWindow::setUpBackupActions()
{
    auto *task = new BackupUpgradeTask(this);
    connect(m_actions->backupUpgrade, &QAction::triggered, this, [this, task] {
        if (!m_runs->hasDatabase())
            return;
        const QString question = tr("Back up %1, verify the backup, and only then upgrade it to "
                                    "head?")
                                     .arg(m_runs->context().url.masked());
        if (m_askBeforeRun &&
            QMessageBox::question(this, tr("Backup && Upgrade"), question) != QMessageBox::Yes)
            return;
        m_log->addMessage(tr("Backup & Upgrade started"));
        m_backupRunning = true;
        updateActions();
        task->start(m_runs->context());
    });
    connect(task, &BackupUpgradeTask::backupProgress, this, [this](qint64 bytes, qint64 ms) {
        statusBar()->showMessage(tr("Backing up: %1 s, %2")
                                     .arg(ms / 1000)
                                     .arg(QLocale().formattedDataSize(qMax<qint64>(bytes, 0))));
    });
    connect(
        task, &BackupUpgradeTask::finished, this,
        [this](bool ok, const QString &message, const QString &backupPath) {
            m_backupRunning = false;
            m_log->addMessage(message, !ok);
            m_runs->refresh();
            updateActions();
            if (ok) {
                statusBar()->showMessage(message, 8000);
                return;
            }
            if (backupPath.isEmpty()) { // the backup itself failed: nothing was upgraded
                QMessageBox::warning(this, tr("Backup && Upgrade"), message);
                return;
            }
            // The upgrade failed and rolled back; offer the backup just taken.
            if (QMessageBox::critical(this, tr("Upgrade failed"),
                                      message + tr("\n\nOpen the backup in the restore dialog?"),
                                      QMessageBox::Open | QMessageBox::Close) == QMessageBox::Open)
                showRestoreDialog(backupPath);
        });
    connect(m_actions->restore, &QAction::triggered, this, [this] { showRestoreDialog({}); });
}

void MainWindow::showRestoreDialog(const QString &selectBackup)
{
    if (!m_runs->hasDatabase())
        return;
    const JobContext context = m_runs->context();
    RestoreDialog dialog(context.project->config.backupDir, context.url, this);
    if (!selectBackup.isEmpty())
        dialog.selectBackup(selectBackup);
    connect(&dialog, &RestoreDialog::restored, this, [this] {
        m_log->addMessage(tr("Restored; reading the database again"));
        m_runs->refresh();
    });
    dialog.exec();
}

} // namespace retort::gui
