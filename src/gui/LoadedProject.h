#pragma once

#include "graph/RevisionGraph.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

#include <QString>

#include <optional>

namespace retort::gui {

// Everything the window shows about a project, built off the GUI thread.
struct LoadedProject {
    QString requestedPath;
    ProjectConfig config;
    std::optional<ScriptDirectory> scripts;
    std::optional<RevisionGraph> graph;
    QString error; // set when loading failed; shown in place of the history

    static LoadedProject load(const QString &path); // never throws
};

} // namespace retort::gui
