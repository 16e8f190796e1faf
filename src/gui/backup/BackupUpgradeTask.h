#pragma once

#include "worker/PlanRequest.h"

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

namespace retort::gui {

// The window's one-click Backup & Upgrade: retort::backupThenUpgrade (the same function
// as `retort upgrade --backup`) on a thread of its own, with progress and cancel. The
// thread opens its own connections; results come back as queued signals.
class BackupUpgradeTask : public QObject {
    Q_OBJECT
public:
    explicit BackupUpgradeTask(QObject *parent = nullptr);
    ~BackupUpgradeTask() override; // cancels a running job and waits for it

    bool isRunning() const;
    // Ignored while a job runs.
    void start(const JobContext &context, const QString &target = QStringLiteral("head"),
               bool transactionPerMigration = false);
    // Thread-safe: stops pg_dump (the partial file is removed) or rolls the upgrade back.
    void cancel();

Q_SIGNALS:
    void backupProgress(qint64 bytes, qint64 elapsedMs);
    void stepStarted(int index, int count, const QString &description);
    void outputLine(const QString &line); // an Alembic project's Alembic, while it runs
    // backupPath: the backup taken (empty when none was: nothing to do, or it failed).
    // On an upgrade failure ok is false and backupPath is the file to restore.
    void finished(bool ok, const QString &message, const QString &backupPath);

private:
    struct Outcome {
        bool ok = false;
        QString message;
        QString backupPath;
    };
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    Outcome m_result; // written by the thread, read after it finished
};

} // namespace retort::gui
