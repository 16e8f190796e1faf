#include "Project.h"

namespace retort {

Project Project::load(const QString &iniPath, bool allowEmpty, ScriptParts parts)
{
    ProjectConfig config = ProjectConfig::load(iniPath);
    ScriptDirectory scripts = ScriptDirectory::load(config.scriptLocation, allowEmpty, parts);
    RevisionGraph graph = RevisionGraph::build(scripts.revisions());
    return Project{std::move(config), std::move(scripts), std::move(graph)};
}

} // namespace retort
