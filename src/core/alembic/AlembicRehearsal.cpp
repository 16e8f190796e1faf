#include "alembic/AlembicRehearsal.h"

#include "Error.h"
#include "alembic/AlembicOfflinePlan.h"
#include "alembic/AlembicProcess.h"
#include "alembic/ThrowawayCopy.h"
#include "db/Connection.h"
#include "run/Planner.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

// Remembers the step Alembic started last: the one that failed, when the run fails.
class LastStep : public RunObserver {
public:
    void stepStarted(int index, int count, const PlanStep &step) override
    {
        Q_UNUSED(index)
        Q_UNUSED(count)
        m_step = step;
        m_started.append(step);
    }
    const std::optional<PlanStep> &step() const { return m_step; }
    const QVector<PlanStep> &started() const { return m_started; }

private:
    std::optional<PlanStep> m_step;
    QVector<PlanStep> m_started;
};

SchemaSnapshot snapshotOf(const DatabaseUrl &url, const RunSettings &settings)
{
    if (url.isSqlite() && !QFileInfo::exists(url.sqlitePath))
        return SchemaSnapshot{settings.dialect, {}, {}};
    ScopedConnection conn(url, u"rehearsal-snapshot"_qs, Access::ReadOnly);
    return takeSnapshot(conn.db(), settings.dialect, settings.versionTable);
}

// Where a run through Alembic failed, from what the child wrote: the revision that had
// started, the line of its file in the traceback, SQLAlchemy's [SQL: ...], and the
// exception's message.
RehearsalFailure failureFrom(const QStringList &lines, const std::optional<PlanStep> &step)
{
    RehearsalFailure f;
    if (step) {
        f.revision = step->revision;
        f.path = step->path;
    }
    const QString fileName = QFileInfo(f.path).fileName();
    static const QRegularExpression frame(u"^\\s*File \"([^\"]+)\", line (\\d+)"_qs);
    for (const QString &line : lines) {
        const auto m = frame.match(line);
        if (m.hasMatch() && !fileName.isEmpty() && QFileInfo(m.captured(1)).fileName() == fileName)
            f.line = m.captured(2).toInt();
        if (line.startsWith(u"[SQL: "))
            f.statement = line.mid(6).chopped(line.endsWith(u']') ? 1 : 0).trimmed();
    }
    f.message = alembicFailure(lines.join(u'\n'));
    return f;
}

struct AlembicRunResult {
    bool failed = false;
    RehearsalFailure failure;
    QVector<PlanStep> started;
};

// One `alembic VERB TARGET` on `copy`, its failure caught and described.
AlembicRunResult runOnCopy(const Project &project, const DatabaseUrl &copy,
                           const RunSettings &settings, const ProjectPython &python,
                           const AlembicRunRequest &request,
                           const std::function<void(const QString &)> &log,
                           const std::atomic<bool> *cancel)
{
    QStringList lines;
    LastStep observer;
    AlembicRunResult result;
    try {
        runThroughAlembic(
            project, copy, settings, python, request,
            [&](const QString &line) {
                lines.append(line);
                if (log)
                    log(line);
            },
            cancel, &observer);
    } catch (const Error &e) {
        if (cancel && cancel->load())
            throw;
        if (!observer.step()) // failed before any revision ran: env.py, the lock, the copy
            throw Error(u"the rehearsal copy could not be migrated: "_qs + e.message());
        result.failed = true;
        result.failure = failureFrom(lines, observer.step());
    }
    result.started = observer.started();
    return result;
}

} // namespace

RehearsalReport rehearseThroughAlembic(const Project &project, const DatabaseUrl &live,
                                       const RunSettings &settings, const ProjectPython &python,
                                       const AlembicRunRequest &request,
                                       const std::function<void(const QString &)> &log,
                                       const std::atomic<bool> *cancel)
{
    RehearsalReport report;
    report.dialect = settings.dialect;
    {
        const bool exists = !live.isSqlite() || QFileInfo::exists(live.sqlitePath);
        if (exists) {
            ScopedConnection conn(live, u"rehearsal-heads"_qs, Access::ReadOnly);
            report.startHeads = MigrationRunner(conn.db(), settings).currentHeads();
        }
    }
    const Planner planner(project.graph, project.scripts, settings.dialect, settings.versionTable);
    report.plan = request.verb == u"downgrade"
                      ? planner.downgrade(report.startHeads, request.targets.value(0))
                      : planner.upgrade(report.startHeads, request.targets.value(0));
    report.endHeads = report.plan.endHeads;
    if (report.plan.isEmpty())
        return report;

    const ThrowawayCopy copy(live, settings.versionTable, report.startHeads);
    report.before = snapshotOf(copy.url(), settings);
    AlembicRunRequest onCopy = request;
    onCopy.expectedHeads = report.startHeads;
    const AlembicRunResult run =
        runOnCopy(project, copy.url(), settings, python, onCopy, log, cancel);
    for (const PlanStep &step : run.started)
        report.revisions.append({step.revision, step.path, step.description(), true, {}});
    report.failed = run.failed;
    report.failure = run.failure;
    report.after = snapshotOf(copy.url(), settings);
    report.diff = diffSnapshots(report.before, report.after);
    return report;
}

QVector<MergeOrderFinding> checkMergeOrdersThroughAlembic(
    const Project &project, const DatabaseUrl &live, const RunSettings &settings,
    const ProjectPython &python, const QStringList &startHeads, const QVector<int> &merges,
    const std::function<void(const QString &)> &log, const std::atomic<bool> *cancel)
{
    const RevisionGraph &graph = project.graph;
    const Planner planner(graph, project.scripts, settings.dialect, settings.versionTable);
    QVector<MergeOrderFinding> findings;
    for (int merge : merges) {
        MergeOrderFinding finding;
        finding.merge = graph.id(merge);
        finding.parents = graph.ids(graph.downRevisions(merge));

        // Every revision's statements, for the diagnosis: Alembic's offline SQL of the
        // upgrade to the merge, in one child process.
        MigrationPlan offline = planner.upgrade(startHeads, finding.merge);
        renderThroughAlembic(offline, finding.merge, project.config, python, sqlalchemyUrl(live),
                             cancel);

        QVector<QVector<PlanStep>> stepsByOrder;
        for (MergeOrderCandidate &c : mergeOrderCandidates(merge, graph, planner, startHeads)) {
            if (cancel && cancel->load())
                throw Error(u"the merge-order check was cancelled"_qs);
            const ThrowawayCopy copy(live, settings.versionTable, startHeads);
            for (const QString &target : std::as_const(c.targets)) {
                const AlembicRunResult r = runOnCopy(project, copy.url(), settings, python,
                                                     {u"upgrade"_qs, {target}}, log, cancel);
                if (r.failed) {
                    c.run.failed = true;
                    c.run.failure = r.failure;
                    break;
                }
            }
            c.run.after = snapshotOf(copy.url(), settings);
            for (PlanStep &step : c.steps)
                for (const PlanStep &rendered : std::as_const(offline.steps))
                    if (rendered.revision == step.revision)
                        step.statements = rendered.statements;
            finding.runs.append(c.run);
            stepsByOrder.append(std::move(c.steps));
        }
        diagnoseMergeOrder(finding, stepsByOrder);
        findings.append(finding);
    }
    return findings;
}

} // namespace retort
