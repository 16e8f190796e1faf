#include "diff/PostgresIntrospection.h"

#include "db/SqlExec.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort::diff {

namespace {

const QString kSep = QString(QChar(0x1f));

// User schemas: not the system ones, not another session's temporary schema.
const QString kUserSchema =
    u"n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
    "AND n.nspname !~ '^pg_temp_'"_qs;

// Not created by an extension (CREATE EXTENSION owns its tables, types, functions).
QString notFromExtension(const QString &classTable, const QString &oid)
{
    return u"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = "
           "'%1'::regclass AND e.objid = %2 AND e.deptype = 'e')"_qs.arg(classTable, oid);
}

const QString kRelKey = u"pg_catalog.quote_ident(n.nspname) || '.' || "
                        "pg_catalog.quote_ident(c.relname)"_qs;

QStringList splitList(const QVariant &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QStringList() : s.split(kSep);
}

void readSchemasAndExtensions(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_namespace n WHERE "_qs +
            kUserSchema + u" AND n.nspname <> 'public' AND "_qs +
            notFromExtension(u"pg_namespace"_qs, u"n.oid"_qs) + u" ORDER BY 1"_qs,
        u"cannot list schemas"_qs);
    while (q.next())
        schema.schemas.append(q.value(0).toString());
    q = execOrThrow(db,
                    u"SELECT pg_catalog.quote_ident(x.extname), pg_catalog.quote_ident(n.nspname), "
                    "x.extversion FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n "
                    "ON n.oid = x.extnamespace WHERE x.extname <> 'plpgsql'"_qs,
                    u"cannot list extensions"_qs);
    while (q.next()) {
        Extension e{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
        schema.extensions.insert(e.name, e);
    }
}

void readEnums(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname), "
        "pg_catalog.string_agg(e.enumlabel, chr(31) ORDER BY e.enumsortorder) "
        "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        "JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid WHERE "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs) +
            u" GROUP BY 1"_qs,
        u"cannot list enum types"_qs);
    while (q.next())
        schema.enums.insert(q.value(0).toString(),
                            EnumType{q.value(0).toString(), splitList(q.value(1))});
}

void readTables(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT c.oid, "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "c.relpersistence = 'u', "
            "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
            "(SELECT pg_catalog.quote_ident(pn.nspname) || '.' || "
            "pg_catalog.quote_ident(pc.relname) FROM pg_catalog.pg_inherits i "
            "JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn "
            "ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition), "
            "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
            "a.attnum, pg_catalog.quote_ident(a.attname), "
            "pg_catalog.format_type(a.atttypid, a.atttypmod), "
            "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN "
            "(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE "
            "pg_catalog.quote_ident(cn.nspname) || '.' END || pg_catalog.quote_ident(co.collname) "
            "FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = "
            "co.collnamespace WHERE co.oid = a.attcollation) END, "
            "a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
            "a.attgenerated "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
            "a.attisdropped LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
            "WHERE c.relkind IN ('r', 'p') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs) +
            u" ORDER BY c.oid, a.attnum"_qs,
        u"cannot list tables and columns"_qs);
    Table *table = nullptr;
    while (q.next()) {
        const QString key = q.value(1).toString();
        if (!table || table->key != key) {
            Table t;
            t.oid = q.value(0).toLongLong();
            t.key = key;
            t.schema = q.value(2).toString();
            t.name = q.value(3).toString();
            t.unlogged = q.value(4).toBool();
            t.partitionBy = q.value(5).toString();
            t.partitionOf = q.value(6).toString();
            t.partitionBound = q.value(7).toString();
            table = &*schema.tables.insert(key, t);
        }
        if (q.value(8).isNull())
            continue; // a table without columns
        Column c;
        c.attnum = q.value(8).toInt();
        c.name = q.value(9).toString();
        c.type = q.value(10).toString();
        c.collation = q.value(11).toString();
        c.notNull = q.value(12).toBool();
        const QString expr = q.value(13).toString();
        const QString identity = q.value(14).toString();
        c.identity = identity.isEmpty() ? char(0) : identity.at(0).toLatin1();
        if (q.value(15).toString() == u"s")
            c.generatedExpr = expr;
        else
            c.defaultExpr = expr;
        table->columns.append(c);
    }
}

Constraint::Kind constraintKind(const QString &contype)
{
    if (contype == u"p")
        return Constraint::Kind::PrimaryKey;
    if (contype == u"u")
        return Constraint::Kind::Unique;
    if (contype == u"f")
        return Constraint::Kind::ForeignKey;
    if (contype == u"x")
        return Constraint::Kind::Exclusion;
    return Constraint::Kind::Check;
}

