#pragma once

#include "CommandLine.h"
#include "Project.h"
#include "diff/SchemaSource.h"

#include <optional>

namespace retort::cli {

// What the schema-diff commands (diff, check, revision --autogenerate) share: the
// project when there is one, the dialect, and where scratch databases go.
struct DiffSetup {
    // `sides` are the command's FROM/TO texts (URLs name their dialect). Throws Error when
    // no dialect or no PostgreSQL server for scratch databases can be found.
    DiffSetup(const CommandLine &cmd, const QStringList &sides, bool needProject = false);

    std::optional<Project> project;
    diff::DiffEnvironment env;
};

} // namespace retort::cli
