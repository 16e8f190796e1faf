#pragma once

#include "diff/SchemaObjects.h"

#include <QSqlDatabase>

namespace retort::diff {

// Reads a whole SQLite database into the object model: sqlite_schema once, and each
// pragma (table_xinfo, foreign_key_list) once for all tables through its table-valued
// form. Tables keep their CREATE text (createSql), which the SQLite DDL compares and
// rebuilds from. `excludedTables` (the version table, retort_ledger) and SQLite's own
// objects are left out. Throws Error.
Schema readSqliteSchema(QSqlDatabase &db, const QStringList &excludedTables);

} // namespace retort::diff
