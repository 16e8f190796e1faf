// Who may do what: row-level security policies and privileges (GRANT/REVOKE) of the
// PostgreSQL diff. Neither holds data, so a changed policy is dropped and created again;
// privileges are granted and revoked one by one against what the object will have
// after the rest of the plan (a created or recreated object starts from its kind's
// default, not from what the old one had).
#include "db/PostgresAcl.h"
#include "diff/PostgresDiffParts.h"

namespace retort::diff::pg {

void diffPolicies(const TableDiffContext &ctx, PlanBuilder &plan)
{
    // A policy on a table whose columns change is rebuilt: PostgreSQL refuses to retype
    // or drop a column a policy uses.
    const auto rebuilt = [&](const Policy &p) { return ctx.alteredTables.contains(p.table); };
    for (auto it = ctx.from.policies.constBegin(); it != ctx.from.policies.constEnd(); ++it) {
        const auto t = ctx.to.policies.constFind(it.key());
        if (t != ctx.to.policies.constEnd() && t->definition == it->definition && !rebuilt(*t))
            continue;
        if (!ctx.droppedTables.contains(it->table))
            plan.add(DropTrigger, u"DROP POLICY %1 ON %2"_qs.arg(it->name, it->table));
        if (t == ctx.to.policies.constEnd())
            plan.change(Change::Kind::Removed, u"policy"_qs, it.key());
    }
    for (auto it = ctx.to.policies.constBegin(); it != ctx.to.policies.constEnd(); ++it) {
        const auto f = ctx.from.policies.constFind(it.key());
        const bool same = f != ctx.from.policies.constEnd() && f->definition == it->definition;
        if (same && !rebuilt(*it))
            continue;
        plan.add(CreateTrigger, it->definition);
        if (!same)
            plan.change(f == ctx.from.policies.constEnd() ? Change::Kind::Added
                                                          : Change::Kind::Changed,
                        u"policy"_qs, it.key(), it->definition);
    }
}

namespace {

struct Target {
    QString kind; // TABLE, SEQUENCE, FUNCTION, PROCEDURE, SCHEMA
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
    return schema.functions.contains(t.object);
}

// The grants `target` has on the FROM side once the plan has created or replaced the
// objects it creates or replaces: those of the object it continues, or its kind's
// default for a new one.
QStringList grantsBefore(const TableDiffContext &ctx, const Target &t)
{
    static const QStringList routineDefault = {u"EXECUTE TO PUBLIC"_qs};
    const QStringList none;
    if (t.kind == u"TABLE") {
        if (ctx.to.views.contains(t.object))
            return ctx.from.views.contains(t.object) && !ctx.rebuiltViews.contains(t.object)
                       ? ctx.from.privileges.value(u"TABLE "_qs + t.object)
                       : none;
        const Table *source = sourceTable(ctx, ctx.to.tables[t.object]);
        return source ? ctx.from.privileges.value(u"TABLE "_qs + source->key) : none;
    }
    if (t.kind == u"FUNCTION" || t.kind == u"PROCEDURE") {
        const auto f = ctx.from.functions.constFind(t.object);
        const Function &to = ctx.to.functions[t.object];
        const bool replaced = f == ctx.from.functions.constEnd() || f->result != to.result ||
                              f->procedure != to.procedure;
        return replaced ? routineDefault : ctx.from.privileges.value(t.kind + u' ' + t.object);
    }
    return exists(ctx.from, t) ? ctx.from.privileges.value(t.kind + u' ' + t.object) : none;
}

} // namespace

void diffPrivileges(const TableDiffContext &ctx, PlanBuilder &plan)
{
    QStringList targets = ctx.to.privileges.keys();
    // A routine with no grants listed has had its default EXECUTE for PUBLIC revoked.
    for (const Function &f : ctx.to.functions) {
        const QString target = (f.procedure ? u"PROCEDURE "_qs : u"FUNCTION "_qs) + f.key;
        if (!ctx.to.privileges.contains(target))
            targets.append(target);
    }
    for (const QString &target : ctx.from.privileges.keys())
        if (!ctx.to.privileges.contains(target))
            targets.append(target);
    // A renamed table's grants are under its old name in FROM.
    for (auto it = ctx.renames.tables.constBegin(); it != ctx.renames.tables.constEnd(); ++it)
        targets.removeAll(u"TABLE "_qs + it.value());
    for (const QString &target : targets) {
        const Target t = split(target);
        if (!exists(ctx.to, t))
            continue; // dropped, its grants with it
        const QStringList before = grantsBefore(ctx, t);
        const QStringList after = ctx.to.privileges.value(target);
        QStringList details;
        for (const QString &g : before)
            if (!after.contains(g)) {
                plan.add(Privileges, pgacl::revokeStatement(target, g));
                details.append(u"revoke "_qs + g);
            }
        for (const QString &g : after)
            if (!before.contains(g)) {
                plan.add(Privileges, pgacl::grantStatement(target, g));
                details.append(u"grant "_qs + g);
            }
        if (!details.isEmpty() && exists(ctx.from, t))
            plan.change(Change::Kind::Changed, u"privileges"_qs, target, details.join(u", "_qs));
    }
}

} // namespace retort::diff::pg
