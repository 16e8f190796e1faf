#pragma once

#include "run/MigrationPlan.h"

#include <QStringList>

namespace retort {

// What in a plan destroys data: dropped tables, columns and schemas, truncations and
// unfiltered deletes. The window names them in its confirmation before anything runs.
// A scan of the statement text, not a parse: it errs on the side of saying more.
QStringList destructiveChanges(const MigrationPlan &plan);

} // namespace retort
