#include "backup/BackupUpgradeTask.h"

#include "backup/BackupThenUpgrade.h"

#include <QLocale>
#include <QThread>

namespace retort::gui {

namespace {

// Forwards the runner's steps and polls the shared cancel flag between statements.
class TaskObserver : public RunObserver {
public:
    TaskObserver(BackupUpgradeTask *task, const std::atomic<bool> &cancel)
        : m_task(task)
        , m_cancel(cancel)
    {}
    void stepStarted(int index, int count, const PlanStep &step) override
    {
        Q_EMIT m_task->stepStarted(index, count, step.description());
    }
    bool cancelRequested() const override { return m_cancel.load(); }

private:
    BackupUpgradeTask *m_task;
    const std::atomic<bool> &m_cancel;
};

} // namespace

BackupUpgradeTask::BackupUpgradeTask(QObject *parent)
    : QObject(parent)
{}

BackupUpgradeTask::~BackupUpgradeTask()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

bool BackupUpgradeTask::isRunning() const
{
    return m_thread != nullptr;
}

void BackupUpgradeTask::cancel()
{
    m_cancel = true;
}

void BackupUpgradeTask::start(const JobContext &context, const QString &target,
                              bool transactionPerMigration)
{
    if (m_thread)
        return;
    m_cancel = false;
    m_thread = QThread::create([this, context, target, transactionPerMigration] {
        RunSettings settings;
        settings.dialect = context.url.dialect();
        settings.versionTable = context.project->config.versionTable;
        settings.transactionPerMigration = transactionPerMigration;
        BackupProgress progress;
        progress.cancel = &m_cancel;
        // Signals emitted here reach GUI-thread receivers queued.
        progress.report = [this](qint64 bytes, qint64 ms) { Q_EMIT backupProgress(bytes, ms); };
        TaskObserver observer(this, m_cancel);
        try {
            const BackupThenUpgradeResult r = backupThenUpgrade(
                *context.project, context.url, settings, target, progress, &observer, {},
                [this](const QString &line) { Q_EMIT outputLine(line); });
            const QString message =
                r.backup ? tr("Backed up to %1 (%2), then applied %n migration(s).", nullptr,
                              r.plan.migrationCount())
                               .arg(r.backup->path, QLocale().formattedDataSize(r.backup->size))
                         : tr("Already at %1: nothing to upgrade, no backup taken.").arg(target);
            m_result = {true, message, r.backup ? r.backup->path : QString()};
        } catch (const UpgradeAfterBackupError &e) {
            m_result = {false, e.message(), e.backup().path};
        } catch (const Error &e) {
            m_result = {false, e.message(), QString()};
        }
    });
    // Reported once the thread has ended, so a receiver may start the next job at once.
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        Q_EMIT finished(m_result.ok, m_result.message, m_result.backupPath);
    });
    m_thread->start();
}

} // namespace retort::gui
