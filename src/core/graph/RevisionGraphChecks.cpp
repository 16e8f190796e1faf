#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

#include <algorithm>
#include <utility>

namespace retort {

namespace {

RevisionError cycle(bool dependency, QStringList revisions)
{
    return RevisionError(
        RevisionError::Kind::Cycle,
        QStringLiteral("%1 is detected in revisions (%2)")
            .arg(dependency ? QStringLiteral("Dependency cycle") : QStringLiteral("Cycle"),
                 revisions.join(QStringLiteral(", "))));
}

} // namespace

// _detect_cycles: every revision must lie both below some head and above some base,
// first along down_revision only ("Cycle"), then along down_revision + depends_on
// ("Dependency cycle", which is also how a dependency on a descendant shows up).
void RevisionGraph::detectCycles() const
{
    if (size() == 0)
        return;
    const auto all = [this] {
        QStringList ids;
        for (const Revision &rev : m_revs)
            ids << rev.id;
        return ids;
    };
    struct Pass {
        const QVector<int> &heads, &bases;
        Edges down, up;
        bool dependency;
    };
    const Pass passes[] = {{m_heads, m_bases, Edges::VersionedDown, Edges::Next, false},
                           {m_realHeads, m_realBases, Edges::AllDown, Edges::AllNext, true}};
    for (const Pass &p : passes) {
        if (p.heads.isEmpty() || p.bases.isEmpty())
            throw cycle(p.dependency, all());
        const QVector<char> below = reach(p.heads, p.down);
        const QVector<char> above = reach(p.bases, p.up);
        QStringList deleted;
        for (int i = 0; i < size(); ++i)
            if (!below[i] || !above[i])
                deleted << m_revs[i].id;
        if (!deleted.isEmpty()) {
            std::sort(deleted.begin(), deleted.end());
            throw cycle(p.dependency, deleted);
        }
    }
}

// Kahn's algorithm over down_revision + depends_on. Alembic's check above misses a
// cycle that hangs between a base and a head (a -> b <-> c -> d); Alembic 1.8 then
// prints a truncated history. We report it as a cycle instead.
// Alembic's own check (detectCycles, four walks of the whole graph) cannot fail on a
// graph that has a topological order, so it only runs when this finds none, and its
// message wins as it did when it ran first.
void RevisionGraph::computeTopologicalIndex()
{
    const int n = size();
    QVector<int> pending(n);
    QVector<int> topo(n);
    int *const order = topo.data();
    int ordered = 0;
    for (int i = 0; i < n; ++i) {
        pending[i] = int(std::as_const(m_allDown)[i].size());
        if (pending[i] == 0)
            order[ordered++] = i;
    }
    for (int k = 0; k < ordered; ++k)
        for (int c : std::as_const(m_allNext)[order[k]])
            if (--pending[c] == 0)
                order[ordered++] = c;
    if (ordered != n) {
        detectCycles();
        QStringList left;
        for (int i = 0; i < n; ++i)
            if (pending[i] > 0)
                left << m_revs[i].id;
        std::sort(left.begin(), left.end());
        throw cycle(false, left);
    }
    m_topo = std::move(topo);
    m_topoPosition.resize(n);
    for (int k = 0; k < n; ++k)
        m_topoPosition[m_topo[k]] = k;
}

} // namespace retort