void readConstraints(QSqlDatabase &db, Schema &schema)
{
    // Inherited constraints (a partition's copy of its parent's) come with the parent.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(co.conname), co.contype, "
            "pg_catalog.pg_get_constraintdef(co.oid), NOT co.convalidated, "
            "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), chr(31) ORDER BY "
            "k.o) FROM pg_catalog.unnest(co.conkey) WITH ORDINALITY k(n, o) JOIN "
            "pg_catalog.pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n), "
            "(SELECT pg_catalog.quote_ident(fn.nspname) || '.' || "
            "pg_catalog.quote_ident(fc.relname) FROM pg_catalog.pg_class fc JOIN "
            "pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = co.confrelid), "
            "CASE WHEN co.contype IN ('p', 'u') THEN (SELECT pg_catalog.array_to_string("
            "ic.reloptions, ', ') FROM pg_catalog.pg_class ic WHERE ic.oid = co.conindid) END "
            "FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND co.conparentid = 0 AND "
            "co.conislocal AND c.relkind IN ('r', 'p') AND "_qs +
            kUserSchema + u" ORDER BY 1, 2"_qs,
        u"cannot list constraints"_qs);
    while (q.next()) {
        const auto it = schema.tables.find(q.value(0).toString());
        if (it == schema.tables.end())
            continue; // an extension's table
        Constraint c;
        c.name = q.value(1).toString();
        c.kind = constraintKind(q.value(2).toString());
        c.definition = q.value(3).toString();
        c.notValid = q.value(4).toBool();
        c.columns = splitList(q.value(5));
        c.referencedTable = q.value(6).toString();
        // pg_get_constraintdef leaves out the storage parameters of a key's index.
        const QString options = q.value(7).toString();
        if (!options.isEmpty()) {
            const qsizetype deferrable = c.definition.indexOf(u" DEFERRABLE"_qs);
            c.definition.insert(deferrable < 0 ? c.definition.size() : deferrable,
                                u" WITH ("_qs + options + u')');
        }
        it->constraints.append(c);
    }
}

void readIndexes(QSqlDatabase &db, Schema &schema)
{
    // Indexes a constraint owns come with the constraint; a partition's copy of its
    // parent's index comes with the parent's.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(ic.relname), "
        "pg_catalog.quote_ident(ic.relname), "_qs +
            kRelKey +
            u", pg_catalog.pg_get_indexdef(i.indexrelid), "
            "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), chr(31)) FROM "
            "pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = "
            "ANY(i.indkey)), "
            "c.relkind = 'p' "
            "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
            "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') AND NOT ic.relispartition "
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = "
            "i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"ic.oid"_qs),
        u"cannot list indexes"_qs);
    while (q.next()) {
        Index ix;
        ix.key = q.value(0).toString();
        ix.name = q.value(1).toString();
        ix.table = q.value(2).toString();
        ix.definition = q.value(3).toString();
        // A partitioned table's index reads "ON ONLY t", which would not cascade to the
        // partitions; created without ONLY it builds and attaches theirs, as pg_dump's does.
        if (q.value(5).toBool())
            ix.definition.replace(u" ON ONLY "_qs, u" ON "_qs);
        ix.columns = splitList(q.value(4));
        schema.indexes.insert(ix.key, ix);
    }
}

void readSequences(QSqlDatabase &db, Schema &schema)
{
    // Identity columns' sequences (deptype 'i') belong to their column.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, "
            "s.seqmax, s.seqcache, s.seqcycle, "
            "(SELECT pg_catalog.quote_ident(tn.nspname) || '.' || "
            "pg_catalog.quote_ident(tc.relname) || '.' || pg_catalog.quote_ident(a.attname) FROM "
            "pg_catalog.pg_depend d JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid JOIN "
            "pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace JOIN pg_catalog.pg_attribute "
            "a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = "
            "'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass "
            "AND d.deptype = 'a' LIMIT 1) "
            "FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "_qs +
            kUserSchema +
            u" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = "
            "'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('i', 'e'))"_qs,
        u"cannot list sequences"_qs);
    while (q.next()) {
        Sequence s;
        s.key = q.value(0).toString();
        s.schema = q.value(1).toString();
        s.name = q.value(2).toString();
        s.dataType = q.value(3).toString();
        s.start = q.value(4).toLongLong();
        s.increment = q.value(5).toLongLong();
        s.minValue = q.value(6).toLongLong();
        s.maxValue = q.value(7).toLongLong();
        s.cache = q.value(8).toLongLong();
        s.cycle = q.value(9).toBool();
        s.ownedBy = q.value(10).toString();
        schema.sequences.insert(s.key, s);
    }
}

void readViews(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "pg_catalog.pg_get_viewdef(c.oid), c.relkind = 'm', "
            "(SELECT pg_catalog.string_agg(DISTINCT pg_catalog.quote_ident(dn.nspname) || '.' || "
            "pg_catalog.quote_ident(dc.relname), chr(31)) FROM pg_catalog.pg_rewrite r JOIN "
            "pg_catalog.pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
            "JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid JOIN pg_catalog.pg_namespace dn "
            "ON dn.oid = dc.relnamespace WHERE r.ev_class = c.oid AND d.refclassid = "
            "'pg_class'::regclass AND d.refobjid <> c.oid) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('v', 'm') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs),
        u"cannot list views"_qs);
    while (q.next()) {
        View v;
        v.key = q.value(0).toString();
        v.schema = q.value(1).toString();
        v.name = q.value(2).toString();
        v.definition = q.value(3).toString().trimmed();
        if (v.definition.endsWith(u';'))
            v.definition.chop(1);
        v.materialized = q.value(4).toBool();
        v.dependsOn = splitList(q.value(5));
        schema.views.insert(v.key, v);
    }
}

