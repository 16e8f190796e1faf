#pragma once

#include "graph/RevisionGraph.h"

namespace retort {

struct ProjectConfig;

// The revision graph of a versions folder, for commands that need nothing else
// (heads, history, branches, show): exactly RevisionGraph::build(ScriptDirectory::load(
// folder, false, ScriptParts::Headers).revisions()), errors included, only sooner.
//
// Most of a warm load is listing the folder and stat-ing every file (kernel time).
// So while one thread does that, this one decodes the parse cache's entries and builds
// the graph from them, as if nothing changed. If the listing then matches the cache
// exactly (same names, same stat keys) that graph is the answer; otherwise, or on any
// error, it is thrown away and the ordinary load runs (and rewrites the cache, so the
// next run is fast again).
// `docs`: the docstring fields the caller needs (Revision.h); the others may be empty.
RevisionGraph loadRevisionGraph(const QString &versionsFolder,
                                RevisionDocs docs = RevisionDocs::All);

// The same for a project of either kind: an Alembic project's Python files (one
// versions folder takes the same shortcut; several, or recursive ones, load as
// loadPythonScripts does).
RevisionGraph loadProjectGraph(const ProjectConfig &config, RevisionDocs docs = RevisionDocs::All);

} // namespace retort
