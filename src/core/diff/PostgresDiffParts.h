#pragma once

// Internal to the PostgreSQL diff: the phases its statements run in, and the table part
// (PostgresTableDiff.cpp) that PostgresDiff.cpp calls.
#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"

#include <QHash>
#include <QSet>

namespace retort::diff::pg {

// The dependency order of object kinds: what others use is created before them and
// dropped after them.
enum Phase {
    CreateSchema,
    DefaultPrivileges, // before anything is created: new objects get TO's defaults
    CreateExtension,
    CreateType,
    CreateFunction,
    DropView,
    DropTrigger,
    DetachPartition,
    DropForeignKey,
    DropConstraintOrIndex,
    RenameObject,
    DropReplacedTable, // dropped tables whose key names a created table reuses (see diffTables)
    CreateSequence,
    CreateTable,
    AlterColumn,
    AddConstraint,
    AttachPartition,
    CreateIndex,
    AddForeignKey,
    AlterSequence,
    CreateView,
    CreateViewIndex,
    CreateTrigger,
    Comment,
    Privileges,
    DropTable,
    DropSequence,
    DropFunction,
    DropType,
    DropExtension,
    DropSchema,
};

struct TableDiffContext {
    const Schema &from;
    const Schema &to;
    const Renames &renames;
    // Enums replaced by the rename-create-recast dance: their columns are recast.
    QSet<QString> recreatedEnums;
    // Tables whose columns change (type, drop, add, rename): views on them are rebuilt.
    QSet<QString> alteredTables;
    // Views dropped and created again (their triggers and comments go with them).
    QSet<QString> rebuiltViews;
    // Tables dropped (their triggers go with them).
    QSet<QString> droppedTables;
    // FROM partitions detached from their partitioned table (their copies of its indexes
    // and constraints become their own).
    QSet<QString> detachedTables;
    // Columns ("table_key.column") dropped and added again for a new generated expression:
    // their indexes and constraints went with them and are created again.
    QSet<QString> regeneratedColumns;
    // Routines dropped and created again (their grants and comments with them).
    QSet<QString> recreatedRoutines;

