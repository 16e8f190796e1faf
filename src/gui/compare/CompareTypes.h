#pragma once

#include "db/DatabaseUrl.h"
#include "diff/DiffPlan.h"
#include "diff/SchemaSource.h"

#include <QString>

#include <memory>
#include <optional>

namespace retort {
struct Project;
}

namespace retort::gui {

// One side of a comparison as the Compare view offers it.
struct CompareSide {
    enum class Kind { Database, Revision, SchemaFile };
    Kind kind = Kind::Revision;
    QString value; // a database URL (password included), a revision, a file or folder
    QString label; // what the user reads: an environment's name, "head", a file name
};

// What a comparison job needs: the sides as diff::loadSchema takes them, and the project
// with its database (for revisions, `current` and the scratch databases' server).
struct CompareInput {
    std::shared_ptr<const Project> project;
    std::optional<DatabaseUrl> projectUrl;
    QString from;
    QString to;
};

// A comparison's outcome, made on a worker thread and shown by the Compare view.
struct CompareResult {
    CompareInput input;
    diff::LoadedSchema from;
    diff::LoadedSchema to;
    diff::DiffPlan plan;
    QString error;           // non-empty: nothing was compared (the side named is why)
    QString validationError; // the plan failed when tried (validatePlan): not offered as a revision
    bool fromHead = false;   // FROM is the project's head: the changes can become a revision
    bool drift = false;      // made by the drift check: FROM is `current`, TO the database
    bool ok() const { return error.isEmpty(); }
};

} // namespace retort::gui
