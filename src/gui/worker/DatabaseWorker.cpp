#include "worker/DatabaseWorker.h"

#include "Error.h"
#include "alembic/AlembicImpliedParents.h"
#include "alembic/AlembicOfflinePlan.h"
#include "alembic/AlembicRehearsal.h"
#include "alembic/AlembicRun.h"
#include "db/Connection.h"
#include "db/QueryCanceller.h"
#include "db/SqlExec.h"
#include "run/MergeOrderCheck.h"
#include "run/MigrationRunner.h"
#include "run/Rehearsal.h"
#include "schema/Catalog.h"
#include "schema/DescribeText.h"
#include "worker/RowReader.h"

#include <QSqlQuery>
#include <QSqlRecord>

#include <QDir>
#include <QFileInfo>

namespace retort::gui {

namespace {

RunSettings settingsFor(const JobContext &context)
{
    RunSettings settings;
    settings.dialect = context.url.dialect();
    settings.versionTable = context.project->config.versionTable;
    return settings;
}

// Forwards the runner's progress as the worker's signals, and polls for cancel.
class SignallingObserver : public RunObserver {
public:
    SignallingObserver(DatabaseWorker *worker, quint64 job, const std::atomic<bool> &cancel)
        : m_worker(worker)
        , m_job(job)
        , m_cancel(cancel)
    {}
    void stepStarted(int index, int count, const PlanStep &step) override
    {
        Q_EMIT m_worker->stepStarted(m_job, index, count, step.description());
    }
    void statementFinished(const PlanStep &step, const SqlStatement &statement,
                           qint64 elapsedNs) override
    {
        Q_EMIT m_worker->statementFinished(m_job, step.revision,
                                           step.path + u':' + QString::number(statement.line),
                                           statement.sql, double(elapsedNs) / 1e6);
    }
    bool cancelRequested() const override { return m_cancel.load(); }

private:
    DatabaseWorker *m_worker;
    quint64 m_job;
    const std::atomic<bool> &m_cancel;
};

// The version rows, read on a read-only connection. A SQLite file that does not exist
// yet is a database at base: the first upgrade creates it.
QStringList readHeads(const JobContext &context, bool *versionTableExists = nullptr)
{
    if (versionTableExists)
        *versionTableExists = false;
    if (context.url.isSqlite() && !context.url.inMemory &&
        !QFileInfo::exists(context.url.sqlitePath))
        return {};
    ScopedConnection conn(context.url, u"gui-state"_qs, Access::ReadOnly);
    const QStringList heads = MigrationRunner(conn.db(), settingsFor(context)).currentHeads();
    if (versionTableExists)
        *versionTableExists = !heads.isEmpty() || tableExists(conn.db(), context.url.dialect(),
                                                              context.project->config.versionTable);
    return heads;
}

// Paths relative to the project folder, wherever the outcome names a file.
void makePathsRelative(RehearsalOutcome &outcome, const QString &projectDir)
{
    const QString prefix = QDir(projectDir).absolutePath() + u'/';
    const auto strip = [&prefix](QString &text) { text.remove(prefix); };
    strip(outcome.error);
    RehearsalReport &report = outcome.report;
    strip(report.failure.path);
    for (QString &line : report.notRehearsed)
        strip(line);
    for (RevisionRehearsal &rev : report.revisions)
        strip(rev.path);
    for (MergeOrderFinding &finding : outcome.mergeFindings) {
        strip(finding.message);
        for (MergeOrderRun &run : finding.runs)
            strip(run.failure.path);
    }
}

// An Alembic project's plan: each revision's SQL from the project's Alembic in offline
// mode, or why it has none (no interpreter: every step says so).
void renderPythonSteps(MigrationPlan &plan, const JobContext &context, const PlanRequest &request,
                       const std::atomic<bool> *cancel)
{
    const ProjectConfig &config = context.project->config;
    try {
        renderThroughAlembic(plan, request.targets.value(0), config,
                             ProjectPython::find(config, {}), sqlalchemyUrl(context.url), cancel,
                             impliedParentsJson(context.project->graph));
    } catch (const Error &e) {
        for (PlanStep &step : plan.steps)
            if (step.python)
                step.offlineError = e.message();
    }
}

} // namespace

// Lets cancel() reach the connection of the job in progress. Declare it after the
// ScopedConnection, so it is dropped first: cancel() must never reach a closed
// connection's handle.
class DatabaseWorker::CancelScope {
public:
    CancelScope(DatabaseWorker *worker, const QSqlDatabase &db)
        : m_worker(worker)
    {
        std::lock_guard<std::mutex> lock(m_worker->m_cancellerMutex);
        m_worker->m_canceller = QueryCanceller::forConnection(db);
    }
    ~CancelScope()
    {
        std::lock_guard<std::mutex> lock(m_worker->m_cancellerMutex);
        m_worker->m_canceller.reset();
    }
    CancelScope(const CancelScope &) = delete;
    CancelScope &operator=(const CancelScope &) = delete;

private:
    DatabaseWorker *m_worker;
};

DatabaseWorker::DatabaseWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<retort::MigrationPlan>();
    qRegisterMetaType<retort::DatabaseStatus>();
    qRegisterMetaType<retort::gui::RehearsalOutcome>();
    qRegisterMetaType<QVector<retort::TableInfo>>();
    qRegisterMetaType<QVector<QVariantList>>();
    qRegisterMetaType<retort::gui::RowQuery>();
    qRegisterMetaType<retort::gui::RowPage>();
}

