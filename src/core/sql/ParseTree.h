#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// One top-level statement of PostgreSQL text as libpg_query parses it. The tree is
// libpg_query's JSON form: each node is an object with one key naming its type
// ({"AlterTableStmt": {...}}), which is what the lint rules walk.
struct ParsedStatement {
    QString type;     // "AlterTableStmt", "IndexStmt", ...
    QJsonObject node; // the object under `type`
    // Byte range in the UTF-8 input. `begin` is right after the previous ';' (so it may
    // cover leading blanks and comments); `end` stops before this statement's ';'.
    qsizetype begin = 0;
    qsizetype end = 0;
};

struct ParseTreeResult {
    QVector<ParsedStatement> statements;
    bool ok = true;
    QString error;     // the parser's message when !ok
    int cursorPos = 0; // 1-based code point position of the error, 0 if unknown
};

// Parses UTF-8 text that must not contain NUL. Never throws for bad SQL: a syntax
// error comes back in the result (the caller decides how to report it).
ParseTreeResult parsePostgresTree(const QByteArray &utf8);

// Splits with PostgreSQL's scanner only (no grammar), so it still works when the text
// does not parse: the byte ranges [begin, end) of each statement, ';' excluded. On a
// lexer error (an unterminated quote) it returns the whole text as one range.
QVector<QPair<qsizetype, qsizetype>> scanSplitPostgres(const QByteArray &utf8);

// Small readers for libpg_query's JSON, which leaves out false, zero and empty fields.
namespace pgtree {
// {"Type": {...}} -> {...} when the node is of that type, else an empty object.
QJsonObject as(const QJsonValue &node, const char *type);
// The type name of a node ({"Type": {...}} -> "Type").
QString typeOf(const QJsonValue &node);
// A list of {"String": {"sval": x}} nodes -> ["x", ...] (qualified names, funcname).
QStringList strings(const QJsonArray &list);
// A RangeVar -> "schema.name" or "name".
QString relationName(const QJsonObject &rangeVar);
} // namespace pgtree

} // namespace retort
