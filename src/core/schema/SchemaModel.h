#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// What a database holds, as psql's \d and \dt show it. Plain data: PostgresCatalog and
// SqliteCatalog fill it, DescribeText renders it, the window shows it and schema
// snapshots compare it. Text fields hold what the server itself prints (format_type,
// pg_get_indexdef, pg_get_constraintdef, ...) so the two dialects render alike.

enum class RelationKind { Table, PartitionedTable, View, MaterializedView, Sequence, ForeignTable };

// "table", "view", "materialized view", ... as psql's \d Type column says it.
QString relationKindName(RelationKind kind);
// "Table", "View", "Materialized view", ... as psql's \d title says it.
QString relationKindTitle(RelationKind kind);

// One row of \d / \dt+.
struct TableInfo {
    QString schema; // "main" on SQLite
    QString name;
    RelationKind kind = RelationKind::Table;
    QString owner;           // empty on SQLite
    qint64 sizeBytes = -1;   // table + indexes (+ TOAST); -1 when unknown (SQLite without dbstat)
    qint64 rowEstimate = -1; // planner's estimate (reltuples, sqlite_stat1); -1 when unknown
};

struct ColumnInfo {
    enum class Identity { None, Always, ByDefault };

    QString name;
    QString type;      // format_type() on PostgreSQL, the declared type on SQLite
    QString collation; // only when it differs from the type's default, as psql shows it
    bool notNull = false;
    QString defaultExpr; // pg_get_expr(adbin) / dflt_value; empty for none
    Identity identity = Identity::None;
    QString generatedExpr; // expression of a generated column, without parentheses
    bool generatedStored = false;
};

struct IndexInfo {
    QString name; // empty for SQLite's rowid primary key, which has no index of its own
    bool primary = false;
    bool unique = false;
    bool constraintBacked = false; // a UNIQUE / PRIMARY KEY / EXCLUDE constraint owns it
    QStringList columns;           // key columns; "(expression)" for expression keys
    QString definition;            // full CREATE INDEX text (pg_get_indexdef / sqlite_master.sql)
    QString description; // what psql prints after the flags: "btree (user_id, project_code)"
    bool deferrable = false;
    bool initiallyDeferred = false;
    bool clustered = false;
    bool invalid = false;
    bool replicaIdentity = false;
};

struct ConstraintInfo {
    enum class Kind { PrimaryKey, Unique, Check, ForeignKey, Exclusion };

    QString name; // empty for SQLite constraints declared without CONSTRAINT name
    Kind kind = Kind::Check;
    QString
        definition; // pg_get_constraintdef: "FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE"
    QString table;  // the table that owns it, as psql names it (schema only if not visible)
    QStringList columns;
    QString referencedTable; // foreign keys only
    QStringList referencedColumns;
};

struct TriggerInfo {
    enum class Firing { Enabled, Disabled, Always, ReplicaOnly };

    QString name;
    QString definition; // full CREATE TRIGGER text
    Firing firing = Firing::Enabled;
};

// Everything psql's \d TABLE shows.
struct TableDetail {
    QString schema;
    QString name;
    RelationKind kind = RelationKind::Table;
    QVector<ColumnInfo> columns;
    QVector<IndexInfo> indexes;           // primary key first, then by name (psql's order)
    QVector<ConstraintInfo> constraints;  // this table's own, by name
    QVector<ConstraintInfo> referencedBy; // other tables' foreign keys pointing here
    QVector<TriggerInfo> triggers;        // by name
    QString viewDefinition;               // views and materialized views: the SELECT

    const ColumnInfo *column(const QString &columnName) const;
    const IndexInfo *index(const QString &indexName) const;
    QVector<ConstraintInfo> constraintsOfKind(ConstraintInfo::Kind k) const;
};

} // namespace retort
