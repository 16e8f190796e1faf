// Functions, procedures and triggers of the PostgreSQL diff.
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

namespace retort::diff::pg {

// CREATE OR REPLACE keeps a function's identity (and what depends on it); only what it
// cannot change (Function::needsRecreate) needs DROP and CREATE. Bodies are not checked at creation
// (as pg_dump does), so a SQL function may name a table created later in the same plan.
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
        if (f != ctx.from.functions.constEnd() && f->needsRecreate(t))
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

} // namespace retort::diff::pg
