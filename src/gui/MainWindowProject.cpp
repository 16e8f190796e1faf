// MainWindow: showing a loaded project and the database's state, and remembering
// settings and recent projects.
#include "Error.h"
#include "LoadedProject.h"
#include "MainActions.h"
#include "MainWindow.h"
#include "backup/BackupController.h"
#include "database/DatabasePanel.h"
#include "environments/EnvironmentController.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "log/LogView.h"
#include "preview/RevisionPreview.h"
#include "run/RunController.h"
#include "watch/ProjectWatcher.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QUrl>

namespace retort::gui {

void MainWindow::showProject(const std::shared_ptr<LoadedProject> &loaded)
{
    const QString previousSelection = selectedRevision();
    m_loaded = loaded;
    // The folder (files added, removed, renamed, edited in place) and retort.ini; also
    // after an error, so fixing the file brings the history back by itself.
    m_watcher->watch(loaded->iniPath, loaded->versionsFolder);

    if (!loaded->project) {
        m_navigator->setProject(nullptr);
        m_historyModel->clear();
        m_preview->clear();
        m_error->setText(tr("Cannot load %1:\n\n%2").arg(loaded->requestedPath, loaded->error));
        m_historyStack->setCurrentWidget(m_error);
        m_statusUrl->setText(tr("%1 — error").arg(loaded->requestedPath));
        m_log->addMessage(loaded->error, true);
        updateActions();
        Q_EMIT projectLoaded();
        return;
    }

    const Project &project = *loaded->project;
    rememberProject(project.config.iniPath);

    m_historyModel->setGraph(&project.graph);
    m_navigator->setProject(&project);
    m_historyStack->setCurrentWidget(m_history);
    m_history->header()->setSectionResizeMode(HistoryModel::MessageColumn, QHeaderView::Stretch);
    m_history->resizeColumnToContents(HistoryModel::RevisionColumn);
    m_history->resizeColumnToContents(HistoryModel::LabelsColumn);
    m_history->resizeColumnToContents(HistoryModel::DateColumn);
    m_history->resizeColumnToContents(HistoryModel::StateColumn);
    setWindowTitle(tr("Retort — %1").arg(QDir::toNativeSeparators(project.config.projectDir)));

    // The database: the active environment (at first the one the CLI would use); its
    // activated() signal applies the URL.
    m_environments->setProject(project.config);

    int row = m_historyModel->rowOf(previousSelection);
    if (row < 0)
        row = 0;
    if (m_historyModel->rowCount() > 0)
        m_history->setCurrentIndex(m_historyModel->index(row, 0));
    updateStatus();
    updateActions();
    Q_EMIT projectLoaded();
}

void MainWindow::applyDatabaseUrl(const QString &urlText)
{
    m_databaseError.clear();
    m_dialect.clear();
    m_heads.clear();
    try {
        if (!m_loaded || !m_loaded->project)
            return;
        if (urlText.isEmpty())
            throw Error(tr("no database URL: set url or an [env NAME] section in %1, set "
                           "DATABASE_URL, or use File > Connect")
                            .arg(m_loaded->project->config.iniPath));
        JobContext context;
        context.project = std::shared_ptr<const Project>(m_loaded, &*m_loaded->project);
        context.url = DatabaseUrl::parse(urlText, m_loaded->project->config.projectDir);
        m_dialect = context.url.dialect();
        m_runs->setContext(context);
        m_statusUrl->setText(context.url.masked());
        m_runs->refresh();
    } catch (const Error &e) {
        m_databaseError = e.message();
        m_runs->setContext({});
        m_statusUrl->setText(tr("No database: %1").arg(e.message()));
    }
    updateStatus();
    updateActions();
}

void MainWindow::onStateRead(const QStringList &heads, const QString &error)
{
    m_heads = heads;
    m_navigator->setCurrentHeads(heads);
    m_databaseError = error;
    if (!error.isEmpty()) {
        m_log->addMessage(error, true);
        if (error.contains(u"no password supplied"_qs) ||
            error.contains(u"password authentication failed"_qs))
            m_environments->askPassword(error);
    }
    if (m_loaded && m_loaded->project) {
        const RevisionGraph &graph = m_loaded->project->graph;
        QVector<int> known;
        for (const QString &h : heads)
            if (graph.indexOf(h) != RevisionGraph::None)
                known.append(graph.indexOf(h));
        const QVector<char> applied = graph.reach(known, RevisionGraph::Edges::NormalizedDown);
        m_historyModel->setDatabaseState(applied, known);
        // Bring the database's revision into view, as a history view should.
        if (!known.isEmpty()) {
            const int row = m_historyModel->rowOf(graph.id(known.first()));
            if (row >= 0)
                m_history->scrollTo(m_historyModel->index(row, 0));
        }
    }
    m_database->reload(); // the tables may have changed with the revision
    updateStatus();
    updateActions();
    if (m_tabs->currentIndex() == PlanTab)
        updatePlanPreview();
    Q_EMIT stateRefreshed();
}

void MainWindow::onStatusRead(const DatabaseStatus &status, const QString &error)
{
    m_status = status;
    m_historyModel->setDrift(status.verification.changed, status.failed);
    const int changed = int(status.verification.changed.size());
    const int missing = int(status.verification.missing.size());
    const int failed = int(status.failed.size());
    QStringList parts;
    if (changed)
        parts << tr("%n changed since applied", nullptr, changed);
    if (missing)
        parts << tr("%n applied but missing", nullptr, missing);
    if (failed)
        parts << tr("%n failed", nullptr, failed);
    m_statusDrift->setVisible(!parts.isEmpty() && error.isEmpty());
    m_statusDrift->setText(
        u"<span style='color:#f57c00'>⚠ %1</span> <a href='verify'>%2</a>"_qs.arg(
            parts.join(u", "_qs).toHtmlEscaped(), tr("Verify…")));
    if (!parts.isEmpty() && error.isEmpty())
        m_log->addMessage(
            tr("Drift: %1 (Migrate > Verify shows the details)").arg(parts.join(u", "_qs)), true);
    Q_EMIT statusRefreshed();
}

void MainWindow::showVerification()
{
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("verification"));
    box.setWindowTitle(tr("Verify"));
    box.setIcon(m_status.verification.ok() ? QMessageBox::Information : QMessageBox::Warning);
    box.setText(m_status.drifted() ? tr("Applied revisions changed or went missing since they ran.")
                                   : tr("No drift: applied files are the ones that ran."));
    box.setDetailedText(m_status.verification.report());
    box.exec();
}

