#include "run/Rehearsal.h"

#include "run/StepRehearser.h"

#include <QFileInfo>

namespace retort {

RehearsalReport rehearse(QSqlDatabase &db, const RunSettings &settings,
                         const MigrationRunner::PlanMaker &makePlan)
{
    RehearsalReport report;
    report.dialect = settings.dialect;
    RolledBackTransaction transaction(db, settings.dialect, settings.rehearsalLockTimeoutMs);
    // Read inside the transaction, like a real run, so the plan matches what it sees.
    report.startHeads = MigrationRunner(db, settings).currentHeads();
    report.plan = makePlan(report.startHeads);
    report.endHeads = report.plan.endHeads;
    report.before = takeSnapshot(db, settings.dialect, settings.versionTable);
    StepRehearser(db, settings.dialect).run(report.plan.steps, report);
    report.after = takeSnapshot(db, settings.dialect, settings.versionTable);
    report.diff = diffSnapshots(report.before, report.after);
    return report;
}

DatabaseUrl rehearsalUrl(const DatabaseUrl &url)
{
    if (!url.isSqlite() || url.inMemory || QFileInfo::exists(url.sqlitePath))
        return url;
    DatabaseUrl memory = url;
    memory.inMemory = true;
    memory.sqlitePath.clear();
    return memory;
}

QString rehearsalReportText(const RehearsalReport &report)
{
    QString out;
    if (report.revisions.isEmpty())
        out += u"Nothing to rehearse: the database is already at the target.\n"_qs;
    for (const RevisionRehearsal &rev : report.revisions) {
        out += u"Rehearsing %1%2\n"_qs.arg(rev.description,
                                           rev.rehearsed ? QString() : u" (not rehearsed)"_qs);
        for (const StatementRehearsal &s : rev.statements) {
            QString line = u"  %1:%2  "_qs.arg(rev.path.section(u'/', -1)).arg(s.statement.line);
            if (!s.rehearsed)
                line += u"skipped (%1)"_qs.arg(s.notRehearsedReason);
            else
                line += u"%1 ms"_qs.arg(s.elapsedMs, 0, 'f', 1);
            if (s.rows >= 0)
                line += u", %1 rows"_qs.arg(s.rows);
            line += u"  "_qs + s.statement.sql.simplified().left(70) + u'\n';
            if (!s.locks.isEmpty())
                line += u"      locks: "_qs + s.locks.join(u", "_qs) + u'\n';
            if (!s.error.isEmpty())
                line += u"      ERROR: "_qs + s.error + u'\n';
            out += line;
        }
    }
    if (!report.notRehearsed.isEmpty()) {
        out += u"\nNot rehearsed (they would run for real outside a transaction):\n"_qs;
        for (const QString &line : report.notRehearsed)
            out += u"  "_qs + line + u'\n';
    }
    if (report.failed)
        out += u"\nRehearsal FAILED: revision %1 at %2:%3: %4\n  statement: %5\n"_qs.arg(
            report.failure.revision, report.failure.path, QString::number(report.failure.line),
            report.failure.message, report.failure.statement.simplified().left(300));
    out += u"\nSchema changes%1:\n"_qs.arg(report.failed ? u" up to the failure"_qs : QString());
    if (report.diff.isEmpty())
        out += u"  (none)\n"_qs;
    for (const SchemaChange &change : report.diff)
        out += u"  "_qs + change.text() + u'\n';
    const QString unified = unifiedDiffText(report.before, report.after);
    if (!unified.isEmpty())
        out += u'\n' + unified;
    out += u"\nRolled back: the database and %1 are unchanged.\n"_qs.arg(
        report.startHeads.isEmpty()
            ? u"the version table (empty)"_qs
            : u"the version table (%1)"_qs.arg(report.startHeads.join(u", "_qs)));
    return out;
}

} // namespace retort
