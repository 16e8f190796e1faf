#include "graph/RedundantParents.h"

#include <algorithm>

namespace retort {

namespace {

// The parents of `revision` that are ancestors of another of its parents, with that one.
// A search down from each parent stops at revisions that stand, in topological order,
// before every other parent: none of those can lead to one. So a merge of two short
// branches costs the branches, not the whole history below them.
// `seen` is scratch space of graph.size() entries, all 0 or less than `stamp`.
QVector<RedundantParent> redundantOf(const RevisionGraph &graph, int revision, QVector<int> &seen,
                                     int &stamp)
{
    QVector<RedundantParent> out;
    const QVector<int> &parents = graph.downRevisions(revision);
    if (parents.size() < 2)
        return out;
    QVector<int> stack;
    for (const int other : parents) {
        int lowest = graph.size();
        for (const int p : parents)
            if (p != other)
                lowest = std::min(lowest, graph.topologicalPosition(p));
        ++stamp;
        stack = graph.downRevisions(other);
        while (!stack.isEmpty()) {
            const int v = stack.takeLast();
            if (graph.topologicalPosition(v) < lowest || seen[v] == stamp)
                continue;
            seen[v] = stamp;
            stack += graph.downRevisions(v);
        }
        for (const int p : parents) {
            bool known = false;
            for (const RedundantParent &r : out)
                known = known || r.parent == p;
            if (p != other && seen[p] == stamp && !known)
                out.append({revision, p, other});
        }
    }
    return out;
}

} // namespace

QVector<RedundantParent> redundantParents(const RevisionGraph &graph)
{
    QVector<RedundantParent> out;
    QVector<int> seen(graph.size(), 0);
    int stamp = 0;
    for (int i = 0; i < graph.size(); ++i)
        if (graph.isMergePoint(i))
            out += redundantOf(graph, i, seen, stamp);
    return out;
}

QStringList redundantParentWarnings(const RevisionGraph &graph)
{
    QStringList lines;
    for (const RedundantParent &r : redundantParents(graph))
        lines.append(u"%1: revision %2 lists %3 as a parent, but %3 is already an ancestor of "
                     "its parent %4; Retort treats it as implied (Alembic fails to upgrade "
                     "through this merge). Remove %3 from down_revision."_qs.arg(
                         graph.revision(r.revision).path, graph.id(r.revision), graph.id(r.parent),
                         graph.id(r.via)));
    return lines;
}

QVector<int> essentialParents(const RevisionGraph &graph, int revision)
{
    QVector<int> parents = graph.normalizedDownRevisions(revision);
    if (!graph.isMergePoint(revision))
        return parents;
    QVector<int> seen(graph.size(), 0);
    int stamp = 0;
    for (const RedundantParent &r : redundantOf(graph, revision, seen, stamp))
        parents.removeAll(r.parent);
    return parents;
}

} // namespace retort
