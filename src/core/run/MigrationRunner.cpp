#include "run/MigrationRunner.h"

#include "Error.h"
#include "db/Ledger.h"
#include "db/RunLock.h"
#include "db/SqlExec.h"
#include "db/SqliteForeignKeys.h"
#include "db/TransactionState.h"
#include "db/VersionTableSql.h"

#include <QElapsedTimer>
#include <QSqlQuery>

#include <algorithm>

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

// SQLite: foreign keys off for the run (before BEGIN: inside a transaction the pragma is a
// no-op), and back on afterwards if they were on.
class ForeignKeysOffForRun {
public:
    ForeignKeysOffForRun(QSqlDatabase &db, bool sqlite)
        : m_db(db)
    {
        m_wereOn = sqlite && SqliteForeignKeys::enabled(db);
        if (m_wereOn)
            SqliteForeignKeys::setEnabled(db, false);
    }
    ~ForeignKeysOffForRun()
    {
        if (!m_wereOn || !m_db.isOpen())
            return;
        QSqlQuery q(m_db);
        q.exec(u"PRAGMA foreign_keys=ON"_qs); // outside any transaction by now: always works
    }
    ForeignKeysOffForRun(const ForeignKeysOffForRun &) = delete;
    ForeignKeysOffForRun &operator=(const ForeignKeysOffForRun &) = delete;
    bool wereOn() const { return m_wereOn; }

private:
    QSqlDatabase &m_db;
    bool m_wereOn = false;
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
    // On SQLite, IMMEDIATE takes the write lock now: it is the run lock there, and waits
    // for another run only as long as --lock-timeout says (RunLock's busy timeout).
    const bool sqlite = m_settings.dialect == u"sqlite";
    if (sqlite)
        setSqliteBusyTimeout(m_settings.lockTimeoutMs);
    const QString sql = sqlite ? u"BEGIN IMMEDIATE"_qs : u"BEGIN"_qs;
    QSqlQuery q(m_db);
    if (!q.exec(sql)) {
        const QString why = serverMessage(q);
        if (sqlite && why.contains(u"locked"_qs))
            throw Error(u"another migration run holds the lock on this SQLite database (%1); "
                        "wait for it, or pass --lock-timeout SECONDS"_qs.arg(why));
        throw Error(u"cannot begin a transaction: %1"_qs.arg(why));
    }
    m_inTransaction = true;
    // With the write lock held, only readers can be in the way: COMMIT waits for them
    // to finish their reads (a sqlite3 shell, a window reading the schema) rather than
    // failing the migration with "database is locked".
    if (sqlite)
        setSqliteBusyTimeout(std::max(m_settings.lockTimeoutMs, kSqliteReaderWaitMs));
}

void MigrationRunner::setSqliteBusyTimeout(int milliseconds)
{
    execOrThrow(m_db, u"PRAGMA busy_timeout = %1"_qs.arg(milliseconds),
                u"cannot set the SQLite busy timeout"_qs);
}

void MigrationRunner::commit(bool checkForeignKeys)
{
    if (checkForeignKeys && m_checkForeignKeys) {
        QVector<SqliteForeignKeys::Violation> added = SqliteForeignKeys::check(m_db);
        added.removeIf([&](const auto &v) { return m_foreignKeyBaseline.contains(v); });
        if (!added.isEmpty())
            throw StepFailure{
                u"PRAGMA foreign_key_check before COMMIT found rows whose foreign key points "
                u"nowhere: %1. (Foreign keys are off while a SQLite migration runs, as SQLite "
                u"prescribes for schema changes, and are checked before each commit.)"_qs.arg(
                    SqliteForeignKeys::describe(added))};
    }
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
    if (step.kind == PlanStep::Kind::Stamp) {
        // A stamp runs no file: its row names the revisions it moved the table between.
        const auto text = [](const QStringList &revs) {
            return revs.isEmpty() ? u"base"_qs : revs.join(u", "_qs);
        };
        e.revision = step.to.value(0, step.from.value(0));
        e.errorText = u"stamp %1 -> %2"_qs.arg(text(step.from), text(step.to));
    }
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
        commit(/*checkForeignKeys=*/false);
    } catch (const Error &) {
        rollback();
    }
}

