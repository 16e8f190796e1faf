// Domains and composite types of the PostgreSQL diff, read in one catalog query each.
// Both are altered in place (ALTER DOMAIN, ALTER TYPE ... ATTRIBUTE) so the columns that
// use them keep their values; only a domain's new base type needs it dropped and created.
#include "diff/PostgresCatalog.h"
#include "diff/PostgresDiffParts.h"

namespace retort::diff {

namespace pgcatalog {

void readDomainsAndCompositeTypes(QSqlDatabase &db, Schema &schema)
{
    const QString typeKey = u"pg_catalog.quote_ident(n.nspname) || '.' || "
                            "pg_catalog.quote_ident(t.typname)"_qs;
    forEachRow(
        db,
        u"SELECT "_qs + typeKey + u", pg_catalog.format_type(t.typbasetype, t.typtypmod), "_qs +
            collationName(u"t.typcollation"_qs, u"b.typcollation"_qs, u" COLLATE "_qs) +
            u", pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typnotnull, "
            "(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(k.conname) || ' ' || "
            "pg_catalog.pg_get_constraintdef(k.oid), chr(31) ORDER BY k.conname) FROM "
            "pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') "
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
            "JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype WHERE t.typtype = 'd' AND "_qs +
            kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs),
        "domains", [&](SqlRow &row) {
            Domain d;
            row >> d.key >> d.baseType >> d.collation >> d.defaultExpr >> d.notNull >> d.checks;
            schema.domains.insert(d.key, d);
        });
    forEachRow(db,
               u"SELECT "_qs + typeKey +
                   u", (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || chr(30) "
                   "|| pg_catalog.format_type(a.atttypid, a.atttypmod) || coalesce("_qs +
                   collationName(u"a.attcollation"_qs, u"at.typcollation"_qs, u" COLLATE "_qs) +
                   u", '')"_qs +
                   u", chr(31) ORDER BY a.attnum) FROM pg_catalog.pg_attribute a JOIN "
                   "pg_catalog.pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid "
                   "AND a.attnum > 0 AND NOT a.attisdropped) FROM pg_catalog.pg_type t JOIN "
                   "pg_catalog.pg_namespace n ON n.oid = t.typnamespace JOIN pg_catalog.pg_class "
                   "c ON c.oid = t.typrelid AND c.relkind = 'c' WHERE t.typtype = 'c' AND "_qs +
                   kUserSchema + u" AND "_qs + notFromExtension(u"pg_type"_qs, u"t.oid"_qs),
               "composite types", [&](SqlRow &row) {
                   CompositeType c;
                   QStringList attributes;
                   row >> c.key >> attributes;
                   for (const QString &a : attributes) {
                       Column attribute;
                       attribute.name = a.section(QChar(30), 0, 0);
                       attribute.type = a.section(QChar(30), 1);
                       c.attributes.append(attribute);
                   }
                   schema.compositeTypes.insert(c.key, c);
               });
}

} // namespace pgcatalog

