#include "diff/PostgresIntrospection.h"

#include "db/PostgresAcl.h"
#include "db/SqlExec.h"
#include "db/SqlRow.h"
#include "diff/PostgresCatalog.h"
#include "diff/PostgresDefaultPrivileges.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort::diff {

namespace {

using namespace pgcatalog;

const QString kRelKey = u"pg_catalog.quote_ident(n.nspname) || '.' || "
                        "pg_catalog.quote_ident(c.relname)"_qs;

// Quoted "schema.name" of a relation `rel` in namespace `ns`.
QString qualifiedName(const QString &ns, const QString &rel)
{
    return u"pg_catalog.quote_ident(%1.nspname) || '.' || pg_catalog.quote_ident(%2.relname)"_qs
        .arg(ns, rel);
}

// The role list of a policy's polroles: PUBLIC for 0, in the array's order.
const QString kPolicyRoles =
    u"(SELECT pg_catalog.string_agg(CASE WHEN r.id = 0 THEN 'PUBLIC' ELSE "
    "pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.id)) END, ', ' ORDER BY r.o) FROM "
    "pg_catalog.unnest(pol.polroles) WITH ORDINALITY r(id, o))"_qs;

void readSchemasAndExtensions(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_namespace n WHERE "_qs +
            kUserSchema + u" AND n.nspname <> 'public' AND "_qs +
            notFromExtension(u"pg_namespace"_qs, u"n.oid"_qs) + u" ORDER BY 1"_qs,
        "schemas", [&](SqlRow &row) { schema.schemas.append(row.next().toString()); });
    forEachRow(db,
               u"SELECT pg_catalog.quote_ident(x.extname), pg_catalog.quote_ident(n.nspname), "
               "x.extversion FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n "
               "ON n.oid = x.extnamespace WHERE x.extname <> 'plpgsql'"_qs,
               "extensions", [&](SqlRow &row) {
                   Extension e;
                   row >> e.name >> e.schema >> e.version;
                   schema.extensions.insert(e.name, e);
               });
}

void readEnums(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname), "
        "pg_catalog.string_agg(e.enumlabel, chr(31) ORDER BY e.enumsortorder) "
        "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        "JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid WHERE "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs) +
            u" GROUP BY 1"_qs,
        "enum types", [&](SqlRow &row) {
            EnumType e;
            row >> e.key >> e.labels;
            schema.enums.insert(e.key, e);
        });
}