QString MigrationRunner::failureOutcome(const MigrationPlan &plan, int committed, int failedIndex,
                                        TransactionState state)
{
    // A few steps are listed; a long run is named by its first and last step, so that a
    // failure 150 steps in stays one readable line.
    const auto steps = [&](int from, int to) {
        to = std::min<int>(to, int(plan.steps.size()));
        if (to - from > 4)
            return u"the %1 steps from %2 through %3"_qs.arg(to - from).arg(
                plan.steps[from].description(), plan.steps[to - 1].description());
        QStringList d;
        for (int i = from; i < to; ++i)
            d.append(plan.steps[i].description());
        return d.join(u"; "_qs);
    };
    const PlanStep *failed =
        failedIndex >= 0 && failedIndex < plan.steps.size() ? &plan.steps[failedIndex] : nullptr;
    QStringList lines;
    if (committed > 0)
        lines << u"Committed before the failure, and still applied: %1."_qs.arg(
            steps(0, committed));
    if (state == TransactionState::ConnectionLost) {
        lines << u"The connection to the database was lost; the server rolls back the open "
                 u"transaction, so these did not apply: %1."_qs.arg(
                     steps(committed, failedIndex + 1));
        return lines.join(u'\n');
    }
    if (failed && !failed->transactional)
        lines << u"%1 runs outside a transaction (Transactional: false): its statements before "
                 u"the failing one stay applied, and its version row was not written."_qs.arg(
                     failed->revision);
    else if (state == TransactionState::Idle)
        lines << u"The run's transaction had already ended before the failure (a statement in "
                 u"the migration committed or rolled it back), so nothing was rolled back: what "
                 u"ran before the failure may be committed."_qs;
    else if (failedIndex >= committed)
        lines << u"Rolled back: %1."_qs.arg(steps(committed, failedIndex + 1));

    QString now;
    try {
        const QStringList heads = currentHeads();
        now = heads.isEmpty() ? u"empty"_qs : heads.join(u", "_qs);
        if (committed == 0 && state == TransactionState::Open && heads == plan.startHeads) {
            lines << u"The run was rolled back; %1 is unchanged (%2)."_qs.arg(
                m_settings.versionTable, now);
            return lines.join(u'\n');
        }
    } catch (const Error &e) {
        now = u"unreadable: "_qs + e.message();
    }
    lines << u"%1 now holds: %2."_qs.arg(m_settings.versionTable, now);
    return lines.join(u'\n');
}

MigrationPlan MigrationRunner::run(const PlanMaker &makePlan, RunObserver *observer)
{
    RunLock lock(m_db, m_settings.dialect, m_settings.versionTable, m_settings.lockTimeoutMs);
    lock.acquire();
    m_dbUser = Ledger::databaseUser(m_db, m_settings.dialect);
    const ForeignKeysOffForRun foreignKeys(m_db, m_settings.dialect == u"sqlite");
    begin();
    MigrationPlan plan;
    try {
        plan = makePlan(currentHeads());
        // Violations the database already had are not this run's doing.
        m_checkForeignKeys = foreignKeys.wereOn() && !plan.isEmpty();
        m_foreignKeyBaseline.clear();
        if (m_checkForeignKeys)
            m_foreignKeyBaseline = SqliteForeignKeys::check(m_db);
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

    int committed = 0; // plan.steps[0, committed) are in the database whatever happens next
    int index = 0;
    QDateTime stepStarted;
    QString error;
    try {
        if (!tableExists(m_db, m_settings.dialect, m_settings.versionTable))
            execOrThrow(m_db, VersionTableSql::create(m_settings.versionTable),
                        u"cannot create %1"_qs.arg(m_settings.versionTable));
        Ledger::ensure(m_db, m_settings.dialect);
        if (plan.purge)
            execOrThrow(m_db, VersionTableSql::purge(m_settings.versionTable),
                        u"cannot purge %1"_qs.arg(m_settings.versionTable));
        for (; index < plan.steps.size(); ++index) {
            const PlanStep &step = plan.steps[index];
            stepStarted = QDateTime::currentDateTimeUtc();
            if (observer)
                observer->stepStarted(index, int(plan.steps.size()), step);
            const bool ownTransaction = m_settings.transactionPerMigration && index > 0;
            if (!step.transactional || ownTransaction) {
                commit();
                committed = index;
            }
            if (step.transactional && !m_inTransaction)
                begin();
            runStep(step, observer);
            m_pendingLedger.append(ledgerEntry(step, stepStarted, u"ok"_qs));
            if (!step.transactional) {
                commit();
                committed = index + 1;
                begin();
            }
        }
        commit();
        return plan;
    } catch (const StepFailure &f) {
        error = f.message;
    } catch (const Error &e) {
        error = e.message();
    } catch (...) {
        rollback();
        throw;
    }
    // Asked before the ROLLBACK: "rolled back" is said only of a transaction that was open.
    const TransactionState state = transactionState(m_db);
    if (state != TransactionState::Open)
        m_inTransaction = false; // nothing to roll back, or nobody to ask: no ROLLBACK
    rollback();
    const int failedIndex = int(qMin(qsizetype(index), plan.steps.size() - 1)); // -1: a purge
    const QString message = error + u'\n' + failureOutcome(plan, committed, failedIndex, state);
    if (state != TransactionState::ConnectionLost && failedIndex >= 0)
        recordFailure(plan.steps[failedIndex], stepStarted, error);
    throw Error(message);
}

} // namespace retort
