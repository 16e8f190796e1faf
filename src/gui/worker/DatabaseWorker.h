#pragma once

#include "database/RowQuery.h"
#include "schema/SchemaModel.h"
#include "worker/DatabaseStatusType.h"
#include "worker/PlanRequest.h"
#include "worker/RehearsalOutcome.h"

#include <QVariantList>

#include <QObject>

#include <atomic>
#include <memory>
#include <mutex>

namespace retort {
class QueryCanceller;
}

namespace retort::gui {

// The window's database thread (as KDE FutureSQL has one): every job opens its own
// connection on this thread, does its work and closes it; results come back as
// queued signals. The GUI thread never touches a QSqlDatabase. Jobs are called with
// QMetaObject::invokeMethod(worker, ...) and carry an id so stale answers are ignored.
class DatabaseWorker : public QObject {
    Q_OBJECT
public:
    explicit DatabaseWorker(QObject *parent = nullptr);
    ~DatabaseWorker() override;

    // Reads the version table's rows.
    void readState(quint64 job, const JobContext &context);
    // Reads drift (`verify`), failed revisions and the last run (readDatabaseStatus).
    void readStatus(quint64 job, const JobContext &context);
    // Plans `request` against the current rows without changing anything (the preview).
    // An Alembic project's plan is rendered by its Alembic in offline mode, which `cancel`
    // stops (RunController sets it when nobody waits for this preview any more).
    void preview(quint64 job, const JobContext &context, const PlanRequest &request,
                 const std::shared_ptr<const std::atomic<bool>> &cancel);
    // Runs `request`; refuses if the rows are no longer `expectedHeads` (the database
    // changed between the preview the user confirmed and the run). An Alembic project's
    // plan runs through the project's own Alembic (runThroughAlembic), its output coming
    // back line by line as outputLine.
    void run(quint64 job, const JobContext &context, const PlanRequest &request,
             const QStringList &expectedHeads, bool transactionPerMigration);
    // Dry-runs `request` in a transaction that is always rolled back (retort::rehearse),
    // then rehearses each merge point it applies in every order its branches could run
    // (checkMergeOrders), on the same connection. Cancel stops the running statement.
    // An Alembic project rehearses through its own Alembic on throwaway copies
    // (alembic/AlembicRehearsal.h); its output comes back as outputLine.
    void rehearse(quint64 job, const JobContext &context, const PlanRequest &request);

    // The database browser: what `\\dt` lists, what `\\d name` shows, a page of rows.
    void listTables(quint64 job, const JobContext &context);
    void describe(quint64 job, const JobContext &context, const QString &table);
    void fetchRows(quint64 job, const JobContext &context, const RowQuery &query, int offset,
                   int limit);
    void countRows(quint64 job, const JobContext &context, const RowQuery &query, bool exact);

    // Thread-safe, from the GUI thread: stop the running statement and roll back.
    void cancel();
    // Thread-safe, from the GUI thread, when it queues a run or a rehearsal: clears an
    // earlier Cancel. Not done by the job itself, or a Cancel pressed while the job
    // still waits behind another one on this thread would be lost.
    void resetCancel();

Q_SIGNALS:
    void stateRead(quint64 job, const QStringList &heads, const QString &error);
    void statusRead(quint64 job, const retort::DatabaseStatus &status, const QString &error);
    void previewReady(quint64 job, const retort::MigrationPlan &plan, const QString &error);
    void stepStarted(quint64 job, int index, int count, const QString &description);
    void statementFinished(quint64 job, const QString &revision, const QString &location,
                           const QString &sql, double milliseconds);
    void runFinished(quint64 job, bool ok, const QString &message, const QStringList &heads);
    // A line the project's Alembic wrote while it ran (its log, a traceback).
    void outputLine(quint64 job, const QString &line);
    void rehearsalReady(quint64 job, const retort::gui::RehearsalOutcome &outcome);
    void tablesListed(quint64 job, const QVector<retort::TableInfo> &tables, const QString &error);
    void tableDescribed(quint64 job, const QString &text, const QString &error);
    void rowsFetched(quint64 job, const retort::gui::RowQuery &query,
                     const retort::gui::RowPage &page);
    void rowsCounted(quint64 job, const retort::gui::RowQuery &query, qint64 count, bool exact,
                     const QString &error);

private:
    class CancelScope;
    // run() for an Alembic project.
    MigrationPlan runAlembic(quint64 job, const JobContext &context, const PlanRequest &request,
                             const QStringList &expectedHeads);
    // rehearse() for a Retort project: in a rolled-back transaction on the database.
    RehearsalOutcome rehearseSql(const JobContext &context, const PlanRequest &request);
    // rehearse() for an Alembic project: on a throwaway copy, never the live database.
    RehearsalOutcome rehearseAlembic(quint64 job, const JobContext &context,
                                     const PlanRequest &request);

    std::atomic<bool> m_cancelRequested{false};
    std::mutex m_cancellerMutex;
    std::unique_ptr<QueryCanceller> m_canceller;
};

} // namespace retort::gui
