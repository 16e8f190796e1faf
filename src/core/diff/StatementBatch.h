#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace retort::diff {

// Runs many statements on PostgreSQL in one round trip (one simple-query message, which
// the server runs as one implicit transaction unless the caller opened one), instead of
// one round trip each: building a 1,000-table schema is ~4,000 statements.
//
// Where the batch fails, the caller rolls back and runs the statements one at a time with
// runEach() to name the one that fails with the server's own message. Statements that
// manage transactions themselves (BEGIN, COMMIT, ...) are never batched: a failure after
// a COMMIT could not be rolled back and replayed.
//
// SQLite's driver runs only the first statement of a string, so there it is always one
// at a time.
bool canBatch(const QString &dialect, const QStringList &statements);

// Runs every statement in one exec. On failure returns false with the server's message.
bool runBatch(QSqlDatabase &db, const QStringList &statements, QString *message);

// Runs the statements one at a time and stops at the first that fails: its index (or -1
// when all ran), the server's message and, when asked, its SQLSTATE.
qsizetype runEach(QSqlDatabase &db, const QStringList &statements, QString *message,
                  QString *sqlState = nullptr);

} // namespace retort::diff
