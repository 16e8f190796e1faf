#pragma once

#include "alembic/ProjectPython.h"
#include "script/ScriptDirectory.h"

namespace retort {

struct ProjectConfig;

// The way on when a revision file's identifiers are not literals (`down_revision =
// (cli.EXPAND_BRANCH,)`): ask the project's own Alembic, in its own interpreter, for
// every revision's id, down_revision, branch_labels, depends_on, docstring and path, and
// build the same scripts the native reader would (files in sorted path order, as
// Alembic 1.13+ loads them). This imports the revision files, so it needs the project's
// environment; the native reader (PythonScriptDirectory.h) never does.
ScriptDirectory loadScriptsFromAlembic(const ProjectConfig &config, const ProjectPython &python);

} // namespace retort
