#include "LoadedProject.h"

#include "Error.h"

#include <QFileInfo>

namespace retort::gui {

LoadedProject LoadedProject::load(const QString &path)
{
    LoadedProject result;
    result.requestedPath = path;
    const QFileInfo info(path);
    const QString ini =
        info.isDir() ? info.absoluteFilePath() + u"/retort.ini"_qs : info.absoluteFilePath();
    QString versions = QFileInfo(ini).absolutePath() + u"/versions"_qs;
    try {
        result.project = Project::load(ini);
        versions = result.project->config.scriptLocation;
    } catch (const Error &e) {
        result.error = e.message();
    }
    result.iniPath = ini;
    result.versionsFolder = versions;
    return result;
}

} // namespace retort::gui
