#include "project/ProjectController.h"
#include "history/MessageColumnFit.h"

#include "LoadedProject.h"
#include "environments/EnvironmentController.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "log/LogView.h"
#include "watch/ProjectWatcher.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QStackedWidget>
#include <QThreadPool>
#include <QTimer>
#include <QTreeView>

namespace retort::gui {

ProjectController::ProjectController(const WindowParts &parts, const Widgets &widgets,
                                     EnvironmentController *environments, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_w(widgets)
    , m_environments(environments)
    , m_watcher(new ProjectWatcher(this))
    , m_reloadTimer(new QTimer(this))
{
    // The versions folder changed on disk (an editor, git): reload, debounced.
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_watcher, &ProjectWatcher::changed, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        if (!m_loaded)
            return;
        if (m_busy && m_busy()) // reload once the run is over, not midway
            m_reloadTimer->start();
        else
            reload();
    });
}

ProjectController::~ProjectController() = default;

void ProjectController::connectActions(QAction *open, QAction *refresh, QMenu *recent)
{
    m_refresh = refresh;
    m_recent = recent;
    connect(open, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(m_parts.window, tr("Open Project"));
        if (!dir.isEmpty())
            this->open(dir);
    });
    connect(refresh, &QAction::triggered, this, [this] { reload(); });
}

const Project *ProjectController::project() const
{
    return m_loaded && m_loaded->project ? &*m_loaded->project : nullptr;
}

std::shared_ptr<const Project> ProjectController::sharedProject() const
{
    if (!project())
        return nullptr;
    return std::shared_ptr<const Project>(m_loaded, &*m_loaded->project);
}

void ProjectController::open(const QString &path)
{
    m_w.statusUrl->setText(tr("Loading %1…").arg(path));
    // Reading and parsing the versions folder is disk work: never on the GUI thread.
    QPointer<ProjectController> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        auto loaded = std::make_shared<LoadedProject>(LoadedProject::load(path));
        QMetaObject::invokeMethod(
            qApp,
            [self, loaded] {
                if (self)
                    self->show(loaded);
            },
            Qt::QueuedConnection);
    });
}

void ProjectController::reload(const QString &select)
{
    if (!m_loaded)
        return;
    m_selectAfterLoad = select;
    open(m_loaded->requestedPath);
}

void ProjectController::show(const std::shared_ptr<LoadedProject> &loaded)
{
    const QString previousSelection =
        m_selectAfterLoad.isEmpty() ? m_parts.selectedRevision() : m_selectAfterLoad;
    m_selectAfterLoad.clear();
    m_loaded = loaded;
    // The folder (files added, removed, renamed, edited in place) and retort.ini; also
    // after an error, so fixing the file brings the history back by itself.
    m_watcher->watch(loaded->iniPath, loaded->versionsFolder);

    QTreeView *history = m_parts.history;
    HistoryModel *model = m_parts.historyModel;
    if (!loaded->project) {
        m_parts.navigator->setProject(nullptr);
        model->clear();
        m_w.error->setText(tr("Cannot load %1:\n\n%2").arg(loaded->requestedPath, loaded->error));
        m_w.historyStack->setCurrentWidget(m_w.error);
        m_w.statusUrl->setText(tr("%1 — error").arg(loaded->requestedPath));
        m_parts.log->addMessage(loaded->error, true);
        Q_EMIT this->loaded();
        return;
    }

    const Project &project = *loaded->project;
    rememberProject(project.config.iniPath);

    model->setGraph(&project.graph);
    m_parts.navigator->setProject(&project);
    m_w.historyStack->setCurrentWidget(history);
    // Most projects have no branch labels: an empty column would take the message's room.
    bool labelled = false;
    for (int i = 0; i < project.graph.size() && !labelled; ++i)
        labelled = !project.graph.branchLabels(i).isEmpty();
    history->setColumnHidden(HistoryModel::LabelsColumn, !labelled);
    for (const int column : {HistoryModel::RevisionColumn, HistoryModel::LabelsColumn,
                             HistoryModel::DateColumn, HistoryModel::StateColumn})
        history->resizeColumnToContents(column);
    m_parts.messageColumn->fit();
    m_parts.window->setWindowTitle(
        tr("Retort — %1").arg(QDir::toNativeSeparators(project.config.projectDir)));

    // The database: the active environment (at first the one the CLI would use); its
    // activated() signal applies the URL.
    m_environments->setProject(project.config);

    if (!m_parts.selectRevision(previousSelection) && model->rowCount() > 0)
        history->setCurrentIndex(model->index(0, 0));
    Q_EMIT this->loaded();
}

void ProjectController::updateActions(bool idle)
{
    if (m_refresh)
        m_refresh->setEnabled(idle);
}

void ProjectController::rememberProject(const QString &iniPath)
{
    QSettings settings;
    QStringList recent = settings.value(u"recentProjects"_qs).toStringList();
    recent.removeAll(iniPath);
    recent.prepend(iniPath);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(u"recentProjects"_qs, recent);

    if (!m_recent)
        return;
    m_recent->clear();
    for (const QString &path : std::as_const(recent)) {
        QAction *openRecent = m_recent->addAction(QDir::toNativeSeparators(path));
        connect(openRecent, &QAction::triggered, this, [this, path] { open(path); });
    }
}

} // namespace retort::gui
