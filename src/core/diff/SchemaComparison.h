#pragma once

#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"
#include "diff/SchemaSource.h"

#include <QSqlDatabase>

namespace retort::diff {

// The engine's entry points, for `retort diff`, `revision --autogenerate`, `check` and the
// window's Compare view.

// The plan that turns `from` into `to` (same dialect).
DiffPlan diffSchemas(const Schema &from, const Schema &to, const Renames &renames = {});

// Runs a plan on `db` in one transaction. SQLite: with foreign keys off (a rebuild drops
// and renames tables) and PRAGMA foreign_key_check before commit, which fails the apply
// when a row breaks a foreign key. Throws Error naming the failing statement; then
// nothing is left changed.
void applyPlan(QSqlDatabase &db, const DiffPlan &plan);

// Proves a plan on a scratch database before anyone sees it: builds `from` there (from
// its own diff against nothing), applies the plan, reads the result back and requires
// no difference left against `to`. Throws Error with the failing statement, or with
// what still differs. When `from` was read from the PostgreSQL database `fromDatabase`
// (LoadedSchema::database) and no --dev-url is given, the scratch database is a copy of
// it where one can be made at once (ScratchDatabase::copyOf: small, idle, ours to copy),
// which is many times faster than building a large schema statement by statement.
void validatePlan(const DiffPlan &plan, const Schema &from, const Schema &to,
                  const DiffEnvironment &env, const DatabaseUrl &fromDatabase = {});

} // namespace retort::diff
