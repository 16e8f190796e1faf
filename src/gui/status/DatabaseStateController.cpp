#include "status/DatabaseStateController.h"

#include "Error.h"
#include "Project.h"
#include "database/DatabasePanel.h"
#include "environments/EnvironmentController.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "log/LogView.h"
#include "project/ProjectController.h"
#include "run/RunController.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QTreeView>

namespace retort::gui {

DatabaseStateController::DatabaseStateController(const WindowParts &parts, const Widgets &widgets,
                                                 RunController *runs, ProjectController *project,
                                                 EnvironmentController *environments,
                                                 QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_w(widgets)
    , m_runs(runs)
    , m_project(project)
    , m_environments(environments)
{
    m_w.drift->hide();
    connect(m_w.drift, &QLabel::linkActivated, this, &DatabaseStateController::showVerification);
    connect(runs, &RunController::stateRead, this, &DatabaseStateController::onStateRead);
    connect(runs, &RunController::statusRead, this, &DatabaseStateController::onStatusRead);
}

void DatabaseStateController::connectActions(QAction *verify)
{
    connect(verify, &QAction::triggered, this, &DatabaseStateController::showVerification);
}

void DatabaseStateController::apply(const QString &urlText)
{
    m_error.clear();
    m_dialect.clear();
    m_heads.clear();
    try {
        const std::shared_ptr<const Project> project = m_project->sharedProject();
        if (!project)
            return;
        if (urlText.isEmpty())
            throw Error(tr("no database URL: set url or an [env NAME] section in %1, set "
                           "DATABASE_URL, or use File > Connect")
                            .arg(project->config.iniPath));
        JobContext context;
        context.project = project;
        context.url = DatabaseUrl::parse(urlText, project->config.projectDir);
        m_dialect = context.url.dialect();
        m_runs->setContext(context);
        m_w.url->setText(context.url.masked());
        m_runs->refresh();
    } catch (const Error &e) {
        m_error = e.message();
        m_runs->setContext({});
        m_w.url->setText(tr("No database: %1").arg(e.message()));
    }
    updateHeadsLabel();
    Q_EMIT changed();
}

void DatabaseStateController::onStateRead(const QStringList &heads, const QString &error)
{
    m_heads = heads;
    m_parts.navigator->setCurrentHeads(heads);
    m_error = error;
    if (!error.isEmpty()) {
        m_parts.log->addMessage(error, true);
        if (error.contains(u"no password supplied"_qs) ||
            error.contains(u"password authentication failed"_qs))
            m_environments->askPassword(error);
    }
    if (const Project *project = m_project->project()) {
        const RevisionGraph &graph = project->graph;
        QVector<int> known;
        for (const QString &h : heads)
            if (graph.indexOf(h) != RevisionGraph::None)
                known.append(graph.indexOf(h));
        const QVector<char> applied = graph.reach(known, RevisionGraph::Edges::NormalizedDown);
        m_parts.historyModel->setDatabaseState(applied, known);
        // Bring the database's revision into view, as a history view should.
        if (!known.isEmpty()) {
            const int row = m_parts.historyModel->rowOf(graph.id(known.first()));
            if (row >= 0)
                m_parts.history->scrollTo(m_parts.historyModel->index(row, 0));
        }
    }
    m_w.database->reload(); // the tables (and their sizes) may have changed with the revision
    updateHeadsLabel();
    Q_EMIT changed();
    Q_EMIT stateRefreshed();
}

void DatabaseStateController::onStatusRead(const DatabaseStatus &status, const QString &error)
{
    m_status = status;
    m_parts.historyModel->setDrift(status.verification.changed, status.failed);
    const int changedFiles = int(status.verification.changed.size());
    const int missing = int(status.verification.missing.size());
    const int failed = int(status.failed.size());
    QStringList parts;
    if (changedFiles)
        parts << tr("%n changed since applied", nullptr, changedFiles);
    if (missing)
        parts << tr("%n applied but missing", nullptr, missing);
    if (failed)
        parts << tr("%n failed", nullptr, failed);
    m_w.drift->setVisible(!parts.isEmpty() && error.isEmpty());
    m_w.drift->setText(u"<span style='color:#f57c00'>⚠ %1</span> <a href='verify'>%2</a>"_qs.arg(
        parts.join(u", "_qs).toHtmlEscaped(), tr("Verify…")));
    if (!parts.isEmpty() && error.isEmpty())
        m_parts.log->addMessage(
            tr("Drift: %1 (Migrate > Verify shows the details)").arg(parts.join(u", "_qs)), true);
    Q_EMIT statusRefreshed();
}

void DatabaseStateController::showVerification()
{
    QMessageBox box(m_parts.window);
    box.setObjectName(QStringLiteral("verification"));
    box.setWindowTitle(tr("Verify"));
    box.setIcon(m_status.verification.ok() ? QMessageBox::Information : QMessageBox::Warning);
    box.setText(m_status.drifted() ? tr("Applied revisions changed or went missing since they ran.")
                                   : tr("No drift: applied files are the ones that ran."));
    box.setDetailedText(m_status.verification.report());
    box.exec();
}

QString DatabaseStateController::statusText() const
{
    return m_w.url->text() + u" | "_qs + m_w.heads->text();
}

void DatabaseStateController::updateHeadsLabel()
{
    if (!m_error.isEmpty()) {
        m_w.heads->setText(tr("Database error"));
        m_w.heads->setToolTip(m_error);
        return;
    }
    m_w.heads->setToolTip({});
    if (!m_runs->hasDatabase()) {
        m_w.heads->clear();
        return;
    }
    m_w.heads->setText(m_heads.isEmpty() ? tr("Current: base (empty)")
                                         : tr("Current: %1").arg(m_heads.join(u", "_qs)));
}

} // namespace retort::gui