DatabaseWorker::~DatabaseWorker() = default;

void DatabaseWorker::readState(quint64 job, const JobContext &context)
{
    try {
        Q_EMIT stateRead(job, readHeads(context), {});
    } catch (const Error &e) {
        Q_EMIT stateRead(job, {}, e.message());
    }
}

void DatabaseWorker::readStatus(quint64 job, const JobContext &context)
{
    try {
        if (context.url.isSqlite() && !context.url.inMemory &&
            !QFileInfo::exists(context.url.sqlitePath)) {
            Q_EMIT statusRead(job, {}, {});
            return;
        }
        ScopedConnection conn(context.url, u"gui-status"_qs, Access::ReadOnly);
        Q_EMIT statusRead(
            job, readDatabaseStatus(*context.project, conn.db(), settingsFor(context)), {});
    } catch (const Error &e) {
        Q_EMIT statusRead(job, {}, e.message());
    }
}

void DatabaseWorker::preview(quint64 job, const JobContext &context, const PlanRequest &request,
                             const std::shared_ptr<const std::atomic<bool>> &cancel)
{
    try {
        bool versionTableExists = false;
        const QStringList heads = readHeads(context, &versionTableExists);
        MigrationPlan plan = makePlan(*context.project, context.url.dialect(), request, heads);
        plan.versionTableExists = versionTableExists;
        if (plan.hasPythonSteps())
            renderPythonSteps(plan, context, request, cancel.get());
        Q_EMIT previewReady(job, plan, {});
    } catch (const Error &e) {
        Q_EMIT previewReady(job, {}, e.message());
    }
}

MigrationPlan DatabaseWorker::runAlembic(quint64 job, const JobContext &context,
                                         const PlanRequest &request,
                                         const QStringList &expectedHeads)
{
    const Project &project = *context.project;
    const ProjectPython python = ProjectPython::find(project.config, {});
    Q_EMIT outputLine(job, u"INFO  [retort] "_qs + python.describeWithAlembic());
    static const QString verbs[] = {u"upgrade"_qs, u"downgrade"_qs, u"stamp"_qs};
    AlembicRunRequest alembicRequest{verbs[int(request.kind)], request.targets, request.purge,
                                     expectedHeads};
    SignallingObserver observer(this, job, m_cancelRequested);
    return runThroughAlembic(
        project, context.url, settingsFor(context), python, alembicRequest,
        [this, job](const QString &line) { Q_EMIT outputLine(job, line); }, &m_cancelRequested,
        &observer);
}

