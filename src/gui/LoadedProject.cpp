#include "LoadedProject.h"

#include "Error.h"

#include <QDir>
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
    result.watchPaths.append(ini);
    if (QFileInfo(versions).isDir()) {
        result.watchPaths.append(versions);
        const QDir dir(versions);
        for (const QString &name : dir.entryList({u"*.sql"_qs}, QDir::Files))
            result.watchPaths.append(dir.filePath(name));
    }
    return result;
}

} // namespace retort::gui
