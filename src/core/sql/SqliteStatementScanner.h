#pragma once

#include <QByteArrayView>
#include <QVector>

namespace retort {

// Where the statements of a SQLite script end, found in one pass.
//
// A statement ends at a ';' where sqlite3_complete() would say the text so far is
// complete; so a trigger's BEGIN ... END; is one statement and a ';' inside a string,
// a quoted name or a comment ends nothing. Asking sqlite3_complete() itself at every
// ';' rescans the statement from its start each time, which is quadratic in the number
// of ';' inside one statement (an 800 KB trigger took 27 s); this runs the same state
// machine (SQLite's complete.c, with triggers and EXPLAIN) once over the whole text.
struct SqliteStatementEnds {
    QVector<qsizetype> semicolons; // byte offset of each statement's terminating ';'
    // Byte offset of a "/*" that is never closed, or -1. SQLite reads such a comment as
    // running to the end of the input and ignores it, so the SQL after it is silently
    // dropped; PostgreSQL reports it as an error, and so do we.
    qsizetype unterminatedComment = -1;
};

// `utf8` must not contain NUL bytes (sqlite3_complete stops at the first one).
SqliteStatementEnds scanSqliteStatements(QByteArrayView utf8);

} // namespace retort
