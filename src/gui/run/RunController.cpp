#include "run/RunController.h"

#include "worker/DatabaseWorker.h"

#include <QThread>

namespace retort::gui {

RunController::RunController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new DatabaseWorker)
{
    m_thread->setObjectName(QStringLiteral("retort-database"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &DatabaseWorker::stateRead, this,
            [this](quint64 job, const QStringList &heads, const QString &error) {
                if (job == m_stateJob)
                    Q_EMIT stateRead(heads, error);
            });
    connect(m_worker, &DatabaseWorker::statusRead, this,
            [this](quint64 job, const DatabaseStatus &status, const QString &error) {
                if (job == m_statusJob)
                    Q_EMIT statusRead(status, error);
            });
    connect(m_worker, &DatabaseWorker::previewReady, this,
            [this](quint64 job, const MigrationPlan &plan, const QString &error) {
                if (job != m_previewJob)
                    return;
                m_previewJob = 0;
                Q_EMIT previewReady(m_previewRequest, plan, error);
            });
    connect(m_worker, &DatabaseWorker::stepStarted, this,
            [this](quint64 job, int index, int count, const QString &description) {
                if (job == m_runJob)
                    Q_EMIT stepStarted(index, count, description);
            });
    connect(m_worker, &DatabaseWorker::statementFinished, this,
            [this](quint64 job, const QString &revision, const QString &location,
                   const QString &sql, double ms) {
                if (job == m_runJob)
                    Q_EMIT statementFinished(revision, location, sql, ms);
            });
    // The project's Alembic speaks in runs and in rehearsals (each has its own job id).
    connect(m_worker, &DatabaseWorker::outputLine, this, [this](quint64 job, const QString &line) {
        if (job != 0 && (job == m_runJob || job == m_rehearseJob))
            Q_EMIT outputLine(line);
    });
    connect(m_worker, &DatabaseWorker::runFinished, this,
            [this](quint64 job, bool ok, const QString &message, const QStringList &heads) {
                if (job != m_runJob)
                    return;
                m_runJob = 0;
                Q_EMIT runFinished(ok, message, heads);
            });
    connect(m_worker, &DatabaseWorker::rehearsalReady, this,
            [this](quint64 job, const RehearsalOutcome &outcome) {
                if (job != m_rehearseJob)
                    return;
                m_rehearseJob = 0;
                Q_EMIT rehearsalReady(m_rehearseRequest, outcome);
            });
    connect(m_worker, &DatabaseWorker::tablesListed, this,
            [this](quint64 job, const QVector<TableInfo> &tables, const QString &error) {
                if (job == m_tablesJob)
                    Q_EMIT tablesListed(tables, error);
            });
    connect(m_worker, &DatabaseWorker::tableDescribed, this,
            [this](quint64 job, const QString &text, const QString &error) {
                if (job == m_describeJob)
                    Q_EMIT tableDescribed(text, error);
            });
    // Pages and counts: every answer for the current database goes to the grid, which
    // drops those for an older query itself (several pages may be on their way).
    connect(m_worker, &DatabaseWorker::rowsFetched, this,
            [this](quint64 job, const RowQuery &query, const RowPage &page) {
                if (job >= m_rowsEpoch)
                    Q_EMIT rowsFetched(query, page);
            });
    connect(
        m_worker, &DatabaseWorker::rowsCounted, this,
        [this](quint64 job, const RowQuery &query, qint64 count, bool exact, const QString &error) {
            if (job >= m_rowsEpoch)
                Q_EMIT rowsCounted(query, count, exact, error);
        });
    m_thread->start();
}

RunController::~RunController()
{
    m_worker->cancel(); // a run in progress rolls back instead of holding up the exit
    cancelPreview();    // and a preview's Alembic child stops
    m_thread->quit();
    m_thread->wait();
}

void RunController::setContext(const JobContext &context)
{
    const bool sameDatabase =
        hasDatabase() && context.project && context.url.url == m_context.url.url;
    m_context = context;
    // The project reloaded (the watcher saw a file change) on the same database: what is
    // on its way is still true, and a plan the user is about to confirm must not be lost.
    if (sameDatabase)
        return;
    // Answers about the old database are stale.
    m_stateJob = m_statusJob = m_tablesJob = m_describeJob = 0;
    cancelPreview();
    m_rowsEpoch = m_nextJob;
    if (m_previewJob != 0) {
        // Whoever waits for the plan hears that there is none, rather than nothing.
        m_previewJob = 0;
        QMetaObject::invokeMethod(
            this,
            [this, request = m_previewRequest] {
                Q_EMIT previewReady(request, {},
                                    tr("The database changed before the plan was ready; "
                                       "nothing was run."));
            },
            Qt::QueuedConnection);
    }
}

void RunController::refresh()
{
    if (!hasDatabase())
        return;
    const quint64 job = m_stateJob = m_nextJob++;
    const JobContext ctx = m_context;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, job, ctx] { w->readState(job, ctx); });
    // Drift (verify) reads every applied file's checksum against the ledger: after the
    // heads, so the history shows the revision first.
    const quint64 statusJob = m_statusJob = m_nextJob++;
    QMetaObject::invokeMethod(m_worker,
                              [w = m_worker, statusJob, ctx] { w->readStatus(statusJob, ctx); });
}

