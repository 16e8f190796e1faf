#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace retort {

// Runs one statement and throws Error("<context>: <driver/server message>") on failure.
// The small wrapper every core file uses, so no failure is ever silently ignored.
QSqlQuery execOrThrow(QSqlDatabase &db, const QString &sql, const QString &context,
                      const QVariantList &bound = {});

// The driver's or server's own message for a failed query (database text first).
QString serverMessage(const QSqlQuery &query);

// Does `table` exist in the connection's current schema (PostgreSQL) or main (SQLite)?
bool tableExists(QSqlDatabase &db, const QString &dialect, const QString &table);

} // namespace retort
