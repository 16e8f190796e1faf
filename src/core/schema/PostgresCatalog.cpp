#include "schema/PostgresCatalog.h"

#include "Error.h"
#include "db/SqlExec.h"
#include "schema/RelationName.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort::postgres_catalog {

namespace {

// Names inside one text value: column names may hold commas, never a unit separator.
const QString kSeparator = QString(QChar(0x1f));

// The schemas psql leaves out of \d unless asked; other sessions' temp schemas too.
const QString kUserSchemas =
    u"n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' "
    "AND n.nspname !~ '^pg_toast' "
    "AND (n.nspname !~ '^pg_temp_' OR n.oid = pg_catalog.pg_my_temp_schema())"_qs;

RelationKind kindOf(const QString &relkind)
{
    if (relkind == u"p")
        return RelationKind::PartitionedTable;
    if (relkind == u"v")
        return RelationKind::View;
    if (relkind == u"m")
        return RelationKind::MaterializedView;
    if (relkind == u"S")
        return RelationKind::Sequence;
    if (relkind == u"f")
        return RelationKind::ForeignTable;
    return RelationKind::Table;
}

QStringList splitNames(const QVariant &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QStringList() : text.split(kSeparator);
}

// Column names of an attnum array (conkey, confkey) in their order, as one text value.
QString attnamesSql(const QString &relid, const QString &keys)
{
    return u"(SELECT pg_catalog.string_agg(a.attname, chr(31) ORDER BY k.o) "
           "FROM pg_catalog.unnest(%2) WITH ORDINALITY k(n, o) "
           "JOIN pg_catalog.pg_attribute a ON a.attrelid = %1 AND a.attnum = k.n)"_qs.arg(relid,
                                                                                          keys);
}

struct Relation {
    qint64 oid = 0;
    QString schema;
    QString name;
    RelationKind kind = RelationKind::Table;
};

// psql's rule for a bare name is "visible on search_path"; Retort also accepts a bare
// name that matches exactly one relation in any user schema, because `retort tables`
// lists every schema and a name from that list should describe without qualifying it.
Relation findRelation(QSqlDatabase &db, const QString &text)
{
    const RelationName rel = RelationName::parse(text);
    const QString select =
        u"SELECT c.oid, n.nspname, c.relname, c.relkind::text "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r','p','v','m','S','f') AND c.relname = ? AND "_qs;
    const auto lookup = [&](const QString &where, const QVariantList &bound) {
        QVector<Relation> found;
        QSqlQuery q =
            execOrThrow(db, select + where, u"cannot look up relation %1"_qs.arg(text), bound);
        while (q.next())
            found.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          kindOf(q.value(3).toString())});
        return found;
    };
    QVector<Relation> found;
    if (!rel.schema.isEmpty()) {
        found = lookup(u"n.nspname = ?"_qs, {rel.name, rel.schema});
    } else {
        found = lookup(u"pg_catalog.pg_table_is_visible(c.oid)"_qs, {rel.name});
        if (found.isEmpty())
            found = lookup(kUserSchemas, {rel.name});
    }
    if (found.size() != 1)
        throw Error(u"Did not find any relation named \"%1\"."_qs.arg(text));
    return found.first();
}

void readColumns(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    // Collation only when it differs from the type's default, as psql shows it.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "(SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t "
        " WHERE c.oid = a.attcollation AND t.oid = a.atttypid "
        " AND a.attcollation <> t.typcollation), "
        "a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid, true), "
        "a.attidentity::text, a.attgenerated::text "
        "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d "
        " ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef "
        "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"_qs,
        u"cannot read the columns of %1"_qs.arg(rel.name), {rel.oid});
    while (q.next()) {
        ColumnInfo col;
        col.name = q.value(0).toString();
        col.type = q.value(1).toString();
        col.collation = q.value(2).toString();
        col.notNull = q.value(3).toBool();
        const QString expr = q.value(4).toString();
        const QString identity = q.value(5).toString();
        col.identity = identity == u"a"   ? ColumnInfo::Identity::Always
                       : identity == u"d" ? ColumnInfo::Identity::ByDefault
                                          : ColumnInfo::Identity::None;
        const QString generated = q.value(6).toString();
        if (!generated.isEmpty()) {
            col.generatedExpr = expr;
            col.generatedStored = generated == u"s";
        } else {
            col.defaultExpr = expr;
        }
        detail.columns.append(col);
    }
}

void readIndexes(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, "
        "i.indisreplident, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), "
        "con.contype::text, con.condeferrable, con.condeferred, "
        "pg_catalog.pg_get_constraintdef(con.oid, true), "
        "(SELECT pg_catalog.string_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k, true), "
        " chr(31) ORDER BY k) FROM pg_catalog.generate_series(1, i.indnkeyatts) k) "
        "FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c2 ON c2.oid = i.indexrelid "
        "LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = i.indrelid "
        " AND con.conindid = i.indexrelid AND con.contype IN ('p','u','x') "
        "WHERE i.indrelid = ? ORDER BY i.indisprimary DESC, c2.relname"_qs,
        u"cannot read the indexes of %1"_qs.arg(rel.name), {rel.oid});
    while (q.next()) {
        IndexInfo idx;
        idx.name = q.value(0).toString();
        idx.primary = q.value(1).toBool();
        idx.unique = q.value(2).toBool();
        idx.clustered = q.value(3).toBool();
        idx.invalid = !q.value(4).toBool();
        idx.replicaIdentity = q.value(5).toBool();
        idx.definition = q.value(6).toString();
        const QString contype = q.value(7).toString();
        idx.constraintBacked = !contype.isEmpty();
        idx.deferrable = q.value(8).toBool();
        idx.initiallyDeferred = q.value(9).toBool();
        idx.columns = splitNames(q.value(11));
        // psql echoes everything after " USING " verbatim; an exclusion constraint is
        // shown by its constraint definition instead.
        if (contype == u"x") {
            idx.description = q.value(10).toString();
        } else {
            const qsizetype using_ = idx.definition.indexOf(u" USING "_qs);
            idx.description = using_ < 0 ? idx.definition : idx.definition.mid(using_ + 7);
        }
        detail.indexes.append(idx);
    }
}

