#include "run/DatabaseStatus.h"

#include "db/SqlExec.h"

#include <QHash>
#include <QSqlQuery>

#include <algorithm>

namespace retort {

DatabaseStatus readDatabaseStatus(const Project &project, QSqlDatabase &db,
                                  const RunSettings &settings)
{
    DatabaseStatus status;
    status.verification = verifyDatabase(project, db, settings);
    status.heads = status.verification.heads;
    const RevisionGraph &graph = project.graph;
    QVector<int> known;
    for (const QString &head : std::as_const(status.heads))
        if (const int rev = graph.indexOf(head); rev != RevisionGraph::None)
            known.append(rev);
    const QVector<char> applied = graph.reach(known, RevisionGraph::Edges::NormalizedDown);
    status.pending = int(std::count(applied.cbegin(), applied.cend(), char(0)));

    if (!tableExists(db, settings.dialect, Ledger::tableName))
        return status;
    QSqlQuery q = execOrThrow(db,
                              u"SELECT revision, direction, outcome, started_at, finished_at, "
                              "db_user, error_text FROM retort_ledger ORDER BY id"_qs,
                              u"cannot read retort_ledger"_qs);
    QHash<QString, QString> lastOutcome;
    LedgerEntry last;
    bool any = false;
    while (q.next()) {
        LedgerEntry e;
        e.revision = q.value(0).toString();
        e.direction = q.value(1).toString();
        if (e.direction == u"backup")
            continue; // a backup is not a run
        e.outcome = q.value(2).toString();
        e.started = q.value(3).toDateTime();
        e.finished = q.value(4).toDateTime();
        e.dbUser = q.value(5).toString();
        e.errorText = q.value(6).toString();
        if (!e.revision.isEmpty())
            lastOutcome.insert(e.revision, e.outcome);
        last = e;
        any = true;
    }
    if (any)
        status.lastRun = last;
    for (auto it = lastOutcome.cbegin(); it != lastOutcome.cend(); ++it) {
        const int rev = graph.indexOf(it.key());
        if (it.value() == u"failed" && (rev == RevisionGraph::None || !applied[rev]))
            status.failed.append(it.key());
    }
    status.failed.sort();
    return status;
}

} // namespace retort
