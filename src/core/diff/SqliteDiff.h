#pragma once

#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"

namespace retort::diff {

// The SQLite plan that turns `from` into `to`. Tables compare by their CREATE text
// (normalised: layout and the table's own name aside), which is where SQLite keeps
// everything about them. A table that only gains columns SQLite can add gets ALTER
// TABLE ADD COLUMN, renames get ALTER TABLE RENAME; any other change rebuilds the table
// the way SQLite documents (https://sqlite.org/lang_altertable.html#otheralter): create
// the new table, copy the rows, drop the old one, rename the new one, create its indexes
// and triggers again, and views and triggers that read it are dropped before and created
// after. The plan must run with foreign keys off (Retort runs SQLite migrations that
// way) and PRAGMA foreign_key_check clean before commit.
DiffPlan diffSqlite(const Schema &from, const Schema &to, const Renames &renames = {});

} // namespace retort::diff
