#include "MainWindow.h"

#include "LoadedProject.h"
#include "MainActions.h"
#include "backup/BackupController.h"
#include "compare/CompareController.h"
#include "compare/CompareView.h"
#include "database/DatabasePanel.h"
#include "environments/EnvironmentController.h"
#include "environments/EnvironmentsOverview.h"
#include "help/HelpMenu.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "history/LaneDelegate.h"
#include "history/MessageColumnFit.h"
#include "log/LogView.h"
#include "preview/RevisionPreview.h"
#include "project/ProjectController.h"
#include "project/RevisionAuthor.h"
#include "rehearse/RehearsalController.h"
#include "rehearse/SchemaDiffView.h"
#include "run/MigrateController.h"
#include "run/PlanTab.h"
#include "run/RunController.h"
#include "status/DatabaseStateController.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_actions(MainActions::create(this))
    , m_runs(new RunController(this))
    , m_environments(new EnvironmentController(this))
{
    setWindowTitle(tr("Retort"));
    buildLayout();
    assembleControllers();
    connectControllers();
    addHelpMenu(this, [this]() -> std::optional<DatabaseUrl> {
        if (!m_runs->hasDatabase())
            return std::nullopt;
        return m_runs->context().url;
    });
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_parts.window = this;
    m_parts.historyModel = new HistoryModel(this);
    QTreeView *history = m_parts.history = new QTreeView;
    history->setObjectName(QStringLiteral("history"));
    history->setModel(m_parts.historyModel);
    history->setRootIsDecorated(false);
    history->setUniformRowHeights(true); // keeps 20,000-row histories fast to lay out
    history->setAlternatingRowColors(true);
    history->setSelectionBehavior(QAbstractItemView::SelectRows);
    history->header()->setStretchLastSection(false);
    // The state (applied, pending, changed since applied, failed...) beside the id, where
    // it is seen at any width.
    history->header()->moveSection(HistoryModel::StateColumn, HistoryModel::LabelsColumn);
    history->setItemDelegateForColumn(HistoryModel::RevisionColumn, new LaneDelegate(history));
    // Find moves the selection between matches; it hides no row, so the lanes stay.
    m_parts.navigator = new HistoryNavigator(history, m_parts.historyModel, this);
    m_parts.messageColumn = new MessageColumnFit(history, HistoryModel::MessageColumn);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("loadError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_error->setMargin(12);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    m_historyStack = new QStackedWidget;
    m_historyStack->addWidget(history);
    m_historyStack->addWidget(m_error);
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_parts.navigator->findField(), 1);
    findRow->addWidget(m_parts.navigator->findStatus());
    leftLayout->addLayout(findRow);
    leftLayout->addWidget(m_historyStack, 1);

    m_preview = new RevisionPreview;
    connect(m_preview, &RevisionPreview::revisionActivated, this,
            [this](const QString &rev) { m_parts.selectRevision(rev); });
    m_schemaDiff = new SchemaDiffView;
    m_database = new DatabasePanel(m_runs);
    m_tabs = new QTabWidget; // filled by assembleControllers(): the Plan tab is a controller's
    m_tabs->setObjectName(QStringLiteral("detailTabs"));

    auto *splitter = new QSplitter;
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);

    if (auto *bar = findChild<QToolBar *>(QStringLiteral("mainToolBar"))) {
        bar->insertWidget(bar->actions().value(0), m_environments->selector());
        bar->insertWidget(bar->actions().value(1), m_environments->badge());
    }

    m_parts.log = new LogView;
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_parts.log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    m_actions->view->addAction(logDock->toggleViewAction());
    resizeDocks({logDock}, {170}, Qt::Vertical); // the history gets the room by default
    buildStatusBar();
}

void MainWindow::buildStatusBar()
{
    m_parts.statusBar = statusBar();
    m_statusUrl = new QLabel;
    m_statusUrl->setObjectName(QStringLiteral("statusUrl"));
    m_statusHeads = new QLabel;
    m_statusHeads->setObjectName(QStringLiteral("statusHeads"));
    m_statusDrift = new QLabel;
    m_statusDrift->setObjectName(QStringLiteral("statusDrift"));
    m_parts.progress = new QProgressBar;
    m_parts.progress->setMaximumWidth(320);
    m_parts.progress->setTextVisible(true);
    m_parts.progress->hide();
    m_parts.cancel = new QPushButton(tr("Cancel"));
    m_parts.cancel->hide();
    connect(m_parts.cancel, &QPushButton::clicked, m_runs, &RunController::cancel);
    // All permanent: transient messages (showMessage) then never paint over them.
    statusBar()->addPermanentWidget(m_environments->statusBadge());
    statusBar()->addPermanentWidget(m_statusUrl);
    statusBar()->addPermanentWidget(m_parts.progress);
    statusBar()->addPermanentWidget(m_parts.cancel);
    statusBar()->addPermanentWidget(m_statusDrift);
    statusBar()->addPermanentWidget(m_statusHeads);
}