void readTables(QSqlDatabase &db, Schema &schema)
{
    Table *table = nullptr;
    forEachRow(
        db,
        u"SELECT c.oid, "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "c.relpersistence = 'u', "
            "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
            "(SELECT pg_catalog.string_agg("_qs +
            qualifiedName(u"pn"_qs, u"pc"_qs) +
            u", chr(31) ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i "
            "JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn "
            "ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid), c.relispartition, "
            "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
            "c.relrowsecurity, c.relforcerowsecurity, "
            "pg_catalog.array_to_string(c.reloptions, chr(31)), CASE c.relreplident WHEN 'f' "
            "THEN 'FULL' WHEN 'n' THEN 'NOTHING' WHEN 'i' THEN (SELECT 'USING INDEX ' || "
            "pg_catalog.quote_ident(ri.relname) FROM pg_catalog.pg_index rx JOIN "
            "pg_catalog.pg_class ri ON ri.oid = rx.indexrelid WHERE rx.indrelid = c.oid AND "
            "rx.indisreplident) END, a.attnum, "
            "pg_catalog.quote_ident(a.attname), "
            "pg_catalog.format_type(a.atttypid, a.atttypmod), "_qs +
            collationName(u"a.attcollation"_qs, u"t.typcollation"_qs) +
            u", a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
            "a.attgenerated, NOT a.attislocal, "
            "CASE WHEN a.attidentity <> '' THEN (SELECT 'START WITH ' || s.seqstart || chr(31) "
            "|| 'INCREMENT BY ' || s.seqincrement || chr(31) || 'MINVALUE ' || s.seqmin || "
            "chr(31) || 'MAXVALUE ' || s.seqmax || chr(31) || 'CACHE ' || s.seqcache || chr(31) "
            "|| CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END FROM pg_catalog.pg_depend "
            "id JOIN pg_catalog.pg_sequence s ON s.seqrelid = id.objid WHERE id.classid = "
            "'pg_catalog.pg_class'::regclass AND id.refclassid = 'pg_catalog.pg_class'::regclass "
            "AND id.refobjid = c.oid AND id.refobjsubid = a.attnum AND id.deptype = 'i') END, "
            "pg_catalog.concat_ws(chr(31), CASE WHEN a.attstorage <> t.typstorage THEN "
            "'STORAGE ' || CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN "
            "'m' THEN 'MAIN' ELSE 'EXTENDED' END END, CASE WHEN a.attstattarget >= 0 THEN "
            "'STATISTICS ' || a.attstattarget END, CASE a.attcompression WHEN 'p' THEN "
            "'COMPRESSION pglz' WHEN 'l' THEN 'COMPRESSION lz4' END), CASE t.typstorage WHEN "
            "'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
            "a.attisdropped LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
            "WHERE c.relkind IN ('r', 'p') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs) +
            u" ORDER BY c.oid, a.attnum"_qs,
        "tables and columns", [&](SqlRow &row) {
            Table t;
            QStringList parents;
            bool partition = false;
            row >> t.oid >> t.key >> t.schema >> t.name >> t.unlogged >> t.partitionBy >> parents >>
                partition >> t.partitionBound >> t.rowSecurity >> t.forceRowSecurity >> t.options >>
                t.replicaIdentity;
            if (!table || table->key != t.key) {
                // A partition has one parent, its partitioned table; others inherit plainly.
                if (partition)
                    t.partitionOf = parents.value(0);
                else
                    t.inherits = parents;
                table = &*schema.tables.insert(t.key, t);
            }
            if (row.nextIsNull())
                return; // a table without columns
            Column c;
            QString expr;
            QString identity;
            QString generated;
            row >> c.attnum >> c.name >> c.type >> c.collation >> c.notNull >> expr >> identity >>
                generated >> c.inherited >> c.identityOptions >> c.settings >> c.typeStorage;
            c.identity = identity.isEmpty() ? char(0) : identity.at(0).toLatin1();
            (generated == u"s" ? c.generatedExpr : c.defaultExpr) = expr;
            table->columns.append(c);
        });
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
    // Inherited constraints (a partition's copy of its parent's, a child's of its
    // parent's, also one merged with the child's own) come with the parent; a partition's
    // are kept aside for its detaching.
    forEachRow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(co.conname), co.contype, "
            "pg_catalog.pg_get_constraintdef(co.oid), NOT co.convalidated, "
            "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), chr(31) ORDER BY "
            "k.o) FROM pg_catalog.unnest(co.conkey) WITH ORDINALITY k(n, o) JOIN "
            "pg_catalog.pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n), "
            "(SELECT "_qs +
            qualifiedName(u"fn"_qs, u"fc"_qs) +
            u" FROM pg_catalog.pg_class fc JOIN "
            "pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = co.confrelid), "
            "CASE WHEN co.contype IN ('p', 'u') THEN (SELECT pg_catalog.array_to_string("
            "ic.reloptions, ', ') FROM pg_catalog.pg_class ic WHERE ic.oid = co.conindid) END, "
            "co.conparentid <> 0 OR co.coninhcount > 0, c.relispartition "
            "FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND "_qs +
            kUserSchema + u" ORDER BY 1, 2"_qs,
        "constraints", [&](SqlRow &row) {
            const auto it = schema.tables.find(row.next().toString());
            if (it == schema.tables.end())
                return; // an extension's table
            Constraint c;
            QString kind;
            QString options;
            bool inherited = false;
            bool partition = false;
            row >> c.name >> kind >> c.definition >> c.notValid >> c.columns >> c.referencedTable >>
                options >> inherited >> partition;
            c.kind = constraintKind(kind);
            // pg_get_constraintdef leaves out the storage parameters of a key's index.
            if (!options.isEmpty()) {
                const qsizetype deferrable = c.definition.indexOf(u" DEFERRABLE"_qs);
                c.definition.insert(deferrable < 0 ? c.definition.size() : deferrable,
                                    u" WITH ("_qs + options + u')');
            }
            if (!inherited)
                it->constraints.append(c);
            else if (partition)
                it->clonedConstraints.append(c);
        });
}

void readIndexes(QSqlDatabase &db, Schema &schema)
{
    // Indexes a constraint owns come with the constraint; a partition's copy of its
    // parent's index comes with the parent's (kept, flagged, for its detaching).
    forEachRow(
        db,
        u"SELECT "_qs + qualifiedName(u"n"_qs, u"ic"_qs) +
            u", pg_catalog.quote_ident(ic.relname), "_qs + kRelKey +
            u", pg_catalog.pg_get_indexdef(i.indexrelid), "
            "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), chr(31)) FROM "
            "pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = "
            "ANY(i.indkey)), "
            "c.relkind = 'p', ic.relispartition "
            "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
            "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') "
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = "
            "i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"ic.oid"_qs),
        "indexes", [&](SqlRow &row) {
            Index ix;
            bool partitioned = false;
            row >> ix.key >> ix.name >> ix.table >> ix.definition >> ix.columns >> partitioned >>
                ix.partitionClone;
            // A partitioned table's index reads "ON ONLY t", which would not cascade to the
            // partitions; created without ONLY it builds and attaches theirs, as pg_dump's
            // does.
            if (partitioned)
                ix.definition.replace(u" ON ONLY "_qs, u" ON "_qs);
            schema.indexes.insert(ix.key, ix);
        });
}

