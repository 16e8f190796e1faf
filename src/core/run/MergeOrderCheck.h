#pragma once

#include "run/MigrationRunner.h"
#include "run/Planner.h"
#include "run/RehearsalReport.h"

#include <QSqlDatabase>

namespace retort {

// One order in which a merge's branches were rehearsed.
struct MergeOrderRun {
    QStringList branchOrder;   // the merge parents, in the order their branches ran
    QStringList revisions;     // every revision run, in order (common part, branches, merge)
    bool alembicOrder = false; // the order `upgrade` itself would use
    bool failed = false;
    RehearsalFailure failure;
    QStringList notRehearsed;
    SchemaSnapshot after;
};

// The verdict on one merge point.
struct MergeOrderFinding {
    enum class Problem { None, OrderFails, SchemasDiffer };
    QString merge;
    QStringList parents;
    QVector<MergeOrderRun> runs; // one per order tried; a single one when only one is possible
    Problem problem = Problem::None;
    // For OrderFails on a missing column or table: what is missing ("column user_id"),
    // which revision failed and which revision (in another branch) creates it.
    QString missingObject;
    QString failingRevision;
    QString creatingRevision;
    QString suggestion; // e.g. "Depends On: add_auth_tables" (to add to failingRevision)
    QString message;    // the full text the CLI prints

    bool ok() const { return problem == Problem::None; }
};

// One order in which a merge's branches can run, from `startHeads`: the upgrade targets
// that run it (the common ancestry's heads, each branch's parent in order, the merge; a
// target already applied is left out) and the steps those run, in order.
struct MergeOrderCandidate {
    MergeOrderRun run; // branchOrder, revisions and alembicOrder filled in
    QStringList targets;
    QVector<PlanStep> steps;
};

// The orders checkMergeOrders tries for `merge`, each a different sequence of revisions.
QVector<MergeOrderCandidate> mergeOrderCandidates(int merge, const RevisionGraph &graph,
                                                  const Planner &planner,
                                                  const QStringList &startHeads);

// Merge points the plan's upgrade steps apply, and every merge point of a graph.
QVector<int> mergesInPlan(const MigrationPlan &plan, const RevisionGraph &graph);
QVector<int> allMerges(const RevisionGraph &graph);

// For each merge, rehearses its branches in every order Alembic could run them (every
// permutation for up to 3 branches, else Alembic's order and its reverse; dependencies
// between branches shrink the choice, since a branch that depends on another is part of
// the common ancestry). Each order runs, from `startHeads`, in its own rolled-back
// transaction: the common ancestry, then each branch, then the merge; then its schema is
// snapshotted. It reports an order that fails, or orders that end in different schemas.
// Throws Error for failures outside the migrations' statements.
QVector<MergeOrderFinding> checkMergeOrders(QSqlDatabase &db, const RunSettings &settings,
                                            const RevisionGraph &graph, const Planner &planner,
                                            const QStringList &startHeads,
                                            const QVector<int> &merges);

// MergeOrderDiagnosis.cpp: fills problem, missingObject, creatingRevision, suggestion
// and message from the runs. `stepsByOrder[i]` are the steps runs[i] ran or would run.
void diagnoseMergeOrder(MergeOrderFinding &finding, const QVector<QVector<PlanStep>> &stepsByOrder);

} // namespace retort
