#pragma once

#include "schema/SchemaModel.h"

#include <QMap>
#include <QSqlDatabase>

namespace retort {

// Reads relations from pg_catalog the way psql's \d and \d TABLE do (PostgreSQL 12 and
// later: identity and generated columns are read unconditionally). Throws Error.
namespace postgres_catalog {

// Tables, partitioned tables, views, materialized views, sequences and foreign tables
// in every user schema (not pg_catalog, information_schema, pg_toast*, nor other
// sessions' temporary schemas), ordered by schema and name.
QVector<TableInfo> listTables(QSqlDatabase &db);

// `name` is `table` (resolved by search_path, then as the only match in any user
// schema) or `schema.table`. Throws Error(`Did not find any relation named "name".`).
TableDetail describeTable(QSqlDatabase &db, const QString &name);

// describeTable of every relation listTables lists, keyed "schema.name", in one query per
// kind of detail (schema snapshots of 1,000 tables read in the time pg_dump -s takes).
QMap<QString, TableDetail> describeAllTables(QSqlDatabase &db);

} // namespace postgres_catalog

} // namespace retort
