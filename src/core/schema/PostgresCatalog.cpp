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

// The relations one read fills: one (describeTable) or every user relation
// (describeAllTables), so a snapshot of 1,000 tables costs a few queries, not 6,000.
// `in` is what follows "IN" in each reader's WHERE (bound to `bound`); each reader selects
// the relation's oid first and appends to its detail, keeping each table's rows in order.
struct Targets {
    QString in;
    QVariantList bound;
    QHash<qint64, TableDetail *> details;
    QString context; // "x" in "cannot read the columns of x"

    TableDetail *find(const QVariant &oid) const { return details.value(oid.toLongLong()); }
};

const QString kUserRelations =
    u"(SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
    "c.relnamespace WHERE c.relkind IN ('r','p','v','m','S','f') AND "_qs +
    kUserSchemas + u')';

void readColumns(QSqlDatabase &db, const Targets &targets)
{
    // Collation only when it differs from the type's default, as psql shows it.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "(SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t "
        " WHERE c.oid = a.attcollation AND t.oid = a.atttypid "
        " AND a.attcollation <> t.typcollation), "
        "a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid, true), "
        "a.attidentity::text, a.attgenerated::text "
        "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d "
        " ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef "
        "WHERE a.attrelid IN "_qs +
            targets.in + u" AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"_qs,
        u"cannot read the columns of %1"_qs.arg(targets.context), targets.bound);
    while (q.next()) {
        TableDetail *detail = targets.find(q.value(0));
        if (!detail)
            continue;
        ColumnInfo col;
        col.name = q.value(1).toString();
        col.type = q.value(2).toString();
        col.collation = q.value(3).toString();
        col.notNull = q.value(4).toBool();
        const QString expr = q.value(5).toString();
        const QString identity = q.value(6).toString();
        col.identity = identity == u"a"   ? ColumnInfo::Identity::Always
                       : identity == u"d" ? ColumnInfo::Identity::ByDefault
                                          : ColumnInfo::Identity::None;
        const QString generated = q.value(7).toString();
        if (!generated.isEmpty()) {
            col.generatedExpr = expr;
            col.generatedStored = generated == u"s";
        } else {
            col.defaultExpr = expr;
        }
        detail->columns.append(col);
    }
}

void readIndexes(QSqlDatabase &db, const Targets &targets)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT i.indrelid, c2.relname, i.indisprimary, i.indisunique, i.indisclustered, "
        u"i.indisvalid, "
        "i.indisreplident, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), "
        "con.contype::text, con.condeferrable, con.condeferred, "
        "pg_catalog.pg_get_constraintdef(con.oid, true), "
        "(SELECT pg_catalog.string_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k, true), "
        " chr(31) ORDER BY k) FROM pg_catalog.generate_series(1, i.indnkeyatts) k) "
        "FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c2 ON c2.oid = i.indexrelid "
        "LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = i.indrelid "
        " AND con.conindid = i.indexrelid AND con.contype IN ('p','u','x') "
        "WHERE i.indrelid IN "_qs +
            targets.in + u" ORDER BY i.indisprimary DESC, c2.relname"_qs,
        u"cannot read the indexes of %1"_qs.arg(targets.context), targets.bound);
    while (q.next()) {
        TableDetail *detail = targets.find(q.value(0));
        if (!detail)
            continue;
        IndexInfo idx;
        idx.name = q.value(1).toString();
        idx.primary = q.value(2).toBool();
        idx.unique = q.value(3).toBool();
        idx.clustered = q.value(4).toBool();
        idx.invalid = !q.value(5).toBool();
        idx.replicaIdentity = q.value(6).toBool();
        idx.definition = q.value(7).toString();
        const QString contype = q.value(8).toString();
        idx.constraintBacked = !contype.isEmpty();
        idx.deferrable = q.value(9).toBool();
        idx.initiallyDeferred = q.value(10).toBool();
        idx.columns = splitNames(q.value(12));
        // psql echoes everything after " USING " verbatim; an exclusion constraint is
        // shown by its constraint definition instead.
        if (contype == u"x") {
            idx.description = q.value(11).toString();
        } else {
            const qsizetype using_ = idx.definition.indexOf(u" USING "_qs);
            idx.description = using_ < 0 ? idx.definition : idx.definition.mid(using_ + 7);
        }
        detail->indexes.append(idx);
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
// `keyColumn` (r.conrelid: a table's own; r.confrelid: foreign keys pointing at it) says
// which relation a row belongs to.
void readConstraints(QSqlDatabase &db, const Targets &targets, const QString &keyColumn,
                     bool referencedBy)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT "_qs + keyColumn +
            u", r.conname, r.contype::text, pg_catalog.pg_get_constraintdef(r.oid, true), "
            "r.conrelid::pg_catalog.regclass::text, "
            "CASE WHEN r.confrelid <> 0 THEN r.confrelid::pg_catalog.regclass::text END, "_qs +
            attnamesSql(u"r.conrelid"_qs, u"r.conkey"_qs) + u", "_qs +
            attnamesSql(u"r.confrelid"_qs, u"r.confkey"_qs) +
            u" FROM pg_catalog.pg_constraint r WHERE "_qs + keyColumn + u" IN "_qs + targets.in +
            (referencedBy ? u" AND r.contype = 'f'"_qs : QString()) +
            u" AND r.contype IN ('p','u','c','f','x') AND r.conparentid = 0 "
            "ORDER BY r.conname"_qs,
        (referencedBy ? u"cannot read the references to %1"_qs
                      : u"cannot read the constraints of %1"_qs)
            .arg(targets.context),
        targets.bound);
    while (q.next()) {
        TableDetail *detail = targets.find(q.value(0));
        if (!detail)
            continue;
        ConstraintInfo con;
        con.name = q.value(1).toString();
        con.kind = constraintKind(q.value(2).toString());
        con.definition = q.value(3).toString();
        con.table = q.value(4).toString();
        con.referencedTable = q.value(5).toString();
        con.columns = splitNames(q.value(6));
        con.referencedColumns = splitNames(q.value(7));
        (referencedBy ? detail->referencedBy : detail->constraints).append(con);
    }
}

