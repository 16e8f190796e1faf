#pragma once

#include "diff/DiffPlan.h"

namespace retort::diff {

// Renames declared in a desired-schema file. Two schemas cannot tell a rename from a drop
// and an add, so the author says it where the new name is written:
//
//   -- retort:renamed-from accounts
//   CREATE TABLE users (
//       id bigint PRIMARY KEY,
//       email text NOT NULL  -- retort:renamed-from mail
//   );
//
// A hint on the line before CREATE TABLE renames the table; one at the end of a column's
// line (or on the line before it) inside CREATE TABLE renames the column. Names fold
// like the dialect's (PostgreSQL: unquoted lower-cased, unqualified in public).
Renames parseRenameHints(const QString &sql, const QString &dialect);
void mergeRenames(Renames &into, const Renames &more);
// The same renames seen from the other side (for the reverse diff: a downgrade).
Renames reversedRenames(const Renames &renames);

struct Table;
// The FROM column that TO's column `name` continues: the one it is declared renamed from
// when FROM still has that name (and TO does not), else the same name. A hint that has
// already been applied (the old name is gone) is not a rename any more.
QString continuedColumn(const Renames &renames, const Table &from, const Table &to,
                        const QString &name);

} // namespace retort::diff
