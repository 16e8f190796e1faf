#include "diff/PostgresDiff.h"

#include "diff/PostgresDiffParts.h"
#include "sql/Lint.h"

#include <QHash>

#include <algorithm>
#include <functional>

namespace retort::diff {

using namespace pg;

namespace {

void diffSchemasAndExtensions(const Schema &from, const Schema &to, PlanBuilder &plan)
{
    for (const QString &s : to.schemas)
        if (!from.schemas.contains(s)) {
            ObjectScope scope(plan);
            plan.add(CreateSchema, u"CREATE SCHEMA "_qs + s);
            plan.change(Change::Kind::Added, u"schema"_qs, s);
        }
    for (const QString &s : from.schemas)
        if (!to.schemas.contains(s)) {
            ObjectScope scope(plan);
            plan.add(DropSchema, u"DROP SCHEMA "_qs + s);
            plan.change(Change::Kind::Removed, u"schema"_qs, s);
        }
    for (const Extension &e : to.extensions) {
        ObjectScope scope(plan);
        const auto f = from.extensions.constFind(e.name);
        if (f == from.extensions.constEnd()) {
            plan.add(CreateExtension,
                     u"CREATE EXTENSION %1 WITH SCHEMA %2"_qs.arg(e.name, e.schema));
            plan.change(Change::Kind::Added, u"extension"_qs, e.name);
        } else if (f->version != e.version) {
            plan.add(CreateExtension,
                     u"ALTER EXTENSION %1 UPDATE TO '%2'"_qs.arg(e.name, e.version));
            plan.change(Change::Kind::Changed, u"extension"_qs, e.name,
                        u"version %1 -> %2"_qs.arg(f->version, e.version));
        }
    }
    for (const Extension &e : from.extensions)
        if (!to.extensions.contains(e.name)) {
            ObjectScope scope(plan);
            plan.add(DropExtension, u"DROP EXTENSION "_qs + e.name);
            plan.change(Change::Kind::Removed, u"extension"_qs, e.name);
        }
}

QString enumCreate(const EnumType &e)
{
    QStringList labels;
    for (const QString &l : e.labels)
        labels.append(sqlLiteral(l));
    return u"CREATE TYPE %1 AS ENUM (%2)"_qs.arg(e.key, labels.join(u", "_qs));
}

// Labels only added (the old ones keep their order): ALTER TYPE ... ADD VALUE in place.
// Otherwise (a label removed or moved) the type is renamed, created anew and every
// column recast through text, and the old one dropped.
void diffEnums(const Schema &from, const Schema &to, TableDiffContext &ctx, PlanBuilder &plan)
{
    for (const EnumType &t : to.enums) {
        ObjectScope scope(plan);
        const auto f = from.enums.constFind(t.key);
        if (f == from.enums.constEnd()) {
            plan.add(CreateType, enumCreate(t));
            plan.change(Change::Kind::Added, u"enum"_qs, t.key);
            continue;
        }
        if (f->labels == t.labels)
            continue;
        QStringList kept;
        for (const QString &l : t.labels)
            if (f->labels.contains(l))
                kept.append(l);
        if (kept == f->labels) {
            for (qsizetype i = 0; i < t.labels.size(); ++i) {
                if (f->labels.contains(t.labels[i]))
                    continue;
                QString sql = u"ALTER TYPE %1 ADD VALUE %2"_qs.arg(t.key, sqlLiteral(t.labels[i]));
                if (i > 0)
                    sql += u" AFTER "_qs + sqlLiteral(t.labels[i - 1]);
                else
                    sql += u" BEFORE "_qs + sqlLiteral(t.labels[1]);
                plan.add(CreateType, sql);
            }
        } else {
            const QString oldName = t.key.section(u'.', -1) + u"__retort_old"_qs;
            plan.add(CreateType, u"ALTER TYPE %1 RENAME TO %2"_qs.arg(t.key, oldName),
                     {u"enum %1 loses or reorders labels: it is recreated and its columns are "
                      "recast through text; the recast fails if a row holds a removed label"_qs.arg(
                          t.key)});
            plan.add(CreateType, enumCreate(t));
            plan.add(DropType, u"DROP TYPE "_qs + t.key.section(u'.', 0, 0) + u'.' + oldName);
            ctx.recreatedEnums.insert(t.key);
        }
        plan.change(Change::Kind::Changed, u"enum"_qs, t.key,
                    u"(%1) -> (%2)"_qs.arg(f->labels.join(u", "_qs), t.labels.join(u", "_qs)));
    }
    for (const EnumType &f : from.enums)
        if (!to.enums.contains(f.key)) {
            ObjectScope scope(plan);
            plan.add(DropType, u"DROP TYPE "_qs + f.key);
            plan.change(Change::Kind::Removed, u"enum"_qs, f.key);
        }
}

QString sequenceOptions(const Sequence &s)
{
    return u"AS %1 INCREMENT BY %2 MINVALUE %3 MAXVALUE %4 START WITH %5 CACHE %6 %7"_qs
        .arg(s.dataType)
        .arg(s.increment)
        .arg(s.minValue)
        .arg(s.maxValue)
        .arg(s.start)
        .arg(s.cache)
        .arg(s.cycle ? u"CYCLE"_qs : u"NO CYCLE"_qs);
}

void diffSequences(const TableDiffContext &ctx, PlanBuilder &plan)
{
    const Schema &from = ctx.from;
    const Schema &to = ctx.to;
    for (const Sequence &t : to.sequences) {
        ObjectScope scope(plan);
        const auto f = from.sequences.constFind(t.key);
        if (f == from.sequences.constEnd()) {
            plan.add(CreateSequence, u"CREATE SEQUENCE %1 %2"_qs.arg(t.key, sequenceOptions(t)));
            if (!t.ownedBy.isEmpty())
                plan.add(AlterSequence, u"ALTER SEQUENCE %1 OWNED BY %2"_qs.arg(t.key, t.ownedBy));
            // A new serial sequence for a column that has rows (identity -> serial):
            // it continues after their highest value.
            const QString table = t.ownedBy.section(u'.', 0, 1);
            const QString column = t.ownedBy.section(u'.', 2);
            const auto owner = from.tables.constFind(table);
            if (owner != from.tables.constEnd() && owner->column(column))
                plan.add(
                    AlterSequence,
                    u"SELECT pg_catalog.setval(%1, coalesce(max(%2), 0) + 1, false) FROM %3"_qs.arg(
                        sqlLiteral(t.key), column, table),
                    {u"sequence %1 starts after the highest %2 in the table"_qs.arg(t.key,
                                                                                    t.ownedBy)});
            plan.change(Change::Kind::Added, u"sequence"_qs, t.key);
            continue;
        }
        if (f->sameDefinition(t))
            continue;
        Sequence options = t;
        options.ownedBy = f->ownedBy;
        // A narrower range may exclude the current value, which PostgreSQL refuses: the
        // sequence restarts at its start then.
        const bool narrower = t.minValue > f->minValue || t.maxValue < f->maxValue;
        if (!f->sameDefinition(options))
            plan.add(AlterSequence,
                     u"ALTER SEQUENCE %1 %2"_qs.arg(t.key, sequenceOptions(t)) +
                         (narrower ? u" RESTART"_qs : QString()),
                     narrower ? QStringList{u"sequence %1 gets a narrower range and restarts at "
                                            "%2: values it gave before may come again"_qs.arg(t.key)
                                                .arg(t.start)}
                              : QStringList{});
        if (f->ownedBy != t.ownedBy)
            plan.add(AlterSequence, u"ALTER SEQUENCE %1 OWNED BY %2"_qs.arg(
                                        t.key, t.ownedBy.isEmpty() ? u"NONE"_qs : t.ownedBy));
        plan.change(Change::Kind::Changed, u"sequence"_qs, t.key);
    }
    for (const Sequence &f : from.sequences) {
        if (to.sequences.contains(f.key))
            continue;
        ObjectScope scope(plan);
        plan.change(Change::Kind::Removed, u"sequence"_qs, f.key);
        if (!serialSequenceReplacedByIdentity(ctx, f.ownedBy).isEmpty())
            continue; // the table diff drops it before its column becomes an identity
        // A sequence owned by a dropped table or column goes with it.
        const QString ownerTable = f.ownedBy.section(u'.', 0, 1);
        const QString ownerColumn = f.ownedBy.section(u'.', 2);
        const auto owner = to.tables.constFind(ownerTable);
        if (!f.ownedBy.isEmpty() && (owner == to.tables.constEnd() || !owner->column(ownerColumn)))
            continue;
        if (!f.ownedBy.isEmpty())
            plan.add(AlterSequence, u"ALTER SEQUENCE %1 OWNED BY NONE"_qs.arg(f.key));
        plan.add(DropSequence, u"DROP SEQUENCE "_qs + f.key);
    }
}

// Views in an order where each comes after the views it reads.
QStringList viewOrder(const Schema &schema, const QSet<QString> &keys)
{
    QStringList order;
    QSet<QString> placed;
    std::function<void(const QString &)> place = [&](const QString &key) {
        if (placed.contains(key))
            return;
        placed.insert(key);
        for (const QString &dep : schema.views.value(key).dependsOn)
            if (keys.contains(dep))
                place(dep);
        order.append(key);
    };
    for (const QString &key : keys)
        place(key);
    return order;
}

// A view holds no rows, so a changed one (or one over a changed table or view) is
// dropped and created again: CREATE OR REPLACE cannot drop or retype its columns.
void diffViews(const Schema &from, const Schema &to, TableDiffContext &ctx, PlanBuilder &plan)
{
    QSet<QString> rebuilt;
    bool grew = true;
    while (grew) {
        grew = false;
        for (const View &f : from.views) {
            if (rebuilt.contains(f.key))
                continue;
            const auto t = to.views.constFind(f.key);
            bool rebuild = t == to.views.constEnd() || t->definition != f.definition ||
                           t->materialized != f.materialized;
            for (const QString &dep : f.dependsOn)
                rebuild = rebuild || rebuilt.contains(dep) || ctx.alteredTables.contains(dep) ||
                          (!to.tables.contains(dep) && !to.views.contains(dep));
            if (rebuild) {
                rebuilt.insert(f.key);
                grew = true;
            }
        }
    }
    ctx.rebuiltViews = rebuilt;
    QStringList dropOrder = viewOrder(from, rebuilt);
    std::reverse(dropOrder.begin(), dropOrder.end());
    QHash<QString, int> drops; // a rebuilt view's DROP, for the change its CREATE records
    for (const QString &key : dropOrder) {
        ObjectScope scope(plan);
        const View &f = from.views[key];
        drops.insert(key, plan.add(DropView, (f.materialized ? u"DROP MATERIALIZED VIEW "_qs
                                                             : u"DROP VIEW "_qs) +
                                                 key));
        if (!to.views.contains(key))
            plan.change(Change::Kind::Removed, u"view"_qs, key);
    }
    QSet<QString> created;
    for (const View &t : to.views)
        if (!from.views.contains(t.key) || rebuilt.contains(t.key))
            created.insert(t.key);
    for (const QString &key : viewOrder(to, created)) {
        ObjectScope scope(plan);
        const View &t = to.views[key];
        plan.add(CreateView,
                 (t.materialized ? u"CREATE MATERIALIZED VIEW "_qs : u"CREATE VIEW "_qs) + key +
                     storageOptionsClause(t.options) + u" AS\n"_qs + t.definition);
        const auto f = from.views.constFind(key);
        int change = -1;
        if (f == from.views.constEnd())
            change = plan.change(Change::Kind::Added, u"view"_qs, key);
        else if (f->definition != t.definition || f->materialized != t.materialized)
            change = plan.change(Change::Kind::Changed, u"view"_qs, key, u"definition"_qs);
        else // the same view, over something that changes: PostgreSQL needs it rebuilt
            change = plan.change(Change::Kind::Changed, u"view"_qs, key,
                                 u"rebuilt: what it reads changes"_qs);
        if (drops.contains(key))
            plan.claim(change, drops.value(key));
    }
    // Options of a kept view are set in place.
    for (const View &t : to.views) {
        const auto f = from.views.constFind(t.key);
        if (f == from.views.constEnd() || rebuilt.contains(t.key) || f->options == t.options)
            continue;
        ObjectScope scope(plan);
        const QString alter =
            (t.materialized ? u"ALTER MATERIALIZED VIEW "_qs : u"ALTER VIEW "_qs) + t.key;
        for (const QString &s : storageOptionStatements(alter, f->options, t.options))
            plan.add(CreateView, s);
        plan.change(Change::Kind::Changed, u"view"_qs, t.key,
                    u"options ("_qs + t.options.join(u", "_qs) + u')');
    }
    // Indexes of materialized views: a rebuilt view has lost its own, so all of them are
    // created after it; on a kept view they are diffed like a table's.
    for (const Index &f : from.indexes) {
        if (!from.views.contains(f.table) || rebuilt.contains(f.table))
            continue;
        const auto t = to.indexes.constFind(f.key);
        if (t == to.indexes.constEnd()) {
            ObjectScope scope(plan);
            plan.add(DropConstraintOrIndex, u"DROP INDEX "_qs + f.key);
            plan.change(Change::Kind::Removed, u"index"_qs, f.key);
        }
    }
    for (const Index &t : to.indexes) {
        if (!to.views.contains(t.table))
            continue;
        const auto f = from.indexes.constFind(t.key);
        const bool same = f != from.indexes.constEnd() && f->definition == t.definition;
        if (same && !created.contains(t.table))
            continue;
        ObjectScope scope(plan);
        // A changed index of a kept view is dropped first (a rebuilt view's go with it).
        if (f != from.indexes.constEnd() && !same && !rebuilt.contains(t.table))
            plan.add(DropConstraintOrIndex, u"DROP INDEX "_qs + t.key);
        const int create = plan.add(CreateViewIndex, t.definition);
        if (!same)
            plan.change(f == from.indexes.constEnd() ? Change::Kind::Added : Change::Kind::Changed,
                        u"index"_qs, t.key, t.definition);
        else if (plan.changeOf(t.table) >= 0) // the same index, made again with its view
            plan.claim(plan.changeOf(t.table), create);
    }
}

// Lint's warnings (locks, rewrites, validation) for each statement, after the diff's own.
void addLintHazards(DiffPlan &plan)
{
    QString script;
    QVector<int> firstLines;
    int line = 1;
    for (const PlannedStatement &s : plan.statements) {
        firstLines.append(line);
        script += s.sql + u";\n"_qs;
        line += int(s.sql.count(u'\n')) + 1;
    }
    for (const LintFinding &f : lintSql(script)) {
        if (f.rule == u"drop-table" || f.rule == u"drop-column")
            continue; // the diff's own data-loss note says it, naming the object
        const auto it = std::upper_bound(firstLines.begin(), firstLines.end(), f.line);
        const qsizetype index = (it - firstLines.begin()) - 1;
        if (index >= 0 && !plan.statements[index].hazards.contains(f.message))
            plan.statements[index].hazards.append(f.message);
    }
}

} // namespace

DiffPlan diffPostgres(const Schema &from, const Schema &to, const Renames &renames)
{
    PlanBuilder plan(u"postgresql"_qs);
    TableDiffContext ctx{from, to, renames, {}, {}, {}, {}, {}, {}, {}};
    diffSchemasAndExtensions(from, to, plan);
    diffEnums(from, to, ctx, plan);
    diffDomainsAndCompositeTypes(from, to, plan);
    diffSequences(ctx, plan);
    diffTables(ctx, plan);
    diffIndexes(ctx, plan);
    diffViews(from, to, ctx, plan);
    diffFunctions(ctx, plan);
    diffTriggers(ctx, plan);
    diffPolicies(ctx, plan);
    diffComments(ctx, plan); // after every change a comment set again may belong to
    diffPrivileges(ctx, plan);
    DiffPlan result = plan.finish();
    addLintHazards(result);
    return result;
}

} // namespace retort::diff
