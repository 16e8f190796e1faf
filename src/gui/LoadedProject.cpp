#include "LoadedProject.h"

#include "Error.h"
#include "alembic/AlembicScripts.h"
#include "alembic/PythonScriptDirectory.h"
#include "script/ProjectConfig.h"

#include <QFileInfo>

namespace retort::gui {

LoadedProject LoadedProject::load(const QString &path)
{
    LoadedProject result;
    result.requestedPath = path;
    // A folder opens its retort.ini, else its alembic.ini (an Alembic project as it is).
    const QString ini = QFileInfo(projectIniPath(path)).absoluteFilePath();
    QStringList versions{QFileInfo(ini).absolutePath() + u"/versions"_qs};
    try {
        result.project = Project::load(ini);
        const ProjectConfig &config = result.project->config;
        versions = {config.scriptLocation};
        if (config.isAlembic()) {
            versions = pythonRevisionFolders(config);
            result.autogenerateBlocker = retort::autogenerateBlocker(config);
        }
    } catch (const Error &e) {
        result.error = e.message();
        // A revision file that does not parse: still watch where the ini says they are,
        // so fixing the file brings the history back by itself.
        try {
            const ProjectConfig config = ProjectConfig::load(ini);
            versions = config.isAlembic() ? pythonRevisionFolders(config)
                                          : QStringList{config.scriptLocation};
        } catch (const Error &) {
            // the ini itself is broken: its folder's watch covers the fix
        }
    }
    result.iniPath = ini;
    result.versionsFolders = versions;
    return result;
}

} // namespace retort::gui
