#include "Project.h"

#include "alembic/PythonScriptDirectory.h"
#include "graph/RedundantParents.h"

namespace retort {

Project Project::load(const QString &iniPath, bool allowEmpty, ScriptParts parts)
{
    ProjectConfig config = ProjectConfig::load(iniPath);
    ScriptDirectory scripts = config.isAlembic()
                                  ? loadPythonScripts(config, parts)
                                  : ScriptDirectory::load(config.scriptLocation, allowEmpty, parts);
    return fromScripts(std::move(config), std::move(scripts));
}

Project Project::fromScripts(ProjectConfig config, ScriptDirectory scripts)
{
    RevisionGraph graph = RevisionGraph::build(scripts.revisions());
    QStringList warnings = redundantParentWarnings(graph);
    return Project{std::move(config), std::move(scripts), std::move(graph), std::move(warnings)};
}

} // namespace retort