void readFunctions(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) "
        "|| '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', "
        "pg_catalog.pg_get_functiondef(p.oid), pg_catalog.pg_get_function_result(p.oid), "
        "p.prokind = 'p' FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = "
        "p.pronamespace WHERE p.prokind IN ('f', 'p') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_proc"_qs, u"p.oid"_qs),
        u"cannot list functions"_qs);
    while (q.next()) {
        Function f;
        f.key = q.value(0).toString();
        f.definition = q.value(1).toString().trimmed();
        f.result = q.value(2).toString();
        f.procedure = q.value(3).toBool();
        schema.functions.insert(f.key, f);
    }
}

void readTriggers(QSqlDatabase &db, Schema &schema)
{
    // A partition's clone of its parent's trigger (tgparentid) comes with the parent's.
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(t.tgname), pg_catalog.pg_get_triggerdef(t.oid) "
            "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "
            "AND t.tgparentid = 0 AND "_qs +
            kUserSchema,
        u"cannot list triggers"_qs);
    while (q.next()) {
        Trigger t{q.value(1).toString(), q.value(0).toString(), q.value(2).toString()};
        schema.triggers.insert(t.table + u'.' + t.name, t);
    }
}

void readComments(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' "
        "WHEN 'S' THEN 'SEQUENCE' WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'INDEX' ELSE 'TABLE' END, "_qs +
            kRelKey +
            u", (SELECT pg_catalog.quote_ident(a.attname) FROM pg_catalog.pg_attribute a WHERE "
            "a.attrelid = c.oid AND a.attnum = d.objsubid), d.description "
            "FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class c ON c.oid = d.objoid "
            "AND d.classoid = 'pg_catalog.pg_class'::regclass JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE "_qs +
            kUserSchema +
            u" UNION ALL SELECT 'FUNCTION', pg_catalog.quote_ident(n.nspname) || '.' || "
            "pg_catalog.quote_ident(p.proname) || '(' || "
            "pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL, d.description "
            "FROM pg_catalog.pg_description d JOIN pg_catalog.pg_proc p ON p.oid = d.objoid AND "
            "d.classoid = 'pg_catalog.pg_proc'::regclass JOIN pg_catalog.pg_namespace n ON n.oid "
            "= p.pronamespace WHERE "_qs +
            kUserSchema,
        u"cannot list comments"_qs);
    while (q.next()) {
        const QString column = q.value(2).toString();
        const QString target = column.isEmpty()
                                   ? QString(q.value(0).toString() + u' ' + q.value(1).toString())
                                   : u"COLUMN "_qs + q.value(1).toString() + u'.' + column;
        schema.comments.insert(target, q.value(3).toString());
    }
}

// The version table and the ledger are Retort's bookkeeping, not the user's schema.
void dropBookkeeping(Schema &schema, const QStringList &excludedTables)
{
    for (auto it = schema.tables.begin(); it != schema.tables.end();) {
        if (excludedTables.contains(it->name))
            it = schema.tables.erase(it);
        else
            ++it;
    }
    for (auto it = schema.sequences.begin(); it != schema.sequences.end();) {
        const QString ownerTable = it->ownedBy.section(u'.', 0, 1);
        if (!it->ownedBy.isEmpty() && !schema.tables.contains(ownerTable))
            it = schema.sequences.erase(it);
        else
            ++it;
    }
    for (auto it = schema.triggers.begin(); it != schema.triggers.end();) {
        if (!schema.tables.contains(it->table) && !schema.views.contains(it->table))
            it = schema.triggers.erase(it);
        else
            ++it;
    }
    for (auto it = schema.indexes.begin(); it != schema.indexes.end();) {
        if (!schema.tables.contains(it->table) && !schema.views.contains(it->table))
            it = schema.indexes.erase(it);
        else
            ++it;
    }
}

} // namespace

Schema readPostgresSchema(QSqlDatabase &db, const QStringList &excludedTables)
{
    Schema schema;
    schema.dialect = u"postgresql"_qs;
    readSchemasAndExtensions(db, schema);
    readEnums(db, schema);
    readTables(db, schema);
    readConstraints(db, schema);
    readSequences(db, schema);
    readViews(db, schema);
    readIndexes(db, schema);
    readFunctions(db, schema);
    readTriggers(db, schema);
    readComments(db, schema);
    dropBookkeeping(schema, excludedTables);
    return schema;
}

} // namespace retort::diff
