#include "graph/RevisionGraph.h"

#include "graph/RevisionError.h"

#include <algorithm>
#include <vector>

namespace retort {

namespace {

RevisionError general(const QString &message, const Revision &rev)
{
    return RevisionError(RevisionError::Kind::General,
                         rev.path.isEmpty() ? message
                                            : message + QStringLiteral(" (file %1)").arg(rev.path));
}

// Revision.__init__ checks, in Alembic's order: self-loop, dependency self-loop, then
// illegal characters. DESIGN.md also forbids ':' (it separates range ends).
void checkRevision(const Revision &rev)
{
    if (rev.downRevisions.contains(rev.id))
        throw RevisionError(RevisionError::Kind::Cycle,
                            QStringLiteral("Self-loop is detected in revisions (%1)").arg(rev.id));
    if (rev.dependsOn.contains(rev.id))
        throw RevisionError(
            RevisionError::Kind::Cycle,
            QStringLiteral("Dependency self-loop is detected in revisions (%1)").arg(rev.id));
    // One pass over the id (it is checked for every revision of every load).
    unsigned found = 0;
    constexpr char16_t kIllegal[] = u"+-:@";
    for (const QChar c : rev.id)
        for (unsigned k = 0; k < 4; ++k)
            if (c.unicode() == kIllegal[k])
                found |= 1u << k;
    if (found == 0)
        return;
    QStringList illegal;
    for (unsigned k = 0; k < 4; ++k)
        if (found & (1u << k))
            illegal << QString(QChar(kIllegal[k]));
    if (!illegal.isEmpty())
        throw general(QStringLiteral("Character(s) '%1' not allowed in revision identifier '%2'")
                          .arg(illegal.join(QStringLiteral(", ")), rev.id),
                      rev);
}

// a then b, without repeats. When b is empty (most revisions have no depends_on) the
// result shares a's storage: no allocation per revision.
QVector<int> dedupe(const QVector<int> &a, const QVector<int> &b)
{
    if (b.isEmpty())
        return a;
    QVector<int> out;
    out.reserve(a.size() + b.size());
    for (const QVector<int> *v : {&a, &b})
        for (int x : *v)
            if (!out.contains(x))
                out << x;
    return out;
}

// out[d] = the children c in allNext[d] (in that order) whose down[c] contains d: the
// child lists of a subset of the edges. Where mayDiffer[d] is 0 every edge into d is
// in the subset, and out[d] shares allNext[d]'s storage instead of allocating.
void filterChildren(const QVector<QVector<int>> &allNext, const QVector<QVector<int>> &down,
                    const std::vector<char> &mayDiffer, QVector<QVector<int>> &out)
{
    for (int d = 0; d < int(allNext.size()); ++d) {
        if (!mayDiffer[size_t(d)]) {
            out[d] = allNext[d];
            continue;
        }
        for (int c : allNext[d])
            if (down[c].contains(d))
                out[d] << c;
    }
}

} // namespace

QStringList RevisionGraph::ids(const QVector<int> &indices) const
{
    QStringList out;
    out.reserve(indices.size());
    for (int i : indices)
        out << (i >= 0 ? m_revs[i].id : QString());
    return out;
}

RevisionGraph RevisionGraph::build(QVector<Revision> revisionsInFileOrder)
{
    RevisionGraph g;
    g.m_revs = std::move(revisionsInFileOrder);
    const int n = g.size();
    g.m_idIndex.reset(n);
    for (int i = 0; i < n; ++i) {
        const Revision &rev = g.m_revs[i];
        checkRevision(rev);
        // Alembic only warns and lets the later file win; a silently dropped revision
        // is worse than an error.
        if (g.m_idIndex.insert(rev.id, i) != None)
            throw general(QStringLiteral("Revision %1 is present more than once").arg(rev.id), rev);
    }
    // _map_branch_labels: a label may not repeat an id or another label.
    for (int i = 0; i < n; ++i) {
        for (const QString &label : g.m_revs[i].branchLabels) {
            if (g.keyIndexOf(label) != None)
                throw general(QStringLiteral("Branch name '%1' in revision %2 already used by "
                                             "revision %3")
                                  .arg(label, g.m_revs[i].id, g.m_revs[g.keyIndexOf(label)].id),
                              g.m_revs[i]);
            g.m_labelIndex.insert(label, i);
            g.m_labelRank.insert(label, int(g.m_labelRank.size()));
            g.m_labelOrder << label;
        }
    }
    g.linkEdges();
    g.normalizeDependencies();
    g.computeTopologicalIndex(); // runs detectCycles() when there is a cycle
    g.inheritBranchLabels();
    return g;
}

// _add_depends_on and the nextrev loop of _revision_map. depends_on entries are looked
// up among ids and labels (exactly, no prefixes); down revisions among ids.
// Most projects declare no depends_on at all: then every "all" edge list is the
// down_revision one, and the whole vector is shared instead of copied per revision.
void RevisionGraph::linkEdges()
{
    const int n = size();
    m_deps.resize(n);
    bool anyDependency = false;
    for (int i = 0; i < n; ++i) {
        const Revision &rev = m_revs[i];
        for (const QString &dep : rev.dependsOn) {
            const int d = keyIndexOf(dep);
            if (d == None)
                throw general(QStringLiteral("Revision %1 referenced from %2 is not present")
                                  .arg(dep, rev.id),
                              rev);
            m_deps[i] << d;
            anyDependency = true;
        }
    }
    m_down.resize(n);
    for (int i = 0; i < n; ++i) {
        const Revision &rev = m_revs[i];
        if (rev.downRevisions.isEmpty())
            continue;
        QVector<int> down;
        down.reserve(rev.downRevisions.size());
        for (const QString &id : rev.downRevisions) {
            const int d = indexOf(id);
            if (d == None)
                throw general(
                    QStringLiteral("Revision %1 referenced from %2 is not present").arg(id, rev.id),
                    rev);
            if (!down.contains(d))
                down << d;
        }
        m_down[i] = std::move(down);
    }
    const QVector<QVector<int>> &down = m_down;
    const QVector<QVector<int>> &deps = m_deps;
    if (anyDependency) {
        m_allDown.resize(n);
        for (int i = 0; i < n; ++i)
            m_allDown[i] = dedupe(down[i], deps[i]);
    } else {
        m_allDown = m_down;
    }
    m_allNext.resize(n);
    for (int i = 0; i < n; ++i)
        for (int d : std::as_const(m_allDown)[i])
            m_allNext[d] << i;
    // nextrev is _all_nextrev without the depends_on edges: share the list where there
    // are none (nearly everywhere), build it where there are.
    if (anyDependency) {
        std::vector<char> hasDependent(size_t(n), 0);
        for (int i = 0; i < n; ++i)
            for (int d : deps[i])
                hasDependent[size_t(d)] = 1;
        m_next.resize(n);
        filterChildren(m_allNext, m_down, hasDependent, m_next);
    } else {
        m_next = m_allNext;
    }
    for (int i = 0; i < n; ++i) {
        if (isHead(i))
            m_heads << i;
        if (isRealHead(i))
            m_realHeads << i;
        if (isBase(i))
            m_bases << i;
        if (isRealBase(i))
            m_realBases << i;
    }
}

// _normalize_depends_on: drop a dependency when a (down_revision) ancestor already
// declares it. Alembic walks all ancestors per revision; instead, for each dependency
// target declared by two or more revisions, one walk up from all its declarers marks
// the declarers that have another declarer below them. Alembic then stores the result
// as a set (hash order); we keep the declared order.
void RevisionGraph::normalizeDependencies()
{
    const int n = size();
    const QVector<QVector<int>> &deps = m_deps;
    m_normDeps = m_deps;
    QHash<int, QVector<int>> declarers;
    for (int i = 0; i < n; ++i)
        for (int d : deps[i])
            if (!declarers[d].contains(i))
                declarers[d] << i;
    if (declarers.isEmpty()) { // no depends_on anywhere: nothing to normalize
        m_normDown = m_down;
        m_normNext = m_allNext;
        return;
    }
    QVector<int> seen(n, -1);
    QVector<int> stack;
    for (auto it = declarers.cbegin(); it != declarers.cend(); ++it) {
        if (it.value().size() < 2)
            continue;
        const int target = it.key();
        stack.clear();
        for (int decl : it.value())
            stack << m_next[decl];
        while (!stack.isEmpty()) {
            const int v = stack.takeLast();
            if (seen[v] == target)
                continue;
            seen[v] = target;
            stack << m_next[v];
        }
        for (int decl : it.value())
            if (seen[decl] == target)
                m_normDeps[decl].removeAll(target);
    }
    m_normDown.resize(n);
    m_normNext.resize(n);
    // Where no dependency was dropped, the normalized edges are all the edges: share.
    std::vector<char> lostDependent(size_t(n), 0);
    const QVector<QVector<int>> &normDeps = m_normDeps;
    for (int i = 0; i < n; ++i) {
        m_normDown[i] = dedupe(m_down[i], normDeps[i]);
        if (normDeps[i].size() != deps[i].size())
            for (int d : deps[i])
                lostDependent[size_t(d)] = 1;
    }
    filterChildren(m_allNext, m_normDown, lostDependent, m_normNext);
}

QVector<char> RevisionGraph::reach(const QVector<int> &starts, Edges edges, bool check) const
{
    const QVector<QVector<int>> &adj = edges == Edges::VersionedDown    ? m_down
                                       : edges == Edges::NormalizedDown ? m_normDown
                                       : edges == Edges::Next           ? m_next
                                       : edges == Edges::AllNext        ? m_allNext
                                                                        : m_allDown;
    QVector<char> seen(size(), 0);
    QVector<int> stack;
    QVector<char> isStart;
    if (check) {
        isStart.fill(0, size());
        for (int s : starts)
            if (s >= 0)
                isStart[s] = 1;
    }
    for (int s : starts) {
        if (s < 0)
            continue;
        stack << s;
        QVector<int> overlaps; // _iterate_related_revisions(check=True)
        while (!stack.isEmpty()) {
            const int v = stack.takeLast();
            if (check && v != s && isStart[v] && !overlaps.contains(v))
                overlaps << v;
            if (seen[v])
                continue;
            seen[v] = 1;
            stack << adj[v];
        }
        if (!overlaps.isEmpty())
            throw RevisionError(
                RevisionError::Kind::General,
                QStringLiteral("Requested revision %1 overlaps with other requested revisions %2")
                    .arg(m_revs[s].id, ids(overlaps).join(QStringLiteral(", "))));
    }
    return seen;
}

} // namespace retort
