#pragma once

#include "graph/RevisionGraph.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

namespace retort {

// A project as every command needs it: retort.ini (or alembic.ini), the parsed revision
// files (SQL, or an Alembic project's Python files read natively) and the revision graph
// built from them.
struct Project {
    ProjectConfig config;
    ScriptDirectory scripts;
    RevisionGraph graph;
    QStringList warnings; // about the graph, to show but not to stop on (RedundantParents.h)

    // Throws Error (file:line for malformed files, Alembic's text for graph errors).
    // With ScriptParts::Headers the scripts come without SQL (see ScriptDirectory::load),
    // for commands that only read the graph and the database (current).
    static Project load(const QString &iniPath, bool allowEmpty = false,
                        ScriptParts parts = ScriptParts::HeadersAndSql);
    // A project whose scripts were read another way (alembic/AlembicGraph.h).
    static Project fromScripts(ProjectConfig config, ScriptDirectory scripts);
};

} // namespace retort