void DatabaseWorker::run(quint64 job, const JobContext &context, const PlanRequest &request,
                         const QStringList &expectedHeads, bool transactionPerMigration)
{
    QStringList finalHeads;
    if (context.project->config.isAlembic()) {
        try {
            const MigrationPlan plan = runAlembic(job, context, request, expectedHeads);
            Q_EMIT runFinished(job, true,
                               tr("%1: %n migration(s) applied by the project's Alembic", nullptr,
                                  plan.migrationCount())
                                   .arg(request.title()),
                               readHeads(context));
        } catch (const Error &e) {
            Q_EMIT runFinished(job, false, e.message(), {});
        }
        return;
    }
    try {
        ScopedConnection conn(context.url, u"gui-run"_qs);
        const CancelScope cancelScope(this, conn.db());
        RunSettings settings = settingsFor(context);
        settings.transactionPerMigration = transactionPerMigration;
        MigrationRunner runner(conn.db(), settings);
        SignallingObserver observer(this, job, m_cancelRequested);
        const auto planFor = [&](const QStringList &heads) {
            QStringList sortedNow = heads, sortedExpected = expectedHeads;
            sortedNow.sort();
            sortedExpected.sort();
            if (sortedNow != sortedExpected)
                throw Error(
                    tr("The database changed after the preview: it is now at %1, the "
                       "preview started from %2. Nothing was run; look at the new plan.")
                        .arg(heads.isEmpty() ? tr("base") : heads.join(u", "_qs),
                             expectedHeads.isEmpty() ? tr("base") : expectedHeads.join(u", "_qs)));
            return makePlan(*context.project, context.url.dialect(), request, heads);
        };
        const MigrationPlan plan = runner.run(planFor, &observer);
        finalHeads = runner.currentHeads();
        Q_EMIT runFinished(
            job, true,
            tr("%1: %n migration(s) applied", nullptr, plan.migrationCount()).arg(request.title()),
            finalHeads);
    } catch (const Error &e) {
        QString message = e.message();
        // The runner's message says what stayed applied and what was rolled back (with a
        // transaction per migration, the steps before the cancelled one are committed).
        if (m_cancelRequested)
            message = tr("Cancelled.\n\n%1").arg(message);
        Q_EMIT runFinished(job, false, message, {});
    }
}

RehearsalOutcome DatabaseWorker::rehearseAlembic(quint64 job, const JobContext &context,
                                                 const PlanRequest &request)
{
    const Project &project = *context.project;
    const RunSettings settings = settingsFor(context);
    const ProjectPython python = ProjectPython::find(project.config, {});
    Q_EMIT outputLine(job, u"INFO  [retort] "_qs + python.describeWithAlembic());
    const auto log = [this, job](const QString &line) { Q_EMIT outputLine(job, line); };
    RehearsalOutcome outcome;
    outcome.report = rehearseThroughAlembic(
        project, context.url, settings, python,
        {request.kind == PlanRequest::Kind::Downgrade ? u"downgrade"_qs : u"upgrade"_qs,
         request.targets},
        log, &m_cancelRequested);
    const QVector<int> merges = mergesInPlan(outcome.report.plan, project.graph);
    if (!merges.isEmpty() && !m_cancelRequested)
        outcome.mergeFindings = checkMergeOrdersThroughAlembic(project, context.url, settings,
                                                               python, outcome.report.startHeads,
                                                               merges, log, &m_cancelRequested);
    return outcome;
}

