#pragma once

#include "run/MigrationPlan.h"

namespace retort {

// The `--sql` text of a plan: the same statements the online run executes, in the same
// order, with the transaction boundaries and version-table statements, and a
// "-- Running upgrade a -> b, message" comment per step as Alembic writes. The window's
// plan preview shows this text too. The ledger rows an online run writes are left out:
// their times are only known while running.
QString renderOfflineScript(const MigrationPlan &plan, bool transactionPerMigration = false);

} // namespace retort
