#pragma once

#include "db/DatabaseUrl.h"
#include "run/MigrationRunner.h"
#include "run/RehearsalReport.h"

namespace retort {

// Dry-runs a plan: in one transaction that is always rolled back, reads the version
// rows, asks for the plan, snapshots the schema, runs every statement (StepRehearser:
// timings, locks, rows, first error), snapshots again and diffs. The version-table
// updates are not run: they would only be rolled back, and the report carries the
// heads the plan would leave (endHeads). Nothing is left behind: no DDL, no rows, no
// version-table or ledger change. Throws Error for failures outside the plan's own
// statements (connection, catalog queries, planning).
RehearsalReport rehearse(QSqlDatabase &db, const RunSettings &settings,
                         const MigrationRunner::PlanMaker &makePlan);

// Where to rehearse `url`: the database itself, except a SQLite file that does not exist
// yet. That is a database at base, and opening it would create the file; an empty
// in-memory database is the same starting point and leaves nothing behind.
DatabaseUrl rehearsalUrl(const DatabaseUrl &url);

// The CLI's text: per revision each statement with its time, rows and locks; what was
// not rehearsed; the failure; then the change list and the unified \d diff.
QString rehearsalReportText(const RehearsalReport &report);

} // namespace retort
