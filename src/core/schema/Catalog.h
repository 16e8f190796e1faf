#pragma once

#include "schema/SchemaModel.h"

#include <QSqlDatabase>

namespace retort {

// The one entry point for \d-style introspection: dispatches on `dialect`
// ("postgresql" or "sqlite", as DatabaseUrl::dialect() says). A read-only connection
// (Access::ReadOnly) is enough. Both throw Error; describeTable's message for an unknown
// name is psql's: Did not find any relation named "x".
QVector<TableInfo> listTables(QSqlDatabase &db, const QString &dialect);
TableDetail describeTable(QSqlDatabase &db, const QString &dialect, const QString &name);

} // namespace retort
