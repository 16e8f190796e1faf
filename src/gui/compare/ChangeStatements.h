#pragma once

#include "diff/DiffPlan.h"

#include <QVector>

namespace retort::gui {

// Which statements of a plan make one change. The engine lists changes and statements
// separately (one ALTER TABLE may make several changes), so this finds the statements
// that name the object: its own name as an identifier, and for a column or constraint
// its table's name too. Indexes into plan.statements, in plan order.
QVector<int> statementsFor(const diff::Change &change, const diff::DiffPlan &plan);

// The same for every change of a table (`table` as the changes name it): what the table
// node of the tree shows.
QVector<int> statementsForTable(const QString &table, const diff::DiffPlan &plan);

// The statements' SQL as the script shows it: hazards as `-- hazard:` comments above.
QString statementsText(const QVector<int> &indexes, const diff::DiffPlan &plan);

// Whether an object type is a part of a table (named "table.part").
bool isTablePart(const QString &objectType);

} // namespace retort::gui
