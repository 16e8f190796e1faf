#include "run/VersionHeads.h"

#include "Error.h"
#include "db/VersionTableSql.h"
#include "graph/RedundantParents.h"

namespace retort {

VersionHeads::VersionHeads(const RevisionGraph &graph, QString versionTable, QStringList heads)
    : m_graph(graph)
    , m_table(std::move(versionTable))
    , m_heads(std::move(heads))
{}

QStringList VersionHeads::insertRow(const QString &rev)
{
    if (m_heads.contains(rev))
        throw Error(u"revision %1 is already in %2"_qs.arg(rev, m_table));
    m_heads.append(rev);
    return {VersionTableSql::insert(m_table, rev)};
}

QStringList VersionHeads::deleteRow(const QString &rev)
{
    if (!m_heads.removeOne(rev))
        throw Error(
            u"expected revision %1 in %2 to delete it; it is not there"_qs.arg(rev, m_table));
    return {VersionTableSql::remove(m_table, rev)};
}

QStringList VersionHeads::updateRow(const QString &from, const QString &to)
{
    const qsizetype at = m_heads.indexOf(from);
    if (at < 0 || m_heads.contains(to))
        throw Error(u"cannot move %1 from %2 to %3: the table holds %4"_qs.arg(
            m_table, from, to, m_heads.isEmpty() ? u"no rows"_qs : m_heads.join(u", "_qs)));
    m_heads[at] = to; // keep the row's position so output order stays stable
    return {VersionTableSql::update(m_table, from, to)};
}

QStringList VersionHeads::notBelowOtherHeads(const QStringList &candidates,
                                             const QStringList &exclude) const
{
    QVector<int> others;
    for (const QString &h : m_heads)
        if (!exclude.contains(h))
            others.append(m_graph.indexOf(h));
    if (others.isEmpty())
        return candidates;
    const QVector<char> below = m_graph.reach(others, RevisionGraph::Edges::NormalizedDown);
    QStringList kept;
    for (const QString &c : candidates)
        if (!below[m_graph.indexOf(c)])
            kept.append(c);
    return kept;
}

QStringList VersionHeads::applyRevision(int revision, bool upgrade)
{
    const QString rev = m_graph.id(revision);
    // A parent that is an ancestor of another parent is never a row (RedundantParents.h).
    const QStringList downs = m_graph.ids(essentialParents(m_graph, revision));
    QStringList presentDowns;
    for (const QString &d : downs)
        if (m_heads.contains(d))
            presentDowns.append(d);

    if (upgrade) {
        // A base, or none of our parents is a row: a new branch.
        if (presentDowns.isEmpty())
            return insertRow(rev);
        if (downs.size() > 1 && presentDowns.size() > 1) {
            // A merge: all but one of the merged rows go, the last becomes us.
            const QStringList from = notBelowOtherHeads(downs, downs);
            QStringList sql;
            for (qsizetype i = 0; i + 1 < from.size(); ++i)
                sql += deleteRow(from[i]);
            sql += updateRow(from.last(), rev);
            return sql;
        }
        return updateRow(presentDowns.first(), rev);
    }

    if (!m_heads.contains(rev))
        throw Error(u"cannot downgrade %1: it is not in %2 (%3)"_qs.arg(
            rev, m_table, m_heads.isEmpty() ? u"empty"_qs : m_heads.join(u", "_qs)));
    // The parents that no other remaining row already implies.
    QStringList to = downs.isEmpty() ? QStringList() : notBelowOtherHeads(downs, {rev});
    if (m_heads.size() == 1 && to.size() > 1) {
        // Alembic 1.13.1's unmerge fix: with no other rows, a parent that is an ancestor
        // of another parent (a dependency) does not come back as a row of its own.
        QStringList kept;
        for (const QString &candidate : std::as_const(to)) {
            QVector<int> others;
            for (const QString &o : std::as_const(to))
                if (o != candidate)
                    others.append(m_graph.indexOf(o));
            if (!m_graph.reach(others,
                               RevisionGraph::Edges::NormalizedDown)[m_graph.indexOf(candidate)])
                kept.append(candidate);
        }
        to = kept;
    }
    if (to.isEmpty())
        return deleteRow(rev); // a base, or every parent is below another row
    if (downs.size() > 1) {
        // An unmerge: we become the last parent, the others come back as rows.
        QStringList sql;
        for (qsizetype i = 0; i + 1 < to.size(); ++i)
            sql += insertRow(to[i]);
        sql += updateRow(rev, to.last());
        return sql;
    }
    return updateRow(rev, downs.first());
}

QStringList VersionHeads::applyStamp(const StampMove &move)
{
    QStringList sql;
    if (!move.upgrade && move.branchMove) {
        for (const QString &from : move.from)
            sql += deleteRow(from);
        return sql;
    }
    bool fromMissing = false;
    for (const QString &f : move.from)
        fromMissing = fromMissing || !m_heads.contains(f);
    bool toMissing = false;
    for (const QString &t : move.to)
        toMissing = toMissing || !m_heads.contains(t);
    if (move.upgrade && (move.branchMove || fromMissing) && toMissing) {
        for (const QString &t : move.to)
            sql += insertRow(t);
        return sql;
    }
    if (move.from.size() > 1) {
        for (qsizetype i = 0; i + 1 < move.from.size(); ++i)
            sql += deleteRow(move.from[i]);
        sql += updateRow(move.from.last(), move.to.first());
        return sql;
    }
    if (move.to.size() > 1) {
        for (qsizetype i = 0; i + 1 < move.to.size(); ++i)
            sql += insertRow(move.to[i]);
        sql += updateRow(move.from.first(), move.to.last());
        return sql;
    }
    if (move.from.size() != 1 || move.to.size() != 1)
        throw Error(u"cannot stamp from '%1' to '%2'"_qs.arg(move.from.join(u", "_qs),
                                                             move.to.join(u", "_qs)));
    return updateRow(move.from.first(), move.to.first());
}

} // namespace retort