void readSequences(QSqlDatabase &db, Schema &schema)
{
    // Identity columns' sequences (deptype 'i') belong to their column.
    forEachRow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, "
            "s.seqmax, s.seqcache, s.seqcycle, "
            "(SELECT "_qs +
            qualifiedName(u"tn"_qs, u"tc"_qs) +
            u" || '.' || pg_catalog.quote_ident(a.attname) FROM "
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
        "sequences", [&](SqlRow &row) {
            Sequence q;
            row >> q.key >> q.schema >> q.name >> q.dataType >> q.start >> q.increment >>
                q.minValue >> q.maxValue >> q.cache >> q.cycle >> q.ownedBy;
            schema.sequences.insert(q.key, q);
        });
}

void readViews(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname), "
            "pg_catalog.pg_get_viewdef(c.oid), c.relkind = 'm', "
            "(SELECT pg_catalog.string_agg(DISTINCT "_qs +
            qualifiedName(u"dn"_qs, u"dc"_qs) +
            u", chr(31)) FROM pg_catalog.pg_rewrite r JOIN "
            "pg_catalog.pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
            "JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid JOIN pg_catalog.pg_namespace dn "
            "ON dn.oid = dc.relnamespace WHERE r.ev_class = c.oid AND d.refclassid = "
            "'pg_class'::regclass AND d.refobjid <> c.oid), "
            "pg_catalog.array_to_string(c.reloptions, chr(31)) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('v', 'm') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs),
        "views", [&](SqlRow &row) {
            View v;
            row >> v.key >> v.schema >> v.name >> v.definition >> v.materialized >> v.dependsOn >>
                v.options;
            v.definition = v.definition.trimmed();
            if (v.definition.endsWith(u';'))
                v.definition.chop(1);
            schema.views.insert(v.key, v);
        });
}

// "schema.name(argument types)" of a function or procedure `p` in namespace `n`: its call
// signature (proargtypes), which is what tells two routines apart, without the names and
// modes pg_get_function_identity_arguments adds ("IN n integer" for a procedure, "n
// integer" for a function), so a renamed parameter or a function that becomes a procedure
// is the same routine changing, not a new one beside the old.
const QString kRoutineKey =
    u"pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(' || "
    "coalesce((SELECT pg_catalog.string_agg(pg_catalog.format_type(a.t, NULL), ', ' ORDER BY "
    "a.o) FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY a(t, o)), '') "
    "|| ')'"_qs;

void readFunctions(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT "_qs + kRoutineKey +
            u", pg_catalog.pg_get_functiondef(p.oid), pg_catalog.pg_get_function_result(p.oid), "
            "pg_catalog.pg_get_function_arguments(p.oid), p.prokind = 'p' FROM pg_catalog.pg_proc "
            "p JOIN pg_catalog.pg_namespace n ON n.oid = "
            "p.pronamespace WHERE p.prokind IN ('f', 'p') AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_proc"_qs, u"p.oid"_qs),
        "functions", [&](SqlRow &row) {
            Function f;
            row >> f.key >> f.definition >> f.result >> f.arguments >> f.procedure;
            f.definition = f.definition.trimmed();
            schema.functions.insert(f.key, f);
        });
}

void readTriggers(QSqlDatabase &db, Schema &schema)
{
    // A partition's clone of its parent's trigger (tgparentid) comes with the parent's.
    forEachRow(db,
               u"SELECT "_qs + kRelKey +
                   u", pg_catalog.quote_ident(t.tgname), pg_catalog.pg_get_triggerdef(t.oid) "
                   "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
                   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT "
                   "t.tgisinternal AND t.tgparentid = 0 AND "_qs +
                   kUserSchema,
               "triggers", [&](SqlRow &row) {
                   Trigger t;
                   row >> t.table >> t.name >> t.definition;
                   schema.triggers.insert(t.table + u'.' + t.name, t);
               });
}

