#include "schema/SchemaDiff.h"

#include "schema/DescribeText.h"
#include "schema/LineDiff.h"

namespace retort {

namespace {

using Kind = SchemaChange::Kind;

// SQLite's nameless constraints and rowid primary key have no name; their definition
// is the only stable key.
template <typename T> QString keyOf(const T &object)
{
    return object.name.isEmpty() ? object.definition : object.name;
}

// Adds dropped/added changes for a list of named objects (indexes, constraints,
// triggers): same key but another definition counts as dropped plus added.
template <typename T>
void diffNamed(const QVector<T> &before, const QVector<T> &after, const QString &relation,
               Kind dropped, Kind added, SchemaDiff &out)
{
    for (const T &b : before) {
        bool kept = false;
        for (const T &a : after)
            kept = kept || (keyOf(a) == keyOf(b) && a == b);
        if (!kept)
            out.append({dropped, relation, keyOf(b), b.definition});
    }
    for (const T &a : after) {
        bool existed = false;
        for (const T &b : before)
            existed = existed || (keyOf(a) == keyOf(b) && a == b);
        if (!existed)
            out.append({added, relation, keyOf(a), a.definition});
    }
}

QString nullability(bool notNull)
{
    return notNull ? u"not null"_qs : u"nullable"_qs;
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? u"(none)"_qs : text;
}

void diffColumns(const TableDetail &before, const TableDetail &after, const QString &relation,
                 SchemaDiff &out)
{
    for (const ColumnInfo &b : before.columns)
        if (!after.column(b.name))
            out.append({Kind::ColumnRemoved, relation, b.name, b.type});
    for (const ColumnInfo &a : after.columns) {
        const ColumnInfo *b = before.column(a.name);
        if (!b) {
            out.append({Kind::ColumnAdded, relation, a.name, a.type});
            continue;
        }
        if (b->type != a.type)
            out.append({Kind::ColumnTypeChanged, relation, a.name, b->type + u" -> "_qs + a.type});
        if (b->notNull != a.notNull)
            out.append({Kind::ColumnNullabilityChanged, relation, a.name,
                        nullability(b->notNull) + u" -> "_qs + nullability(a.notNull)});
        if (b->defaultExpr != a.defaultExpr)
            out.append({Kind::ColumnDefaultChanged, relation, a.name,
                        orNone(b->defaultExpr) + u" -> "_qs + orNone(a.defaultExpr)});
        if (b->collation != a.collation || b->identity != a.identity ||
            b->generatedExpr != a.generatedExpr || b->generatedStored != a.generatedStored)
            out.append({Kind::ColumnOtherChanged, relation, a.name,
                        u"collation, identity or generation changed"_qs});
    }
}

void diffRelation(const TableDetail &before, const TableDetail &after, const QString &relation,
                  SchemaDiff &out)
{
    diffColumns(before, after, relation, out);
    diffNamed(before.indexes, after.indexes, relation, Kind::IndexDropped, Kind::IndexAdded, out);
    diffNamed(before.constraints, after.constraints, relation, Kind::ConstraintDropped,
              Kind::ConstraintAdded, out);
    diffNamed(before.triggers, after.triggers, relation, Kind::TriggerDropped, Kind::TriggerAdded,
              out);
    if (before.viewDefinition != after.viewDefinition)
        out.append({Kind::ViewChanged, relation, {}, after.viewDefinition.simplified()});
}

template <typename Map> QStringList unionKeys(const Map &a, const Map &b)
{
    QStringList keys = a.keys();
    for (const QString &k : b.keys())
        if (!a.contains(k))
            keys.append(k);
    keys.sort();
    return keys;
}

} // namespace

QString schemaChangeKindText(SchemaChange::Kind kind)
{
    switch (kind) {
    case Kind::TableAdded:
        return u"relation added"_qs;
    case Kind::TableRemoved:
        return u"relation removed"_qs;
    case Kind::ColumnAdded:
        return u"column added"_qs;
    case Kind::ColumnRemoved:
        return u"column removed"_qs;
    case Kind::ColumnTypeChanged:
        return u"column type changed"_qs;
    case Kind::ColumnNullabilityChanged:
        return u"column nullability changed"_qs;
    case Kind::ColumnDefaultChanged:
        return u"column default changed"_qs;
    case Kind::ColumnOtherChanged:
        return u"column changed"_qs;
    case Kind::IndexAdded:
        return u"index added"_qs;
    case Kind::IndexDropped:
        return u"index dropped"_qs;
    case Kind::ConstraintAdded:
        return u"constraint added"_qs;
    case Kind::ConstraintDropped:
        return u"constraint dropped"_qs;
    case Kind::TriggerAdded:
        return u"trigger added"_qs;
    case Kind::TriggerDropped:
        return u"trigger dropped"_qs;
    case Kind::ViewChanged:
        return u"view definition changed"_qs;
    case Kind::EnumAdded:
        return u"enum added"_qs;
    case Kind::EnumRemoved:
        return u"enum removed"_qs;
    case Kind::EnumChanged:
        break;
    }
    return u"enum values changed"_qs;
}

QString SchemaChange::text() const
{
    QString line = schemaChangeKindText(kind) + u": "_qs + relation;
    if (!object.isEmpty())
        line += u'.' + object;
    if (!detail.isEmpty())
        line += u' ' + detail;
    return line;
}

SchemaDiff diffSnapshots(const SchemaSnapshot &before, const SchemaSnapshot &after)
{
    SchemaDiff out;
    for (const QString &key : unionKeys(before.relations, after.relations)) {
        const auto b = before.relations.constFind(key);
        const auto a = after.relations.constFind(key);
        if (b == before.relations.constEnd())
            out.append({Kind::TableAdded, key, {}, relationKindName(a->kind)});
        else if (a == after.relations.constEnd())
            out.append({Kind::TableRemoved, key, {}, relationKindName(b->kind)});
        else
            diffRelation(*b, *a, key, out);
    }
    for (const QString &key : unionKeys(before.enums, after.enums)) {
        if (!before.enums.contains(key))
            out.append({Kind::EnumAdded, key, {}, after.enums[key].join(u", "_qs)});
        else if (!after.enums.contains(key))
            out.append({Kind::EnumRemoved, key, {}, before.enums[key].join(u", "_qs)});
        else if (before.enums[key] != after.enums[key])
            out.append(
                {Kind::EnumChanged,
                 key,
                 {},
                 before.enums[key].join(u", "_qs) + u" -> "_qs + after.enums[key].join(u", "_qs)});
    }
    return out;
}

QString schemaDiffText(const SchemaDiff &diff)
{
    QString text;
    for (const SchemaChange &change : diff)
        text += change.text() + u'\n';
    return text;
}

QString unifiedDiffText(const SchemaSnapshot &before, const SchemaSnapshot &after)
{
    const auto linesOf = [](const SchemaSnapshot &s, const QString &key) {
        const auto it = s.relations.constFind(key);
        if (it == s.relations.constEnd())
            return QStringList();
        QStringList lines = describeTableText(*it).split(u'\n');
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        return lines;
    };
    QString out;
    for (const QString &key : unionKeys(before.relations, after.relations)) {
        if (before.relations.value(key) == after.relations.value(key) &&
            before.relations.contains(key) == after.relations.contains(key))
            continue;
        // IgnoreAlignment: a new, longer column name widens the whole \d table.
        out += unifiedLineDiff(linesOf(before, key), linesOf(after, key), u"a/"_qs + key,
                               u"b/"_qs + key, 3, LineMatch::IgnoreAlignment);
    }
    return out;
}

} // namespace retort