ConstraintInfo::Kind constraintKind(const QString &contype)
{
    if (contype == u"p")
        return ConstraintInfo::Kind::PrimaryKey;
    if (contype == u"u")
        return ConstraintInfo::Kind::Unique;
    if (contype == u"f")
        return ConstraintInfo::Kind::ForeignKey;
    if (contype == u"x")
        return ConstraintInfo::Kind::Exclusion;
    return ConstraintInfo::Kind::Check;
}

// `where` selects rows of pg_constraint r: this table's own, or other tables' foreign keys
// that point at it. conparentid = 0 leaves out the copies a partition inherits.
QVector<ConstraintInfo> readConstraints(QSqlDatabase &db, const QString &where, qint64 oid,
                                        const QString &context)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT r.conname, r.contype::text, pg_catalog.pg_get_constraintdef(r.oid, true), "
        "r.conrelid::pg_catalog.regclass::text, "
        "CASE WHEN r.confrelid <> 0 THEN r.confrelid::pg_catalog.regclass::text END, "_qs +
            attnamesSql(u"r.conrelid"_qs, u"r.conkey"_qs) + u", "_qs +
            attnamesSql(u"r.confrelid"_qs, u"r.confkey"_qs) +
            u" FROM pg_catalog.pg_constraint r WHERE "_qs + where +
            u" AND r.contype IN ('p','u','c','f','x') AND r.conparentid = 0 "
            "ORDER BY r.conname"_qs,
        context, {oid});
    QVector<ConstraintInfo> result;
    while (q.next()) {
        ConstraintInfo con;
        con.name = q.value(0).toString();
        con.kind = constraintKind(q.value(1).toString());
        con.definition = q.value(2).toString();
        con.table = q.value(3).toString();
        con.referencedTable = q.value(4).toString();
        con.columns = splitNames(q.value(5));
        con.referencedColumns = splitNames(q.value(6));
        result.append(con);
    }
    return result;
}

void readTriggers(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    QSqlQuery q = execOrThrow(db,
                              u"SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), "
                              "t.tgenabled::text FROM pg_catalog.pg_trigger t "
                              "WHERE t.tgrelid = ? AND NOT t.tgisinternal ORDER BY 1"_qs,
                              u"cannot read the triggers of %1"_qs.arg(rel.name), {rel.oid});
    while (q.next()) {
        TriggerInfo trg;
        trg.name = q.value(0).toString();
        trg.definition = q.value(1).toString();
        const QString enabled = q.value(2).toString();
        trg.firing = enabled == u"D"   ? TriggerInfo::Firing::Disabled
                     : enabled == u"A" ? TriggerInfo::Firing::Always
                     : enabled == u"R" ? TriggerInfo::Firing::ReplicaOnly
                                       : TriggerInfo::Firing::Enabled;
        detail.triggers.append(trg);
    }
}

} // namespace

QVector<TableInfo> listTables(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT n.nspname, c.relname, c.relkind::text, "
        "pg_catalog.pg_get_userbyid(c.relowner), pg_catalog.pg_total_relation_size(c.oid), "
        "c.reltuples::bigint "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r','p','v','m','S','f') AND "_qs +
            kUserSchemas + u" ORDER BY 1, 2"_qs,
        u"cannot list relations"_qs);
    QVector<TableInfo> tables;
    while (q.next()) {
        TableInfo t;
        t.schema = q.value(0).toString();
        t.name = q.value(1).toString();
        t.kind = kindOf(q.value(2).toString());
        t.owner = q.value(3).toString();
        t.sizeBytes = q.value(4).isNull() ? -1 : q.value(4).toLongLong();
        // reltuples is -1 before the first VACUUM/ANALYZE (PostgreSQL 14+); views have 0.
        const bool hasRows = t.kind != RelationKind::View && t.kind != RelationKind::Sequence;
        t.rowEstimate = hasRows && q.value(5).toLongLong() >= 0 ? q.value(5).toLongLong() : -1;
        tables.append(t);
    }
    return tables;
}

TableDetail describeTable(QSqlDatabase &db, const QString &name)
{
    const Relation rel = findRelation(db, name);
    TableDetail detail;
    detail.schema = rel.schema;
    detail.name = rel.name;
    detail.kind = rel.kind;
    readColumns(db, rel, detail);
    readIndexes(db, rel, detail);
    detail.constraints = readConstraints(db, u"r.conrelid = ?"_qs, rel.oid,
                                         u"cannot read the constraints of %1"_qs.arg(rel.name));
    detail.referencedBy = readConstraints(db, u"r.confrelid = ? AND r.contype = 'f'"_qs, rel.oid,
                                          u"cannot read the references to %1"_qs.arg(rel.name));
    readTriggers(db, rel, detail);
    if (rel.kind == RelationKind::View || rel.kind == RelationKind::MaterializedView) {
        QSqlQuery q = execOrThrow(db, u"SELECT pg_catalog.pg_get_viewdef(?::oid, true)"_qs,
                                  u"cannot read the definition of %1"_qs.arg(rel.name), {rel.oid});
        if (q.next())
            detail.viewDefinition = q.value(0).toString();
    }
    return detail;
}

} // namespace retort::postgres_catalog
