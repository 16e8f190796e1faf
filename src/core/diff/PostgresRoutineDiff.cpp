// Functions, procedures, triggers and comments of the PostgreSQL diff.
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

namespace retort::diff::pg {

// CREATE OR REPLACE keeps a function's identity (and what depends on it); only a new
// result type needs DROP and CREATE. Bodies are not checked at creation (as pg_dump does),
// so a SQL function may name a table created later in the same plan.
void diffFunctions(const TableDiffContext &ctx, PlanBuilder &plan)
{
    bool bodiesUnchecked = false;
    for (const Function &t : ctx.to.functions) {
        const auto f = ctx.from.functions.constFind(t.key);
        if (f != ctx.from.functions.constEnd() && f->definition == t.definition)
            continue;
        if (!bodiesUnchecked) {
            plan.add(CreateFunction, u"SET LOCAL check_function_bodies = false"_qs);
            bodiesUnchecked = true;
        }
        ObjectScope scope(plan);
        const char *what = t.procedure ? "PROCEDURE " : "FUNCTION ";
        if (f != ctx.from.functions.constEnd() &&
            (f->result != t.result || f->procedure != t.procedure))
            plan.add(CreateFunction,
                     u"DROP "_qs + QString::fromLatin1(f->procedure ? "PROCEDURE " : "FUNCTION ") +
                         t.key);
        plan.add(CreateFunction, t.definition);
        plan.change(f == ctx.from.functions.constEnd() ? Change::Kind::Added
                                                       : Change::Kind::Changed,
                    QString::fromLatin1(what).trimmed().toLower(), t.key);
    }
    for (const Function &f : ctx.from.functions)
        if (!ctx.to.functions.contains(f.key)) {
            ObjectScope scope(plan);
            plan.add(DropFunction,
                     (f.procedure ? u"DROP PROCEDURE "_qs : u"DROP FUNCTION "_qs) + f.key);
            plan.change(Change::Kind::Removed, f.procedure ? u"procedure"_qs : u"function"_qs,
                        f.key);
        }
}

void diffTriggers(const TableDiffContext &ctx, PlanBuilder &plan)
{
    // A dropped table or rebuilt view takes its triggers with it; a rebuilt view's are
    // created again.
    const auto gone = [&](const QString &table) {
        return ctx.droppedTables.contains(table) || ctx.rebuiltViews.contains(table);
    };
    diffTableAttachments(ctx.from.triggers, ctx.to.triggers, u"TRIGGER"_qs, gone, gone, plan);
}

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

} // namespace

void diffComments(const TableDiffContext &ctx, PlanBuilder &plan)
{
    // A rebuilt view has lost its comments (and its columns'): they are set again, as a
    // part of rebuilding it. Empty when `target` is not on one.
    const auto rebuiltView = [&](const QString &target) {
        for (const QString &v : ctx.rebuiltViews)
            if (target.endsWith(u' ' + v) || target.contains(u' ' + v + u'.'))
                return v;
        return QString();
    };
    for (auto it = ctx.to.comments.constBegin(); it != ctx.to.comments.constEnd(); ++it) {
        const auto f = ctx.from.comments.constFind(it.key());
        const QString view = rebuiltView(it.key());
        if (f != ctx.from.comments.constEnd() && *f == *it && view.isEmpty())
            continue;
        ObjectScope scope(plan);
        const int statement =
            plan.add(Comment, u"COMMENT ON %1 IS %2"_qs.arg(it.key(), sqlLiteral(*it)));
        if (f == ctx.from.comments.constEnd() || *f != *it)
            plan.change(Change::Kind::Changed, u"comment"_qs, it.key());
        else if (plan.changeOf(view) >= 0)
            plan.claim(plan.changeOf(view), statement);
    }
    for (auto it = ctx.from.comments.constBegin(); it != ctx.from.comments.constEnd(); ++it) {
        if (ctx.to.comments.contains(it.key()))
            continue;
        ObjectScope scope(plan);
        // The object may be gone, taking its comment with it; only a kept one is cleared.
        QString kind;
        for (const char *k :
             {"MATERIALIZED VIEW", "TABLE", "VIEW", "INDEX", "SEQUENCE", "FUNCTION", "COLUMN"})
            if (it.key().startsWith(QString::fromLatin1(k) + u' '))
                kind = QString::fromLatin1(k);
        QString target = it.key().mid(kind.size() + 1);
        bool kept = false;
        if (kind == u"TABLE") {
            target = continuingTable(ctx, target);
            kept = !target.isEmpty();
        } else if (kind == u"VIEW" || kind == u"MATERIALIZED VIEW") {
            kept = ctx.to.views.contains(target) && !ctx.rebuiltViews.contains(target);
        } else if (kind == u"INDEX") {
            kept = ctx.to.indexes.contains(target) &&
                   ctx.to.indexes[target].definition == ctx.from.indexes[target].definition;
        } else if (kind == u"SEQUENCE") {
            kept = ctx.to.sequences.contains(target);
        } else if (kind == u"FUNCTION") {
            kept = ctx.to.functions.contains(target) &&
                   ctx.to.functions[target].result == ctx.from.functions[target].result;
        } else if (kind == u"COLUMN" && !ctx.rebuiltViews.contains(target.section(u'.', 0, 1))) {
            target = continuingColumn(ctx, target);
            kept = !target.isEmpty();
        }
        // A renamed table or column takes its comment along: TO's is set above, or it is
        // cleared under its new name.
        const QString now = kind + u' ' + target;
        if (kept && now != it.key() && ctx.to.comments.contains(now))
            continue;
        if (kept)
            plan.add(Comment, u"COMMENT ON %1 IS NULL"_qs.arg(now));
        plan.change(Change::Kind::Removed, u"comment"_qs, it.key());
    }
}

} // namespace retort::diff::pg
