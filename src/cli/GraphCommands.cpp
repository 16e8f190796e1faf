#include "Commands.h"

#include "Error.h"
#include "graph/HistoryText.h"
#include "graph/RevisionGraph.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

namespace retort::cli {

// The read-only commands: they need the project and its graph, never the database.
void runGraphCommand(const CommandLine &cmd, QTextStream &out)
{
    const ProjectConfig config = ProjectConfig::load(cmd.config);
    const ScriptDirectory scripts = ScriptDirectory::load(config.scriptLocation);
    const RevisionGraph graph = RevisionGraph::build(scripts.revisions());
    const bool verbose = cmd.flag(u"--verbose"_qs);

    if (cmd.verb == u"heads") {
        out << headsText(graph, verbose);
    } else if (cmd.verb == u"branches") {
        out << branchesText(graph, verbose);
    } else if (cmd.verb == u"history") {
        if (!cmd.positional.isEmpty())
            throw Error(u"history takes no arguments; use -r RANGE"_qs);
        out << historyText(graph, cmd.value(u"--rev-range"_qs), verbose);
    } else if (cmd.verb == u"show") {
        if (cmd.positional.size() != 1)
            throw Error(u"show takes one argument: the revision"_qs);
        out << showText(graph, cmd.positional[0]);
    } else {
        throw Error(u"unknown command '%1'"_qs.arg(cmd.verb));
    }
}

} // namespace retort::cli
