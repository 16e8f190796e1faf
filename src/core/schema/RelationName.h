#pragma once

#include <QString>

namespace retort {

// A relation name as a user types it after psql's \d: `users`, `public.users`,
// `"Mixed Case".users`. Like psql, unquoted parts fold to lower case and double quotes
// keep a part as written ("" inside quotes is one quote). Wildcards are not supported.
struct RelationName {
    QString schema; // empty: resolve by search_path (PostgreSQL) or "main" (SQLite)
    QString name;

    static RelationName parse(const QString &text);
};

} // namespace retort
