#pragma once

#include "db/Ledger.h"
#include "db/SqliteForeignKeys.h"
#include "db/TransactionState.h"
#include "run/MigrationPlan.h"

#include <QDateTime>
#include <QSqlDatabase>

#include <functional>

namespace retort {

struct RunSettings {
    QString dialect;
    QString versionTable = QStringLiteral("alembic_version");
    int lockTimeoutMs = 0;                // 0: fail at once when another run holds the lock
    bool transactionPerMigration = false; // default: one transaction for the whole run
    // Rehearsals (PostgreSQL): how long a statement may wait for a table lock before it
    // fails as "would wait for a lock". A rehearsal takes the real locks (ALTER TABLE:
    // ACCESS EXCLUSIVE); queued behind a long transaction on a busy database it would
    // block every later reader of that table for as long as it waits.
    int rehearsalLockTimeoutMs = 5000;
};

// What a run reports while it goes; the CLI prints it, the window shows progress.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void stepStarted(int index, int count, const PlanStep &step)
    {
        Q_UNUSED(index)
        Q_UNUSED(count)
        Q_UNUSED(step)
    }
    virtual void statementFinished(const PlanStep &step, const SqlStatement &statement,
                                   qint64 elapsedNs)
    {
        Q_UNUSED(step)
        Q_UNUSED(statement)
        Q_UNUSED(elapsedNs)
    }
    // Polled between statements; true rolls the run back.
    virtual bool cancelRequested() const { return false; }
};

// Executes plans on one open connection: takes the run lock, reads the version rows
// inside the lock (so two runs never plan from the same state), asks for the plan,
// and runs it in one transaction (or one per migration; `Transactional: false` steps
// run between transactions). Any failure rolls back and throws an Error naming the
// revision, file:line, statement and server message; the version table is then as it
// was (except for steps that had to commit: non-transactional or per-migration ones,
// which the message lists, with the version rows read back after the rollback). "Rolled
// back" is said only when the server says the transaction was still open.
// SQLite: foreign keys are off for the run and checked (PRAGMA foreign_key_check) before
// each COMMIT; a violation the run added fails it.
class MigrationRunner {
public:
    MigrationRunner(QSqlDatabase &db, RunSettings settings);

    // The version table's rows, or none when it does not exist yet.
    QStringList currentHeads();

    using PlanMaker = std::function<MigrationPlan(const QStringList &currentHeads)>;
    MigrationPlan run(const PlanMaker &makePlan, RunObserver *observer = nullptr);

private:
    void begin();
    void setSqliteBusyTimeout(int milliseconds);
    // How long a SQLite COMMIT waits for readers to finish (the write lock is ours).
    static constexpr int kSqliteReaderWaitMs = 30000;
    // SQLite: fails the run (StepFailure) on foreign key violations the run added.
    void commit(bool checkForeignKeys = true);
    void rollback() noexcept;
    void runStep(const PlanStep &step, RunObserver *observer);
    LedgerEntry ledgerEntry(const PlanStep &step, const QDateTime &started,
                            const QString &outcome) const;
    void recordFailure(const PlanStep &step, const QDateTime &started, const QString &error);
    // What a failed run left: the steps committed before it, what was rolled back (only if
    // the transaction was still open) and the version rows read back from the database.
    QString failureOutcome(const MigrationPlan &plan, int committed, int failedIndex,
                           TransactionState state);

    QSqlDatabase &m_db;
    RunSettings m_settings;
    QVector<LedgerEntry> m_pendingLedger; // written just before each COMMIT
    QString m_dbUser;
    bool m_inTransaction = false;
    bool m_checkForeignKeys = false; // SQLite, foreign keys on outside the run
    QVector<SqliteForeignKeys::Violation> m_foreignKeyBaseline; // already there before it
};

} // namespace retort
