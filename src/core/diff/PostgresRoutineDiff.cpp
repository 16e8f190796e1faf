// Functions, procedures and triggers of the PostgreSQL diff.
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

#include <QRegularExpression>

namespace retort::diff::pg {

namespace {

// A FROM routine whose arguments or result use an enum the plan recreates (renamed to
// NAME__retort_old, then dropped): it must be made again on the new type. Returns the key
// it has once the enum is renamed (its arguments naming the old type), or empty.
QString keyAfterEnumRename(const TableDiffContext &ctx, const Function &f)
{
    bool uses = false;
    for (const QString &e : ctx.recreatedEnums) {
        const QRegularExpression word(u"\\b"_qs + QRegularExpression::escape(e.section(u'.', -1)) +
                                      u"\\b"_qs);
        uses = uses || f.arguments.contains(word) || f.result.contains(word);
    }
    if (!uses)
        return {};
    const qsizetype open = f.key.indexOf(u'(');
    QStringList args = f.key.mid(open + 1).chopped(1).split(u", "_qs, Qt::SkipEmptyParts);
    for (QString &a : args)
        for (const QString &e : ctx.recreatedEnums)
            if (isEnumType(a, e)) {
                const bool array = a.endsWith(u"[]"_qs);
                a = e + u"__retort_old"_qs + (array ? u"[]"_qs : QString());
            }
    return f.key.left(open + 1) + args.join(u", "_qs) + u')';
}

} // namespace

// CREATE OR REPLACE keeps a function's identity (and what depends on it); only what it
// cannot change (Function::needsRecreate) needs DROP and CREATE. Bodies are not checked at creation
// (as pg_dump does), so a SQL function may name a table created later in the same plan.
void diffFunctions(TableDiffContext &ctx, PlanBuilder &plan)
{
    bool bodiesUnchecked = false;
    for (const Function &t : ctx.to.functions) {
        const auto f = ctx.from.functions.constFind(t.key);
        const QString renamed =
            f != ctx.from.functions.constEnd() ? keyAfterEnumRename(ctx, *f) : QString();
        if (f != ctx.from.functions.constEnd() && f->definition == t.definition &&
            renamed.isEmpty())
            continue;
        if (!bodiesUnchecked) {
            plan.add(CreateFunction, u"SET LOCAL check_function_bodies = false"_qs);
            bodiesUnchecked = true;
        }
        ObjectScope scope(plan);
        const char *what = t.procedure ? "PROCEDURE " : "FUNCTION ";
        const bool existed = f != ctx.from.functions.constEnd();
        const QString drop = existed && f->procedure ? u"DROP PROCEDURE "_qs : u"DROP FUNCTION "_qs;
        if (!renamed.isEmpty()) {
            // On the recreated enum: the one on the old type goes before the type does (first,
            // when the two signatures are the same).
            plan.add(renamed == t.key ? CreateFunction : DropFunction, drop + renamed,
                     {u"%1 is dropped and created again on the recreated enum"_qs.arg(t.key)});
            ctx.recreatedRoutines.insert(t.key);
        } else if (existed && f->needsRecreate(t)) {
            plan.add(CreateFunction, drop + t.key);
            ctx.recreatedRoutines.insert(t.key);
        }
        plan.add(CreateFunction, t.definition);
        plan.change(existed ? Change::Kind::Changed : Change::Kind::Added,
                    QString::fromLatin1(what).trimmed().toLower(), t.key,
                    existed && f->definition == t.definition
                        ? u"dropped and created again: an enum it uses is recreated"_qs
                        : QString());
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

} // namespace retort::diff::pg
