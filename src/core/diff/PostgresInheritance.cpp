// Plain table inheritance (INHERITS, ALTER TABLE ... INHERIT / NO INHERIT) in the
// PostgreSQL diff. A child that joins a parent must already have the parent's columns and
// CHECK constraints (PostgreSQL merges them, it does not add them); a child that leaves
// keeps what it inherited as its own. The introspection leaves a child's inherited
// constraints out (they come with the parent), so both are made explicit here.
#include "diff/PostgresDiffParts.h"

namespace retort::diff::pg {

namespace {

// The CHECK constraints a child inherits from `parent` (NO INHERIT ones stay put).
QVector<Constraint> inheritedChecks(const Schema &schema, const QString &parent)
{
    QVector<Constraint> checks;
    const auto p = schema.tables.constFind(parent);
    if (p == schema.tables.constEnd())
        return checks;
    for (const Constraint &c : p->constraints)
        if (c.kind == Constraint::Kind::Check && !c.definition.contains(u" NO INHERIT"_qs))
            checks.append(c);
    return checks;
}

} // namespace

void leaveParents(const TableDiffContext &ctx, const Table &from, const Table &to, Table &source,
                  PlanBuilder &plan)
{
    for (const QString &p : from.inherits) {
        if (to.inherits.contains(p))
            continue;
        ObjectScope scope(plan);
        // Early, before any parent drops a column: the child's inherited columns become its
        // own first, so a parent's DROP COLUMN does not take them along. Before renames
        // too: the child has its FROM name.
        plan.add(DetachPartition, u"ALTER TABLE %1 NO INHERIT %2"_qs.arg(from.key, p));
        plan.change(Change::Kind::Changed, u"table"_qs, to.key, u"no inherit "_qs + p);
        for (const Constraint &c : inheritedChecks(ctx.from, p))
            if (!source.constraint(c.name))
                source.constraints.append(c); // now its own: diffed like the others
    }
}

void keepMergedConstraints(const TableDiffContext &ctx, const Table &to, Table &source)
{
    for (const QString &p : to.inherits)
        for (const Constraint &c : inheritedChecks(ctx.to, p))
            source.constraints.removeIf([&](const Constraint &own) {
                return own.name == c.name && own.definition == c.definition;
            });
}

void joinParents(const TableDiffContext &ctx, const Table &from, const Table &to,
                 const Table &source, PlanBuilder &plan)
{
    for (const QString &p : to.inherits) {
        if (from.inherits.contains(p))
            continue;
        ObjectScope scope(plan);
        QStringList merged;
        for (const Column &c : to.columns)
            if (c.inherited)
                merged.append(u"column "_qs + c.name);
        for (const Constraint &c : inheritedChecks(ctx.to, p)) {
            const Constraint *own = source.constraint(c.name);
            if (!own || own->definition != c.definition) // a different one was dropped
                plan.add(AddConstraint, u"ALTER TABLE %1 ADD CONSTRAINT %2 %3"_qs.arg(
                                            to.key, c.name, c.definition));
            merged.append(u"constraint "_qs + c.name);
        }
        QStringList hazards;
        if (!merged.isEmpty())
            hazards.append(u"%1 stays %2's own as well as inherited from %3: PostgreSQL cannot "
                           "make an existing table's column or constraint inherited-only (a "
                           "later NO INHERIT keeps it)"_qs.arg(merged.join(u", "_qs), to.key, p));
        plan.add(AttachPartition, u"ALTER TABLE %1 INHERIT %2"_qs.arg(to.key, p), hazards);
        plan.change(Change::Kind::Changed, u"table"_qs, to.key, u"inherit "_qs + p);
    }
}

} // namespace retort::diff::pg
