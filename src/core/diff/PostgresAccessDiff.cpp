// Who may do what: row-level security policies and privileges (GRANT/REVOKE) of the
// PostgreSQL diff. Neither holds data, so a changed policy is dropped and created again;
// privileges (of objects and their columns, and the defaults for objects created later)
// are granted and revoked one by one against what the object will have after the rest of
// the plan (a created or recreated object starts from its kind's default, not from what
// the old one had).
#include "db/PostgresAcl.h"
#include "diff/PostgresDefaultPrivileges.h"
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

#include <QHash>
#include <QRegularExpression>

namespace retort::diff::pg {

void diffPolicies(const TableDiffContext &ctx, PlanBuilder &plan)
{
    // A policy on a table whose columns change is rebuilt: PostgreSQL refuses to retype
    // or drop a column a policy uses.
    diffTableAttachments(
        ctx.from.policies, ctx.to.policies, u"POLICY"_qs,
        [&](const QString &table) { return ctx.alteredTables.contains(table); },
        [&](const QString &table) { return ctx.droppedTables.contains(table); }, plan);
}

namespace {

struct Target {
    QString kind; // TABLE, SEQUENCE, FUNCTION, PROCEDURE, SCHEMA, TYPE
    QString object;
};

Target split(const QString &target)
{
    const qsizetype space = target.indexOf(u' ');
    return {target.left(space), target.mid(space + 1)};
}

bool exists(const Schema &schema, const Target &t)
{
    if (t.kind == u"TABLE")
        return schema.tables.contains(t.object) || schema.views.contains(t.object);
    if (t.kind == u"SEQUENCE")
        return schema.sequences.contains(t.object);
    if (t.kind == u"SCHEMA")
        return t.object == u"public" || schema.schemas.contains(t.object);
    if (t.kind == u"TYPE")
        return schema.types.contains(t.object);
    // A routine that changes kind is another object to GRANT.
    const auto f = schema.functions.constFind(t.object);
    return f != schema.functions.constEnd() && f->procedure == (t.kind == u"PROCEDURE");
}

// What ALTER DEFAULT PRIVILEGES calls the kind of a target, and the schema it is in.
std::pair<QString, QString> defaultsKindAndSchema(const Target &t)
{
    if (t.kind == u"SCHEMA")
        return {u"SCHEMAS"_qs, {}};
    const QString schema = t.object.section(u'.', 0, 0);
    if (t.kind == u"TABLE")
        return {u"TABLES"_qs, schema};
    if (t.kind == u"SEQUENCE")
        return {u"SEQUENCES"_qs, schema};
    if (t.kind == u"TYPE")
        return {u"TYPES"_qs, schema};
    return {u"FUNCTIONS"_qs, schema};
}

// A column grant ("SELECT (email) TO reader"): its privilege, column and " TO ..." rest.
const QRegularExpression &columnGrant()
{
    static const QRegularExpression re(u"^(\\w+) \\((.+?)\\)( TO .+)$"_qs);
    return re;
}

// A continued table's grants as they stand once its columns are altered: a column grant
// follows its column's rename, and goes with a column that is dropped (or dropped and
// added again for a new generated expression).
QStringList followColumns(const TableDiffContext &ctx, const Table &source, const Table &to,
                          const QStringList &grants)
{
    QHash<QString, QString> continued; // FROM column -> TO column
    for (const Column &t : to.columns) {
        const QString old = continuedColumn(ctx.renames, source, to, t.name);
        const Column *f = source.column(old);
        if (f && f->generatedExpr == t.generatedExpr)
            continued.insert(old, t.name);
    }
    QStringList out;
    for (const QString &g : grants) {
        const auto m = columnGrant().match(g);
        if (!m.hasMatch()) {
            out.append(g);
            continue;
        }
        const QString column = continued.value(m.captured(2));
        if (!column.isEmpty())
            out.append(m.captured(1) + u" ("_qs + column + u')' + m.captured(3));
    }
    return out;
}

// The grants `target` has on the FROM side once the plan has created or replaced the
// objects it creates or replaces: those of the object it continues; for one the plan
// creates, what it may get by default (`created`).
struct Before {
    QStringList grants;
    bool created = false;
};

Before grantsBefore(const TableDiffContext &ctx, const Target &t)
{
    if (t.kind == u"TABLE") {
        if (ctx.to.views.contains(t.object))
            return ctx.from.views.contains(t.object) && !ctx.rebuiltViews.contains(t.object)
                       ? Before{ctx.from.privileges.value(u"TABLE "_qs + t.object)}
                       : Before{{}, true};
        const Table &to = ctx.to.tables[t.object];
        const Table *source = sourceTable(ctx, to);
        return source ? Before{followColumns(ctx, *source, to,
                                             ctx.from.privileges.value(u"TABLE "_qs + source->key))}
                      : Before{{}, true};
    }
    if (t.kind == u"FUNCTION" || t.kind == u"PROCEDURE") {
        const auto f = ctx.from.functions.constFind(t.object);
        const Function &to = ctx.to.functions[t.object];
        const bool replaced = f == ctx.from.functions.constEnd() || f->needsRecreate(to) ||
                              ctx.recreatedRoutines.contains(t.object);
        return replaced ? Before{{}, true}
                        : Before{ctx.from.privileges.value(t.kind + u' ' + t.object)};
    }
    // An enum recreated by the rename-create-recast dance starts from the defaults.
    if (t.kind == u"TYPE" && ctx.recreatedEnums.contains(t.object))
        return Before{{}, true};
    return exists(ctx.from, t) ? Before{ctx.from.privileges.value(t.kind + u' ' + t.object)}
                               : Before{{}, true};
}

void diffDefaultPrivileges(const TableDiffContext &ctx, PlanBuilder &plan)
{
    const auto schemaGone = [&](const QString &schema) {
        return schema != u"public" && !ctx.to.schemas.contains(schema);
    };
    QMap<QString, QVector<DefaultPrivilegeChange>> byKey;
    for (const DefaultPrivilegeChange &c :
         defaultPrivilegeChanges(ctx.from.defaultPrivileges, ctx.to.defaultPrivileges, schemaGone))
        byKey[c.key].append(c);
    for (auto it = byKey.constBegin(); it != byKey.constEnd(); ++it) {
        ObjectScope scope(plan);
        QStringList details;
        for (const DefaultPrivilegeChange &c : *it) {
            plan.add(DefaultPrivileges, c.sql);
            details.append(c.detail);
        }
        plan.change(Change::Kind::Changed, u"default privileges"_qs, it.key(),
                    details.join(u", "_qs));
    }
}

} // namespace

void diffPrivileges(const TableDiffContext &ctx, PlanBuilder &plan)
{
    // Early in the plan (DefaultPrivileges phase): what the plan creates gets TO's defaults.
    diffDefaultPrivileges(ctx, plan);
    QStringList targets = ctx.to.privileges.keys();
    // A routine with no grants listed has had its default EXECUTE for PUBLIC revoked, a
    // type its USAGE.
    for (const Function &f : ctx.to.functions) {
        const QString target = (f.procedure ? u"PROCEDURE "_qs : u"FUNCTION "_qs) + f.key;
        if (!ctx.to.privileges.contains(target))
            targets.append(target);
    }
    for (const QString &type : ctx.to.types)
        if (!ctx.to.privileges.contains(u"TYPE "_qs + type))
            targets.append(u"TYPE "_qs + type);
    for (const QString &target : ctx.from.privileges.keys())
        if (!ctx.to.privileges.contains(target))
            targets.append(target);
    // With default privileges, what the plan creates may get grants TO's object lacks.
    if (!ctx.to.defaultPrivileges.isEmpty()) {
        for (const QString &key : ctx.to.tables.keys() + ctx.to.views.keys())
            targets.append(u"TABLE "_qs + key);
        for (const QString &key : ctx.to.sequences.keys())
            targets.append(u"SEQUENCE "_qs + key);
        for (const QString &schema : ctx.to.schemas)
            targets.append(u"SCHEMA "_qs + schema);
        targets.removeDuplicates();
    }
    // A renamed table's grants are under its old name in FROM.
    for (auto it = ctx.renames.tables.constBegin(); it != ctx.renames.tables.constEnd(); ++it)
        targets.removeAll(u"TABLE "_qs + it.value());
    for (const QString &target : targets) {
        const Target t = split(target);
        if (!exists(ctx.to, t))
            continue; // dropped, its grants with it
        ObjectScope scope(plan);
        const Before before = grantsBefore(ctx, t);
        const QStringList after = ctx.to.privileges.value(target);
        // A created object gets the defaults' grants; which role's apply depends on who runs
        // the plan, so when any may, each grant of TO is made (a no-op when it is there)
        // and each the defaults may give that TO lacks is revoked.
        QStringList revoked = before.grants;
        QStringList held = before.grants;
        if (before.created) {
            const auto [kind, schema] = defaultsKindAndSchema(t);
            revoked = grantsByDefault(ctx.to.defaultPrivileges, kind, schema);
            held = hasDefaultPrivileges(ctx.to.defaultPrivileges, kind, schema) ? QStringList()
                                                                                : revoked;
        }
        QStringList details;
        QVector<int> statements;
        for (const QString &g : revoked)
            if (!after.contains(g)) {
                statements.append(plan.add(Privileges, pgacl::revokeStatement(target, g)));
                details.append(u"revoke "_qs + g);
            }
        for (const QString &g : after)
            if (!held.contains(g)) {
                statements.append(plan.add(Privileges, pgacl::grantStatement(target, g)));
                details.append(u"grant "_qs + g);
            }
        if (details.isEmpty())
            continue;
        if (exists(ctx.from, t)) {
            plan.change(Change::Kind::Changed, u"privileges"_qs, target, details.join(u", "_qs));
        } else { // a new object's grants are part of creating it
            const int created = plan.changeOf(t.object);
            for (const int statement : statements)
                if (created >= 0)
                    plan.claim(created, statement);
        }
    }
}

} // namespace retort::diff::pg
