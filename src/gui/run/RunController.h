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

class QThread;

namespace retort::gui {

class DatabaseWorker;

// Owns the database thread and its worker, numbers the jobs, and drops answers to jobs
// that were superseded (a refresh that returns after the project was switched).
class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    void setContext(const JobContext &context); // a new project or database
    const JobContext &context() const { return m_context; }
    bool hasDatabase() const { return m_context.project != nullptr; }

    void refresh();
    void preview(const PlanRequest &request);
    void run(const PlanRequest &request, const QStringList &expectedHeads,
             bool transactionPerMigration = false);
    // A dry run of `request` (DatabaseWorker::rehearse); cancel() stops it too.
    void rehearse(const PlanRequest &request);
    void cancel();
    bool isRunning() const { return m_runJob != 0; }
    bool isRehearsing() const { return m_rehearseJob != 0; }
    bool isBusy() const { return isRunning() || isRehearsing(); }

    void listTables();
    void describe(const QString &table);
    void fetchRows(const retort::gui::RowQuery &query, int offset, int limit);
    void countRows(const retort::gui::RowQuery &query, bool exact);

Q_SIGNALS:
    void stateRead(const QStringList &heads, const QString &error);
    // After each stateRead: drift, failed revisions, the last run.
    void statusRead(const retort::DatabaseStatus &status, const QString &error);
    void previewReady(const retort::gui::PlanRequest &request, const retort::MigrationPlan &plan,
                      const QString &error);
    void stepStarted(int index, int count, const QString &description);
    void statementFinished(const QString &revision, const QString &location, const QString &sql,
                           double milliseconds);
    void runFinished(bool ok, const QString &message, const QStringList &heads);
    void outputLine(const QString &line); // the project's Alembic's, in a run or rehearsal
    void rehearsalReady(const retort::gui::PlanRequest &request,
                        const retort::gui::RehearsalOutcome &outcome);
    void tablesListed(const QVector<retort::TableInfo> &tables, const QString &error);
    void tableDescribed(const QString &text, const QString &error);
    void rowsFetched(const retort::gui::RowQuery &query, const retort::gui::RowPage &page);
    void rowsCounted(const retort::gui::RowQuery &query, qint64 count, bool exact,
                     const QString &error);

private:
    QThread *m_thread = nullptr;
    DatabaseWorker *m_worker = nullptr;
    JobContext m_context;
    quint64 m_nextJob = 1;
    quint64 m_stateJob = 0;
    quint64 m_statusJob = 0;
    quint64 m_previewJob = 0;
    quint64 m_runJob = 0;
    quint64 m_rehearseJob = 0;
    PlanRequest m_rehearseRequest;
    quint64 m_tablesJob = 0;
    quint64 m_describeJob = 0;
    quint64 m_rowsEpoch = 0; // row answers from jobs before this are for another database
    PlanRequest m_previewRequest;
    // Stops the pending preview's offline rendering (an Alembic child) once nobody waits
    // for it: superseded, another database, Cancel, or the window closing.
    std::shared_ptr<std::atomic<bool>> m_previewCancel;
    void cancelPreview();
};

} // namespace retort::gui
