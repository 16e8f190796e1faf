#pragma once

#include "db/DatabaseUrl.h"
#include "diff/SchemaSource.h"

#include <optional>

namespace retort::diff {

// The environment of a diff (DiffEnvironment) for `project` (may be null) and its
// database: the dialect from the sides that are URLs, else --dev-url, else the project's
// database; the PostgreSQL server scratch databases go on (the first PostgreSQL side,
// else the project's database); the version and ledger tables left out of both sides.
// Throws Error when the sides mix dialects, when no dialect can be told, or when a
// PostgreSQL diff has no server and no dev URL. `project` must outlive the result.
DiffEnvironment makeDiffEnvironment(const Project *project,
                                    const std::optional<DatabaseUrl> &projectUrl,
                                    const QStringList &sides, const QString &devUrl = {});

} // namespace retort::diff
