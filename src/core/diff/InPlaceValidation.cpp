#include "diff/InPlaceValidation.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/PlanTransaction.h"
#include "diff/SchemaComparison.h"

#include <QSqlQuery>
#include <QThread>

namespace retort::diff {

namespace {

// Whether a user's database may be used: small, writable, and no other client on it.
// A session of ours that just closed (the one that read the schema) may still be listed
// for a moment, so a busy answer is asked again a few times.
bool undisturbed(QSqlDatabase &db, qint64 maxBytes)
{
    for (int attempt = 0;; ++attempt) {
        QSqlQuery q = execOrThrow(
            db,
            u"SELECT pg_catalog.pg_database_size(pg_catalog.current_database()), "
            "pg_catalog.pg_is_in_recovery(), (SELECT count(*) FROM pg_catalog.pg_stat_activity a "
            "WHERE a.datname = pg_catalog.current_database() AND a.pid <> "
            "pg_catalog.pg_backend_pid() AND a.backend_type = 'client backend')"_qs,
            u"cannot size the database"_qs);
        if (!q.next() || q.value(0).toLongLong() > maxBytes || q.value(1).toBool())
            return false;
        if (q.value(2).toInt() == 0)
            return true;
        if (attempt == 5)
            return false;
        QThread::msleep(50);
    }
}

// Failures that say "not here" rather than "the plan is wrong": the scratch database
// will tell which.
bool notAllowedHere(const QString &sqlState)
{
    return sqlState == u"42501"           // insufficient_privilege (not the tables' owner)
           || sqlState == u"25006"        // read_only_sql_transaction
           || sqlState == u"55P03"        // lock_not_available (lock_timeout)
           || sqlState == u"57014"        // query_canceled
           || sqlState == u"40P01"        // deadlock_detected
           || sqlState.startsWith(u"08"); // connection exceptions
}

// Locks wait at most a second. If Retort dies mid-plan (kill -9), the backend notices
// within a second even inside a long statement (PostgreSQL 14+) and rolls back, instead
// of holding the plan's locks until the statement ends.
const QStringList kTransactionSetup = {
    u"SET LOCAL lock_timeout = '1s'"_qs,
    u"SELECT pg_catalog.set_config('client_connection_check_interval', '1s', true) WHERE "
    "pg_catalog.current_setting('server_version_num')::integer >= 140000"_qs};

struct RollbackOnExit {
    QSqlDatabase &db;
    ~RollbackOnExit() { QSqlQuery(db).exec(u"ROLLBACK"_qs); }
};

} // namespace

bool validateInPlace(const DiffPlan &plan, const DatabaseUrl &database, bool ours, const Schema &to,
                     const DiffEnvironment &env, qint64 maxBytes)
{
    if (!database.isPostgres() || plan.dialect != u"postgresql")
        return false;
    std::optional<ScopedConnection> conn;
    try {
        conn.emplace(database, u"diff-validate"_qs);
        if (!ours && !undisturbed(conn->db(), maxBytes))
            return false;
    } catch (const Error &) {
        return false; // unreachable now: the scratch database will do
    }
    std::optional<PlanFailure> failure;
    try {
        failure = beginPlan(conn->db(), plan, kTransactionSetup);
    } catch (const Error &) {
        return false; // the transaction could not be opened (the server went away)
    }
    if (failure) {
        if (notAllowedHere(failure->sqlState))
            return false;
        throw Error(u"the generated plan does not run on %1 (tried in a transaction that was "
                    "rolled back; --no-validate skips the check): %2\n  statement: %3"_qs.arg(
                        ours ? u"a scratch database"_qs : database.masked(), failure->message,
                        failure->statement));
    }
    RollbackOnExit rollback{conn->db()};
    const DiffPlan left = diffSchemas(readSchema(conn->db(), env.dialect, env.excludedTables), to);
    if (!left.isEmpty())
        throw Error(u"the generated plan does not reach the target schema (checked in a "
                    "transaction that was rolled back; --no-validate skips the check); still "
                    "different:\n"_qs +
                    left.changesText());
    return true;
}

} // namespace retort::diff