void readComments(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
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
            u" UNION ALL SELECT CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, "_qs +
            kRoutineKey +
            u", NULL, d.description "
            "FROM pg_catalog.pg_description d JOIN pg_catalog.pg_proc p ON p.oid = d.objoid AND "
            "d.classoid = 'pg_catalog.pg_proc'::regclass JOIN pg_catalog.pg_namespace n ON n.oid "
            "= p.pronamespace WHERE "_qs +
            kUserSchema +
            u" UNION ALL SELECT 'SCHEMA', pg_catalog.quote_ident(n.nspname), NULL, d.description "
            "FROM pg_catalog.pg_description d JOIN pg_catalog.pg_namespace n ON n.oid = d.objoid "
            "AND d.classoid = 'pg_catalog.pg_namespace'::regclass WHERE "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_namespace"_qs, u"n.oid"_qs) +
            u" UNION ALL SELECT 'TYPE', pg_catalog.quote_ident(n.nspname) || '.' || "
            "pg_catalog.quote_ident(t.typname), NULL, d.description FROM pg_catalog.pg_description "
            "d JOIN pg_catalog.pg_type t ON t.oid = d.objoid AND d.classoid = "
            "'pg_catalog.pg_type'::regclass JOIN pg_catalog.pg_namespace n ON n.oid = "
            "t.typnamespace WHERE "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs) +
            u" UNION ALL SELECT 'CONSTRAINT', pg_catalog.quote_ident(co.conname) || ' ON ' || "_qs +
            kRelKey +
            u", NULL, d.description FROM pg_catalog.pg_description d JOIN "
            "pg_catalog.pg_constraint co ON co.oid = d.objoid AND d.classoid = "
            "'pg_catalog.pg_constraint'::regclass JOIN pg_catalog.pg_class c ON c.oid = "
            "co.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "_qs +
            kUserSchema +
            u" UNION ALL SELECT 'TRIGGER', pg_catalog.quote_ident(tg.tgname) || ' ON ' || "_qs +
            kRelKey +
            u", NULL, d.description FROM pg_catalog.pg_description d JOIN pg_catalog.pg_trigger "
            "tg ON tg.oid = d.objoid AND d.classoid = 'pg_catalog.pg_trigger'::regclass JOIN "
            "pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid "
            "= c.relnamespace WHERE "_qs +
            kUserSchema +
            u" UNION ALL SELECT 'POLICY', pg_catalog.quote_ident(pol.polname) || ' ON ' || "_qs +
            kRelKey +
            u", NULL, d.description FROM pg_catalog.pg_description d JOIN pg_catalog.pg_policy "
            "pol ON pol.oid = d.objoid AND d.classoid = 'pg_catalog.pg_policy'::regclass JOIN "
            "pg_catalog.pg_class c ON c.oid = pol.polrelid JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE "_qs +
            kUserSchema,
        "comments", [&](SqlRow &row) {
            QString kind, object, column, text;
            row >> kind >> object >> column >> text;
            schema.comments.insert(column.isEmpty()
                                       ? QString(kind + u' ' + object)
                                       : QString(u"COLUMN "_qs + object + u'.' + column),
                                   text);
        });
}

void readPolicies(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT "_qs + kRelKey +
            u", pg_catalog.quote_ident(pol.polname), pol.polpermissive, CASE pol.polcmd "
            "WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN "
            "'DELETE' ELSE 'ALL' END, "_qs +
            kPolicyRoles +
            u", pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), "
            "pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) FROM pg_catalog.pg_policy pol "
            "JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE "_qs +
            kUserSchema,
        "policies", [&](SqlRow &row) {
            Policy p;
            bool permissive = true;
            QString command, roles, qual, check;
            row >> p.table >> p.name >> permissive >> command >> roles >> qual >> check;
            p.definition = u"CREATE POLICY %1 ON %2 AS %3 FOR %4 TO %5"_qs.arg(
                p.name, p.table, permissive ? u"PERMISSIVE"_qs : u"RESTRICTIVE"_qs, command, roles);
            if (!qual.isEmpty())
                p.definition += u" USING ("_qs + qual + u')';
            if (!check.isEmpty())
                p.definition += u" WITH CHECK ("_qs + check + u')';
            schema.policies.insert(p.table + u'.' + p.name, p);
        });
}

