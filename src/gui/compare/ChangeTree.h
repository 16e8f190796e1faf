#pragma once

#include "diff/DiffPlan.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace retort::gui {

// Fills the Compare view's tree: one row per changed object, coloured and marked as
// added (+, green), removed (−, red) or changed (~, amber; renames too), a table's columns
// and constraints under it, and ⚠ with the hazards as tooltip where a statement for the
// object can lose data or hold a long lock (its own statements' hazards, nobody else's).
// Each row keeps the indexes of its statements (StatementsRole) for the DDL pane, and
// the index of its change in the plan (ChangeRole; -1 for a table row that only holds
// its parts).
class ChangeTree {
public:
    static constexpr int StatementsRole = 0x0100 + 1; // Qt::UserRole + 1: QVector<int>
    static constexpr int ChangeRole = 0x0100 + 2;     // int
    static constexpr int ObjectColumn = 0;
    static constexpr int ChangeColumn = 1;

    static void fill(QTreeWidget *tree, const diff::DiffPlan &plan);
};

} // namespace retort::gui
