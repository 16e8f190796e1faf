#include "graph/RevisionGraph.h"

#include <algorithm>

namespace retort {

// Alembic's _add_branches, computed in one pass instead of one walk per label.
//
// Alembic gives a labelled revision's labels to (1) all its descendants through
// down_revision, and (2) walking down from the last descendant it visited, to every
// revision until it meets a "real" branch point (two children counting depends_on) or
// a merge point. (2) only gets past the labelled revision itself when everything from
// it up to its head is a plain line; the walk then also labels the line below it.
// So: call a revision "clean" if it and everything above it up to a head is a plain
// line (no merge, no real branch point). Clean revisions sharing a head form one
// segment, and every revision of a segment gets the labels declared in it. Then (1) is
// a union over parents in topological order. The result is the same whichever order
// the labels are processed in, as in Alembic (which uses a set).
void RevisionGraph::inheritBranchLabels()
{
    const int n = size();
    m_labels.resize(n);
    if (m_labelRank.isEmpty()) // no labels declared: none to inherit
        return;
    const QVector<QVector<int>> &next = m_next;
    const QVector<QVector<int>> &down = m_down;
    QVector<char> clean(n, 0);
    QVector<int> segment(n, None);
    QHash<int, QStringList> segmentLabels;
    for (int k = n - 1; k >= 0; --k) {
        const int v = m_topo[k];
        if (isMergePoint(v) || isRealBranchPoint(v))
            continue;
        if (next[v].isEmpty()) {
            clean[v] = 1;
            segment[v] = v;
        } else if (clean[next[v].first()]) {
            clean[v] = 1;
            segment[v] = segment[next[v].first()];
        }
        if (clean[v] && !m_revs[v].branchLabels.isEmpty())
            segmentLabels[segment[v]] << m_revs[v].branchLabels;
    }
    const auto byRank = [this](const QString &a, const QString &b) {
        return m_labelRank.value(a) < m_labelRank.value(b);
    };
    for (int v : m_topo) {
        QStringList own = m_revs[v].branchLabels;
        if (clean[v])
            own << segmentLabels.value(segment[v]);
        if (own.isEmpty() && down[v].size() == 1) {
            m_labels[v] = m_labels[down[v].first()]; // shared, copy on write
            continue;
        }
        QStringList all = own;
        for (int p : down[v])
            all << m_labels[p];
        all.removeDuplicates();
        std::sort(all.begin(), all.end(), byRank);
        m_labels[v] = all;
    }
}

} // namespace retort
