#include "LoadedProject.h"

#include "Error.h"

#include <QFileInfo>

namespace retort::gui {

LoadedProject LoadedProject::load(const QString &path)
{
    LoadedProject result;
    result.requestedPath = path;
    try {
        const QFileInfo info(path);
        const QString ini = info.isDir() ? info.absoluteFilePath() + u"/retort.ini"_qs
                                         : info.absoluteFilePath();
        result.project = Project::load(ini);
    } catch (const Error &e) {
        result.error = e.message();
    }
    return result;
}

} // namespace retort::gui
