#pragma once

#include "run/RehearsalReport.h"

class QTreeWidget;

namespace retort::gui {

// The two lists of the Schema Diff tab, filled from a rehearsal.

// The change list: a row per SchemaChange with a +/−/~ marker, its kind, the object and
// the detail, coloured by ChangeTone.
enum ChangeColumn { MarkerColumn, KindColumn, ObjectColumn, DetailColumn };
void setUpChangeList(QTreeWidget *tree);
void fillChangeList(QTreeWidget *tree, const SchemaDiff &diff);

// The statements: a row per revision (spanning the columns), under it a row per
// statement with the numbers first, so they stay in view however long the SQL is. The
// failing statement is red and current; skipped ones are dimmed, with the reason.
enum StatementColumn { LineColumn, MsColumn, RowsColumn, LocksColumn, SqlColumn };
struct StatementTotals {
    int ran = 0;
    double milliseconds = 0;
};
void setUpStatementTree(QTreeWidget *tree);
StatementTotals fillStatementTree(QTreeWidget *tree, const RehearsalReport &report);

// "0.42" or "12.3": milliseconds as the lists show them.
QString millis(double ms);

} // namespace retort::gui
