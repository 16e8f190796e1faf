#include "graph/RedundantParents.h"

namespace retort {

namespace {

// The parents of `revision` that are ancestors of another of its parents, with that one.
QVector<RedundantParent> redundantOf(const RevisionGraph &graph, int revision)
{
    QVector<RedundantParent> out;
    const QVector<int> &parents = graph.downRevisions(revision);
    if (parents.size() < 2)
        return out;
    for (const int other : parents) {
        const QVector<char> below =
            graph.reach(graph.downRevisions(other), RevisionGraph::Edges::VersionedDown);
        for (const int p : parents) {
            bool known = false;
            for (const RedundantParent &r : out)
                known = known || r.parent == p;
            if (p != other && below[p] && !known)
                out.append({revision, p, other});
        }
    }
    return out;
}

} // namespace

QVector<RedundantParent> redundantParents(const RevisionGraph &graph)
{
    QVector<RedundantParent> out;
    for (int i = 0; i < graph.size(); ++i)
        if (graph.isMergePoint(i))
            out += redundantOf(graph, i);
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
    for (const RedundantParent &r : redundantOf(graph, revision))
        parents.removeAll(r.parent);
    return parents;
}

} // namespace retort
