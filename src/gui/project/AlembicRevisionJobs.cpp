#include "project/AlembicRevisionJobs.h"

#include "Project.h"
#include "alembic/AlembicWrittenRevision.h"
#include "script/ScriptWriter.h"

namespace retort::gui {

std::function<WrittenRevision()> alembicRevisionJob(std::shared_ptr<const Project> project,
                                                    AlembicRevisionRequest request)
{
    return [project, request] {
        const ProjectConfig &config = project->config;
        const AlembicOutcome outcome =
            writeRevisionWithAlembic(config, ProjectPython::find(config, {}), request);
        return readRevisionWrittenByAlembic(outcome, u"revision"_qs);
    };
}

std::function<WrittenRevision()> alembicMergeJob(std::shared_ptr<const Project> project,
                                                 QString message)
{
    return [project, message] {
        const ProjectConfig &config = project->config;
        const AlembicOutcome outcome = writeMergeWithAlembic(
            config, ProjectPython::find(config, {}), {u"heads"_qs}, message, {}, {});
        return readRevisionWrittenByAlembic(outcome, u"merge"_qs);
    };
}

} // namespace retort::gui