// Grants on tables, views (and their columns: "SELECT (email) TO reader" under the table),
// sequences, functions, procedures and schemas, the owner's own left out. NULL ACLs are read as
// their kind's default (acldefault), so a function's default EXECUTE for PUBLIC is listed as a
// grant like any other.
void readPrivileges(QSqlDatabase &db, Schema &schema)
{
    const QString grant = pgacl::grantExpression();
    forEachRow(
        db,
        u"SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || "_qs + kRelKey +
            u", "_qs + grant +
            u" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
            "c.relnamespace, pg_catalog.aclexplode(c.relacl) a WHERE c.relkind IN ('r', 'p', "
            "'v', 'm', 'S') AND a.grantee <> c.relowner AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs) +
            u" UNION ALL SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || "_qs +
            kRelKey + u", "_qs +
            pgacl::grantExpression(u"a"_qs, u"pg_catalog.quote_ident(att.attname)"_qs) +
            u" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
            "c.relnamespace JOIN pg_catalog.pg_attribute att ON att.attrelid = c.oid AND "
            "att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL, "
            "pg_catalog.aclexplode(att.attacl) a WHERE c.relkind IN ('r', 'p', 'v', 'm') AND "
            "a.grantee <> c.relowner AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_class"_qs, u"c.oid"_qs) +
            u" UNION ALL SELECT CASE WHEN p.prokind = 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END "
            "|| "_qs +
            kRoutineKey + u", "_qs + grant +
            u" FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = "
            "p.pronamespace, pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', "
            "p.proowner))) a WHERE p.prokind IN ('f', 'p') AND a.grantee <> p.proowner AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_proc"_qs, u"p.oid"_qs) +
            u" UNION ALL SELECT 'SCHEMA ' || pg_catalog.quote_ident(n.nspname), "_qs + grant +
            u" FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a WHERE "
            "a.grantee <> n.nspowner AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_namespace"_qs, u"n.oid"_qs),
        "privileges", [&](SqlRow &row) {
            QString target, text;
            row >> target >> text;
            schema.privileges[target].append(text);
        });
}

// User-defined types GRANT ... ON TYPE names (enums, domains, ranges, standalone composite
// types; not a table's row type nor an array), each listed in Schema::types, and their
// grants under "TYPE key". A NULL typacl is read as the default (USAGE for PUBLIC), so a
// type that lists none has had it revoked, as a function's EXECUTE.
void readTypePrivileges(QSqlDatabase &db, Schema &schema)
{
    forEachRow(
        db,
        u"SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname), "_qs +
            pgacl::grantExpression() +
            u" FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
            "t.typnamespace LEFT JOIN LATERAL pg_catalog.aclexplode(coalesce(t.typacl, "
            "pg_catalog.acldefault('T', t.typowner))) a ON a.grantee <> t.typowner WHERE "
            "(t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c'))) AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs),
        "type privileges", [&](SqlRow &row) {
            const QString key = row.next().toString();
            if (!schema.types.contains(key))
                schema.types.append(key);
            if (!row.nextIsNull())
                schema.privileges[u"TYPE "_qs + key].append(row.next().toString());
        });
    schema.types.sort();
}

// The version table and the ledger are Retort's bookkeeping, not the user's schema.
void dropBookkeeping(Schema &schema, const QStringList &excludedTables)
{
    schema.tables.removeIf([&](const auto &it) { return excludedTables.contains(it->name); });
    const auto relationGone = [&](const QString &key) {
        return !schema.tables.contains(key) && !schema.views.contains(key);
    };
    schema.sequences.removeIf([&](const auto &it) {
        return !it->ownedBy.isEmpty() && !schema.tables.contains(it->ownedBy.section(u'.', 0, 1));
    });
    schema.triggers.removeIf([&](const auto &it) { return relationGone(it->table); });
    schema.indexes.removeIf([&](const auto &it) { return relationGone(it->table); });
    schema.policies.removeIf([&](const auto &it) { return relationGone(it->table); });
    schema.privileges.removeIf([&](const auto &it) {
        const QString &target = it.key();
        if (target.startsWith(u"TABLE "_qs))
            return relationGone(target.mid(6));
        if (target.startsWith(u"SEQUENCE "_qs))
            return !schema.sequences.contains(target.mid(9));
        return false;
    });
}

} // namespace

Schema readPostgresSchema(QSqlDatabase &db, const QStringList &excludedTables)
{
    Schema schema;
    schema.dialect = u"postgresql"_qs;
    readSchemasAndExtensions(db, schema);
    readEnums(db, schema);
    readDomainsAndCompositeTypes(db, schema);
    readTables(db, schema);
    readConstraints(db, schema);
    readSequences(db, schema);
    readViews(db, schema);
    readIndexes(db, schema);
    readFunctions(db, schema);
    readTriggers(db, schema);
    readComments(db, schema);
    readPolicies(db, schema);
    readPrivileges(db, schema);
    readTypePrivileges(db, schema);
    for (QStringList &grants : schema.privileges)
        grants.sort();
    schema.defaultPrivileges = readDefaultPrivileges(db);
    dropBookkeeping(schema, excludedTables);
    return schema;
}

} // namespace retort::diff
