#pragma once

#include "compare/CompareTypes.h"

namespace retort {
struct WrittenRevision;
}

namespace retort::gui {

// The Compare view's work, run on a pool thread (each call opens its own connections and
// scratch databases, and drops them before it returns). None of these throws.

// Loads both sides, diffs them and, when there is something to do, validates the plan
// on a scratch database.
CompareResult compareSchemas(const CompareInput &input);

// `retort check`'s drift half on the project's database: FROM the schema its version
// table implies (`current`), TO the database as it is.
CompareResult checkDrift(const CompareInput &input);

// Writes the changes of `result` (FROM must be head) as a new revision, as
// `revision --autogenerate` does (diff::generateMigration, validated both ways).
// Throws Error; run it through RevisionAuthor::write.
WrittenRevision writeRevisionFrom(const CompareResult &result, const QString &message);

} // namespace retort::gui
