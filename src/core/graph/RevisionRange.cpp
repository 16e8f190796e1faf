// Ranges: RevisionMap._parse_upgrade_target / _parse_downgrade_target /
// _collect_upgrade_revisions / _collect_downgrade_revisions / iterate_revisions, and
// ScriptDirectory.walk_revisions / _upgrade_revs / _downgrade_revs on top of them.
// A one-element QStringList stands for Alembic's string argument, an empty one for None.
#include "graph/PyInt.h"
#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

bool truthy(const std::optional<QString> &s)
{
    return s && !s->isEmpty();
}

RevisionError general(const QString &message)
{
    return RevisionError(RevisionError::Kind::General, message);
}

RevisionError didNotProduce(const QString &relative, qint64 n)
{
    return general(QStringLiteral("Relative revision %1 didn't produce %2 migrations")
                       .arg(relative)
                       .arg(n < 0 ? -n : n));
}

// Alembic's _relative_destination, applied with re.match (anchored at the start only).
struct Relative {
    std::optional<QString> branch, symbol;
    QString relative;
    qint64 value = 0;
};
std::optional<Relative> matchRelative(const QString &target)
{
    static const QRegularExpression re(QStringLiteral("^(?:(.+?)@)?(\\w+)?((?:\\+|-)\\d+)"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    const QRegularExpressionMatch m = re.match(target);
    if (!m.hasMatch())
        return std::nullopt;
    Relative r;
    if (m.hasCaptured(1))
        r.branch = m.captured(1);
    if (m.hasCaptured(2))
        r.symbol = m.captured(2);
    r.relative = m.captured(3);
    parsePythonInt(r.relative, r.value);
    return r;
}

int clampSteps(qint64 v)
{
    return int(std::clamp<qint64>(v, -1000000000, 1000000000));
}

} // namespace

RevisionGraph::DowngradeTarget
RevisionGraph::parseDowngradeTarget(const QStringList &currentRevisions, const QString &target,
                                    bool assertRelativeLength) const
{
    if (target.isNull())
        return {};
    if (const std::optional<Relative> m = matchRelative(target)) {
        std::optional<QString> branch = m->branch;
        std::optional<QString> symbol = m->symbol;
        if (m->value >= 0) {
            if (!symbol)
                throw didNotProduce(m->relative, m->value);
            const int rev =
                walk(resolve(*symbol), clampSteps(m->value), branch, assertRelativeLength);
            if (rev == None)
                throw general(QStringLiteral("Walked too far"));
            return {branch, rev};
        }
        const bool relativeRevision = !symbol;
        if (relativeRevision) {
            if (truthy(branch)) {
                QVector<int> current = resolveRevisions(currentRevisions);
                current.removeAll(None);
                QVector<int> onBranch = filterForLineage(current, *branch);
                if (onBranch.isEmpty()) {
                    // _get_all_current: the current revisions, their ancestors, reduced
                    // to those with no descendant in that set.
                    const QVector<char> all = reach(current, Edges::NormalizedDown);
                    // Closed under ancestors, so a revision has a descendant in the
                    // set exactly when one of its children is in it.
                    QVector<int> tips;
                    for (int i = 0; i < size(); ++i) {
                        bool isTip = all[i];
                        for (int c : m_next[i])
                            isTip = isTip && !all[c];
                        if (isTip)
                            tips << i;
                    }
                    onBranch = filterForLineage(tips, *branch);
                }
                if (onBranch.size() != 1)
                    throw general(QStringLiteral("Ambiguous walk"));
                symbol = id(onBranch.first());
            } else {
                if (currentRevisions.isEmpty())
                    throw didNotProduce(m->relative, m->value);
                symbol = currentRevisions.first();
                branch = symbol; // restrict the walk to the selected branch
            }
        }
        const int start = branch ? resolve(*branch + QLatin1Char('@') + *symbol) : resolve(*symbol);
        const int rev = walk(start, clampSteps(m->value), std::nullopt, assertRelativeLength);
        if (rev == None) {
            if (relativeRevision)
                throw didNotProduce(m->relative, m->value);
            throw general(QStringLiteral("Walked too far"));
        }
        return {branch, rev};
    }
    // Absolute target: the label before the last '@' is kept, only the rest resolved.
    const qsizetype at = target.lastIndexOf(QLatin1Char('@'));
    DowngradeTarget out;
    if (at > 0)
        out.branch = target.left(at);
    out.revision = resolve(at >= 0 ? target.mid(at + 1) : target);
    return out;
}

QVector<int> RevisionGraph::parseUpgradeTarget(const QStringList &currentRevisions,
                                               const QString &target,
                                               bool assertRelativeLength) const
{
    const std::optional<Relative> m = target.isNull() ? std::nullopt : matchRelative(target);
    if (!m)
        return target.isNull() ? QVector<int>() : resolveRevisions(target);
    if (m->value > 0) {
        if (m->symbol)
            return {
                walk(resolve(*m->symbol), clampSteps(m->value), m->branch, assertRelativeLength)};
        QStringList current = currentRevisions;
        if (current.isEmpty())
            current << QString();
        QVector<int> starts;
        bool startsResolved = false;
        if (truthy(m->branch)) {
            startsResolved = true;
            starts = filterForLineage(resolveRevisions(current), *m->branch);
            if (starts.isEmpty()) {
                // The branch is not at a current head: start from the tips of its
                // revisions below the current ones, or from base.
                const QVector<char> below = reach(resolveRevisions(current), Edges::NormalizedDown);
                QVector<int> active;
                for (int i = 0; i < size(); ++i)
                    if (below[i])
                        active << i;
                active = filterForLineage(active, *m->branch);
                QVector<char> isDown(size(), 0);
                for (int a : active)
                    for (int d : m_normDown[a])
                        isDown[d] = 1;
                for (int a : active)
                    if (!isDown[a])
                        starts << a;
                if (starts.isEmpty())
                    starts << None;
            }
        }
        const qsizetype count = startsResolved ? starts.size() : current.size();
        if (count > 1)
            throw general(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
        const int start = startsResolved             ? starts.first()
                          : current.first().isNull() ? None
                                                     : resolve(current.first());
        const int rev = walk(start, clampSteps(m->value), m->branch, assertRelativeLength);
        if (rev == None)
            throw didNotProduce(m->relative, m->value);
        return {rev};
    }
    if (!m->symbol)
        throw didNotProduce(QString::number(m->value), m->value);
    const int start =
        m->branch ? resolve(*m->branch + QLatin1Char('@') + *m->symbol) : resolve(*m->symbol);
    return {walk(start, clampSteps(m->value), std::nullopt, assertRelativeLength)};
}

QVector<char> RevisionGraph::collectUpgrade(const QStringList &upper, const QStringList &lowerIn,
                                            const IterateOptions &o, QVector<int> &headsOut) const
{
    QStringList lower = lowerIn;
    const QString upperText = upper.join(QStringLiteral(", "));
    QVector<int> targets = upper.size() == 1
                               ? parseUpgradeTarget(lower, upper.first(), o.assertRelativeLength)
                               : resolveRevisions(upper);
    for (int t : targets)
        if (t < 0) // Alembic asserts here; a walk that ends nowhere is an error
            throw general(QStringLiteral("Walked too far"));
    if (lower.size() == 1 && lower.first().contains(QLatin1Char('@'))) {
        QString branch = lower.first().section(QLatin1Char('@'), 0, 0);
        const int branchRev = resolve(branch);
        if (branchRev >= 0 && id(branchRev) == branch && !m_labels[branchRev].isEmpty())
            branch = m_labels[branchRev].first(); // a revision used as a label: its branch
        QVector<int> kept;
        for (int t : targets)
            if (m_labels[t].contains(branch))
                kept << t;
        targets = kept;
    }
    const QVector<char> required = reach(targets, Edges::NormalizedDown, true);
    QVector<int> current = resolveRevisions(lower);
    if (!o.implicitBase)
        for (int c : current)
            if (c != None && (c == Base || !required[c]))
                throw RevisionError::rangeNotAncestor(lower.join(QStringLiteral(", ")), upperText);
    if (!current.isEmpty() && current.first() == None) {
        // lower is relative and walked off the graph with get_revisions: reparse it
        const DowngradeTarget t =
            parseDowngradeTarget(upper, lower.value(0), o.assertRelativeLength);
        if (t.revision < 0) {
            current.clear();
            lower.clear();
        } else {
            current = {t.revision};
            lower = QStringList{id(t.revision)};
        }
    }
    current.removeAll(None);
    current.removeAll(Base);
    const QVector<char> have = reach(current, Edges::NormalizedDown, true);
    QVector<char> needs(size(), 0);
    for (int i = 0; i < size(); ++i)
        needs[i] = required[i] && !have[i];
    if (o.inclusive)
        for (int r : resolveRevisions(lower))
            if (r >= 0)
                needs[r] = 1;
    if (!current.isEmpty() && !o.implicitBase) {
        const QVector<char> above = reach(current, Edges::Next, true);
        for (int i = 0; i < size(); ++i)
            needs[i] = needs[i] && above[i];
    }
    headsOut = targets;
    return needs;
}

QVector<char> RevisionGraph::collectDowngrade(const QStringList &upper, const QStringList &lower,
                                              const IterateOptions &o, QVector<int> &headsOut) const
{
    const DowngradeTarget t = parseDowngradeTarget(upper, lower.value(0), o.assertRelativeLength);
    const int target = t.revision == Base ? None : t.revision;
    QVector<int> roots;
    if (target == None)
        roots = m_bases;
    else if (o.inclusive)
        roots = {target};
    else
        roots = m_next[target];
    if (truthy(t.branch) && roots.size() > 1) {
        const QVector<char> anc = reach({resolveBranch(*t.branch)}, Edges::VersionedDown);
        QVector<int> kept;
        for (int r : roots)
            if (anc[r])
                kept << r;
        roots = kept;
        if (roots.isEmpty())
            throw general(QStringLiteral("Not a valid downgrade target from current heads"));
    }
    QVector<int> heads = resolveRevisions(upper);
    heads.removeAll(None);
    heads.removeAll(Base);
    const QVector<char> drop = reach(roots, Edges::AllNext);
    const QVector<char> active = reach(heads, Edges::NormalizedDown);
    const QVector<char> belowRoots =
        o.implicitBase ? reach(roots, Edges::NormalizedDown) : QVector<char>();
    QVector<char> out(size(), 0);
    bool any = false;
    for (int i = 0; i < size(); ++i) {
        out[i] = (drop[i] && active[i]) || (o.implicitBase && active[i] && !belowRoots[i]);
        any = any || out[i];
    }
    if (target != None && !any && !heads.contains(target))
        throw RevisionError::rangeNotAncestor(QStringLiteral("Nothing to drop"),
                                              upper.join(QStringLiteral(", ")));
    headsOut = heads;
    return out;
}

QVector<int> RevisionGraph::iterateRevisions(const QStringList &upper, const QStringList &lower,
                                             const IterateOptions &options) const
{
    QVector<int> heads;
    const QVector<char> set = options.selectForDowngrade
                                  ? collectDowngrade(upper, lower, options, heads)
                                  : collectUpgrade(upper, lower, options, heads);
    return topologicalSort(set, heads);
}

QVector<int> RevisionGraph::walkRevisions(const QString &base, const QString &head) const
{
    IterateOptions o;
    o.inclusive = true;
    o.assertRelativeLength = false;
    return iterateRevisions(QStringList{head}, QStringList{base}, o);
}

QVector<int> RevisionGraph::upgradeRevisions(const QString &destination,
                                             const QStringList &currentHeads) const
{
    IterateOptions o;
    o.implicitBase = true;
    QVector<int> order = iterateRevisions(QStringList{destination}, currentHeads, o);
    std::reverse(order.begin(), order.end());
    return order;
}

QVector<int> RevisionGraph::downgradeRevisions(const QString &destination,
                                               const QStringList &currentHeads) const
{
    IterateOptions o;
    o.selectForDowngrade = true;
    return iterateRevisions(currentHeads, QStringList{destination}, o);
}

} // namespace retort
