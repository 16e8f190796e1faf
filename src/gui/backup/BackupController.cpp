#include "backup/BackupController.h"

#include "Error.h"
#include "Project.h"
#include "backup/Backup.h"
#include "backup/BackupUpgradeTask.h"
#include "backup/RestoreDialog.h"
#include "log/LogView.h"
#include "run/RunController.h"

#include <QAction>
#include <QApplication>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThreadPool>

namespace retort::gui {

BackupController::BackupController(RunController *runs, const Widgets &widgets, QObject *parent)
    : QObject(parent)
    , m_runs(runs)
    , m_w(widgets)
    , m_upgradeTask(new BackupUpgradeTask(this))
{
    // The status bar's Cancel stops whichever is running: the dump, or the upgrade after it.
    connect(m_w.cancel, &QPushButton::clicked, this, [this] {
        if (!m_running)
            return;
        m_upgradeTask->cancel();
        if (m_cancelBackup)
            m_cancelBackup->store(true);
    });
    connect(m_upgradeTask, &BackupUpgradeTask::backupProgress, this,
            [this](qint64 bytes, qint64 ms) {
                m_w.statusBar->showMessage(
                    tr("Backing up: %1 s, %2")
                        .arg(ms / 1000)
                        .arg(QLocale().formattedDataSize(qMax<qint64>(bytes, 0))));
            });
    connect(m_upgradeTask, &BackupUpgradeTask::outputLine, this,
            [this](const QString &line) { m_w.log->addMessage(line); });
    connect(
        m_upgradeTask, &BackupUpgradeTask::finished, this,
        [this](bool ok, const QString &message, const QString &backupPath) {
            end(ok, message);
            Q_EMIT backupUpgradeFinished(ok, backupPath);
            if (ok || !m_ask)
                return;
            if (backupPath.isEmpty()) { // the backup itself failed: nothing was upgraded
                QMessageBox::warning(m_w.window, tr("Backup & Upgrade"), message);
                return;
            }
            // The upgrade failed and rolled back; offer the backup just taken.
            if (QMessageBox::critical(m_w.window, tr("Upgrade failed"),
                                      message + tr("\n\nOpen the backup in the restore dialog?"),
                                      QMessageBox::Open | QMessageBox::Close) == QMessageBox::Open)
                showRestoreDialog(backupPath);
        });
}

BackupController::~BackupController()
{
    if (m_cancelBackup)
        m_cancelBackup->store(true);
}

void BackupController::connectActions(QAction *backup, QAction *backupUpgrade, QAction *restore)
{
    connect(backup, &QAction::triggered, this, [this] { startBackup(true); });
    connect(backupUpgrade, &QAction::triggered, this, [this] { startBackupUpgrade(true); });
    connect(restore, &QAction::triggered, this, [this] { showRestoreDialog({}); });
}

void BackupController::begin(const QString &what)
{
    m_w.log->addMessage(tr("%1 started").arg(what));
    m_running = true;
    m_w.progress->setRange(0, 0); // busy until the dump's size is known
    m_w.progress->setFormat(tr("Backing up"));
    m_w.progress->show();
    m_w.cancel->show();
    Q_EMIT busyChanged();
}

void BackupController::end(bool ok, const QString &message)
{
    m_running = false;
    m_w.progress->hide();
    m_w.cancel->hide();
    m_w.log->addMessage(message, !ok);
    if (ok)
        m_w.statusBar->showMessage(message, 8000);
    m_runs->refresh();
    Q_EMIT busyChanged();
}

void BackupController::startBackup(bool confirm, std::function<void(bool)> after)
{
    if (!m_runs->hasDatabase() || m_running || m_runs->isBusy())
        return;
    const JobContext context = m_runs->context();
    if (confirm && !after &&
        QMessageBox::question(m_w.window, tr("Backup"),
                              tr("Back up %1 into %2 and verify the backup?")
                                  .arg(context.url.masked(), context.project->config.backupDir),
                              QMessageBox::Ok | QMessageBox::Cancel,
                              QMessageBox::Ok) != QMessageBox::Ok)
        return;
    m_ask = confirm;
    begin(tr("Backup"));
    m_cancelBackup = std::make_shared<std::atomic<bool>>(false);
    Backup::Options options;
    options.folder = context.project->config.backupDir;
    options.versionTable = context.project->config.versionTable;
    QPointer<BackupController> self(this);
    auto cancel = m_cancelBackup;
    QThreadPool::globalInstance()->start([self, context, options, cancel, after]() mutable {
        options.progress.cancel = cancel.get();
        bool ok = false;
        QString message;
        QString path;
        try {
            const BackupInfo info = Backup::create(context.url, options);
            path = info.path;
            message = tr("Backed up to %1 (%2, verified)")
                          .arg(info.path, QLocale().formattedDataSize(info.size));
            ok = true;
        } catch (const Error &e) {
            message = tr("Backup failed: %1").arg(e.message());
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, ok, message, path, after] {
                if (!self)
                    return;
                self->m_cancelBackup.reset();
                self->end(ok, message);
                Q_EMIT self->backupFinished(ok, path);
                if (!ok && self->m_ask)
                    QMessageBox::warning(self->m_w.window, tr("Backup"), message);
                if (after)
                    after(ok);
            },
            Qt::QueuedConnection);
    });
}

void BackupController::startBackupUpgrade(bool confirm)
{
    if (!m_runs->hasDatabase() || m_running || m_runs->isBusy())
        return;
    m_ask = confirm;
    const QString question = tr("Back up %1, verify the backup, and only then upgrade it to head?")
                                 .arg(m_runs->context().url.masked());
    if (confirm && QMessageBox::question(m_w.window, tr("Backup & Upgrade"), question,
                                         QMessageBox::Yes | QMessageBox::Cancel,
                                         QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    begin(tr("Backup & Upgrade"));
    m_upgradeTask->start(m_runs->context());
}

void BackupController::showRestoreDialog(const QString &selectBackup)
{
    if (!m_runs->hasDatabase())
        return;
    const JobContext context = m_runs->context();
    RestoreDialog dialog(context.project->config.backupDir, context.url, m_w.window);
    if (!selectBackup.isEmpty())
        dialog.selectBackup(selectBackup);
    connect(&dialog, &RestoreDialog::restored, this, [this] {
        m_w.log->addMessage(tr("Restored; reading the database again"));
        Q_EMIT restored();
        m_runs->refresh();
    });
    dialog.exec();
}

} // namespace retort::gui