void MainWindow::updateStatus()
{
    if (!m_databaseError.isEmpty()) {
        m_statusHeads->setText(tr("Database error"));
        m_statusHeads->setToolTip(m_databaseError);
        return;
    }
    m_statusHeads->setToolTip({});
    if (!m_runs->hasDatabase()) {
        m_statusHeads->clear();
        return;
    }
    m_statusHeads->setText(m_heads.isEmpty() ? tr("Current: base (empty)")
                                             : tr("Current: %1").arg(m_heads.join(u", "_qs)));
}

void MainWindow::updateActions()
{
    const bool project = m_loaded && m_loaded->project;
    const bool db = project && m_runs->hasDatabase();
    const bool idle = !m_runs->isBusy() && !m_backups->isRunning();
    const bool selected = !selectedRevision().isEmpty();
    const MainActions &a = *m_actions;
    a.upgradeHead->setEnabled(db && idle);
    a.upgradeHead->setText(upgradeTarget() == u"heads" ? tr("Upgrade to &Heads")
                                                       : tr("Upgrade to &Head"));
    a.downgradeBase->setEnabled(db && idle && !m_heads.isEmpty());
    a.upgradeSelected->setEnabled(db && idle && selected);
    a.downgradeOne->setEnabled(db && idle && !m_heads.isEmpty());
    a.downgradeSelected->setEnabled(db && idle && selected);
    a.stampSelected->setEnabled(db && idle && selected);
    a.rehearse->setEnabled(db && idle);
    a.cancelRun->setEnabled(m_runs->isBusy());
    a.backupUpgrade->setEnabled(db && idle);
    a.restore->setEnabled(db && idle);
    a.backup->setEnabled(db && idle);
    a.newRevision->setEnabled(project && idle);
    a.connectDatabase->setEnabled(project && idle);
    a.environmentsOverview->setEnabled(project);
    m_environments->selector()->setEnabled(project && idle);
    a.mergeHeads->setEnabled(project && idle && m_loaded->project->graph.heads().size() > 1);
    a.refresh->setEnabled(idle);
}

void MainWindow::rememberProject(const QString &iniPath)
{
    QSettings settings;
    QStringList recent = settings.value(u"recentProjects"_qs).toStringList();
    recent.removeAll(iniPath);
    recent.prepend(iniPath);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(u"recentProjects"_qs, recent);

    m_actions->recent->clear();
    for (const QString &path : std::as_const(recent)) {
        QAction *open = m_actions->recent->addAction(QDir::toNativeSeparators(path));
        connect(open, &QAction::triggered, this, [this, path] { openProject(path); });
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_qs).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(u"window/state"_qs).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        splitter->restoreState(settings.value(u"window/splitter"_qs).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_qs, saveGeometry());
    settings.setValue(u"window/state"_qs, saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        settings.setValue(u"window/splitter"_qs, splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace retort::gui
