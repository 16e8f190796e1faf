#pragma once

#include "diff/DiffPlan.h"
#include "diff/SchemaSource.h"

namespace retort::diff {

// Drift, as `retort check` and the window's status bar see it: the live database
// (env.projectUrl) against the schema its version table says it should have (the
// project's migrations up to `current`, built on a scratch database). A non-empty plan
// means someone changed the database by hand; it turns the expected schema into the live one.
struct DriftReport {
    LoadedSchema expected;
    LoadedSchema actual;
    DiffPlan drift;
};

// Throws Error (no project, an unreachable database, a revision that does not build).
DriftReport checkDatabaseDrift(const DiffEnvironment &env);

} // namespace retort::diff
