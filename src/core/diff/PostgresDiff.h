#pragma once

#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"

namespace retort::diff {

// The PostgreSQL plan that turns `from` into `to`: schemas, extensions, enums, sequences,
// tables, columns, constraints, indexes and views, in dependency order. Objects on both
// sides are altered in place; views (which hold no data) are rebuilt when they or what
// they read change. Hazards come from Retort's lint rules plus the data-loss notes only
// the diff knows (a drop that may have been meant as a rename).
DiffPlan diffPostgres(const Schema &from, const Schema &to, const Renames &renames = {});

} // namespace retort::diff
