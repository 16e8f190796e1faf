#pragma once

#include "Error.h"

#include <QString>
#include <QVector>

namespace retort {

// One statement of a migration section, as written (leading comments and surrounding
// whitespace trimmed, the terminating ';' left out), with the line it starts on so a
// failure can be reported as file:line.
struct SqlStatement {
    QString sql;
    int line = 0; // 1-based line within the input of the statement's first non-comment char
};

// A section that does not parse. line() is 1-based within the input, so a caller that
// knows where the section starts in its file can name file:line; message() is
// "line N: <parser message>" for callers that cannot.
class SqlSyntaxError : public Error {
public:
    SqlSyntaxError(int line, const QString &detail);
    int line() const noexcept { return m_line; }
    const QString &detail() const noexcept { return m_detail; }

private:
    int m_line;
    QString m_detail;
};

// Splits `sql` into statements for `dialect` ("postgresql" or "sqlite").
//
// PostgreSQL uses the server's own grammar (libpg_query), so dollar quotes, E'' strings,
// comments and function bodies are handled exactly as the server will; a syntax error
// throws SqlSyntaxError. libpg_query keeps its memory contexts per thread and frees them
// when the thread exits, so this may be called from any thread at the same time.
//
// SQLite ends statements where sqlite3_complete would (SqliteStatementScanner), so a
// trigger's BEGIN ... END; stays one statement. An unterminated last statement is kept
// (SQLite will report it when it runs); trailing comments are dropped. SQLite is not
// parsed here; the only syntax error is an unterminated /* comment, which SQLite itself
// would silently read as running to the end.
//
// A NUL character is a SqlSyntaxError on both dialects.
//
// Throws Error for an unknown dialect.
QVector<SqlStatement> splitStatements(const QString &sql, const QString &dialect);

} // namespace retort
