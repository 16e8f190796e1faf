#pragma once

#include <QVarLengthArray>
#include <QVector>

namespace retort {

class RevisionGraph;

// Lanes (columns) for drawing the revision graph beside a list, newest on top, as git
// history views do (gitk, qgit, GitQlient). Rows are in `retort history` order
// (RevisionGraph::walkRevisions()), so every parent sits below its children.
//
// Each edge (child -> parent) runs straight down one lane. At the child's row it
// leaves the node in the lower half of the row (bending out to its lane if that is not
// the node's lane); at the parent's row it enters the node in the upper half. A lane
// is freed when its edge ends and is reused by the next edge that needs one (lowest
// free lane first), so the width stays the number of edges alive at once.
//
// Cost: O((rows + edges) log rows) to build. Lanes an edge merely passes through are not
// stored per row (a graph with many long-lived branches would make that quadratic);
// row() finds them with a segment tree over rows, O(log rows + segments in the row).
class LaneLayout {
public:
    enum class EdgeKind : quint8 { Parent, Dependency }; // down_revision, depends_on
    enum NodeFlag : quint8 { Head = 1, Base = 2, BranchPoint = 4, MergePoint = 8 };

    // In `upper`: fromLane at the row's top edge to toLane at its middle.
    // In `lower`: fromLane at the middle to toLane at the bottom edge.
    // In `through`: a lane crossing the whole row (fromLane == toLane).
    // An edge keeps one lane all along: colour segments by the lane that is not the
    // node's (upper: fromLane, lower: toLane).
    struct Segment {
        qint32 fromLane = 0;
        qint32 toLane = 0;
        EdgeKind kind = EdgeKind::Parent;
        friend bool operator==(const Segment &a, const Segment &b)
        {
            return a.fromLane == b.fromLane && a.toLane == b.toLane && a.kind == b.kind;
        }
    };
    using Segments = QVarLengthArray<Segment, 8>;

    struct Row {
        int nodeLane = 0;
        quint8 flags = 0; // NodeFlag
        Segments upper, lower, through;
    };

    LaneLayout() = default;
    // Rows in walkRevisions() order, or in the given order (newest first; parents that
    // are missing or not below their child are left out of the drawing).
    explicit LaneLayout(const RevisionGraph &graph);
    LaneLayout(const RevisionGraph &graph, const QVector<int> &rowsNewestFirst);

    int rowCount() const { return int(m_rev.size()); }
    int laneCount() const { return m_laneCount; } // the width: highest lane used + 1
    int revisionAt(int row) const { return m_rev[row]; }
    int rowOf(int revision) const { return m_rowOf.value(revision, -1); }
    const QVector<int> &revisions() const { return m_rev; } // graph indices by row
    int nodeLane(int row) const { return m_nodeLane[row]; }
    quint8 flags(int row) const { return m_flags[row]; }

    // Fills `out` (reuse it between calls: no allocation for ordinary rows). Segments
    // are sorted by lane.
    void row(int row, Row &out) const;
    Row row(int r) const
    {
        Row out;
        row(r, out);
        return out;
    }

private:
    struct Edge {
        qint32 lane;
        qint32 top;    // the child's row
        qint32 bottom; // the parent's row
        EdgeKind kind;
    };

    void build(const RevisionGraph &graph);
    void buildPassThroughIndex();

    QVector<int> m_rev;   // graph index by row
    QVector<int> m_rowOf; // row by graph index (-1: not laid out)
    QVector<qint32> m_nodeLane;
    QVector<quint8> m_flags;
    QVector<Edge> m_edges;   // in order of their top row (created row by row)
    QVector<int> m_outBegin; // edges leaving row r: m_edges[m_outBegin[r] .. m_outBegin[r+1])
    QVector<int> m_inBegin;  // edges entering row r: m_inEdges[m_inBegin[r] .. m_inBegin[r+1])
    QVector<int> m_inEdges;
    // Segment tree over rows: node k holds the edges passing through all its rows.
    int m_treeLeaves = 0;
    QVector<int> m_treeBegin; // CSR offsets, 2 * m_treeLeaves + 1
    QVector<int> m_treeEdges;
    int m_laneCount = 0;
};

} // namespace retort
