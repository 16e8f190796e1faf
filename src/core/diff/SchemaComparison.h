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

// Proves a plan before anyone sees it: runs it on a database holding `from`, reads the
// result back and requires no difference left against `to`. Throws Error with the
// failing statement, or with what still differs.
// PostgreSQL: on FROM's own database in a transaction that is rolled back
// (validateInPlace): the scratch database a built side was read from (from.builtOn), or
// the user's database a URL side was read from when that disturbs nobody. SQLite: on an
// in-memory copy of the FROM file, rows and all (SqliteCopy.h). Otherwise `from` is built
// on a new scratch database (from its own diff against nothing) and the plan applied there.
void validatePlan(const DiffPlan &plan, const LoadedSchema &from, const Schema &to,
                  const DiffEnvironment &env);

} // namespace retort::diff
