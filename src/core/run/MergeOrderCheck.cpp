#include "run/MergeOrderCheck.h"

#include "db/SqlExec.h"
#include "run/StepRehearser.h"

#include <algorithm>

namespace retort {

namespace {

using Edges = RevisionGraph::Edges;

// The orders to try: every permutation of up to 3 branches, else Alembic's and its
// reverse (N! grows too fast, and those two catch a dependency in either direction).
QVector<QVector<int>> ordersToTry(const QVector<int> &alembicOrder)
{
    QVector<QVector<int>> orders{alembicOrder};
    if (alembicOrder.size() > 3) {
        orders.append(QVector<int>(alembicOrder.rbegin(), alembicOrder.rend()));
        return orders;
    }
    QVector<int> p = alembicOrder;
    std::sort(p.begin(), p.end());
    do {
        if (p != alembicOrder)
            orders.append(p);
    } while (std::next_permutation(p.begin(), p.end()));
    return orders;
}

// The revisions in `set` that no other revision in `set` builds on: the upgrade targets
// that bring a database to exactly that set.
QVector<int> headsOf(const QVector<char> &set, const RevisionGraph &graph)
{
    QVector<int> heads;
    for (int i = 0; i < graph.size(); ++i) {
        if (!set[i])
            continue;
        bool hasChildInSet = false;
        for (int child : graph.allNextRevisions(i))
            hasChildInSet = hasChildInSet || set[child];
        if (!hasChildInSet)
            heads.append(i);
    }
    return heads;
}

struct MergeShape {
    QVector<int> branchParents; // parents whose branch is not in the common ancestry
    QVector<int> commonHeads;   // upgrade targets for the common ancestry
    QVector<int> alembicOrder;  // branchParents in Alembic's order
};

MergeShape shapeOf(int merge, const RevisionGraph &graph, const QStringList &startHeads)
{
    const QVector<int> &parents = graph.downRevisions(merge);
    QVector<QVector<char>> ancestry;
    for (int p : parents)
        ancestry.append(graph.reach({p}, Edges::AllDown));
    QVector<char> common(graph.size(), 0);
    for (int i = 0; i < graph.size(); ++i)
        common[i] = std::all_of(ancestry.begin(), ancestry.end(),
                                [i](const QVector<char> &a) { return a[i] != 0; });
    MergeShape shape;
    shape.commonHeads = headsOf(common, graph);
    // Alembic's order: where each branch's first revision comes in its upgrade order.
    const QVector<int> upgradeOrder = graph.upgradeRevisions(graph.id(merge), startHeads);
    QVector<QPair<qsizetype, int>> firstUse;
    for (qsizetype k = 0; k < parents.size(); ++k) {
        qsizetype first = -1;
        for (qsizetype pos = 0; pos < upgradeOrder.size() && first < 0; ++pos) {
            const int r = upgradeOrder[pos];
            if (ancestry[k][r] && !common[r])
                first = pos;
        }
        if (first >= 0) // else the branch is all common ancestry, or applied already
            firstUse.append({first, parents[k]});
    }
    std::sort(firstUse.begin(), firstUse.end());
    for (const auto &f : firstUse)
        shape.alembicOrder.append(f.second);
    shape.branchParents = shape.alembicOrder;
    return shape;
}

// One order: upgrade to each common head, each branch parent, the merge. Planning
// through Planner keeps each part in Alembic's own order and with its dependencies; a
// target that is already applied adds nothing.
MergeOrderCandidate candidateFor(int merge, const MergeShape &shape, const QVector<int> &order,
                                 const RevisionGraph &graph, const Planner &planner,
                                 const QStringList &startHeads)
{
    MergeOrderCandidate c;
    c.run.branchOrder = graph.ids(order);
    c.run.alembicOrder = order == shape.alembicOrder;
    QStringList heads = startHeads;
    QVector<int> targets = shape.commonHeads;
    targets += order;
    targets.append(merge);
    for (int target : targets) {
        QVector<int> headIdx;
        for (const QString &h : heads)
            headIdx.append(graph.indexOf(h));
        headIdx.removeAll(RevisionGraph::None);
        if (!headIdx.isEmpty() && graph.reach(headIdx, Edges::AllDown)[target])
            continue; // applied already
        const MigrationPlan plan = planner.upgrade(heads, graph.id(target));
        c.targets.append(graph.id(target));
        c.steps += plan.steps;
        heads = plan.endHeads;
    }
    for (const PlanStep &s : std::as_const(c.steps))
        c.run.revisions.append(s.revision);
    return c;
}

} // namespace

QVector<MergeOrderCandidate> mergeOrderCandidates(int merge, const RevisionGraph &graph,
                                                  const Planner &planner,
                                                  const QStringList &startHeads)
{
    const MergeShape shape = shapeOf(merge, graph, startHeads);
    QVector<MergeOrderCandidate> candidates;
    for (const QVector<int> &order : ordersToTry(shape.alembicOrder)) {
        MergeOrderCandidate c = candidateFor(merge, shape, order, graph, planner, startHeads);
        const bool seen = std::any_of(candidates.cbegin(), candidates.cend(),
                                      [&](const MergeOrderCandidate &other) {
                                          return other.run.revisions == c.run.revisions;
                                      });
        if (!seen) // else the same sequence as an order already tried
            candidates.append(std::move(c));
    }
    return candidates;
}

QVector<int> mergesInPlan(const MigrationPlan &plan, const RevisionGraph &graph)
{
    QVector<int> merges;
    for (const PlanStep &step : plan.steps) {
        const int i = graph.indexOf(step.revision);
        if (step.kind == PlanStep::Kind::Upgrade && i >= 0 && graph.isMergePoint(i))
            merges.append(i);
    }
    return merges;
}

QVector<int> allMerges(const RevisionGraph &graph)
{
    QVector<int> merges;
    for (int i = 0; i < graph.size(); ++i)
        if (graph.isMergePoint(i))
            merges.append(i);
    return merges;
}

QVector<MergeOrderFinding> checkMergeOrders(QSqlDatabase &db, const RunSettings &settings,
                                            const RevisionGraph &graph, const Planner &planner,
                                            const QStringList &startHeads,
                                            const QVector<int> &merges)
{
    QVector<MergeOrderFinding> findings;
    for (int merge : merges) {
        MergeOrderFinding finding;
        finding.merge = graph.id(merge);
        finding.parents = graph.ids(graph.downRevisions(merge));
        QVector<QVector<PlanStep>> stepsByOrder;
        for (MergeOrderCandidate &c : mergeOrderCandidates(merge, graph, planner, startHeads)) {
            finding.runs.append(c.run);
            stepsByOrder.append(std::move(c.steps));
        }

        // Every order starts with the same steps (the common ancestry, from startHeads):
        // rehearse them once, then each order's own steps from a savepoint after them,
        // instead of the whole history once per order.
        qsizetype shared = stepsByOrder.isEmpty() ? 0 : stepsByOrder.first().size();
        for (const QVector<PlanStep> &steps : std::as_const(stepsByOrder)) {
            qsizetype k = 0;
            while (k < shared && k < steps.size() &&
                   steps[k].revision == stepsByOrder.first()[k].revision)
                ++k;
            shared = k;
        }
        RolledBackTransaction transaction(db, settings.dialect, settings.rehearsalLockTimeoutMs);
        StepRehearser rehearser(db, settings.dialect);
        RehearsalReport common;
        rehearser.run(stepsByOrder.isEmpty() ? QVector<PlanStep>()
                                             : stepsByOrder.first().mid(0, shared),
                      common);
        execOrThrow(db, u"SAVEPOINT retort_merge_order"_qs, u"cannot set a savepoint"_qs);
        for (qsizetype i = 0; i < finding.runs.size(); ++i) {
            MergeOrderRun &run = finding.runs[i];
            RehearsalReport report = common;
            if (!report.failed)
                rehearser.run(stepsByOrder[i].mid(shared), report);
            run.failed = report.failed;
            run.failure = report.failure;
            run.notRehearsed = report.notRehearsed;
            run.after = takeSnapshot(db, settings.dialect, settings.versionTable);
            execOrThrow(db, u"ROLLBACK TO SAVEPOINT retort_merge_order"_qs,
                        u"cannot roll back to the savepoint"_qs);
        }
        diagnoseMergeOrder(finding, stepsByOrder);
        findings.append(finding);
    }
    return findings;
}

} // namespace retort