void MainWindow::assembleControllers()
{
    const MainActions &a = *m_actions;
    m_backups = new BackupController(
        m_runs, {this, statusBar(), m_parts.progress, m_parts.cancel, m_parts.log}, this);
    m_backups->setObjectName(QStringLiteral("backups"));
    m_backups->connectActions(a.backup, a.backupUpgrade, a.restore);

    m_project = new ProjectController(m_parts, {m_historyStack, m_error, m_statusUrl},
                                      m_environments, this);
    m_project->connectActions(a.open, a.refresh, a.recent);
    // A reload the watcher wants waits for the run, not midway.
    m_project->setBusyCheck([this] { return m_runs->isBusy(); });
    m_author = new RevisionAuthor(m_parts, m_project, this);
    m_author->connectActions(a.newRevision, a.mergeHeads);

    m_state = new DatabaseStateController(m_parts,
                                          {m_statusUrl, m_statusHeads, m_statusDrift, m_database},
                                          m_runs, m_project, m_environments, this);
    m_state->connectActions(a.verify);

    m_rehearsal = new RehearsalController(m_parts, m_runs, m_backups, m_schemaDiff, this);
    m_migrate = new MigrateController(
        m_parts, {m_runs, m_backups, m_environments, m_project, m_state, m_rehearsal}, this);
    m_migrate->connectActions({a.upgradeHead, a.upgradeSelected, a.downgradeOne,
                               a.downgradeSelected, a.downgradeBase, a.stampSelected, a.cancelRun});
    m_migrate->setPlanShownCheck([this] { return m_tabs->currentIndex() == PlanTab; });
    m_rehearsal->connectAction(
        a.rehearse, [this] { return m_migrate->planChoice(); },
        [this] { m_tabs->setCurrentIndex(SchemaDiffTab); });

    m_compare = new CompareController(m_parts,
                                      {m_runs, m_project, m_state, m_environments, m_author}, this);
    m_compare->setShowView([this] { m_tabs->setCurrentIndex(CompareTab); });
    statusBar()->addPermanentWidget(m_compare->driftLabel());

    m_tabs->insertTab(RevisionTab, m_preview, tr("Revision"));
    m_tabs->insertTab(PlanTab, m_migrate->planTab(), tr("Plan"));
    m_tabs->insertTab(SchemaDiffTab, m_schemaDiff, tr("Schema Diff"));
    m_tabs->insertTab(DatabaseTab, m_database, tr("Database"));
    m_tabs->insertTab(CompareTab, m_compare->view(), tr("Compare"));
}

