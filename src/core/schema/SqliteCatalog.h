#pragma once

#include "schema/SchemaModel.h"

#include <QSqlDatabase>

namespace retort {

// Reads relations of SQLite's main database from sqlite_master and the table-valued
// pragma functions (pragma_table_xinfo, pragma_index_list, pragma_index_info,
// pragma_foreign_key_list; SQLite 3.26 or later). The schema is "main" and owners are
// empty. Throws Error.
namespace sqlite_catalog {

// Tables and views, SQLite's internal sqlite_* tables left out, ordered by name. Sizes
// come from the dbstat virtual table (table plus its indexes) when SQLite was built with
// it, else -1; row estimates from sqlite_stat1 after ANALYZE, else -1.
QVector<TableInfo> listTables(QSqlDatabase &db);

// `name` is `table` or `main.table`, matched without regard to case as SQLite does.
// Throws Error(`Did not find any relation named "name".`).
TableDetail describeTable(QSqlDatabase &db, const QString &name);

} // namespace sqlite_catalog

} // namespace retort
