// MainWindow: showing a loaded project and the database's state, and remembering
// settings and recent projects.
#include "Error.h"
#include "LoadedProject.h"
#include "MainActions.h"
#include "MainWindow.h"
#include "connect/ConnectionDialog.h"
#include "connect/PasswordStore.h"
#include "database/DatabasePanel.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "preview/RevisionPreview.h"
#include "run/RunController.h"
#include "watch/ProjectWatcher.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QUrl>

namespace retort::gui {

namespace {

// `url` (stored without a password) with `password` put back, as DatabaseUrl writes it.
QString withPassword(const QString &url, const QString &password, const QString &projectDir)
{
    try {
        DatabaseUrl parsed = DatabaseUrl::parse(url, projectDir);
        if (parsed.isSqlite())
            return url;
        if (parsed.user.isEmpty())
            parsed.query.append({u"password"_qs, password});
        else
            parsed.password = password;
        return parsed.toText(DatabaseUrl::Password::Keep);
    } catch (const Error &) {
        return url;
    }
}

// A connection remembered by an older version may hold its password: rewrite it without.
QString storedConnection(const QString &key, const QString &projectDir)
{
    QSettings settings;
    const QString stored = settings.value(key).toString();
    try {
        const DatabaseUrl parsed = DatabaseUrl::parse(stored, projectDir);
        if (parsed.isPostgres() &&
            (!parsed.password.isEmpty() || !parsed.queryValue(u"password"_qs).isEmpty())) {
            const QString clean = parsed.toText(DatabaseUrl::Password::Omit);
            settings.setValue(key, clean);
            return clean;
        }
    } catch (const Error &) {
        if (!stored.isEmpty() && DatabaseUrl::maskPassword(stored) != stored) {
            settings.remove(key); // cannot be split from its password: forget it
            return {};
        }
    }
    return stored;
}

} // namespace

void MainWindow::showProject(const std::shared_ptr<LoadedProject> &loaded)
{
    const QString previousSelection = selectedRevision();
    m_loaded = loaded;
    // The folder (files added, removed, renamed, edited in place) and retort.ini; also
    // after an error, so fixing the file brings the history back by itself.
    m_watcher->watch(loaded->iniPath, loaded->versionsFolder);

    if (!loaded->project) {
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
    m_historyStack->setCurrentWidget(m_history);
    m_history->header()->setSectionResizeMode(HistoryModel::MessageColumn, QHeaderView::Stretch);
    m_history->resizeColumnToContents(HistoryModel::RevisionColumn);
    m_history->resizeColumnToContents(HistoryModel::LabelsColumn);
    m_history->resizeColumnToContents(HistoryModel::DateColumn);
    setWindowTitle(tr("Retort — %1").arg(QDir::toNativeSeparators(project.config.projectDir)));

    // The database: a connection the user chose for this project in the window, else
    // $DATABASE_URL, else the ini (--url is the CLI's). A remembered password comes from
    // the keyring, asynchronously.
    const QString projectDir = project.config.projectDir;
    const QString chosen =
        storedConnection(u"connections/"_qs + project.config.iniPath, projectDir);
    // A password typed this session is kept across reloads; else one from the keyring.
    if (const QString known = m_sessionPasswords.value(chosen); !chosen.isEmpty() && !known.isEmpty())
        applyDatabaseUrl(withPassword(chosen, known, projectDir));
    else
        applyDatabaseUrl(chosen.isEmpty() ? project.config.effectiveUrl({}) : chosen);
    if (!chosen.isEmpty() && !m_sessionPasswords.contains(chosen)) {
        QPointer<MainWindow> self(this);
        const auto forProject = m_loaded;
        PasswordStore::load(chosen, [self, forProject, chosen, projectDir](const QString &password,
                                                                           const QString &error) {
            if (!self || self->m_loaded != forProject)
                return;
            if (!error.isEmpty())
                self->m_log->addMessage(tr("Keyring: %1").arg(error), true);
            else if (!password.isEmpty())
                self->applyDatabaseUrl(withPassword(chosen, password, projectDir));
        });
    }

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
        if (urlText.isEmpty())
            throw Error(tr("no database URL: set url in %1, DATABASE_URL, or use File > Connect")
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

void MainWindow::connectDatabase()
{
    if (!m_loaded || !m_loaded->project)
        return;
    ConnectionDialog dialog(m_runs->hasDatabase() ? m_runs->context().url.url : QString(),
                            m_loaded->project->config.projectDir, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // Only the URL without its password is written to disk; the password stays in memory
    // for the session or, when asked, in the system keyring.
    const QString stored = dialog.urlWithoutPassword();
    if (!stored.isEmpty()) {
        QSettings().setValue(u"connections/"_qs + m_loaded->project->config.iniPath, stored);
        m_sessionPasswords.insert(stored, dialog.password());
    }
    if (dialog.rememberPassword())
        PasswordStore::save(stored, dialog.password(),
                            [log = QPointer<LogView>(m_log)](const QString &error) {
                                if (log && !error.isEmpty())
                                    log->addMessage(tr("Keyring: %1").arg(error), true);
                            });
    applyDatabaseUrl(dialog.url());
}

void MainWindow::onStateRead(const QStringList &heads, const QString &error)
{
    m_heads = heads;
    m_databaseError = error;
    if (!error.isEmpty())
        m_log->addMessage(error, true);
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
    const bool idle = !m_runs->isBusy() && !m_backupRunning;
    const bool selected = !selectedRevision().isEmpty();
    const MainActions &a = *m_actions;
    a.upgradeHead->setEnabled(db && idle);
    a.upgradeSelected->setEnabled(db && idle && selected);
    a.downgradeOne->setEnabled(db && idle && !m_heads.isEmpty());
    a.downgradeSelected->setEnabled(db && idle && selected);
    a.stampSelected->setEnabled(db && idle && selected);
    a.rehearse->setEnabled(db && idle);
    a.cancelRun->setEnabled(m_runs->isBusy());
    a.backupUpgrade->setEnabled(db && idle);
    a.restore->setEnabled(db && idle);
    a.newRevision->setEnabled(project && idle);
    a.connectDatabase->setEnabled(project && idle);
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
