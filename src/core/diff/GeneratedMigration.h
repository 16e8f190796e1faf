#pragma once

#include "diff/DiffPlan.h"
#include "diff/SchemaSource.h"

namespace retort {
struct Project;
struct WrittenRevision;
} // namespace retort

namespace retort::diff {

// What `revision --autogenerate` (and the window's "Create revision from these changes")
// writes: the upgrade that takes the project's head to a desired schema, and the
// downgrade back (the reverse diff, renames reversed).
struct GeneratedMigration {
    DiffPlan up;
    DiffPlan down;
    QString desiredDescription; // where the desired schema came from, for the file's comment
    bool isEmpty() const { return up.isEmpty(); }
};

// The schema at the project's head ("base": none, for a project without revisions).
// Throws Error when the project has several heads: a revision needs one parent.
LoadedSchema loadHeadSchema(const DiffEnvironment &env);

// Plans both directions; unless `validate` is false, proves each on a scratch database
// first (validatePlan), so no SQL that fails is ever written. Throws Error.
GeneratedMigration generateMigration(const LoadedSchema &head, const LoadedSchema &desired,
                                     const DiffEnvironment &env, bool validate = true);

// Writes `migration` as a new revision on top of head (ScriptWriter), its upgrade
// opening with a comment naming the desired schema; hazards are `-- hazard:` comments
// above their statements. Throws Error.
WrittenRevision writeGeneratedRevision(const Project &project, const GeneratedMigration &migration,
                                       const QString &message, const QString &revisionId = {});

} // namespace retort::diff
