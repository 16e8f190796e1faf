#include "graph/LaneLayout.h"

#include "graph/RevisionGraph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace retort {

namespace {

// Lowest free lane first, so freed lanes are reused and the graph stays narrow.
class LanePool {
public:
    int take()
    {
        if (m_free.empty())
            return m_next++;
        const int lane = m_free.top();
        m_free.pop();
        return lane;
    }
    void give(int lane) { m_free.push(lane); }
    int width() const { return m_next; }

private:
    std::priority_queue<int, std::vector<int>, std::greater<int>> m_free;
    int m_next = 0;
};

bool byLane(const LaneLayout::Segment &a, const LaneLayout::Segment &b)
{
    return a.fromLane != b.fromLane ? a.fromLane < b.fromLane : a.toLane < b.toLane;
}

} // namespace

LaneLayout::LaneLayout(const RevisionGraph &graph)
    : LaneLayout(graph, graph.walkRevisions())
{}

LaneLayout::LaneLayout(const RevisionGraph &graph, const QVector<int> &rowsNewestFirst)
    : m_rev(rowsNewestFirst)
{
    build(graph);
    buildPassThroughIndex();
}

void LaneLayout::build(const RevisionGraph &graph)
{
    const int n = int(m_rev.size());
    m_rowOf.fill(-1, graph.size());
    for (int r = 0; r < n; ++r)
        m_rowOf[m_rev[r]] = r;
    m_nodeLane.resize(n);
    m_flags.resize(n);
    m_outBegin.resize(n + 1);

    // Edges waiting to enter row r, as a linked list through `nextIn` (one int per edge).
    QVector<int> firstIn(n, -1);
    QVector<int> nextIn;
    LanePool lanes;

    for (int r = 0; r < n; ++r) {
        const int rev = m_rev[r];
        const int flags = (graph.isHead(rev) ? Head : 0) | (graph.isBase(rev) ? Base : 0) |
                          (graph.isBranchPoint(rev) ? BranchPoint : 0) |
                          (graph.isMergePoint(rev) ? MergePoint : 0);
        m_flags[r] = quint8(flags);

        // The node takes the leftmost lane of a down_revision edge coming in (so the
        // main line stays straight), else of any edge, else a fresh lane (a head).
        int nodeLane = -1;
        bool nodeOnParentEdge = false;
        for (int e = firstIn[r]; e >= 0; e = nextIn[e]) {
            const Edge &edge = m_edges[e];
            const bool parent = edge.kind == EdgeKind::Parent;
            if (nodeLane < 0 || (parent && !nodeOnParentEdge) ||
                (parent == nodeOnParentEdge && edge.lane < nodeLane)) {
                nodeLane = edge.lane;
                nodeOnParentEdge = parent;
            }
        }
        for (int e = firstIn[r]; e >= 0; e = nextIn[e]) {
            if (m_edges[e].lane != nodeLane)
                lanes.give(m_edges[e].lane);
        }
        if (nodeLane < 0)
            nodeLane = lanes.take();
        m_nodeLane[r] = nodeLane;

        // Outgoing edges: down_revisions in written order, then dependencies. The first
        // continues in the node's lane; the others (merge parents) take new lanes.
        m_outBegin[r] = int(m_edges.size());
        const QVector<int> &down = graph.downRevisions(rev);
        auto addEdge = [&](int parent, EdgeKind kind) {
            const int bottom = m_rowOf.value(parent, -1);
            if (bottom <= r)
                return; // not laid out, or not below: nothing sensible to draw
            const bool first = int(m_edges.size()) == m_outBegin[r];
            const int lane = first ? nodeLane : lanes.take();
            m_edges.append(Edge{lane, r, bottom, kind});
            nextIn.append(firstIn[bottom]);
            firstIn[bottom] = int(m_edges.size()) - 1;
        };
        for (int parent : down)
            addEdge(parent, EdgeKind::Parent);
        for (int dep : graph.normalizedDependencies(rev)) {
            if (!down.contains(dep))
                addEdge(dep, EdgeKind::Dependency);
        }
        if (int(m_edges.size()) == m_outBegin[r])
            lanes.give(nodeLane); // a base (or its parents are not drawn): lane is free
    }
    m_outBegin[n] = int(m_edges.size());
    m_laneCount = lanes.width();

    // Incoming edges per row as CSR (edge ids are already grouped by the lists).
    m_inBegin.resize(n + 1);
    m_inEdges.reserve(m_edges.size());
    for (int r = 0; r < n; ++r) {
        m_inBegin[r] = int(m_inEdges.size());
        for (int e = firstIn[r]; e >= 0; e = nextIn[e])
            m_inEdges.append(e);
    }
    m_inBegin[n] = int(m_inEdges.size());
}

// A bottom-up segment tree over rows: an edge passing through rows [a, b] is stored in
// the O(log n) nodes that exactly cover [a, b]; the edges passing through row r are
// those stored on the path from r's leaf to the root. Built as CSR in two passes.
void LaneLayout::buildPassThroughIndex()
{
    const int n = rowCount();
    m_treeLeaves = 1;
    while (m_treeLeaves < n)
        m_treeLeaves *= 2;
    m_treeBegin.fill(0, 2 * m_treeLeaves + 1);

    auto forEachNode = [this](const Edge &edge, auto &&visit) {
        int lo = edge.top + 1 + m_treeLeaves;
        int hi = edge.bottom - 1 + m_treeLeaves + 1; // half open
        for (; lo < hi; lo /= 2, hi /= 2) {
            if (lo & 1)
                visit(lo++);
            if (hi & 1)
                visit(--hi);
        }
    };
    for (const Edge &edge : std::as_const(m_edges))
        forEachNode(edge, [this](int node) { ++m_treeBegin[node + 1]; });
    for (int k = 1; k < m_treeBegin.size(); ++k)
        m_treeBegin[k] += m_treeBegin[k - 1];
    m_treeEdges.resize(m_treeBegin.back());
    QVector<int> fill(m_treeBegin.begin(), m_treeBegin.end() - 1);
    for (int e = 0; e < m_edges.size(); ++e)
        forEachNode(m_edges[e], [&](int node) { m_treeEdges[fill[node]++] = e; });
}

void LaneLayout::row(int r, Row &out) const
{
    out.upper.clear();
    out.lower.clear();
    out.through.clear();
    out.nodeLane = m_nodeLane[r];
    out.flags = m_flags[r];
    for (int i = m_inBegin[r]; i < m_inBegin[r + 1]; ++i) {
        const Edge &edge = m_edges[m_inEdges[i]];
        out.upper.append(Segment{edge.lane, out.nodeLane, edge.kind});
    }
    for (int e = m_outBegin[r]; e < m_outBegin[r + 1]; ++e)
        out.lower.append(Segment{out.nodeLane, m_edges[e].lane, m_edges[e].kind});
    for (int node = r + m_treeLeaves; node >= 1; node /= 2) {
        for (int i = m_treeBegin[node]; i < m_treeBegin[node + 1]; ++i) {
            const Edge &edge = m_edges[m_treeEdges[i]];
            out.through.append(Segment{edge.lane, edge.lane, edge.kind});
        }
    }
    std::sort(out.upper.begin(), out.upper.end(), byLane);
    std::sort(out.lower.begin(), out.lower.end(), byLane);
    std::sort(out.through.begin(), out.through.end(), byLane);
}

} // namespace retort