void MainWindow::connectControllers()
{
    const MainActions &a = *m_actions;
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.connectDatabase, &QAction::triggered, m_environments,
            &EnvironmentController::connectDialog);
    connect(a.environmentsOverview, &QAction::triggered, this,
            &MainWindow::showEnvironmentsOverview);
    connect(m_environments, &EnvironmentController::activated, this, [this](const QString &url) {
        // Another database: the last rehearsal was about the previous one.
        const bool changed = m_runs->hasDatabase() && m_runs->context().url.url != url;
        if (changed)
            m_rehearsal->forget();
        m_compare->refreshChoices(changed);
        m_state->apply(url);
    });
    connect(m_environments, &EnvironmentController::note, m_parts.log, &LogView::addMessage);
    connect(a.findRevision, &QAction::triggered, m_parts.navigator, &HistoryNavigator::startFind);
    connect(m_parts.navigator, &HistoryNavigator::runRequested, m_migrate,
            [this](const PlanRequest &request) { m_migrate->startRun(request); });
    connect(m_parts.navigator, &HistoryNavigator::rehearseRequested, m_rehearsal,
            &RehearsalController::start);
    connect(a.compare, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(CompareTab); });
    connect(a.nextTab, &QAction::triggered, this,
            [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    connect(a.previousTab, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    a.revisions->addSeparator();
    a.revisions->addActions({m_parts.navigator->findNextAction(),
                             m_parts.navigator->findPreviousAction(),
                             m_parts.navigator->goToCurrentAction()});

    connect(m_tabs, &QTabWidget::currentChanged, m_migrate, &MigrateController::refreshPlan);
    connect(m_parts.history->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                showSelectedRevision();
                updateActions();
                m_migrate->refreshPlan();
            });

    connect(m_project, &ProjectController::loaded, this, [this] {
        updateActions();
        Q_EMIT projectLoaded();
    });
    connect(m_state, &DatabaseStateController::changed, this, &MainWindow::updateActions);
    connect(m_state, &DatabaseStateController::stateRefreshed, this, [this] {
        m_migrate->refreshPlan();
        if (m_state->error().isEmpty())
            m_compare->checkDrift(); // `check` on a worker: the status bar warns of drift
        Q_EMIT stateRefreshed();
    });
    connect(m_state, &DatabaseStateController::statusRefreshed, this, &MainWindow::statusRefreshed);
    connect(m_migrate, &MigrateController::busyChanged, this, &MainWindow::updateActions);
    connect(m_migrate, &MigrateController::planShown, this, &MainWindow::planShown);
    connect(m_migrate, &MigrateController::runFinished, this, &MainWindow::runFinished);
    connect(m_migrate, &MigrateController::confirmShown, this, &MainWindow::confirmShown);
    connect(m_rehearsal, &RehearsalController::busyChanged, this, &MainWindow::updateActions);
    connect(m_rehearsal, &RehearsalController::finished, this, [this](bool ok) {
        showSelectedRevision(); // its merge-order finding, if any
        Q_EMIT rehearsalFinished(ok);
    });
    connect(m_backups, &BackupController::busyChanged, this, &MainWindow::updateActions);
    connect(m_backups, &BackupController::backupUpgradeFinished, this,
            &MainWindow::backupUpgradeFinished);
}

void MainWindow::openProject(const QString &path)
{
    m_project->open(path);
}

void MainWindow::setStartOptions(const QString &urlOption, const QString &envName)
{
    m_environments->setStartOptions(urlOption, envName);
}

QStringList MainWindow::currentHeads() const
{
    return m_state->heads();
}

QStringList MainWindow::mergeStepChoices() const
{
    return m_migrate->mergeStepChoices();
}

CompareView *MainWindow::compareView() const
{
    return m_compare->view();
}

QPlainTextEdit *MainWindow::planView() const
{
    return m_migrate->planTab()->script();
}

QString MainWindow::statusText() const
{
    return m_state->statusText();
}

const DatabaseStatus &MainWindow::databaseStatus() const
{
    return m_state->status();
}

void MainWindow::startRun(const PlanRequest &request, bool confirm)
{
    m_migrate->startRun(request, confirm);
}

void MainWindow::startRehearsal(const PlanRequest &request)
{
    m_rehearsal->start(request);
}

void MainWindow::startBackupUpgrade(bool confirm)
{
    m_backups->startBackupUpgrade(confirm);
}

EnvironmentsOverview *MainWindow::showEnvironmentsOverview()
{
    const std::shared_ptr<const Project> project = m_project->sharedProject();
    if (!project)
        return nullptr;
    auto *overview = new EnvironmentsOverview(m_environments, project, this);
    overview->setAttribute(Qt::WA_DeleteOnClose);
    overview->show();
    return overview;
}

void MainWindow::showSelectedRevision()
{
    const QString rev = selectedRevision();
    const Project *project = m_project->project();
    if (!project || rev.isEmpty()) {
        m_preview->clear();
        return;
    }
    const QString dialect = m_state->dialect();
    m_preview->showRevision(*project, rev, dialect.isEmpty() ? u"postgresql"_qs : dialect);
    if (const MergeOrderFinding *finding =
            m_parts.historyModel->mergeFindingAt(m_parts.history->currentIndex().row()))
        m_preview->showMergeFinding(*finding);
}

void MainWindow::updateActions()
{
    const bool project = m_project->project() != nullptr;
    const bool db = project && m_runs->hasDatabase();
    const bool idle = !m_runs->isBusy() && !m_backups->isRunning();
    m_project->updateActions(idle);
    m_author->updateActions(idle);
    m_migrate->updateActions(idle);
    m_rehearsal->updateActions(db && idle);
    const MainActions &a = *m_actions;
    a.backupUpgrade->setEnabled(db && idle);
    a.restore->setEnabled(db && idle);
    a.backup->setEnabled(db && idle);
    a.connectDatabase->setEnabled(project && idle);
    a.environmentsOverview->setEnabled(project);
    m_environments->selector()->setEnabled(project && idle);
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
