#include "diff/SchemaComparison.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/PostgresDiff.h"
#include "diff/ScratchDatabase.h"
#include "diff/SqliteDiff.h"
#include "diff/StatementBatch.h"

#include <QSqlQuery>

namespace retort::diff {

DiffPlan diffSchemas(const Schema &from, const Schema &to, const Renames &renames)
{
    if (from.dialect != to.dialect)
        throw Error(u"cannot diff a %1 schema against a %2 one"_qs.arg(from.dialect, to.dialect));
    return from.dialect == u"sqlite" ? diffSqlite(from, to, renames)
                                     : diffPostgres(from, to, renames);
}

void applyPlan(QSqlDatabase &db, const DiffPlan &plan)
{
    const bool sqlite = plan.dialect == u"sqlite";
    if (sqlite) // outside the transaction: SQLite ignores it inside one
        execOrThrow(db, u"PRAGMA foreign_keys = OFF"_qs, u"cannot turn foreign keys off"_qs);
    QStringList statements;
    for (const PlannedStatement &s : plan.statements)
        statements.append(s.sql);
    execOrThrow(db, u"BEGIN"_qs, u"cannot begin a transaction"_qs);
    try {
        QString message;
        if (!canBatch(plan.dialect, statements) || !runBatch(db, statements, &message)) {
            if (canBatch(plan.dialect, statements)) { // again one at a time, to name it
                execOrThrow(db, u"ROLLBACK"_qs, u"cannot roll back"_qs);
                execOrThrow(db, u"BEGIN"_qs, u"cannot begin a transaction"_qs);
            }
            const qsizetype failed = runEach(db, statements, &message);
            if (failed >= 0)
                throw Error(u"the generated statement failed: %1\n  statement: %2"_qs.arg(
                    message, statements[failed]));
        }
        if (sqlite) {
            QSqlQuery check =
                execOrThrow(db, u"PRAGMA foreign_key_check"_qs, u"cannot check foreign keys"_qs);
            if (check.next())
                throw Error(u"after the plan, table %1 row %2 breaks a foreign key to %3"_qs.arg(
                    check.value(0).toString(), check.value(1).toString(),
                    check.value(2).toString()));
        }
        execOrThrow(db, u"COMMIT"_qs, u"cannot commit"_qs);
    } catch (...) {
        QSqlQuery(db).exec(u"ROLLBACK"_qs);
        if (sqlite)
            QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_qs);
        throw;
    }
    if (sqlite)
        execOrThrow(db, u"PRAGMA foreign_keys = ON"_qs, u"cannot turn foreign keys on"_qs);
}

namespace {

// Largest database validation copies rather than builds: copying runs at disk speed,
// building at ~1 ms a statement.
constexpr qint64 kMaxCopyBytes = 128 * 1024 * 1024;

} // namespace

void validatePlan(const DiffPlan &plan, const Schema &from, const Schema &to,
                  const DiffEnvironment &env, const DatabaseUrl &fromDatabase)
{
    std::optional<ScratchDatabase> copy =
        env.dialect == u"postgresql" && env.devUrl.isEmpty() && fromDatabase.isPostgres()
            ? ScratchDatabase::copyOf(fromDatabase, kMaxCopyBytes)
            : std::nullopt;
    ScratchDatabase scratch =
        copy ? std::move(*copy) : ScratchDatabase::create(env.dialect, env.server, env.devUrl);
    ScopedConnection conn(scratch.url(), u"diff-validate"_qs);
    Schema empty;
    empty.dialect = env.dialect;
    try {
        if (!copy)
            applyPlan(conn.db(), diffSchemas(empty, from));
    } catch (const Error &e) {
        throw Error(u"cannot validate the plan: the FROM schema could not be rebuilt on a "
                    "scratch database: "_qs +
                    e.message());
    }
    try {
        applyPlan(conn.db(), plan);
    } catch (const Error &e) {
        throw Error(u"the generated plan does not run (checked on a scratch database; "
                    "--no-validate skips the check): "_qs +
                    e.message());
    }
    const DiffPlan left = diffSchemas(readSchema(conn.db(), env.dialect, env.excludedTables), to);
    if (!left.isEmpty())
        throw Error(u"the generated plan does not reach the target schema (checked on a scratch "
                    "database; --no-validate skips the check); still different:\n"_qs +
                    left.changesText());
}

} // namespace retort::diff
