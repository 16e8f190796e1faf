#include "DiffSetup.h"

#include "Commands.h"
#include "diff/DiffEnvironmentSetup.h"
#include "diff/ScratchDatabase.h"

#include <QFileInfo>

namespace retort::cli {

DiffSetup::DiffSetup(const CommandLine &cmd, const QStringList &sides, bool needProject)
{
    diff::installInterruptCleanup();
    if (needProject || QFileInfo::exists(cmd.config))
        project = Project::load(cmd.config, /*allowEmpty=*/true);
    std::optional<DatabaseUrl> projectUrl;
    if (project) {
        const QString url = project->config.effectiveUrl(cmd.url);
        if (!url.isEmpty())
            projectUrl = DatabaseUrl::parse(url, project->config.projectDir);
    } else if (!cmd.url.isEmpty()) {
        projectUrl = DatabaseUrl::parse(cmd.url, {});
    }
    env = diff::makeDiffEnvironment(project ? &*project : nullptr, projectUrl, sides,
                                    cmd.value(u"--dev-url"_qs));
}

} // namespace retort::cli
