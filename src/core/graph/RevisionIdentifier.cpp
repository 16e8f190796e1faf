// Identifier resolution: RevisionMap.get_revisions / get_revision /
// _resolve_revision_number / _revision_for_ident / _resolve_branch / filter_for_lineage /
// _walk, ported one to one so that every identifier means what it means to Alembic.
#include "graph/PyInt.h"
#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

namespace retort {

namespace {
bool truthy(const std::optional<QString> &s)
{
    return s && !s->isEmpty();
}
} // namespace

RevisionGraph::Resolved
RevisionGraph::resolveRevisionNumber(const std::optional<QString> &identifier) const
{
    Resolved r;
    std::optional<QString> rest = identifier;
    if (identifier && identifier->contains(QLatin1Char('@'))) {
        const qsizetype at = identifier->indexOf(QLatin1Char('@'));
        r.branch = identifier->left(at);
        rest = identifier->mid(at + 1);
    }
    if (rest == QLatin1String("heads")) {
        r.ids = truthy(r.branch) ? ids(filterForLineage(m_heads, *r.branch)) : ids(m_realHeads);
    } else if (rest == QLatin1String("head")) {
        const int h = currentHead(r.branch);
        if (h != None)
            r.ids << id(h);
    } else if (rest && *rest != QLatin1String("base")) {
        r.ids << *rest;
    }
    return r;
}

int RevisionGraph::currentHead(const std::optional<QString> &branchLabel) const
{
    QVector<int> current = m_heads;
    if (truthy(branchLabel))
        current = filterForLineage(current, *branchLabel);
    if (current.size() > 1)
        throw RevisionError::multipleHeads(
            ids(current),
            truthy(branchLabel) ? *branchLabel + QStringLiteral("@head") : QStringLiteral("head"));
    return current.isEmpty() ? None : current.first();
}

int RevisionGraph::resolveBranch(const QString &label) const
{
    const int exact = keyIndexOf(label);
    if (exact != None)
        return exact;
    try {
        return revisionForIdent(label);
    } catch (const RevisionError &e) {
        if (e.kind() != RevisionError::Kind::Resolution)
            throw;
        throw RevisionError::resolution(QStringLiteral("No such branch: '%1'").arg(label), label);
    }
}

int RevisionGraph::revisionForIdent(const std::optional<QString> &resolvedId,
                                    const std::optional<QString> &checkBranch) const
{
    const int branchRev = truthy(checkBranch) ? resolveBranch(*checkBranch) : None;
    if (!resolvedId)
        return None; // Alembic's map[()] is None
    int revision = keyIndexOf(*resolvedId);
    if (revision == None) {
        // Partial lookup over every key of the map (ids, then labels), in map order;
        // keys of three characters or fewer never match a prefix.
        QStringList keys;
        const auto match = [&](const QString &key) {
            if (key.size() > 3 && key.startsWith(*resolvedId))
                keys << key;
        };
        if (!resolvedId->isEmpty()) {
            for (const Revision &rev : m_revs)
                match(rev.id);
            for (const QString &label : m_labelOrder)
                match(label);
        }
        if (branchRev != None && !keys.isEmpty()) {
            QVector<int> idx;
            for (const QString &key : keys)
                idx << keyIndexOf(key);
            QStringList kept;
            const QVector<int> keep = filterForLineage(idx, *checkBranch);
            for (int k = 0; k < keys.size(); ++k)
                if (keep.contains(idx[k]))
                    kept << keys[k];
            keys = kept;
        }
        if (keys.isEmpty())
            throw RevisionError::resolution(
                QStringLiteral("No such revision or branch '%1'%2")
                    .arg(*resolvedId,
                         resolvedId->size() < 4
                             ? QStringLiteral("; please ensure at least four characters are "
                                              "present for partial revision identifier matches")
                             : QString()),
                *resolvedId);
        if (keys.size() > 1) {
            QStringList quoted;
            for (const QString &key : keys.mid(0, 3))
                quoted << QLatin1Char('\'') + key + QLatin1Char('\'');
            throw RevisionError::resolution(
                QStringLiteral("Multiple revisions start with '%1': %2...")
                    .arg(*resolvedId, quoted.join(QStringLiteral(", "))),
                *resolvedId);
        }
        revision = keyIndexOf(keys.first());
    }
    if (truthy(checkBranch) && !sharesLineage(revision, {branchRev}, false))
        throw RevisionError::resolution(QStringLiteral("Revision %1 is not a member of branch '%2'")
                                            .arg(id(revision), *checkBranch),
                                        *resolvedId);
    return revision;
}

bool RevisionGraph::sharesLineage(int target, const QVector<int> &testAgainst,
                                  bool includeDependencies) const
{
    if (testAgainst.isEmpty())
        return true;
    const QVector<char> up = reach({target}, includeDependencies ? Edges::AllNext : Edges::Next);
    const QVector<char> down =
        reach({target}, includeDependencies ? Edges::NormalizedDown : Edges::VersionedDown);
    for (int t : testAgainst)
        if (t >= 0 && (up[t] || down[t]))
            return true;
    return false;
}

QVector<int> RevisionGraph::filterForLineage(const QVector<int> &targets,
                                             const QString &checkAgainst,
                                             bool includeDependencies) const
{
    const Resolved r = resolveRevisionNumber(checkAgainst);
    QStringList shares;
    if (truthy(r.branch))
        shares << *r.branch;
    shares << r.ids;
    if (shares.isEmpty() || targets.isEmpty())
        return targets;
    QVector<int> against;
    for (const QString &s : shares)
        against << revisionForIdent(s);
    QVector<int> out;
    for (int t : targets)
        if (sharesLineage(t, against, includeDependencies))
            out << t;
    return out;
}

QVector<int> RevisionGraph::resolveRevisions(const QStringList &identifiers) const
{
    QVector<int> out;
    for (const QString &identifier : identifiers)
        out << (identifier.isNull() ? QVector<int>() : resolveRevisions(identifier));
    return out;
}

QVector<int> RevisionGraph::resolveRevisions(const QString &identifier) const
{
    const Resolved r = resolveRevisionNumber(identifier);
    qint64 steps = 0;
    if (r.ids.size() == 1 && parsePythonInt(r.ids.first(), steps) && steps < 0) {
        // branch@-n: walk down from the heads (carrying the label)
        QVector<int> out;
        for (int head : resolveRevisions(QStringLiteral("heads")))
            if (!r.branch || m_labels[head].contains(*r.branch))
                out << walk(head, int(std::max<qint64>(steps, -1000000000)), std::nullopt, true);
        return out;
    }
    QVector<int> out;
    for (const QString &x : r.ids)
        out << revisionForIdent(x, r.branch);
    return out;
}

int RevisionGraph::resolveOptional(const std::optional<QString> &identifier) const
{
    const Resolved r = resolveRevisionNumber(identifier);
    if (r.ids.size() > 1)
        throw RevisionError::multipleHeads(r.ids, identifier.value_or(QStringLiteral("None")));
    return revisionForIdent(r.ids.isEmpty() ? std::nullopt : std::optional<QString>(r.ids.first()),
                            r.branch);
}

int RevisionGraph::resolve(const QString &identifier) const
{
    return resolveOptional(identifier.isNull() ? std::nullopt : std::optional<QString>(identifier));
}

// _walk: `steps` up (through nextrev, optionally within a branch) or down (through
// down_revision, reaching Base below a base). Past the end: None when noOverwalk,
// else the last revision reached. More than one way to go: "Ambiguous walk".
int RevisionGraph::walk(int start, int steps, const std::optional<QString> &branchLabel,
                        bool noOverwalk) const
{
    int initial = start;
    const int count = steps < 0 ? -steps : steps;
    for (int i = 0; i < count; ++i) {
        QVector<int> children;
        if (steps > 0) {
            const QVector<int> up = initial < 0 ? m_bases : m_next[initial];
            children = truthy(branchLabel) ? filterForLineage(up, *branchLabel) : up;
        } else if (initial != Base) {
            children = initial == None ? m_heads : m_down[initial];
            if (children.isEmpty())
                children << Base;
        }
        if (children.isEmpty())
            return noOverwalk ? None : initial;
        if (children.size() > 1)
            throw RevisionError(RevisionError::Kind::General, QStringLiteral("Ambiguous walk"));
        initial = children.first();
    }
    return initial;
}

} // namespace retort
