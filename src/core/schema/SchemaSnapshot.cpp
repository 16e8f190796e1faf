#include "schema/SchemaSnapshot.h"

#include "db/SqlExec.h"
#include "schema/Catalog.h"
#include "schema/PostgresCatalog.h"

#include <QSqlQuery>

namespace retort {

namespace {

QString quoted(const QString &identifier)
{
    QString q = identifier;
    q.replace(u'"', u"\"\""_qs);
    return u'"' + q + u'"';
}

// Enum types and their labels; cheap (one query) and invisible in \d of any table, so
// a snapshot would otherwise miss ALTER TYPE ... ADD VALUE.
QMap<QString, QStringList> postgresEnums(QSqlDatabase &db)
{
    QMap<QString, QStringList> enums;
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT n.nspname || '.' || t.typname, e.enumlabel FROM pg_type t "
        "JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid "
        "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY 1, e.enumsortorder"_qs,
        u"cannot list enum types"_qs);
    while (q.next())
        enums[q.value(0).toString()].append(q.value(1).toString());
    return enums;
}

} // namespace

SchemaSnapshot takeSnapshot(QSqlDatabase &db, const QString &dialect, const QString &versionTable)
{
    SchemaSnapshot snapshot;
    snapshot.dialect = dialect;
    const QStringList bookkeeping = {versionTable, u"retort_ledger"_qs};
    if (dialect == u"postgresql") {
        // One query per kind of detail for the whole database, not six per table.
        snapshot.relations = postgres_catalog::describeAllTables(db);
        snapshot.relations.removeIf(
            [&](const auto &entry) { return bookkeeping.contains(entry.value().name); });
        snapshot.enums = postgresEnums(db);
        return snapshot;
    }
    for (const TableInfo &info : listTables(db, dialect)) {
        if (bookkeeping.contains(info.name))
            continue;
        // Qualified and quoted, so a name in another schema or with capitals resolves.
        const QString name = quoted(info.schema) + u'.' + quoted(info.name);
        snapshot.relations.insert(info.schema + u'.' + info.name, describeTable(db, dialect, name));
    }
    if (dialect == u"postgresql")
        snapshot.enums = postgresEnums(db);
    return snapshot;
}

bool SchemaSnapshot::operator==(const SchemaSnapshot &other) const
{
    return relations == other.relations && enums == other.enums;
}

bool operator==(const ColumnInfo &a, const ColumnInfo &b)
{
    return a.name == b.name && a.type == b.type && a.collation == b.collation &&
           a.notNull == b.notNull && a.defaultExpr == b.defaultExpr && a.identity == b.identity &&
           a.generatedExpr == b.generatedExpr && a.generatedStored == b.generatedStored;
}

bool operator==(const IndexInfo &a, const IndexInfo &b)
{
    return a.name == b.name && a.primary == b.primary && a.unique == b.unique &&
           a.constraintBacked == b.constraintBacked && a.columns == b.columns &&
           a.definition == b.definition && a.description == b.description &&
           a.deferrable == b.deferrable && a.initiallyDeferred == b.initiallyDeferred &&
           a.clustered == b.clustered && a.invalid == b.invalid &&
           a.replicaIdentity == b.replicaIdentity;
}

bool operator==(const ConstraintInfo &a, const ConstraintInfo &b)
{
    return a.name == b.name && a.kind == b.kind && a.definition == b.definition &&
           a.table == b.table && a.columns == b.columns && a.referencedTable == b.referencedTable &&
           a.referencedColumns == b.referencedColumns;
}

bool operator==(const TriggerInfo &a, const TriggerInfo &b)
{
    return a.name == b.name && a.definition == b.definition && a.firing == b.firing;
}

bool operator==(const TableDetail &a, const TableDetail &b)
{
    return a.schema == b.schema && a.name == b.name && a.kind == b.kind && a.columns == b.columns &&
           a.indexes == b.indexes && a.constraints == b.constraints &&
           a.referencedBy == b.referencedBy && a.triggers == b.triggers &&
           a.viewDefinition == b.viewDefinition;
}

} // namespace retort
