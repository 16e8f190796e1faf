#include "run/MigrationRunner.h"

#include "Error.h"
#include "db/Ledger.h"
#include "db/RunLock.h"
#include "db/SqlExec.h"
#include "db/VersionTableSql.h"

#include <QElapsedTimer>
#include <QSqlQuery>

namespace retort {

namespace {

QString directionName(PlanStep::Kind kind)
{
    switch (kind) {
    case PlanStep::Kind::Upgrade:
        return u"upgrade"_qs;
    case PlanStep::Kind::Downgrade:
        return u"downgrade"_qs;
    case PlanStep::Kind::Stamp:
        break;
    }
    return u"stamp"_qs;
}

// Thrown inside a step so the run knows which statement failed.
struct StepFailure {
    QString message;
};

} // namespace

MigrationRunner::MigrationRunner(QSqlDatabase &db, RunSettings settings)
    : m_db(db)
    , m_settings(std::move(settings))
{}

QStringList MigrationRunner::currentHeads()
{
    QStringList heads;
    if (!tableExists(m_db, m_settings.dialect, m_settings.versionTable))
        return heads;
    QSqlQuery q = execOrThrow(m_db, VersionTableSql::select(m_settings.versionTable),
                              u"cannot read %1"_qs.arg(m_settings.versionTable));
    while (q.next())
        heads.append(q.value(0).toString());
    return heads;
}

void MigrationRunner::begin()
{
    // On SQLite, IMMEDIATE takes the write lock now: it is the run lock there.
    const QString sql = m_settings.dialect == u"sqlite" ? u"BEGIN IMMEDIATE"_qs : u"BEGIN"_qs;
    QSqlQuery q(m_db);
    if (!q.exec(sql)) {
        const QString why = serverMessage(q);
        if (m_settings.dialect == u"sqlite" && why.contains(u"locked"_qs))
            throw Error(u"another migration run holds the lock on this SQLite database (%1); "
                        "wait for it, or pass --lock-timeout SECONDS"_qs.arg(why));
        throw Error(u"cannot begin a transaction: %1"_qs.arg(why));
    }
    m_inTransaction = true;
}

void MigrationRunner::commit()
{
    // The ledger rows of this transaction go in with it, batched: one round trip instead
    // of one per migration.
    Ledger::appendMany(m_db, m_pendingLedger);
    m_pendingLedger.clear();
    execOrThrow(m_db, u"COMMIT"_qs, u"cannot commit"_qs);
    m_inTransaction = false;
}

void MigrationRunner::rollback() noexcept
{
    m_pendingLedger.clear();
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    QSqlQuery q(m_db);
    q.exec(u"ROLLBACK"_qs); // a failure here means the connection is gone: the server rolls back
}

void MigrationRunner::runStep(const PlanStep &step, RunObserver *observer)
{
    for (const SqlStatement &statement : step.statements) {
        if (observer && observer->cancelRequested())
            throw StepFailure{
                u"cancelled by the user before %1:%2"_qs.arg(step.path).arg(statement.line)};
        QElapsedTimer timer;
        timer.start();
        QSqlQuery q(m_db);
        if (!q.exec(statement.sql))
            throw StepFailure{u"revision %1 failed at %2:%3: %4\n  statement: %5"_qs.arg(
                step.revision, step.path, QString::number(statement.line), serverMessage(q),
                statement.sql.simplified().left(300))};
        if (observer)
            observer->statementFinished(step, statement, timer.nsecsElapsed());
    }
    if (!m_inTransaction)
        begin(); // a non-transactional step's version rows and ledger row go in one
    for (const QString &sql : step.versionSql) {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            throw StepFailure{u"updating %1 failed: %2\n  statement: %3"_qs.arg(
                m_settings.versionTable, serverMessage(q), sql)};
    }
}

LedgerEntry MigrationRunner::ledgerEntry(const PlanStep &step, const QDateTime &started,
                                         const QString &outcome) const
{
    LedgerEntry e;
    e.revision = step.revision;
    e.direction = directionName(step.kind);
    e.checksum = step.checksum;
    e.started = started;
    e.finished = QDateTime::currentDateTimeUtc();
    e.durationMs = started.msecsTo(e.finished);
    e.dbUser = m_dbUser;
    e.outcome = outcome;
    return e;
}

void MigrationRunner::recordFailure(const PlanStep &step, const QDateTime &started,
                                    const QString &error)
{
    // Best effort, in its own transaction after the rollback: the audit trail should show
    // failed attempts, but failing to write it must not hide the migration's own error.
    try {
        begin();
        Ledger::ensure(m_db, m_settings.dialect);
        LedgerEntry e = ledgerEntry(step, started, u"failed"_qs);
        e.errorText = error;
        Ledger::append(m_db, e);
        commit();
    } catch (const Error &) {
        rollback();
    }
}

MigrationPlan MigrationRunner::run(const PlanMaker &makePlan, RunObserver *observer)
{
    RunLock lock(m_db, m_settings.dialect, m_settings.versionTable, m_settings.lockTimeoutMs);
    lock.acquire();
    m_dbUser = Ledger::databaseUser(m_db, m_settings.dialect);
    begin();
    MigrationPlan plan;
    try {
        plan = makePlan(currentHeads());
    } catch (...) {
        rollback();
        throw;
    }
    if (plan.isEmpty()) {
        rollback();
        return plan;
    }
    if (plan.hasPythonSteps()) {
        // Never run a Python revision as an empty SQL step: that would only stamp it.
        rollback();
        throw Error(u"the plan holds Python revisions (an Alembic project); they run through "
                    "the project's own Alembic, not through QSqlDatabase"_qs);
    }

    QStringList committed; // steps that are in the database even if a later one fails
    int index = 0;
    const PlanStep *current = nullptr;
    QDateTime stepStarted;
    try {
        if (!tableExists(m_db, m_settings.dialect, m_settings.versionTable))
            execOrThrow(m_db, VersionTableSql::create(m_settings.versionTable),
                        u"cannot create %1"_qs.arg(m_settings.versionTable));
        Ledger::ensure(m_db, m_settings.dialect);
        if (plan.purge)
            execOrThrow(m_db, VersionTableSql::purge(m_settings.versionTable),
                        u"cannot purge %1"_qs.arg(m_settings.versionTable));
        for (const PlanStep &step : std::as_const(plan.steps)) {
            current = &step;
            stepStarted = QDateTime::currentDateTimeUtc();
            if (observer)
                observer->stepStarted(index, int(plan.steps.size()), step);
            const bool ownTransaction = m_settings.transactionPerMigration && index > 0;
            if (!step.transactional || ownTransaction) {
                commit();
                if (index > 0)
                    committed.append(plan.steps[index - 1].description());
            }
            if (step.transactional && !m_inTransaction)
                begin();
            runStep(step, observer);
            m_pendingLedger.append(ledgerEntry(step, stepStarted, u"ok"_qs));
            if (!step.transactional) {
                commit();
                committed.append(step.description());
                begin();
            }
            ++index;
        }
        commit();
    } catch (const StepFailure &f) {
        rollback();
        QString message = f.message;
        message +=
            committed.isEmpty()
                ? u"\nThe run was rolled back; %1 is unchanged (%2)."_qs.arg(
                      m_settings.versionTable,
                      plan.startHeads.isEmpty() ? u"empty"_qs : plan.startHeads.join(u", "_qs))
                : u"\nRolled back to after the steps that had to commit: %1."_qs.arg(
                      committed.join(u"; "_qs));
        if (current)
            recordFailure(*current, stepStarted, f.message);
        throw Error(message);
    } catch (...) {
        rollback();
        throw;
    }
    return plan;
}

} // namespace retort
