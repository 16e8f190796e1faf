#pragma once

#include <QString>
#include <QStringList>

namespace retort::diff {

// SQLite keeps each object's CREATE text in sqlite_schema, and that text is the only
// place some facts live (CHECK, COLLATE, generated expressions). The SQLite side of the
// diff engine compares and rebuilds from it, so it needs to read it safely: these
// helpers know SQLite's quoting ('text', "ident", `ident`, [ident]) and comments.

// The text with comments removed, whitespace outside quotes collapsed to one space and
// none around ( ) , ; — two CREATE statements that differ only in layout compare equal.
QString normalisedSql(const QString &sql);

// The items of a CREATE TABLE's outer parentheses (columns and table constraints), each
// trimmed, as written but without comments. Empty when the text has no parenthesised body (CREATE
// TABLE AS).
QStringList tableBodyItems(const QString &createTableSql);

// The CREATE TABLE text under another name (the rebuild's new table), and the text from
// the body on (SQLite rewrites the name as "t" on ALTER TABLE RENAME, so tables compare
// without it).
QString withName(const QString &createTableSql, const QString &name);
QString withoutName(const QString &createTableSql);

// Whether `sql` mentions `name` as a whole word outside string literals (case-insensitive):
// how a view or trigger is found to depend on a table SQLite is about to rebuild.
bool mentionsName(const QString &sql, const QString &name);

} // namespace retort::diff