RehearsalOutcome DatabaseWorker::rehearseSql(const JobContext &context, const PlanRequest &request)
{
    RehearsalOutcome outcome;
    ScopedConnection conn(rehearsalUrl(context.url), u"gui-rehearse"_qs);
    const CancelScope cancelScope(this, conn.db());
    const Project &project = *context.project;
    const RunSettings settings = settingsFor(context);
    outcome.report = retort::rehearse(conn.db(), settings, [&](const QStringList &heads) {
        return makePlan(project, settings.dialect, request, heads);
    });
    const QVector<int> merges = mergesInPlan(outcome.report.plan, project.graph);
    if (!merges.isEmpty() && !m_cancelRequested) {
        const Planner planner(project.graph, project.scripts, settings.dialect,
                              settings.versionTable);
        outcome.mergeFindings = checkMergeOrders(conn.db(), settings, project.graph, planner,
                                                 outcome.report.startHeads, merges);
    }
    return outcome;
}

void DatabaseWorker::rehearse(quint64 job, const JobContext &context, const PlanRequest &request)
{
    RehearsalOutcome outcome;
    try {
        outcome = context.project->config.isAlembic() ? rehearseAlembic(job, context, request)
                                                      : rehearseSql(context, request);
        // A cancelled statement reads as a failure of the migration; it is not one.
        outcome.cancelled = m_cancelRequested;
        if (!outcome.cancelled)
            outcome.unifiedDiff = unifiedDiffText(outcome.report.before, outcome.report.after);
    } catch (const Error &e) {
        outcome = {};
        outcome.cancelled = m_cancelRequested;
        outcome.error = e.message();
    }
    makePathsRelative(outcome, context.project->config.projectDir);
    Q_EMIT rehearsalReady(job, outcome);
}

void DatabaseWorker::listTables(quint64 job, const JobContext &context)
{
    try {
        if (context.url.isSqlite() && !QFileInfo::exists(context.url.sqlitePath))
            throw Error(tr("The SQLite file %1 does not exist yet; upgrade to create it.")
                            .arg(context.url.sqlitePath));
        ScopedConnection conn(context.url, u"gui-tables"_qs, Access::ReadOnly);
        Q_EMIT tablesListed(job, retort::listTables(conn.db(), context.url.dialect()), {});
    } catch (const Error &e) {
        Q_EMIT tablesListed(job, {}, e.message());
    }
}

void DatabaseWorker::describe(quint64 job, const JobContext &context, const QString &table)
{
    try {
        ScopedConnection conn(context.url, u"gui-describe"_qs, Access::ReadOnly);
        Q_EMIT tableDescribed(
            job, describeTableText(describeTable(conn.db(), context.url.dialect(), table)), {});
    } catch (const Error &e) {
        Q_EMIT tableDescribed(job, {}, e.message());
    }
}

void DatabaseWorker::fetchRows(quint64 job, const JobContext &context, const RowQuery &query,
                               int offset, int limit)
{
    try {
        ScopedConnection conn(context.url, u"gui-rows"_qs, Access::ReadOnly);
        Q_EMIT rowsFetched(
            job, query,
            RowReader::readPage(conn.db(), context.url.dialect(), query, offset, limit));
    } catch (const Error &e) {
        RowPage failed;
        failed.offset = offset;
        failed.error = tr("cannot read %1.%2: %3").arg(query.schema, query.table, e.message());
        Q_EMIT rowsFetched(job, query, failed);
    }
}

void DatabaseWorker::countRows(quint64 job, const JobContext &context, const RowQuery &query,
                               bool exact)
{
    try {
        ScopedConnection conn(context.url, u"gui-count"_qs, Access::ReadOnly);
        bool isExact = false;
        const qint64 n = RowReader::count(conn.db(), context.url.dialect(), query, exact, &isExact);
        Q_EMIT rowsCounted(job, query, n, isExact, {});
    } catch (const Error &e) {
        Q_EMIT rowsCounted(job, query, -1, false, e.message());
    }
}

void DatabaseWorker::resetCancel()
{
    m_cancelRequested = false;
}

void DatabaseWorker::cancel()
{
    m_cancelRequested = true;
    std::lock_guard<std::mutex> lock(m_cancellerMutex);
    if (m_canceller)
        m_canceller->cancel();
}

} // namespace retort::gui
