#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace retort {

// Foreign keys around a SQLite migration run, as SQLite's documentation on ALTER TABLE
// prescribes for schema changes: off for the run (set before BEGIN: inside a transaction
// `PRAGMA foreign_keys` is a no-op), `PRAGMA foreign_key_check` before each COMMIT, and
// back to what they were afterwards. With them on, the documented table rebuild
// (CREATE t_new, copy, DROP t, RENAME) cascades the DROP into every child table.
namespace SqliteForeignKeys {

// One row of PRAGMA foreign_key_check: `table`'s row `rowid` (empty for a WITHOUT ROWID
// table) holds a key with no matching row in `parent`; `columns` names the key.
struct Violation {
    QString table;
    QString rowid;
    QString parent;
    int foreignKeyId = 0;
    QString columns; // "user_id -> users(id)"

    bool operator==(const Violation &o) const
    {
        return table == o.table && rowid == o.rowid && parent == o.parent &&
               foreignKeyId == o.foreignKeyId;
    }
};

// Whether enforcement is on for this connection (PRAGMA foreign_keys).
bool enabled(QSqlDatabase &db);
// Outside a transaction only; throws Error when SQLite refuses.
void setEnabled(QSqlDatabase &db, bool on);
// Every violation in the database, with the key's columns named.
QVector<Violation> check(QSqlDatabase &db);
// "posts rowid 3: user_id -> users(id) has no matching row; ..." (the first few, then a count).
QString describe(const QVector<Violation> &violations);

} // namespace SqliteForeignKeys

} // namespace retort
