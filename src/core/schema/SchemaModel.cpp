#include "schema/SchemaModel.h"

namespace retort {

QString relationKindName(RelationKind kind)
{
    switch (kind) {
    case RelationKind::Table:
        return u"table"_qs;
    case RelationKind::PartitionedTable:
        return u"partitioned table"_qs;
    case RelationKind::View:
        return u"view"_qs;
    case RelationKind::MaterializedView:
        return u"materialized view"_qs;
    case RelationKind::Sequence:
        return u"sequence"_qs;
    case RelationKind::ForeignTable:
        return u"foreign table"_qs;
    }
    return {};
}

QString relationKindTitle(RelationKind kind)
{
    QString title = relationKindName(kind);
    title[0] = title[0].toUpper();
    return title;
}

const ColumnInfo *TableDetail::column(const QString &columnName) const
{
    for (const ColumnInfo &c : columns)
        if (c.name == columnName)
            return &c;
    return nullptr;
}

const IndexInfo *TableDetail::index(const QString &indexName) const
{
    for (const IndexInfo &i : indexes)
        if (i.name == indexName)
            return &i;
    return nullptr;
}

QVector<ConstraintInfo> TableDetail::constraintsOfKind(ConstraintInfo::Kind k) const
{
    QVector<ConstraintInfo> found;
    for (const ConstraintInfo &c : constraints)
        if (c.kind == k)
            found.append(c);
    return found;
}

} // namespace retort
