// Comments of the PostgreSQL diff (COMMENT ON ...), keyed by what the statement names
// (Schema::comments). A comment goes with its object: one the plan drops and creates
// again (a rebuilt view, a recreated routine, index, constraint, trigger, policy or enum)
// has lost it, so TO's is set again as part of that change; one on an object the plan
// drops is not cleared by itself.
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

namespace retort::diff::pg {

namespace {

// The TO table that continues the FROM table `key` (the same, or renamed), or empty.
QString continuingTable(const TableDiffContext &ctx, const QString &key)
{
    for (const Table &t : ctx.to.tables) {
        const Table *source = sourceTable(ctx, t);
        if (source && source->key == key)
            return t.key;
    }
    return {};
}

// "table.column" in TO of the FROM column `qualified` ("schema.table.column"), following
// renames of both, or empty when it does not continue.
QString continuingColumn(const TableDiffContext &ctx, const QString &qualified)
{
    const QString table = continuingTable(ctx, qualified.section(u'.', 0, 1));
    if (table.isEmpty())
        return {};
    const Table &to = ctx.to.tables[table];
    const Table *source = sourceTable(ctx, to);
    for (const Column &c : to.columns)
        if (continuedColumn(ctx.renames, *source, to, c.name) == qualified.section(u'.', 2) &&
            source->column(qualified.section(u'.', 2)))
            return table + u'.' + c.name;
    return {};
}

// A comment's key as the kind of object it names and the rest ("public.t", "c ON public.t").
struct Target {
    QString kind;
    QString object;
    // For kinds named "name ON table": the two parts.
    QString name() const { return object.section(u" ON "_qs, 0, 0); }
    QString table() const { return object.section(u" ON "_qs, 1); }
};

Target split(const QString &key)
{
    for (const char *k :
         {"MATERIALIZED VIEW", "TABLE", "VIEW", "INDEX", "SEQUENCE", "FUNCTION", "PROCEDURE",
          "COLUMN", "SCHEMA", "TYPE", "CONSTRAINT", "TRIGGER", "POLICY"}) {
        const QString kind = QString::fromLatin1(k);
        if (key.startsWith(kind + u' '))
            return {kind, key.mid(kind.size() + 1)};
    }
    return {};
}

// Whether `from` and `to` (a trigger's or policy's map) both hold `key`, with different
// definitions.
template <typename T>
bool redefined(const QMap<QString, T> &from, const QMap<QString, T> &to, const QString &key)
{
    const auto f = from.constFind(key);
    const auto t = to.constFind(key);
    return f != from.constEnd() && t != to.constEnd() && f->definition != t->definition;
}

// The name of the change that drops the object `t` names and creates it again (taking its
// comment), or empty when the plan keeps it (or has no such object on both sides).
QString recreatedBy(const TableDiffContext &ctx, const Target &t)
{
    for (const QString &v : ctx.rebuiltViews) // a view's own and its columns' comments
        if (t.object == v || t.object.startsWith(v + u'.') || t.table() == v)
            return v;
    if (t.kind == u"FUNCTION" || t.kind == u"PROCEDURE") {
        return ctx.recreatedRoutines.contains(t.object) ? t.object : QString();
    }
    if (t.kind == u"INDEX") {
        const auto f = ctx.from.indexes.constFind(t.object);
        const auto to = ctx.to.indexes.constFind(t.object);
        if (to != ctx.to.indexes.constEnd() && ctx.rebuiltViews.contains(to->table))
            return to->table; // a materialized view's, made again with it
        return f != ctx.from.indexes.constEnd() && to != ctx.to.indexes.constEnd() &&
                       (f->definition != to->definition || ctx.regenerates(to->table, f->columns))
                   ? t.object
                   : QString();
    }
    if (t.kind == u"TYPE")
        return ctx.recreatedEnums.contains(t.object) ? t.object : QString();
    if (t.kind == u"CONSTRAINT") {
        const auto f = ctx.from.tables.constFind(t.table());
        const auto to = ctx.to.tables.constFind(t.table());
        if (f == ctx.from.tables.constEnd() || to == ctx.to.tables.constEnd())
            return {};
        const Constraint *fc = f->constraint(t.name());
        const Constraint *tc = to->constraint(t.name());
        return fc && tc &&
                       (fc->definition != tc->definition || ctx.regenerates(to->key, fc->columns))
                   ? to->key + u'.' + t.name()
                   : QString();
    }
    const QString attachment = t.table() + u'.' + t.name();
    if (t.kind == u"TRIGGER")
        return redefined(ctx.from.triggers, ctx.to.triggers, attachment) ? attachment : QString();
    if (t.kind == u"POLICY")
        return redefined(ctx.from.policies, ctx.to.policies, attachment) ||
                       (ctx.to.policies.contains(attachment) &&
                        ctx.alteredTables.contains(t.table()))
                   ? attachment
                   : QString();
    return {};
}

// Whether the object a FROM comment names is still there (under the same key) once the
// plan has run, so clearing the comment needs a statement; `target` becomes its key in TO
// (a renamed table or column).
bool keeps(const TableDiffContext &ctx, const Target &t, QString &target)
{
    target = t.object;
    if (!recreatedBy(ctx, t).isEmpty())
        return false;
    if (t.kind == u"TABLE") {
        target = continuingTable(ctx, t.object);
        return !target.isEmpty();
    }
    if (t.kind == u"VIEW" || t.kind == u"MATERIALIZED VIEW")
        return ctx.to.views.contains(t.object);
    if (t.kind == u"INDEX")
        return ctx.to.indexes.contains(t.object);
    if (t.kind == u"SEQUENCE")
        return ctx.to.sequences.contains(t.object);
    if (t.kind == u"FUNCTION" || t.kind == u"PROCEDURE")
        return ctx.to.functions.contains(t.object);
    if (t.kind == u"SCHEMA")
        return t.object == u"public" || ctx.to.schemas.contains(t.object);
    if (t.kind == u"TYPE")
        return ctx.to.types.contains(t.object);
    if (t.kind == u"CONSTRAINT") {
        const auto to = ctx.to.tables.constFind(t.table());
        return to != ctx.to.tables.constEnd() && ctx.from.tables.contains(t.table()) &&
               to->constraint(t.name());
    }
    if (t.kind == u"TRIGGER")
        return ctx.to.triggers.contains(t.table() + u'.' + t.name());
    if (t.kind == u"POLICY")
        return ctx.to.policies.contains(t.table() + u'.' + t.name());
    if (t.kind == u"COLUMN" && ctx.to.views.contains(t.object.section(u'.', 0, 1)))
        return ctx.from.views.contains(t.object.section(u'.', 0, 1)); // kept with its view
    if (t.kind == u"COLUMN") {
        target = continuingColumn(ctx, t.object);
        return !target.isEmpty();
    }
    return false;
}

} // namespace

void diffComments(const TableDiffContext &ctx, PlanBuilder &plan)
{
    for (auto it = ctx.to.comments.constBegin(); it != ctx.to.comments.constEnd(); ++it) {
        const auto f = ctx.from.comments.constFind(it.key());
        const QString recreated = recreatedBy(ctx, split(it.key()));
        if (f != ctx.from.comments.constEnd() && *f == *it && recreated.isEmpty())
            continue;
        ObjectScope scope(plan);
        const int statement =
            plan.add(Comment, u"COMMENT ON %1 IS %2"_qs.arg(it.key(), sqlLiteral(*it)));
        if (f == ctx.from.comments.constEnd() || *f != *it)
            plan.change(Change::Kind::Changed, u"comment"_qs, it.key());
        else if (plan.changeOf(recreated) >= 0) // set again, as a part of recreating it
            plan.claim(plan.changeOf(recreated), statement);
    }
    for (auto it = ctx.from.comments.constBegin(); it != ctx.from.comments.constEnd(); ++it) {
        if (ctx.to.comments.contains(it.key()))
            continue;
        ObjectScope scope(plan);
        const Target t = split(it.key());
        QString target;
        const bool kept = keeps(ctx, t, target);
        // A renamed table or column takes its comment along: TO's is set above, or it is
        // cleared under its new name.
        const QString now = t.kind + u' ' + target;
        if (kept && now != it.key() && ctx.to.comments.contains(now))
            continue;
        if (kept)
            plan.add(Comment, u"COMMENT ON %1 IS NULL"_qs.arg(now));
        plan.change(Change::Kind::Removed, u"comment"_qs, it.key());
    }
}

} // namespace retort::diff::pg
