#pragma once

#include <QStringList>

namespace retort {
struct MigrationPlan;
struct Project;
} // namespace retort

namespace retort::gui {

struct RehearsalOutcome;

// What is already known about a plan before it runs, one line each, for the confirmation:
// lint findings (PostgreSQL) in the revisions it runs, and the last rehearsal's failure
// or merge-order finding when it concerns one of them.
QStringList knownFindings(const Project &project, const MigrationPlan &plan,
                          const RehearsalOutcome *lastRehearsal);

} // namespace retort::gui
