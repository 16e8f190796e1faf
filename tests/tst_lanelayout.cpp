#include "graph/LaneLayout.h"
#include "graph/RevisionGraph.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

#include <map>

using namespace retort;
using Kind = LaneLayout::EdgeKind;
using Seg = LaneLayout::Segment;

namespace {

Revision rev(const QString &id, const QStringList &down = {}, const QStringList &deps = {})
{
    Revision r;
    r.id = id;
    r.downRevisions = down;
    r.dependsOn = deps;
    r.message = id;
    return r;
}

QStringList rowIds(const RevisionGraph &g, const LaneLayout &l)
{
    QStringList ids;
    for (int r = 0; r < l.rowCount(); ++r)
        ids << g.id(l.revisionAt(r));
    return ids;
}

// The drawing is continuous: what leaves a row at its bottom edge enters the next row at
// its top, lane for lane and kind for kind; nothing enters the first row or leaves the
// last; each drawable parent edge appears once. Returns false (with a QTest failure).
bool checkContinuity(const RevisionGraph &g, const LaneLayout &l)
{
    LaneLayout::Row row;
    std::map<int, Kind> bottom; // lanes crossing the previous row's bottom edge
    for (int r = 0; r < l.rowCount(); ++r) {
        l.row(r, row);
        std::map<int, Kind> top;
        for (const Seg &s : row.upper) {
            if (s.toLane != row.nodeLane || !top.emplace(s.fromLane, s.kind).second) {
                qWarning("row %d: bad or doubled upper segment in lane %d", r, s.fromLane);
                return false;
            }
        }
        for (const Seg &s : row.through) {
            if (s.fromLane != s.toLane || s.fromLane == row.nodeLane ||
                !top.emplace(s.fromLane, s.kind).second) {
                qWarning("row %d: bad or doubled lane %d passing through", r, s.fromLane);
                return false;
            }
        }
        if (top != bottom) {
            qWarning("row %d: lanes at its top differ from the bottom of the row above", r);
            return false;
        }
        bottom.clear();
        for (const Seg &s : std::as_const(row.through))
            bottom.emplace(s.toLane, s.kind);
        for (const Seg &s : row.lower) {
            if (s.fromLane != row.nodeLane || !bottom.emplace(s.toLane, s.kind).second) {
                qWarning("row %d: bad or doubled lower segment to lane %d", r, s.toLane);
                return false;
            }
        }
        const int rev = l.revisionAt(r);
        int drawable = 0;
        for (int p : g.downRevisions(rev))
            drawable += l.rowOf(p) > r;
        for (int p : g.normalizedDependencies(rev))
            drawable += l.rowOf(p) > r && !g.downRevisions(rev).contains(p);
        if (row.lower.size() != drawable) {
            qWarning("row %d: %d edges drawn, %d expected", r, int(row.lower.size()), drawable);
            return false;
        }
        if (row.nodeLane < 0 || row.nodeLane >= l.laneCount())
            return false;
    }
    return bottom.empty();
}

// A long line with short side branches merged back, as bench_graph() in
// tests/alembic_compare/gen_graphs.py makes them.
QVector<Revision> benchGraph(int n)
{
    QRandomGenerator rng(7);
    QVector<Revision> revs;
    QString main;
    QStringList side;
    for (int k = 0; revs.size() < n; ++k) {
        const QString id = u"r%1"_qs.arg(k);
        const double x = rng.generateDouble();
        if (main.isEmpty()) {
            revs << rev(id);
            main = id;
        } else if (!side.isEmpty() && x < 0.3) {
            revs << rev(id, QStringList{main} + side);
            side.clear();
            main = id;
        } else if (x < 0.32) {
            revs << rev(id, {main});
            side << id;
        } else if (!side.isEmpty() && x < 0.6) {
            const int i = int(rng.bounded(int(side.size())));
            revs << rev(id, {side[i]});
            side[i] = id;
        } else {
            revs << rev(id, {main});
            main = id;
        }
    }
    return revs;
}

} // namespace

class TstLaneLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void empty();
    void linear();
    void branch();
    void merge();
    void severalBases();
    void dependsOn();
    void miniragShape();
    void lanesAreReused();
    void manyHeads();
    void twentyThousand();
};