void RunController::preview(const PlanRequest &request)
{
    if (!hasDatabase())
        return;
    const quint64 job = m_previewJob = m_nextJob++;
    m_previewRequest = request;
    const JobContext ctx = m_context;
    cancelPreview(); // the one before, if still rendering: its answer would be dropped
    m_previewCancel = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<const std::atomic<bool>> cancel = m_previewCancel;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, job, ctx, request, cancel] {
        w->preview(job, ctx, request, cancel);
    });
}

void RunController::cancelPreview()
{
    if (m_previewCancel)
        *m_previewCancel = true;
    m_previewCancel.reset();
}

void RunController::run(const PlanRequest &request, const QStringList &expectedHeads,
                        bool transactionPerMigration)
{
    if (!hasDatabase() || isBusy())
        return;
    const quint64 job = m_runJob = m_nextJob++;
    const JobContext ctx = m_context;
    m_worker->resetCancel();
    QMetaObject::invokeMethod(m_worker, [=, w = m_worker] {
        w->run(job, ctx, request, expectedHeads, transactionPerMigration);
    });
}

void RunController::rehearse(const PlanRequest &request)
{
    if (!hasDatabase() || isBusy())
        return;
    const quint64 job = m_rehearseJob = m_nextJob++;
    m_rehearseRequest = request;
    m_worker->resetCancel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, job, ctx = m_context, request] {
        w->rehearse(job, ctx, request);
    });
}

void RunController::listTables()
{
    if (!hasDatabase())
        return;
    const quint64 job = m_tablesJob = m_nextJob++;
    QMetaObject::invokeMethod(m_worker,
                              [w = m_worker, job, ctx = m_context] { w->listTables(job, ctx); });
}

void RunController::describe(const QString &table)
{
    if (!hasDatabase())
        return;
    const quint64 job = m_describeJob = m_nextJob++;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, job, ctx = m_context, table] { w->describe(job, ctx, table); });
}

void RunController::fetchRows(const RowQuery &query, int offset, int limit)
{
    if (!hasDatabase())
        return;
    const quint64 job = m_nextJob++;
    QMetaObject::invokeMethod(m_worker, [=, w = m_worker, ctx = m_context] {
        w->fetchRows(job, ctx, query, offset, limit);
    });
}

void RunController::countRows(const RowQuery &query, bool exact)
{
    if (!hasDatabase())
        return;
    const quint64 job = m_nextJob++;
    QMetaObject::invokeMethod(
        m_worker, [=, w = m_worker, ctx = m_context] { w->countRows(job, ctx, query, exact); });
}

void RunController::cancel()
{
    if (isBusy())
        m_worker->cancel();
    if (m_previewJob != 0)
        cancelPreview();
}

} // namespace retort::gui
