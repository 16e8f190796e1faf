#pragma once

#include "script/ScriptDirectory.h"

#include <QStringList>

namespace retort {

struct ProjectConfig;

// The revision files of an Alembic project, in the order Alembic 1.13+ loads them:
// each version location in turn, its "*.py" files sorted by name (not "__init__*" nor
// editor lock files ".#*"), then, with recursive_version_locations, each sub-folder in
// sorted order (depth first, __pycache__ skipped). A file reached twice (overlapping
// locations, symlinks) is read once, as Alembic does. Files are read natively
// (PythonRevisionReader.h), in parallel, or from each folder's parse cache when unchanged
// (CachedFolder.h); every malformed file is reported, each as "file:line: message". A
// location that does not exist is skipped when version_locations names it, and an error
// for the default versions folder. With ScriptParts::Headers the scripts come without
// their source (for the graph commands).
ScriptDirectory loadPythonScripts(const ProjectConfig &config,
                                  ScriptParts parts = ScriptParts::HeadersAndSql);

// The "*.py" files loadPythonScripts reads, in that order (absolute paths).
QStringList listPythonRevisionFiles(const ProjectConfig &config);

// The folders loadPythonScripts reads: each version location that exists and, with
// recursive_version_locations, every folder below it (not __pycache__), for the window's
// watcher (a change in any of them changes the history).
QStringList pythonRevisionFolders(const ProjectConfig &config);

} // namespace retort
