#pragma once

#include "schema/SchemaModel.h"

#include <QMap>
#include <QSqlDatabase>

namespace retort {

// Everything the schema of a database holds, as \d would show it, keyed so two
// snapshots can be compared object by object. Sizes and row estimates are left out:
// they change with data, and a snapshot is about shape. The version table and the
// ledger are left out too: they are Retort's own bookkeeping, not the user's schema.
struct SchemaSnapshot {
    QString dialect;
    QMap<QString, TableDetail> relations; // key: "schema.name"
    QMap<QString, QStringList> enums;     // PostgreSQL only: "schema.name" -> labels in order

    bool operator==(const SchemaSnapshot &other) const;
    bool operator!=(const SchemaSnapshot &other) const { return !(*this == other); }
};

// Reads every user relation with describeTable (the same introspection \d uses), so a
// snapshot taken inside a transaction sees that transaction's uncommitted DDL.
// Throws Error.
SchemaSnapshot takeSnapshot(QSqlDatabase &db, const QString &dialect,
                            const QString &versionTable = QStringLiteral("alembic_version"));

// Field-by-field equality of the model types, which SchemaModel.h leaves out because
// only snapshots need it.
bool operator==(const ColumnInfo &a, const ColumnInfo &b);
bool operator==(const IndexInfo &a, const IndexInfo &b);
bool operator==(const ConstraintInfo &a, const ConstraintInfo &b);
bool operator==(const TriggerInfo &a, const TriggerInfo &b);
bool operator==(const TableDetail &a, const TableDetail &b);
inline bool operator!=(const ColumnInfo &a, const ColumnInfo &b)
{
    return !(a == b);
}
inline bool operator!=(const IndexInfo &a, const IndexInfo &b)
{
    return !(a == b);
}
inline bool operator!=(const ConstraintInfo &a, const ConstraintInfo &b)
{
    return !(a == b);
}
inline bool operator!=(const TriggerInfo &a, const TriggerInfo &b)
{
    return !(a == b);
}
inline bool operator!=(const TableDetail &a, const TableDetail &b)
{
    return !(a == b);
}

} // namespace retort
