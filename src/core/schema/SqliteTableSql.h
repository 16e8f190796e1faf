#pragma once

#include <QHash>
#include <QString>
#include <QVector>

namespace retort {

// What SQLite's pragmas do not tell about a table, read back from its CREATE TABLE text
// in sqlite_schema: CHECK constraints (table and column ones), column collations and
// generated-column expressions.
//
// How: a small scanner that knows SQLite's quoting ('text', "ident", `ident`, [ident]),
// comments and parentheses. It takes the outermost parenthesised body, splits it at
// top-level commas, and reads each item: table constraints start with CONSTRAINT, CHECK,
// PRIMARY, UNIQUE or FOREIGN; anything else is a column whose first token is its name,
// scanned for CONSTRAINT name, CHECK (...), COLLATE name and [GENERATED ALWAYS] AS (...).
// Expressions are copied from the original text, so they read as the user wrote them.
// This is best effort: SQL that SQLite accepts but the scanner misreads gives fewer
// details, never an error.
struct SqliteTableSql {
    struct Check {
        QString name;       // from CONSTRAINT name; empty when unnamed
        QString expression; // "CHECK (asset_size >= 0)"
    };
    struct Generated {
        QString expression; // without the outer parentheses
        bool stored = false;
    };

    QVector<Check> checks;               // in the order they appear
    QHash<QString, QString> collations;  // lower-case column name -> collation
    QHash<QString, Generated> generated; // lower-case column name -> expression

    static SqliteTableSql parse(const QString &createTableSql);
};

// Removes one level of SQLite identifier quoting: "a""b" -> a"b, [x] -> x, `x` -> x.
QString unquoteSqliteIdentifier(const QString &token);

} // namespace retort
