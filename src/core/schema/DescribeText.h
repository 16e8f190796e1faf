#pragma once

#include "schema/SchemaModel.h"

namespace retort {

// psql's \d output: `List of relations` (Schema | Name | Type | Owner, "(N rows)").
// Deliberate difference: it lists every user schema, not only those on search_path, so
// it matches `\d *.*` without the system schemas. An empty list gives psql's
// "Did not find any relations." line.
QString listTablesText(const QVector<TableInfo> &tables);

// psql's \d TABLE output: the title (`Table "public.users"`), Column | Type | Collation |
// Nullable | Default, then the Indexes, Check constraints, Foreign-key constraints,
// Referenced by and Triggers sections in psql's wording and order.
// Deliberate differences: views also get psql's \d+ "View definition:" section; SQLite's
// nameless constraints and rowid primary key are printed without a quoted name; a
// sequence shows its (empty) column table, not psql's sequence parameters.
QString describeTableText(const TableDetail &table);

} // namespace retort
