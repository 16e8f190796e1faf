#include "Commands.h"

#include "Error.h"
#include "ProjectGraph.h"
#include "alembic/AlembicGraph.h"
#include "graph/HistoryText.h"
#include "graph/RedundantParents.h"
#include "graph/RevisionGraph.h"
#include "script/ProjectConfig.h"

namespace retort::cli {

namespace {
// Deliberately never freed: the process ends right after printing, and freeing a
// 20,000-revision graph piece by piece costs ~5 ms, more than printing it (compilers
// skip such frees too, with -disable-free). A global, so LeakSanitizer sees it reachable.
const RevisionGraph *keptGraph = nullptr;
} // namespace

// The read-only commands: they need the project and its graph, never the database.
void runGraphCommand(const CommandLine &cmd, QTextStream &out)
{
    const ProjectConfig config = ProjectConfig::load(cmd.config);
    const bool verbose = cmd.flag(u"--verbose"_qs);
    // What the output prints of each docstring (HistoryText.cpp): the rest is not decoded.
    const RevisionDocs docs = verbose || cmd.verb == u"show" ? RevisionDocs::All
                              : cmd.verb == u"history"       ? RevisionDocs::MessageOnly
                                                             : RevisionDocs::None;
    // These commands need only the graph: no SQL, and on a warm cache it is built while
    // the folder is being listed (ProjectGraph.h).
    // An Alembic project's Python files are read natively, never imported.
    // --graph-from-alembic: the project's own Alembic reads a graph whose files the
    // native reader refuses (identifiers that are not literals).
    keptGraph = new RevisionGraph(
        cmd.graphFromAlembic && config.isAlembic()
            ? RevisionGraph::build(
                  loadScriptsFromAlembic(config, ProjectPython::find(config, cmd.python))
                      .revisions())
            : loadProjectGraph(config, docs));
    const RevisionGraph &graph = *keptGraph;
    printWarnings(redundantParentWarnings(graph));

    if (cmd.verb == u"heads") {
        out << headsText(graph, verbose);
    } else if (cmd.verb == u"branches") {
        out << branchesText(graph, verbose);
    } else if (cmd.verb == u"history") {
        out << historyText(graph, cmd.value(u"--rev-range"_qs), verbose);
    } else if (cmd.verb == u"show") {
        out << showText(graph, cmd.positional[0]);
    } else {
        throw Error(u"unknown command '%1'"_qs.arg(cmd.verb));
    }
}

} // namespace retort::cli
