#pragma once

#include "run/RehearsalReport.h"

#include <QSet>
#include <QSqlDatabase>

namespace retort {

// A transaction that always ends in ROLLBACK: a rehearsal must never leave anything
// behind, whether it finishes, fails or throws. SQLite uses BEGIN IMMEDIATE, so nobody
// writes between the two snapshots (the same lock a real run takes). On PostgreSQL,
// lock waits are bounded by `lockTimeoutMs` (SET LOCAL, so only for this transaction).
class RolledBackTransaction {
public:
    RolledBackTransaction(QSqlDatabase &db, const QString &dialect, int lockTimeoutMs);
    ~RolledBackTransaction();
    RolledBackTransaction(const RolledBackTransaction &) = delete;
    RolledBackTransaction &operator=(const RolledBackTransaction &) = delete;

private:
    QSqlDatabase &m_db;
};

// Runs plan steps' statements inside an open RolledBackTransaction, one at a time, timing
// each and (on PostgreSQL) reading the locks it took from pg_locks for this backend.
// Each statement runs under a SAVEPOINT, so after a failure the transaction is usable
// again and the caller can still snapshot the state the plan reached.
class StepRehearser {
public:
    StepRehearser(QSqlDatabase &db, QString dialect);

    // Appends one RevisionRehearsal per step to `report`; stops at the first error
    // (report.failed, report.failure) and returns false. Non-transactional steps and
    // statements TransactionSafety rejects are listed in report.notRehearsed, never run.
    bool run(const QVector<PlanStep> &steps, RehearsalReport &report);

private:
    bool runStatement(const SqlStatement &statement, StatementRehearsal &out);
    QSet<QString> heldLocks();

    QSqlDatabase &m_db;
    QString m_dialect;
    int m_serverVersion = 0;
    QSet<QString> m_locks; // held before the current statement
};

} // namespace retort
