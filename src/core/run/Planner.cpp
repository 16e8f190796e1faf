#include "run/Planner.h"

#include "Error.h"
#include "run/TransactionSafety.h"
#include "run/VersionHeads.h"

namespace retort {

Planner::Planner(const RevisionGraph &graph, const ScriptDirectory &scripts, QString dialect,
                 QString versionTable)
    : m_graph(graph)
    , m_scripts(scripts)
    , m_dialect(std::move(dialect))
    , m_versionTable(std::move(versionTable))
{}

MigrationPlan Planner::start(const QStringList &currentHeads) const
{
    for (const QString &head : currentHeads)
        if (m_graph.indexOf(head) == RevisionGraph::None)
            throw Error(u"Can't locate revision identified by '%1': the database's %2 holds a "
                        "revision that no file in %3 declares"_qs.arg(head, m_versionTable,
                                                                      m_scripts.folder()));
    MigrationPlan plan;
    plan.dialect = m_dialect;
    plan.versionTable = m_versionTable;
    plan.startHeads = currentHeads;
    return plan;
}

void Planner::refuseTransactionControl(const PlanStep &step, const QString &direction) const
{
    for (const SqlStatement &s : step.statements) {
        const QString keyword = transactionControlKeyword(s.sql, m_dialect);
        if (keyword.isEmpty())
            continue;
        throw Error(
            u"%1:%2: revision %3 (%4) runs %5 inside the run's transaction: it would "
            u"commit or discard part of the run behind Retort's back, and a later failure "
            u"could no longer be rolled back. Remove it, or put '-- Transactional: false' "
            u"in the file's header to run this revision outside a transaction"_qs.arg(step.path)
                .arg(s.line)
                .arg(step.revision, direction, keyword));
    }
}

PlanStep Planner::revisionStep(int revision, bool upgrade) const
{
    const Revision &rev = m_graph.revision(revision);
    const MigrationScript *script = m_scripts.find(rev.id);
    if (!script)
        throw Error(u"revision %1 has no migration file"_qs.arg(rev.id));
    PlanStep step;
    step.kind = upgrade ? PlanStep::Kind::Upgrade : PlanStep::Kind::Downgrade;
    step.revision = rev.id;
    step.path = rev.path;
    step.message = rev.message;
    step.transactional = script->transactional;
    const QStringList versionedDown = m_graph.ids(m_graph.downRevisions(revision));
    step.from = upgrade ? versionedDown : QStringList{rev.id};
    step.to = upgrade ? QStringList{rev.id} : versionedDown;

    if (script->language == ScriptLanguage::Python) {
        step.python = true;
        return step;
    }
    const QString direction = upgrade ? u"upgrade"_qs : u"downgrade"_qs;
    const SqlSection section = script->sectionFor(direction, m_dialect);
    step.checksum = script->checksum(direction, m_dialect);
    try {
        step.statements = splitStatements(section.sql, m_dialect);
    } catch (const SqlSyntaxError &e) {
        throw Error(u"%1:%2: revision %3 (%4): %5"_qs.arg(rev.path)
                        .arg(section.firstLine + e.line() - 1)
                        .arg(rev.id, direction, e.detail()));
    }
    for (SqlStatement &s : step.statements)
        s.line += section.firstLine - 1;
    if (step.transactional)
        refuseTransactionControl(step, direction);
    return step;
}

MigrationPlan Planner::revisionsPlan(const QStringList &currentHeads, const QVector<int> &revisions,
                                     bool upgrade) const
{
    MigrationPlan plan = start(currentHeads);
    VersionHeads rows(m_graph, m_versionTable, currentHeads);
    for (const int revision : revisions) {
        PlanStep step = revisionStep(revision, upgrade);
        step.versionSql = rows.applyRevision(revision, upgrade);
        plan.steps.append(std::move(step));
    }
    plan.endHeads = rows.heads();
    return plan;
}

MigrationPlan Planner::upgrade(const QStringList &currentHeads, const QString &target) const
{
    return revisionsPlan(currentHeads, m_graph.upgradeRevisions(target, currentHeads), true);
}

MigrationPlan Planner::downgrade(const QStringList &currentHeads, const QString &target) const
{
    return revisionsPlan(currentHeads, m_graph.downgradeRevisions(target, currentHeads), false);
}

MigrationPlan Planner::stamp(const QStringList &currentHeads, const QStringList &targets,
                             bool purge) const
{
    MigrationPlan plan = start(purge ? QStringList() : currentHeads);
    plan.purge = purge;
    VersionHeads rows(m_graph, m_versionTable, plan.startHeads);

    QVector<int> headRevs;
    for (const QString &h : plan.startHeads)
        headRevs.append(m_graph.indexOf(h));
    const QStringList dests = targets.isEmpty() ? QStringList{u"base"_qs} : targets;
    // The current heads that share lineage with any target (Alembic's filtered_heads).
    QVector<int> filtered;
    for (const QString &t : dests)
        for (const int h : m_graph.filterForLineage(headRevs, t, /*includeDependencies=*/true))
            if (!filtered.contains(h))
                filtered.append(h);
    QVector<int> destRevs = m_graph.resolveRevisions(dests);
    if (destRevs.isEmpty())
        destRevs.append(RevisionGraph::None);

    const auto addStep = [&](const StampMove &move) {
        PlanStep step;
        step.kind = PlanStep::Kind::Stamp;
        step.from = move.from;
        step.to = move.to;
        step.versionSql = rows.applyStamp(move);
        plan.steps.append(std::move(step));
    };
    for (const int dest : std::as_const(destRevs)) {
        if (dest == RevisionGraph::None) { // base: delete every applicable head
            for (const int h : std::as_const(filtered))
                addStep({{m_graph.id(h)}, {}, false, true});
            continue;
        }
        if (filtered.contains(dest))
            continue; // already a row
        const QVector<char> descendants = m_graph.reach({dest}, RevisionGraph::Edges::AllNext);
        const QVector<char> ancestors = m_graph.reach({dest}, RevisionGraph::Edges::NormalizedDown);
        bool headAbove = false;
        bool headBelow = false;
        for (const int h : std::as_const(filtered)) {
            headAbove = headAbove || descendants[h];
            headBelow = headBelow || ancestors[h];
        }
        if (headAbove || headBelow)
            addStep({m_graph.ids(filtered), {m_graph.id(dest)}, headBelow && !headAbove, false});
        else
            addStep({{}, {m_graph.id(dest)}, true, true}); // a branch not represented
    }
    plan.endHeads = rows.heads();
    return plan;
}

} // namespace retort
