#include "run/Verification.h"

#include "db/Ledger.h"

#include <QHash>

namespace retort {

QString Verification::report() const
{
    QString text;
    text += u"Database at: %1\n"_qs.arg(heads.isEmpty() ? u"base (empty version table)"_qs
                                                        : heads.join(u", "_qs));
    for (const QString &p : problems)
        text += u"PROBLEM: "_qs + p + u'\n';
    for (const QString &n : notes)
        text += u"note: "_qs + n + u'\n';
    if (problems.isEmpty())
        text += u"OK: applied files are unchanged and the database is at head\n"_qs;
    return text;
}

Verification verifyDatabase(const Project &project, QSqlDatabase &db, const RunSettings &settings)
{
    Verification v;
    MigrationRunner runner(db, settings);
    v.heads = runner.currentHeads();
    const RevisionGraph &graph = project.graph;

    QVector<int> known;
    for (const QString &head : std::as_const(v.heads)) {
        const int rev = graph.indexOf(head);
        if (rev == RevisionGraph::None)
            v.missing.append(head);
        if (rev == RevisionGraph::None)
            v.problems.append(
                u"revision %1 is in %2 but no file in %3 declares it (deleted or "
                "renamed?)"_qs.arg(head, settings.versionTable, project.scripts.folder()));
        else
            known.append(rev);
    }
    const QVector<char> applied = graph.reach(known, RevisionGraph::Edges::NormalizedDown);

    QHash<QString, LedgerEntry> ledger;
    for (const LedgerEntry &e : Ledger::appliedUpgrades(db, settings.dialect))
        ledger.insert(e.revision, e);
    QStringList unrecorded;
    for (int rev = 0; rev < graph.size(); ++rev) {
        if (!applied[rev])
            continue;
        const QString &id = graph.id(rev);
        const MigrationScript *script = project.scripts.find(id);
        const auto entry = ledger.constFind(id);
        if (entry == ledger.constEnd()) {
            unrecorded.append(id);
            continue;
        }
        const QString now = script->checksum(u"upgrade"_qs, settings.dialect);
        if (now != entry->checksum)
            v.changed.append(id);
        if (now != entry->checksum)
            v.problems.append(u"%1 (%2) changed since it was applied on %3: its upgrade SQL no "
                              "longer matches what ran (sha256 %4, now %5)"_qs.arg(
                                  id, script->revision.path, entry->started.toString(Qt::ISODate),
                                  entry->checksum.left(12), now.left(12)));
    }
    for (const QString &id : ledger.keys())
        if (graph.indexOf(id) == RevisionGraph::None && !v.missing.contains(id))
            v.missing.append(id);
    for (const QString &id : ledger.keys())
        if (graph.indexOf(id) == RevisionGraph::None)
            v.problems.append(
                u"revision %1 was applied (per retort_ledger) but its file is missing"_qs.arg(id));
    if (!unrecorded.isEmpty())
        v.notes.append(u"not checked, no ledger row (applied by Alembic or stamped): %1"_qs.arg(
            unrecorded.join(u", "_qs)));

    QStringList pending;
    for (int rev = 0; rev < graph.size(); ++rev)
        if (!applied[rev])
            pending.append(graph.id(rev));
    if (!pending.isEmpty())
        v.problems.append(u"the database is not at head (%1); %2 revision(s) pending: %3"_qs
                              .arg(graph.ids(graph.heads()).join(u", "_qs))
                              .arg(pending.size())
                              .arg(pending.join(u", "_qs)));
    return v;
}

} // namespace retort
