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
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace retort::gui {

void MainWindow::setUpBackupActions()
{
    auto *task = new BackupUpgradeTask(this);
    m_backupTask = task;
    connect(m_actions->backupUpgrade, &QAction::triggered, this,
            [this] { startBackupUpgrade(/*confirm=*/true); });
    // The status bar's Cancel stops whichever is running: the dump, or the upgrade after it.
    connect(m_cancel, &QPushButton::clicked, task, [this, task] {
        if (m_backupRunning)
            task->cancel();
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
            m_progress->hide();
            m_cancel->hide();
            m_log->addMessage(message, !ok);
            m_runs->refresh();
            updateActions();
            Q_EMIT backupUpgradeFinished(ok, backupPath);
            if (ok) {
                statusBar()->showMessage(message, 8000);
                return;
            }
            if (!m_askBeforeRun)
                return;
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

void MainWindow::startBackupUpgrade(bool confirm)
{
    if (!m_runs->hasDatabase() || m_backupRunning || m_runs->isBusy())
        return;
    m_askBeforeRun = confirm;
    const QString question = tr("Back up %1, verify the backup, and only then upgrade it to head?")
                                 .arg(m_runs->context().url.masked());
    if (confirm &&
        QMessageBox::question(this, tr("Backup && Upgrade"), question) != QMessageBox::Yes)
        return;
    m_log->addMessage(tr("Backup & Upgrade started"));
    m_backupRunning = true;
    updateActions();
    m_progress->setRange(0, 0); // busy until the dump's size is known
    m_progress->setFormat(tr("Backing up"));
    m_progress->show();
    m_cancel->show();
    m_backupTask->start(m_runs->context());
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
