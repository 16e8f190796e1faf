#include "LoadedProject.h"

#include "Error.h"
#include "alembic/AlembicScripts.h"
#include "script/ProjectConfig.h"

#include <QFileInfo>

namespace retort::gui {

LoadedProject LoadedProject::load(const QString &path)
{
    LoadedProject result;
    result.requestedPath = path;
    // A folder opens its retort.ini, else its alembic.ini (an Alembic project as it is).
    const QString ini = QFileInfo(projectIniPath(path)).absoluteFilePath();
    QString versions = QFileInfo(ini).absolutePath() + u"/versions"_qs;
    try {
        result.project = Project::load(ini);
        versions = result.project->config.scriptLocation;
        if (result.project->config.isAlembic())
            result.autogenerateBlocker = retort::autogenerateBlocker(result.project->config);
    } catch (const Error &e) {
        result.error = e.message();
    }
    result.iniPath = ini;
    result.versionsFolder = versions;
    return result;
}

} // namespace retort::gui
