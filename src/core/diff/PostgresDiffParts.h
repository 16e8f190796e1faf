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
    DropView,
    DropForeignKey,
    DropConstraintOrIndex,
    RenameObject,
    CreateSequence,
    CreateTable,
    AlterColumn,
    AddConstraint,
    CreateIndex,
    AddForeignKey,
    AlterSequence,
    CreateView,
    CreateViewIndex,
    DropTable,
    DropSequence,
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
};

void diffTables(TableDiffContext &ctx, PlanBuilder &plan);
void diffIndexes(const TableDiffContext &ctx, PlanBuilder &plan);

// "integer" for a type that is `enumKey` ("public.mood") as format_type prints it.
bool isEnumType(const QString &columnType, const QString &enumKey);

} // namespace retort::diff::pg
