#pragma once

// What the graph commands print for a loaded graph, for tests that compare two ways of
// loading one (the parse cache's shortcut against the ordinary load).
#include "Error.h"
#include "graph/HistoryText.h"
#include "graph/RevisionGraph.h"

#include <functional>

namespace retort::test {

// Everything the graph commands print with -v, or the error.
inline QString graphText(const std::function<RevisionGraph()> &load)
{
    try {
        const RevisionGraph graph = load();
        return historyText(graph, {}, true) + headsText(graph, true) + branchesText(graph, true);
    } catch (const Error &e) {
        return u"error: "_qs + e.message();
    }
}

// What the commands print without -v that need only `docs` of each docstring (the
// ones GraphCommands.cpp loads with it): history for MessageOnly, heads and branches
// for None.
inline QString briefGraphText(const std::function<RevisionGraph()> &load, RevisionDocs docs)
{
    try {
        const RevisionGraph graph = load();
        return docs == RevisionDocs::MessageOnly
                   ? historyText(graph, {}, false)
                   : headsText(graph, false) + branchesText(graph, false);
    } catch (const Error &e) {
        return u"error: "_qs + e.message();
    }
}

} // namespace retort::test
