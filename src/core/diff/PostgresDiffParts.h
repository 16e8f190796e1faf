#pragma once

// Internal to the PostgreSQL diff: the phases its statements run in, and the table part
// (PostgresTableDiff.cpp) that PostgresDiff.cpp calls.
#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"

#include <QSet>

namespace retort::diff::pg {

// The dependency order of object kinds: what others use is created before them and
// dropped after them.
enum Phase {
    CreateSchema,
    CreateExtension,
    CreateType,
    CreateFunction,
    DropView,
    DropTrigger,
    DetachPartition,
    DropForeignKey,
    DropConstraintOrIndex,
    RenameObject,
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
};

void diffTables(TableDiffContext &ctx, PlanBuilder &plan);
void diffIndexes(const TableDiffContext &ctx, PlanBuilder &plan);
// Functions, triggers and comments (PostgresRoutineDiff.cpp), after tables and views.
void diffFunctions(const TableDiffContext &ctx, PlanBuilder &plan);
void diffTriggers(const TableDiffContext &ctx, PlanBuilder &plan);
void diffComments(const TableDiffContext &ctx, PlanBuilder &plan);
// Row-level security policies and privileges (PostgresAccessDiff.cpp), after everything
// they name exists.
void diffPolicies(const TableDiffContext &ctx, PlanBuilder &plan);
void diffPrivileges(const TableDiffContext &ctx, PlanBuilder &plan);

// The FROM table a TO table continues: the same key, or the one it was renamed from.
const Table *sourceTable(const TableDiffContext &ctx, const Table &to);

// A serial column's sequence, when the column becomes an identity column: the
// conversion drops it (PostgresTableDiff.cpp), so the sequence diff leaves it alone.
// Empty when `column` ("table_key.column") is not such a conversion.
QString serialSequenceReplacedByIdentity(const TableDiffContext &ctx, const QString &column);

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