namespace pg {

namespace {

QString domainCreate(const Domain &d)
{
    QString sql = u"CREATE DOMAIN %1 AS %2%3"_qs.arg(d.key, d.baseType, d.collation);
    if (!d.defaultExpr.isEmpty())
        sql += u" DEFAULT "_qs + d.defaultExpr;
    if (d.notNull)
        sql += u" NOT NULL"_qs;
    for (const QString &check : d.checks)
        sql += u" CONSTRAINT "_qs + check;
    return sql;
}

QString checkName(const QString &check)
{
    return check.left(check.indexOf(u" CHECK "_qs));
}

void diffDomain(const Domain &f, const Domain &t, PlanBuilder &plan)
{
    const QString alter = u"ALTER DOMAIN "_qs + t.key;
    QStringList details;
    if (f.baseType != t.baseType || f.collation != t.collation) {
        plan.add(CreateType, u"DROP DOMAIN "_qs + t.key);
        plan.add(CreateType, domainCreate(t),
                 {u"domain %1 changes its base type or collation, which ALTER DOMAIN cannot "
                  "do: it is dropped and created again, which fails while a column uses it"_qs.arg(
                      t.key)});
        plan.change(Change::Kind::Changed, u"domain"_qs, t.key, u"base type"_qs);
        return;
    }
    if (f.defaultExpr != t.defaultExpr) {
        plan.add(CreateType,
                 alter + (t.defaultExpr.isEmpty() ? u" DROP DEFAULT"_qs
                                                  : u" SET DEFAULT "_qs + t.defaultExpr));
        details.append(u"default"_qs);
    }
    if (f.notNull != t.notNull) {
        plan.add(CreateType, alter + (t.notNull ? u" SET NOT NULL"_qs : u" DROP NOT NULL"_qs),
                 t.notNull ? QStringList{u"SET NOT NULL on domain %1 fails if a column of it "
                                         "holds a NULL"_qs.arg(t.key)}
                           : QStringList{});
        details.append(t.notNull ? u"set not null"_qs : u"drop not null"_qs);
    }
    // A check cannot be altered: one that changes is dropped and added again (checking
    // every value of the columns of the domain).
    for (const QString &c : f.checks)
        if (!t.checks.contains(c)) {
            plan.add(CreateType, alter + u" DROP CONSTRAINT "_qs + checkName(c));
            details.append(u"drop "_qs + checkName(c));
        }
    for (const QString &c : t.checks)
        if (!f.checks.contains(c)) {
            plan.add(CreateType, alter + u" ADD CONSTRAINT "_qs + c,
                     {u"ADD CONSTRAINT on domain %1 checks every value of the columns that use "
                      "it"_qs.arg(t.key)});
            details.append(u"add "_qs + checkName(c));
        }
    if (!details.isEmpty())
        plan.change(Change::Kind::Changed, u"domain"_qs, t.key, details.join(u", "_qs));
}

QString compositeCreate(const CompositeType &c)
{
    QStringList attributes;
    for (const Column &a : c.attributes)
        attributes.append(a.name + u' ' + a.type);
    return u"CREATE TYPE %1 AS (%2)"_qs.arg(c.key, attributes.join(u", "_qs));
}

const Column *attribute(const CompositeType &c, const QString &name)
{
    for (const Column &a : c.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

void diffComposite(const CompositeType &f, const CompositeType &t, PlanBuilder &plan)
{
    QStringList actions;
    for (const Column &a : f.attributes)
        if (!attribute(t, a.name))
            actions.append(u"DROP ATTRIBUTE "_qs + a.name);
    for (const Column &a : t.attributes) {
        const Column *old = attribute(f, a.name);
        if (!old)
            actions.append(u"ADD ATTRIBUTE "_qs + a.name + u' ' + a.type);
        else if (old->type != a.type)
            actions.append(u"ALTER ATTRIBUTE "_qs + a.name + u" TYPE "_qs + a.type);
    }
    if (actions.isEmpty())
        return;
    plan.add(CreateType, u"ALTER TYPE "_qs + t.key + u' ' + actions.join(u", "_qs),
             {u"attributes of composite type %1 change: PostgreSQL refuses while a table "
              "column is of the type (change that column first); values of it lose the "
              "attributes dropped"_qs.arg(t.key)});
    plan.change(Change::Kind::Changed, u"composite type"_qs, t.key, actions.join(u", "_qs));
}

// Creates, alters and drops the types of one kind (`T`: Domain or CompositeType).
template <typename T, typename Create, typename Alter>
void diffTypes(const QMap<QString, T> &from, const QMap<QString, T> &to, const QString &what,
               const QString &dropKeyword, Create create, Alter alter, PlanBuilder &plan)
{
    for (const T &t : to) {
        ObjectScope scope(plan);
        const auto f = from.constFind(t.key);
        if (f == from.constEnd()) {
            plan.add(CreateType, create(t));
            plan.change(Change::Kind::Added, what, t.key);
        } else {
            alter(*f, t, plan);
        }
    }
    for (const T &f : from)
        if (!to.contains(f.key)) {
            ObjectScope scope(plan);
            plan.add(DropType, dropKeyword + f.key);
            plan.change(Change::Kind::Removed, what, f.key);
        }
}

} // namespace

void diffDomainsAndCompositeTypes(const Schema &from, const Schema &to, PlanBuilder &plan)
{
    diffTypes(from.domains, to.domains, u"domain"_qs, u"DROP DOMAIN "_qs, domainCreate, diffDomain,
              plan);
    diffTypes(from.compositeTypes, to.compositeTypes, u"composite type"_qs, u"DROP TYPE "_qs,
              compositeCreate, diffComposite, plan);
}

} // namespace pg

} // namespace retort::diff
