#pragma once

#include "diff/DiffPlan.h"

#include <QVector>

namespace retort::gui {

// The statements a row of the Compare view's tree shows. A change's own come with it
// (diff::Change::statements: the engine records which statements make each change, so
// one ALTER TABLE shows under the column it alters and not under another it names);
// a table row made only to hold its columns' and constraints' changes shows all of theirs.
QVector<int> statementsOfParts(const QString &table, const diff::DiffPlan &plan);

// The statements' SQL as the script shows it: hazards as `-- hazard:` comments above.
QString statementsText(const QVector<int> &indexes, const diff::DiffPlan &plan);

// Whether an object type is a part of a table (named "table.part").
bool isTablePart(const QString &objectType);

} // namespace retort::gui
