#pragma once

#include "Project.h"

#include <QString>

#include <optional>

namespace retort::gui {

// A project as the window holds it, loaded off the GUI thread: the project, or the
// error that stopped it loading (shown in place of the history, never a crash).
struct LoadedProject {
    QString requestedPath;
    std::optional<Project> project;
    QString error;
    // What to watch for changes (ProjectWatcher): found here because after a parse
    // error there is no Project to ask.
    QString iniPath;
    QStringList versionsFolders; // an Alembic project's version_locations and, with
                                 // recursive_version_locations, the folders below them
    // An Alembic project: why `revision --autogenerate` cannot work (env.py sets no
    // target_metadata; AlembicScripts.h), read here off the GUI thread. Empty if it can.
    QString autogenerateBlocker;

    static LoadedProject load(const QString &path); // never throws
};

} // namespace retort::gui
