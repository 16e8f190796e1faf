#include "diff/SchemaComparison.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/InPlaceValidation.h"
#include "diff/PlanTransaction.h"
#include "diff/PostgresDiff.h"
#include "diff/ScratchDatabase.h"
#include "diff/SqliteCopy.h"
#include "diff/SqliteDiff.h"

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
    try {
        if (const std::optional<PlanFailure> failure = beginPlan(db, plan))
            throw Error(u"the generated statement failed: %1\n  statement: %2"_qs.arg(
                failure->message, failure->statement));
        try {
            if (sqlite) {
                QSqlQuery check = execOrThrow(db, u"PRAGMA foreign_key_check"_qs,
                                              u"cannot check foreign keys"_qs);
                if (check.next())
                    throw Error(
                        u"after the plan, table %1 row %2 breaks a foreign key to %3"_qs.arg(
                            check.value(0).toString(), check.value(1).toString(),
                            check.value(2).toString()));
            }
            execOrThrow(db, u"COMMIT"_qs, u"cannot commit"_qs);
        } catch (...) {
            QSqlQuery(db).exec(u"ROLLBACK"_qs);
            throw;
        }
    } catch (...) {
        if (sqlite)
            QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_qs);
        throw;
    }
    if (sqlite)
        execOrThrow(db, u"PRAGMA foreign_keys = ON"_qs, u"cannot turn foreign keys on"_qs);
}

namespace {

// Largest user database a plan is validated on in place (InPlaceValidation.h), or, on
// SQLite, copied to memory to validate on: a plan that rewrites tables costs time in
// proportion to their rows.
constexpr qint64 kMaxInPlaceBytes = 128 * 1024 * 1024;

} // namespace

void validatePlan(const DiffPlan &plan, const LoadedSchema &from, const Schema &to,
                  const DiffEnvironment &env)
{
    if (from.builtOn && validateInPlace(plan, from.builtOn->url(), true, to, env, 0))
        return;
    if (!from.builtOn && from.database.isPostgres() &&
        validateInPlace(plan, from.database, false, to, env, kMaxInPlaceBytes))
        return;
    ScratchDatabase scratch = ScratchDatabase::create(env.dialect, env.server, env.devUrl);
    ScopedConnection conn(scratch.url(), u"diff-validate"_qs);
    // SQLite: a copy of FROM's file with its rows where it is small, else FROM built empty.
    const bool copied =
        env.dialect == u"sqlite" && copySqliteInto(conn.db(), from.database, kMaxInPlaceBytes);
    const QString where = copied ? u"on a copy of %1 with its rows"_qs.arg(from.database.masked())
                                 : u"on a scratch database"_qs;
    Schema empty;
    empty.dialect = env.dialect;
    try {
        if (!copied)
            applyPlan(conn.db(), diffSchemas(empty, from.schema));
    } catch (const Error &e) {
        throw Error(u"cannot validate the plan: the FROM schema could not be rebuilt on a "
                    "scratch database: "_qs +
                    e.message());
    }
    try {
        applyPlan(conn.db(), plan);
    } catch (const Error &e) {
        throw Error(u"the generated plan does not run (checked %1; --no-validate skips the "
                    "check): %2"_qs.arg(where, e.message()));
    }
    const DiffPlan left = diffSchemas(readSchema(conn.db(), env.dialect, env.excludedTables), to);
    if (!left.isEmpty())
        throw Error(u"the generated plan does not reach the target schema (checked %1; "
                    "--no-validate skips the check); still different:\n%2"_qs.arg(
                        where, left.changesText()));
}

} // namespace retort::diff
