#pragma once

#include <QString>

namespace retort {

// The statements that read and change Alembic's version table. Alembic creates it as
// `version_num VARCHAR(32) NOT NULL` with a primary key named "<table>_pkc" on both
// PostgreSQL and SQLite; we create it byte-for-byte the same so either tool can read
// a database the other migrated.
namespace VersionTableSql {

QString create(const QString &table);
QString select(const QString &table);
QString insert(const QString &table, const QString &revision);
QString update(const QString &table, const QString &from, const QString &to);
QString remove(const QString &table, const QString &revision);
QString purge(const QString &table);

// A string literal with quotes doubled: ids come from files, not from trusted code.
QString literal(const QString &value);

} // namespace VersionTableSql

} // namespace retort