void readTriggers(QSqlDatabase &db, const Targets &targets)
{
    QSqlQuery q =
        execOrThrow(db,
                    u"SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, "
                    "true), t.tgenabled::text FROM pg_catalog.pg_trigger t "
                    "WHERE t.tgrelid IN "_qs +
                        targets.in + u" AND NOT t.tgisinternal ORDER BY 2"_qs,
                    u"cannot read the triggers of %1"_qs.arg(targets.context), targets.bound);
    while (q.next()) {
        TableDetail *detail = targets.find(q.value(0));
        if (!detail)
            continue;
        TriggerInfo trg;
        trg.name = q.value(1).toString();
        trg.definition = q.value(2).toString();
        const QString enabled = q.value(3).toString();
        trg.firing = enabled == u"D"   ? TriggerInfo::Firing::Disabled
                     : enabled == u"A" ? TriggerInfo::Firing::Always
                     : enabled == u"R" ? TriggerInfo::Firing::ReplicaOnly
                                       : TriggerInfo::Firing::Enabled;
        detail->triggers.append(trg);
    }
}

void readViewDefinitions(QSqlDatabase &db, const Targets &targets)
{
    QSqlQuery q =
        execOrThrow(db,
                    u"SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid, true) FROM "
                    "pg_catalog.pg_class c WHERE c.relkind IN ('v', 'm') AND c.oid IN "_qs +
                        targets.in,
                    u"cannot read the definition of %1"_qs.arg(targets.context), targets.bound);
    while (q.next())
        if (TableDetail *detail = targets.find(q.value(0)))
            detail->viewDefinition = q.value(1).toString();
}

void readAll(QSqlDatabase &db, const Targets &targets)
{
    readColumns(db, targets);
    readIndexes(db, targets);
    readConstraints(db, targets, u"r.conrelid"_qs, false);
    readConstraints(db, targets, u"r.confrelid"_qs, true);
    readTriggers(db, targets);
    readViewDefinitions(db, targets);
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
    readAll(db, Targets{u"(?)"_qs, {rel.oid}, {{rel.oid, &detail}}, rel.name});
    return detail;
}

QMap<QString, TableDetail> describeAllTables(QSqlDatabase &db)
{
    QMap<QString, TableDetail> all;
    Targets targets{kUserRelations, {}, {}, u"the database"_qs};
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT c.oid, n.nspname, c.relname, c.relkind::text FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid IN "_qs +
            kUserRelations,
        u"cannot list relations"_qs);
    while (q.next()) {
        TableDetail detail;
        detail.schema = q.value(1).toString();
        detail.name = q.value(2).toString();
        detail.kind = kindOf(q.value(3).toString());
        TableDetail &stored = all[detail.schema + u'.' + detail.name];
        stored = detail;
        targets.details.insert(q.value(0).toLongLong(), &stored);
    }
    readAll(db, targets);
    return all;
}

} // namespace retort::postgres_catalog
