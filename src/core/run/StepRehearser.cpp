#include "run/StepRehearser.h"

#include "Error.h"
#include "db/SqlExec.h"
#include "run/TransactionSafety.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlQuery>

namespace retort {

namespace {

const QString kSavepoint = u"retort_rehearsal"_qs;

// numRowsAffected means something only for data changes; after DDL SQLite reports the
// count of the last DML statement, which would be misleading.
bool changesRows(const QString &sql)
{
    static const QRegularExpression dml(u"^\\s*(INSERT|UPDATE|DELETE|MERGE|WITH|COPY)\\b"_qs,
                                        QRegularExpression::CaseInsensitiveOption);
    return dml.match(sql).hasMatch();
}

} // namespace

RolledBackTransaction::RolledBackTransaction(QSqlDatabase &db, const QString &dialect,
                                             int lockTimeoutMs)
    : m_db(db)
{
    execOrThrow(m_db, dialect == u"sqlite" ? u"BEGIN IMMEDIATE"_qs : u"BEGIN"_qs,
                u"cannot begin the rehearsal's transaction"_qs);
    if (dialect == u"postgresql" && lockTimeoutMs > 0)
        execOrThrow(m_db, u"SET LOCAL lock_timeout = %1"_qs.arg(lockTimeoutMs),
                    u"cannot set lock_timeout for the rehearsal"_qs);
}

RolledBackTransaction::~RolledBackTransaction()
{
    QSqlQuery q(m_db);
    q.exec(u"ROLLBACK"_qs); // failing means the connection is gone: the server rolls back
}

StepRehearser::StepRehearser(QSqlDatabase &db, QString dialect)
    : m_db(db)
    , m_dialect(std::move(dialect))
{
    if (m_dialect == u"postgresql") {
        QSqlQuery q =
            execOrThrow(m_db, u"SHOW server_version_num"_qs, u"cannot read the server version"_qs);
        if (q.next())
            m_serverVersion = q.value(0).toInt();
        m_locks = heldLocks();
    }
}

QSet<QString> StepRehearser::heldLocks()
{
    // Relation locks of this backend, catalogs and TOAST tables left out (every DDL
    // touches them, and reading pg_locks locks pg_locks). A relation dropped in this transaction
    // shows as its number: regclass cannot name it any more.
    QSqlQuery q = execOrThrow(
        m_db,
        u"SELECT l.relation::regclass::text || ' ' || l.mode FROM pg_locks l "
        "LEFT JOIN pg_class c ON c.oid = l.relation "
        "WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' "
        "AND (c.relnamespace IS NULL OR "
        "c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'pg_toast'::regnamespace))"_qs,
        u"cannot read pg_locks"_qs);
    QSet<QString> locks;
    while (q.next())
        locks.insert(q.value(0).toString());
    return locks;
}

bool StepRehearser::runStatement(const SqlStatement &statement, StatementRehearsal &out)
{
    execOrThrow(m_db, u"SAVEPOINT "_qs + kSavepoint, u"cannot set a savepoint"_qs);
    QSqlQuery q(m_db);
    QElapsedTimer timer;
    timer.start();
    const bool ok = q.exec(statement.sql);
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    if (!ok) {
        out.error = serverMessage(q);
        q.finish();
        execOrThrow(m_db, u"ROLLBACK TO SAVEPOINT "_qs + kSavepoint,
                    u"cannot roll back to the savepoint"_qs);
        return false;
    }
    if (changesRows(statement.sql))
        out.rows = q.numRowsAffected();
    q.finish();
    execOrThrow(m_db, u"RELEASE SAVEPOINT "_qs + kSavepoint, u"cannot release a savepoint"_qs);
    if (m_dialect == u"postgresql") {
        const QSet<QString> now = heldLocks();
        for (const QString &lock : now)
            if (!m_locks.contains(lock))
                out.locks.append(lock);
        out.locks.sort();
        m_locks = now;
    }
    return true;
}

bool StepRehearser::run(const QVector<PlanStep> &steps, RehearsalReport &report)
{
    for (const PlanStep &step : steps) {
        RevisionRehearsal rev;
        rev.revision = step.revision;
        rev.path = step.path;
        rev.description = step.description();
        // A non-transactional revision would commit if it ran: it is never run.
        rev.rehearsed = step.transactional;
        if (!step.transactional && !step.statements.isEmpty())
            report.notRehearsed.append(
                u"%1 (%2): Transactional: false, so it cannot run in a rolled-back transaction"_qs
                    .arg(step.revision, step.path));
        for (const SqlStatement &statement : step.statements) {
            StatementRehearsal s;
            s.statement = statement;
            s.notRehearsedReason =
                step.transactional ? whyNotRehearsable(statement.sql, m_dialect, m_serverVersion)
                                   : u"the revision is Transactional: false"_qs;
            s.rehearsed = s.notRehearsedReason.isEmpty();
            if (!s.rehearsed) {
                if (step.transactional)
                    report.notRehearsed.append(u"%1:%2: %3 (%4)"_qs.arg(
                        step.path, QString::number(statement.line),
                        statement.sql.simplified().left(120), s.notRehearsedReason));
                rev.statements.append(s);
                continue;
            }
            const bool ok = runStatement(statement, s);
            rev.statements.append(s);
            if (!ok) {
                report.revisions.append(rev);
                report.failed = true;
                report.failure = {step.revision, step.path, statement.line, statement.sql, s.error};
                return false;
            }
        }
        report.revisions.append(rev);
    }
    return true;
}

} // namespace retort
