// Primary key, unique, foreign key, check and exclusion constraints of a continued table
// in the PostgreSQL diff: renamed in place when only their name changes, otherwise (a
// constraint cannot be altered) dropped and added again.
#include "diff/PostgresDiffParts.h"
#include "diff/RenameHints.h"

namespace retort::diff::pg {

using Kind = Constraint::Kind;

namespace {

// How pg_get_constraintdef names a table in REFERENCES: without "public.".
QString printedName(const QString &key)
{
    return key.startsWith(u"public."_qs) ? key.mid(7) : key;
}

// A FROM constraint's definition as it reads once the tables it references are renamed.
QString definitionAfterRenames(const TableDiffContext &ctx, const Constraint &c)
{
    if (!isForeignKey(c))
        return c.definition;
    for (auto it = ctx.renames.tables.constBegin(); it != ctx.renames.tables.constEnd(); ++it)
        if (it.value() == c.referencedTable && ctx.to.tables.contains(it.key())) {
            QString definition = c.definition;
            definition.replace(u"REFERENCES "_qs + printedName(it.value()) + u'(',
                               u"REFERENCES "_qs + printedName(it.key()) + u'(');
            return definition;
        }
    return c.definition;
}

// Constraints that only change their name (FROM name -> TO name): same kind, same
// definition, each name unmatched on the other side. A renamed table's primary key is
// the usual one (accounts_pkey -> users_pkey): RENAME CONSTRAINT keeps its index.
QHash<QString, QString> renamedConstraints(const TableDiffContext &ctx, const Table &from,
                                           const Table &to)
{
    QHash<QString, QString> renamed;
    QSet<QString> taken;
    for (const Constraint &f : from.constraints) {
        if (to.constraint(f.name))
            continue;
        const QString definition = definitionAfterRenames(ctx, f);
        for (const Constraint &t : to.constraints)
            if (!from.constraint(t.name) && !taken.contains(t.name) && t.kind == f.kind &&
                t.definition == definition) {
                renamed.insert(f.name, t.name);
                taken.insert(t.name);
                break;
            }
    }
    return renamed;
}

} // namespace

// Tables whose primary or unique keys (or unique indexes) are rebuilt: foreign keys
// pointing at them are rebuilt with them (PostgreSQL will not drop a key a foreign key
// depends on).
QSet<QString> tablesWithRebuiltKeys(const TableDiffContext &ctx)
{
    QSet<QString> rebuilt;
    QSet<QString> continued;
    for (const Table &to : ctx.to.tables) {
        const Table *from = sourceTable(ctx, to);
        if (!from)
            continue;
        continued.insert(from->key);
        const QHash<QString, QString> renamed = renamedConstraints(ctx, *from, to);
        for (const Constraint &c : from->constraints) {
            if (c.kind != Kind::PrimaryKey && c.kind != Kind::Unique)
                continue;
            const Constraint *t = to.constraint(renamed.value(c.name, c.name));
            if (!t || t->definition != c.definition)
                rebuilt.insert(from->key);
        }
    }
    for (const Table &f : ctx.from.tables)
        if (!continued.contains(f.key))
            rebuilt.insert(f.key);
    // A foreign key may stand on a unique index that is no constraint: one dropped or
    // changed takes the foreign keys to its table along too.
    for (const Index &f : ctx.from.indexes) {
        const auto t = ctx.to.indexes.constFind(f.key);
        if (f.definition.startsWith(u"CREATE UNIQUE INDEX "_qs) && !f.partitionClone &&
            (t == ctx.to.indexes.constEnd() || t->definition != f.definition))
            rebuilt.insert(f.table);
    }
    return rebuilt;
}

void diffConstraints(const TableDiffContext &ctx, const Table &from, const Table &to,
                     const QSet<QString> &rebuiltKeys, PlanBuilder &plan)
{
    const auto drop = [&](const Constraint &f) {
        plan.add(isForeignKey(f) ? DropForeignKey : DropConstraintOrIndex,
                 u"ALTER TABLE "_qs + from.key + u" DROP CONSTRAINT "_qs + f.name);
    };
    const QHash<QString, QString> renamed = renamedConstraints(ctx, from, to);
    for (const Constraint &f : from.constraints)
        if (!to.constraint(f.name) && !renamed.contains(f.name)) {
            ObjectScope scope(plan);
            drop(f);
            plan.change(Change::Kind::Removed, u"constraint"_qs, to.key + u'.' + f.name);
        }
    for (const Constraint &t : to.constraints) {
        const QString oldName = renamed.key(t.name);
        const Constraint *f = from.constraint(oldName.isEmpty() ? t.name : oldName);
        // One on a column added again went with it.
        const bool lost = f && ctx.regenerates(to.key, f->columns);
        const bool changed = f && (definitionAfterRenames(ctx, *f) != t.definition || lost ||
                                   (isForeignKey(t) && rebuiltKeys.contains(f->referencedTable)));
        if (f && !changed && oldName.isEmpty())
            continue;
        ObjectScope scope(plan);
        if (f && !changed) { // only its name: after the table's own rename
            plan.add(AlterColumn,
                     u"ALTER TABLE %1 RENAME CONSTRAINT %2 TO %3"_qs.arg(to.key, f->name, t.name));
            plan.change(Change::Kind::Renamed, u"constraint"_qs, to.key + u'.' + t.name,
                        u"from "_qs + f->name);
            continue;
        }
        if (f && !lost) // dropped and added again: a constraint cannot be altered
            drop(*f);
        plan.add(isForeignKey(t) ? AddForeignKey : AddConstraint,
                 u"ALTER TABLE "_qs + to.key + u" ADD "_qs + constraintClause(t));
        plan.change(f ? Change::Kind::Changed : Change::Kind::Added, u"constraint"_qs,
                    to.key + u'.' + t.name,
                    f ? f->definition + u" -> "_qs + t.definition : t.definition);
    }
}

} // namespace retort::diff::pg