void TstLaneLayout::empty()
{
    const RevisionGraph g = RevisionGraph::build({});
    const LaneLayout l(g);
    QCOMPARE(l.rowCount(), 0);
    QCOMPARE(l.laneCount(), 0);
}

void TstLaneLayout::linear()
{
    const RevisionGraph g =
        RevisionGraph::build({rev(u"a"_qs), rev(u"b"_qs, {u"a"_qs}), rev(u"c"_qs, {u"b"_qs})});
    const LaneLayout l(g);
    QCOMPARE(rowIds(g, l), (QStringList{u"c"_qs, u"b"_qs, u"a"_qs}));
    QCOMPARE(l.laneCount(), 1);
    const Seg down{0, 0, Kind::Parent};
    QVERIFY(l.row(0).upper.isEmpty());
    QCOMPARE(l.row(0).lower, LaneLayout::Segments{down});
    QCOMPARE(l.row(0).flags, quint8(LaneLayout::Head));
    QCOMPARE(l.row(1).upper, LaneLayout::Segments{down});
    QCOMPARE(l.row(1).lower, LaneLayout::Segments{down});
    QCOMPARE(l.row(2).upper, LaneLayout::Segments{down});
    QVERIFY(l.row(2).lower.isEmpty());
    QCOMPARE(l.row(2).flags, quint8(LaneLayout::Base));
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::branch()
{
    const RevisionGraph g = RevisionGraph::build(
        {rev(u"a"_qs), rev(u"b"_qs, {u"a"_qs}), rev(u"c"_qs, {u"a"_qs}), rev(u"d"_qs, {u"c"_qs})});
    const LaneLayout l(g);
    QCOMPARE(l.laneCount(), 2);
    const int a = l.rowOf(g.indexOf(u"a"_qs));
    QCOMPARE(a, 3);
    const LaneLayout::Row row = l.row(a);
    QVERIFY(row.flags & LaneLayout::BranchPoint);
    QCOMPARE(row.upper.size(), 2); // both children come into the branch point
    QCOMPARE(row.upper[0].fromLane, 0);
    QCOMPARE(row.upper[1].fromLane, 1);
    QCOMPARE(row.nodeLane, 0);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::merge()
{
    const RevisionGraph g =
        RevisionGraph::build({rev(u"a"_qs), rev(u"b"_qs, {u"a"_qs}), rev(u"c"_qs, {u"a"_qs}),
                              rev(u"d"_qs, {u"b"_qs, u"c"_qs})});
    const LaneLayout l(g);
    QCOMPARE(l.laneCount(), 2);
    const LaneLayout::Row top = l.row(0);
    QCOMPARE(g.id(l.revisionAt(0)), u"d"_qs);
    QVERIFY(top.flags & LaneLayout::MergePoint);
    QVERIFY(top.flags & LaneLayout::Head);
    QCOMPARE(top.lower, (LaneLayout::Segments{{0, 0, Kind::Parent}, {0, 1, Kind::Parent}}));
    // The second parent's lane passes the first parent's row, then joins at the base.
    QCOMPARE(l.row(1).through, (LaneLayout::Segments{{1, 1, Kind::Parent}}));
    QCOMPARE(l.row(3).upper.size(), 2);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::severalBases()
{
    // Two independent lines and a merge of two bases.
    const RevisionGraph g = RevisionGraph::build(
        {rev(u"a1"_qs), rev(u"a2"_qs, {u"a1"_qs}), rev(u"b1"_qs), rev(u"b2"_qs, {u"b1"_qs}),
         rev(u"x"_qs), rev(u"y"_qs), rev(u"xy"_qs, {u"x"_qs, u"y"_qs})});
    const LaneLayout l(g);
    QCOMPARE(l.rowCount(), 7);
    QVERIFY(l.laneCount() <= 2);
    int bases = 0;
    for (int r = 0; r < l.rowCount(); ++r)
        bases += (l.flags(r) & LaneLayout::Base) != 0;
    QCOMPARE(bases, 4);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::dependsOn()
{
    // c depends on a line it does not descend from: a dashed edge with its own lane.
    const RevisionGraph g = RevisionGraph::build(
        {rev(u"a"_qs), rev(u"b"_qs, {u"a"_qs}), rev(u"x"_qs), rev(u"c"_qs, {u"x"_qs}, {u"b"_qs})});
    const LaneLayout l(g);
    const int c = l.rowOf(g.indexOf(u"c"_qs));
    const LaneLayout::Row row = l.row(c);
    QCOMPARE(row.lower.size(), 2);
    QCOMPARE(row.lower[0].kind, Kind::Parent);
    QCOMPARE(row.lower[1].kind, Kind::Dependency);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::miniragShape()
{
    // migrations/minirag: a diamond, and add_project_code depends on add_auth_tables.
    const RevisionGraph g = RevisionGraph::build(
        {rev(u"17c397cbdf9b"_qs, {u"add_auth_tables"_qs, u"add_project_code"_qs}),
         rev(u"add_auth_tables"_qs, {u"fee4cd54bd38"_qs}),
         rev(u"add_project_code"_qs, {u"fee4cd54bd38"_qs}, {u"add_auth_tables"_qs}),
         rev(u"fee4cd54bd38"_qs)});
    const LaneLayout l(g);
    QCOMPARE(l.rowCount(), 4);
    QCOMPARE(g.id(l.revisionAt(0)), u"17c397cbdf9b"_qs);
    QCOMPARE(g.id(l.revisionAt(3)), u"fee4cd54bd38"_qs);
    QVERIFY(l.laneCount() <= 3);
    QCOMPARE(l.row(0).lower.size(), 2);
    QVERIFY(l.row(3).flags & LaneLayout::BranchPoint);
    QCOMPARE(l.row(3).upper.size(), 2);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::lanesAreReused()
{
    // 500 short side branches off a line, each merged back: never more than two lanes.
    QVector<Revision> revs{rev(u"m0"_qs)};
    for (int k = 1; k <= 500; ++k) {
        const QString prev = u"m%1"_qs.arg(k - 1);
        revs << rev(u"s%1"_qs.arg(k), {prev});
        revs << rev(u"m%1"_qs.arg(k), {prev, u"s%1"_qs.arg(k)});
    }
    const RevisionGraph g = RevisionGraph::build(revs);
    const LaneLayout l(g);
    QCOMPARE(l.laneCount(), 2);
    QVERIFY(checkContinuity(g, l));
}

void TstLaneLayout::manyHeads()
{
    // A wide fan: 3,000 heads on one base. Width is what it must be; build stays fast
    // because lanes passing through are not stored per row.
    QVector<Revision> revs{rev(u"base"_qs)};
    for (int k = 0; k < 3000; ++k)
        revs << rev(u"h%1"_qs.arg(k), {u"base"_qs});
    const RevisionGraph g = RevisionGraph::build(revs);
    const QVector<int> order = g.walkRevisions();
    QElapsedTimer t;
    t.start();
    const LaneLayout l(g, order);
    qDebug("3,000 heads: layout in %.2f ms", double(t.nsecsElapsed()) / 1e6);
    QCOMPARE(l.laneCount(), 3000);
    QCOMPARE(l.row(3000).upper.size(), 3000);
    QCOMPARE(l.row(1500).through.size(), 1500);
}

void TstLaneLayout::twentyThousand()
{
    const RevisionGraph g = RevisionGraph::build(benchGraph(20000));
    QElapsedTimer t;
    t.start();
    const QVector<int> order = g.walkRevisions();
    const qint64 walk = t.nsecsElapsed();
    t.restart();
    const LaneLayout l(g, order);
    const qint64 layout = t.nsecsElapsed();
    LaneLayout::Row row;
    t.restart();
    qsizetype segments = 0;
    for (int r = 0; r < l.rowCount(); ++r) {
        l.row(r, row);
        segments += row.upper.size() + row.lower.size() + row.through.size();
    }
    const qint64 rows = t.nsecsElapsed();
    qDebug("20,000 revisions: walkRevisions %.2f ms, layout %.2f ms, all rows read %.2f ms; "
           "%d lanes, %lld segments",
           double(walk) / 1e6, double(layout) / 1e6, double(rows) / 1e6, l.laneCount(),
           qlonglong(segments));
    QCOMPARE(l.rowCount(), 20000);
    QVERIFY(l.laneCount() < 20);
    QVERIFY(checkContinuity(g, l));
}

QTEST_APPLESS_MAIN(TstLaneLayout)
#include "tst_lanelayout.moc"
