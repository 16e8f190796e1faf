#pragma once

#include "graph/Revision.h"
#include "graph/RevisionIdIndex.h"

#include <QHash>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

// The revision graph exactly as Alembic's RevisionMap (alembic/script/revision.py)
// computes it: heads, bases, branch labels, depends_on, identifier resolution and the
// topological order used by history, upgrade and downgrade. Revisions are addressed by
// their index in the input vector ("file order", which Alembic uses to break ties).
//
// Everything is index based and linear or close to it: Alembic rebuilds ancestor sets
// at every merge, which is quadratic; we answer the same questions without that.
// Errors are RevisionError (RevisionError.h) carrying Alembic's message text.
class RevisionGraph {
public:
    // Alembic passes around `None` (no revision, e.g. a walk past the end) and the
    // string "base" where a Revision is expected; these stand in for them.
    static constexpr int None = -1;
    static constexpr int Base = -2;

    // Validates and links the revisions; throws RevisionError on self-loops, bad
    // characters in ids, duplicate ids or labels, missing parents or dependencies,
    // cycles and dependency cycles.
    static RevisionGraph build(QVector<Revision> revisionsInFileOrder);

    int size() const { return int(m_revs.size()); }
    const Revision &revision(int i) const { return m_revs[i]; }
    const QString &id(int i) const { return m_revs[i].id; }
    QStringList ids(const QVector<int> &indices) const;
    int indexOf(const QString &revisionId) const { return m_idIndex.find(revisionId); }

    // Alembic's `heads` (no child through down_revision), `_real_heads` (no child
    // through down_revision or depends_on), `bases` and `_real_bases` (no
    // down_revision and no depends_on), each in file order.
    const QVector<int> &heads() const { return m_heads; }
    const QVector<int> &realHeads() const { return m_realHeads; }
    const QVector<int> &bases() const { return m_bases; }
    const QVector<int> &realBases() const { return m_realBases; }

    bool isHead(int i) const { return m_next[i].isEmpty(); }
    bool isRealHead(int i) const { return m_allNext[i].isEmpty(); }
    bool isBase(int i) const { return m_down[i].isEmpty(); }
    bool isRealBase(int i) const { return m_down[i].isEmpty() && m_revs[i].dependsOn.isEmpty(); }
    bool isBranchPoint(int i) const { return m_next[i].size() > 1; }
    bool isRealBranchPoint(int i) const { return m_allNext[i].size() > 1; }
    bool isMergePoint(int i) const { return m_down[i].size() > 1; }

    // down_revision as written; nextrev / _all_nextrev (Alembic keeps these in
    // frozensets; we keep file order, which is deterministic).
    const QVector<int> &downRevisions(int i) const { return m_down[i]; }
    const QVector<int> &nextRevisions(int i) const { return m_next[i]; }
    const QVector<int> &allNextRevisions(int i) const { return m_allNext[i]; }
    // depends_on resolved to ids (labels allowed), and "normalized": without the
    // dependencies an ancestor already declares. normalizedDown = down + normalized deps.
    const QVector<int> &resolvedDependencies(int i) const { return m_deps[i]; }
    const QVector<int> &normalizedDependencies(int i) const { return m_normDeps[i]; }
    const QVector<int> &normalizedDownRevisions(int i) const { return m_normDown[i]; }
    // Declared plus inherited labels, ordered by where each label is declared.
    const QStringList &branchLabels(int i) const { return m_labels[i]; }

    // ---- identifiers (RevisionIdentifier.cpp) ----
    // get_revisions(): any identifier form; "base" gives an empty list, a relative
    // walk past the end gives None entries.
    QVector<int> resolveRevisions(const QString &identifier) const;
    QVector<int> resolveRevisions(const QStringList &identifiers) const;
    // get_revision(): exactly one revision (None for "base"); several heads throw.
    int resolve(const QString &identifier) const;
    // get_current_head(): None if the graph is empty; throws MultipleHeads.
    int currentHead(const std::optional<QString> &branchLabel = std::nullopt) const;
    QVector<int> filterForLineage(const QVector<int> &targets, const QString &checkAgainst,
                                  bool includeDependencies = false) const;