    // Whether one of `columns` of `table` is among regeneratedColumns.
    bool regenerates(const QString &table, const QStringList &columns) const
    {
        for (const QString &c : columns)
            if (regeneratedColumns.contains(table + u'.' + c))
                return true;
        return false;
    }
};

void diffTables(TableDiffContext &ctx, PlanBuilder &plan);
// Domains and composite types (PostgresTypes.cpp): created before the tables that use
// them, altered in place, dropped after.
void diffDomainsAndCompositeTypes(const Schema &from, const Schema &to, PlanBuilder &plan);
// Constraints of continued tables (PostgresConstraintDiff.cpp), called by diffTables:
// the tables whose primary or unique keys are rebuilt (foreign keys to them are rebuilt
// too), and one table's constraint diff.
QSet<QString> tablesWithRebuiltKeys(const TableDiffContext &ctx);
void diffConstraints(const TableDiffContext &ctx, const Table &from, const Table &to,
                     const QSet<QString> &rebuiltKeys, PlanBuilder &plan);

inline QString constraintClause(const Constraint &c)
{
    return u"CONSTRAINT "_qs + c.name + u' ' + c.definition;
}

inline bool isForeignKey(const Constraint &c)
{
    return c.kind == Constraint::Kind::ForeignKey;
}
void diffIndexes(const TableDiffContext &ctx, PlanBuilder &plan);
// Functions and triggers (PostgresRoutineDiff.cpp) and comments (PostgresCommentDiff.cpp),
// after tables and views.
void diffFunctions(TableDiffContext &ctx, PlanBuilder &plan);
void diffTriggers(const TableDiffContext &ctx, PlanBuilder &plan);
void diffComments(const TableDiffContext &ctx, PlanBuilder &plan);
// Row-level security policies and privileges (PostgresAccessDiff.cpp), after everything
// they name exists.
void diffPolicies(const TableDiffContext &ctx, PlanBuilder &plan);
void diffPrivileges(const TableDiffContext &ctx, PlanBuilder &plan);

// Plain inheritance (PostgresInheritance.cpp), around a continued table's column and
// constraint diff (`source` is the FROM table as that diff sees it):
// NO INHERIT for each parent `to` leaves; the checks it inherited become `source`'s own.
void leaveParents(const TableDiffContext &ctx, const Table &from, const Table &to, Table &source,
                  PlanBuilder &plan);
// Takes out of `source` the checks a parent `to` joins brings with it (same definition).
void keepMergedConstraints(const TableDiffContext &ctx, const Table &to, Table &source);
// INHERIT for each parent `to` joins, after giving the child the parent's checks.
void joinParents(const TableDiffContext &ctx, const Table &from, const Table &to,
                 const Table &source, PlanBuilder &plan);

// The FROM table a TO table continues: the same key, or the one it was renamed from.
const Table *sourceTable(const TableDiffContext &ctx, const Table &to);

// A serial column's sequence, when the column becomes an identity column: the
// conversion drops it (PostgresTableDiff.cpp), so the sequence diff leaves it alone.
// Empty when `column` ("table_key.column") is not such a conversion.
QString serialSequenceReplacedByIdentity(const TableDiffContext &ctx, const QString &column);

// Triggers and policies: objects without data that hang off a table or view, keyed
// "table_key.name", with name, table and definition (their CREATE statement). One whose
// definition changes, or whose table `rebuilt(table)` takes it along, is dropped
// ("DROP <keyword> name ON table") and created again; one on a table that is `gone`
// (dropped, or a view rebuilt) is not dropped by itself.
template <typename T, typename Rebuilt, typename Gone>
void diffTableAttachments(const QMap<QString, T> &from, const QMap<QString, T> &to,
                          const QString &keyword, Rebuilt rebuilt, Gone gone, PlanBuilder &plan)
{
    const QString objectType = keyword.toLower();
    QHash<QString, int> drops; // a changed one's DROP, for the change its CREATE records
    for (auto it = from.constBegin(); it != from.constEnd(); ++it) {
        const auto t = to.constFind(it.key());
        const bool same = t != to.constEnd() && t->definition == it->definition;
        if (same && !rebuilt(it->table) && !gone(it->table))
            continue;
        ObjectScope scope(plan);
        if (!gone(it->table))
            drops.insert(it.key(), plan.add(DropTrigger, u"DROP %1 %2 ON %3"_qs.arg(
                                                             keyword, it->name, it->table)));
        if (t == to.constEnd())
            plan.change(Change::Kind::Removed, objectType, it.key());
    }
    for (auto it = to.constBegin(); it != to.constEnd(); ++it) {
        const auto f = from.constFind(it.key());
        const bool same = f != from.constEnd() && f->definition == it->definition;
        if (same && !rebuilt(it->table) && !gone(it->table))
            continue;
        ObjectScope scope(plan);
        const int create = plan.add(CreateTrigger, it->definition);
        // One taken along by its view's rebuild belongs to that change; one made again
        // because its table's columns change is a change of its own.
        int change = same ? plan.changeOf(it->table) : -1;
        if (change < 0)
            change = !same ? plan.change(f == from.constEnd() ? Change::Kind::Added
                                                              : Change::Kind::Changed,
                                         objectType, it.key())
                           : plan.change(Change::Kind::Changed, objectType, it.key(),
                                         u"dropped and created again: its table changes"_qs);
        plan.claim(change, create);
        if (drops.contains(it.key()))
            plan.claim(change, drops.value(it.key()));
    }
}

// Storage parameters and view options (PostgresStorageOptions.cpp): the statements, each
// `alter` ("ALTER TABLE public.t") followed by RESET (...) or SET (...), that turn the
// options `from` into `to`; and the " WITH (...)" clause that creates them ("" for none).
QStringList storageOptionStatements(const QString &alter, const QStringList &from,
                                    const QStringList &to);
QString storageOptionsClause(const QStringList &options);

// 'text' as a SQL string literal.
inline QString sqlLiteral(const QString &text)
{
    QString q = text;
    q.replace(u'\'', u"''"_qs);
    return u'\'' + q + u'\'';
}

// Whether a column type as format_type prints it ("mood", "mood[]") is the enum
// `enumKey` ("public.mood").
bool isEnumType(const QString &columnType, const QString &enumKey);

} // namespace retort::diff::pg
