#pragma once

#include "graph/RevisionGraph.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

namespace retort {

// A project as every command needs it: retort.ini, the parsed versions folder and the
// revision graph built from it.
struct Project {
    ProjectConfig config;
    ScriptDirectory scripts;
    RevisionGraph graph;

    // Throws Error (file:line for malformed files, Alembic's text for graph errors).
    static Project load(const QString &iniPath, bool allowEmpty = false);
};

} // namespace retort