    // ---- ranges and order (RevisionRange.cpp, TopologicalOrder.cpp) ----
    struct IterateOptions {
        bool implicitBase = false;
        bool inclusive = false;
        bool assertRelativeLength = true;
        bool selectForDowngrade = false;
    };
    // iterate_revisions(upper, lower, ...): newest first. A one-element list behaves as
    // Alembic's string argument, an empty list as None.
    QVector<int> iterateRevisions(const QStringList &upper, const QStringList &lower,
                                  const IterateOptions &options) const;
    // ScriptDirectory.walk_revisions(base, head): what `history` and `branches` print.
    QVector<int> walkRevisions(const QString &base = QStringLiteral("base"),
                               const QString &head = QStringLiteral("heads")) const;
    // ScriptDirectory._upgrade_revs / _downgrade_revs: the revisions in the order they
    // are applied (upgrade, oldest first) or removed (downgrade, newest first).
    QVector<int> upgradeRevisions(const QString &destination,
                                  const QStringList &currentHeads) const;
    QVector<int> downgradeRevisions(const QString &destination,
                                    const QStringList &currentHeads) const;
    // _topological_sort(revisions, heads): exposed for tests and plans.
    QVector<int> topologicalSort(const QVector<char> &inSet, const QVector<int> &heads) const;

    // Traversals (Alembic's _get_ancestor_nodes / _get_descendant_nodes): marks every
    // revision reachable from `starts` (starts included). `check` reproduces Alembic's
    // "Requested revision X overlaps with other requested revisions Y" error.
    enum class Edges { VersionedDown, NormalizedDown, Next, AllNext, AllDown };
    QVector<char> reach(const QVector<int> &starts, Edges edges, bool check = false) const;
    // Where revision i stands in one topological order (every parent and dependency
    // before its children): an ancestor always stands before its descendants, which
    // bounds a search for one (RedundantParents.cpp).
    int topologicalPosition(int i) const { return m_topoPosition[i]; }

private:
    struct Resolved {
        QStringList ids;
        std::optional<QString> branch;
    };
    struct DowngradeTarget {
        std::optional<QString> branch;
        int revision = None; // None means base
    };

    // RevisionGraphBuild.cpp / BranchLabels.cpp / RevisionGraphChecks.cpp
    void linkEdges();
    void normalizeDependencies();
    void detectCycles() const;
    void computeTopologicalIndex();
    void inheritBranchLabels();

    // RevisionIdentifier.cpp
    Resolved resolveRevisionNumber(const std::optional<QString> &identifier) const;
    int revisionForIdent(const std::optional<QString> &resolvedId,
                         const std::optional<QString> &checkBranch = std::nullopt) const;
    int resolveBranch(const QString &label) const;
    bool sharesLineage(int target, const QVector<int> &testAgainst, bool includeDependencies) const;
    QVector<int> filterForLineageKeys(const QStringList &keys, const QString &checkAgainst) const;
    int walk(int start, int steps, const std::optional<QString> &branchLabel,
             bool noOverwalk) const;
    int resolveOptional(const std::optional<QString> &identifier) const;

    // RevisionRange.cpp
    DowngradeTarget parseDowngradeTarget(const QStringList &currentRevisions, const QString &target,
                                         bool assertRelativeLength) const;
    QVector<int> parseUpgradeTarget(const QStringList &currentRevisions, const QString &target,
                                    bool assertRelativeLength) const;
    QVector<char> collectUpgrade(const QStringList &upper, const QStringList &lower,
                                 const IterateOptions &o, QVector<int> &headsOut) const;
    QVector<char> collectDowngrade(const QStringList &upper, const QStringList &lower,
                                   const IterateOptions &o, QVector<int> &headsOut) const;

    QVector<Revision> m_revs;
    RevisionIdIndex m_idIndex;        // revision ids
    QHash<QString, int> m_labelIndex; // branch labels; with m_idIndex, Alembic's _revision_map
    // A key of Alembic's _revision_map (an id or a branch label), or None.
    int keyIndexOf(const QString &key) const
    {
        const int id = indexOf(key);
        return id != None ? id : m_labelIndex.value(key, None);
    }
    // The map's keys in insertion order are the ids in file order, then these.
    QStringList m_labelOrder;
    QVector<QVector<int>> m_down, m_deps, m_normDeps, m_normDown, m_allDown;
    QVector<QVector<int>> m_next, m_allNext, m_normNext;
    QVector<QStringList> m_labels;
    QHash<QString, int> m_labelRank;
    QVector<int> m_topo;         // parents (all edges) before children
    QVector<int> m_topoPosition; // revision -> its index in m_topo
    QVector<int> m_heads, m_realHeads, m_bases, m_realBases;
};

} // namespace retort
