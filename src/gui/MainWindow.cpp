#include "MainWindow.h"

#include "LoadedProject.h"
#include "MainActions.h"
#include "backup/BackupController.h"
#include "database/DatabasePanel.h"
#include "environments/EnvironmentController.h"
#include "environments/EnvironmentsOverview.h"
#include "help/HelpMenu.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "history/LaneDelegate.h"
#include "log/LogView.h"
#include "preview/RevisionPreview.h"
#include "rehearse/SchemaDiffView.h"
#include "run/RunController.h"
#include "sql/SqlHighlighter.h"
#include "watch/ProjectWatcher.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_actions(MainActions::create(this))
    , m_runs(new RunController(this))
    , m_environments(new EnvironmentController(this))
    , m_historyModel(new HistoryModel(this))
    , m_watcher(new ProjectWatcher(this))
    , m_reloadTimer(new QTimer(this))
{
    setWindowTitle(tr("Retort"));
    buildLayout();
    addHelpMenu(this, [this]() -> std::optional<DatabaseUrl> {
        if (!m_runs->hasDatabase())
            return std::nullopt;
        return m_runs->context().url;
    });

    const MainActions &a = *m_actions;
    connect(a.open, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"));
        if (!dir.isEmpty())
            openProject(dir);
    });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.connectDatabase, &QAction::triggered, m_environments,
            &EnvironmentController::connectDialog);
    connect(m_environments, &EnvironmentController::activated, this, [this](const QString &url) {
        // Another database: the last comparison was about the previous one.
        if (m_runs->hasDatabase() && m_runs->context().url.url != url) {
            m_lastRehearsal.reset();
            m_schemaDiff->showMessage(tr("The environment changed: rehearse again to see "
                                         "what a plan would change on this database."));
        }
        applyDatabaseUrl(url);
    });
    connect(m_environments, &EnvironmentController::note, this,
            [this](const QString &message, bool error) { m_log->addMessage(message, error); });
    connect(a.refresh, &QAction::triggered, this, [this] {
        if (m_loaded)
            openProject(m_loaded->requestedPath);
    });
    connect(a.findRevision, &QAction::triggered, m_navigator, &HistoryNavigator::startFind);
    connect(m_navigator, &HistoryNavigator::runRequested, this,
            [this](const PlanRequest &request) { startRun(request); });
    connect(m_navigator, &HistoryNavigator::rehearseRequested, this, &MainWindow::startRehearsal);
    connect(a.upgradeHead, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Upgrade, {upgradeTarget()}, false});
    });
    connect(a.upgradeSelected, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Upgrade, {selectedRevision()}, false});
    });
    connect(a.downgradeOne, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Downgrade, {u"-1"_qs}, false});
    });
    connect(a.environmentsOverview, &QAction::triggered, this,
            &MainWindow::showEnvironmentsOverview);
    connect(a.downgradeBase, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Downgrade, {u"base"_qs}, false});
    });
    connect(a.nextTab, &QAction::triggered, this,
            [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    connect(a.previousTab, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    a.revisions->addSeparator();
    a.revisions->addActions({m_navigator->findNextAction(), m_navigator->findPreviousAction(),
                             m_navigator->goToCurrentAction()});
    connect(a.downgradeSelected, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Downgrade, {selectedRevision()}, false});
    });
    connect(a.stampSelected, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Stamp, {selectedRevision()}, false});
    });
    connect(a.rehearse, &QAction::triggered, this, [this] { startRehearsal(planChoice()); });
    connect(a.cancelRun, &QAction::triggered, m_runs, &RunController::cancel);
    connect(a.newRevision, &QAction::triggered, this, &MainWindow::newRevision);
    connect(a.mergeHeads, &QAction::triggered, this, &MainWindow::mergeHeads);

    connect(m_runs, &RunController::stateRead, this, &MainWindow::onStateRead);
    connect(m_runs, &RunController::statusRead, this, &MainWindow::onStatusRead);
    connect(a.verify, &QAction::triggered, this, &MainWindow::showVerification);
    connect(m_runs, &RunController::previewReady, this, &MainWindow::onPreview);
    connect(m_runs, &RunController::runFinished, this, &MainWindow::onRunFinished);
    connect(m_runs, &RunController::rehearsalReady, this, &MainWindow::onRehearsal);
    connect(m_runs, &RunController::stepStarted, this,
            [this](int index, int count, const QString &description) {
                m_progress->setRange(0, count);
                m_progress->setValue(index);
                m_progress->setFormat(
                    tr("%1 of %2: %3").arg(index + 1).arg(count).arg(description));
                m_log->addMessage(tr("Running %1").arg(description));
            });
    connect(m_runs, &RunController::statementFinished, m_log, &LogView::addStatement);
    connect(m_runs, &RunController::outputLine, m_log,
            [this](const QString &line) { m_log->addMessage(line); });

    // The versions folder changed on disk (an editor, git): reload, debounced.
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_watcher, &ProjectWatcher::changed, this, &MainWindow::scheduleReload);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        if (!m_loaded)
            return;
        if (m_runs->isBusy()) // reload once the run is over, not midway
            m_reloadTimer->start();
        else
            openProject(m_loaded->requestedPath);
    });

    m_backups =
        new BackupController(m_runs, {this, statusBar(), m_progress, m_cancel, m_log}, this);
    m_backups->setObjectName(QStringLiteral("backups"));
    m_backups->connectActions(a.backup, a.backupUpgrade, a.restore);
    connect(m_backups, &BackupController::busyChanged, this, &MainWindow::updateActions);
    connect(m_backups, &BackupController::backupUpgradeFinished, this,
            &MainWindow::backupUpgradeFinished);
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::startBackupUpgrade(bool confirm)
{
    m_backups->startBackupUpgrade(confirm);
}

EnvironmentsOverview *MainWindow::showEnvironmentsOverview()
{
    if (!m_loaded || !m_loaded->project)
        return nullptr;
    auto *overview = new EnvironmentsOverview(
        m_environments, std::shared_ptr<const Project>(m_loaded, &*m_loaded->project), this);
    overview->setAttribute(Qt::WA_DeleteOnClose);
    overview->show();
    return overview;
}

void MainWindow::setStartOptions(const QString &urlOption, const QString &envName)
{
    m_environments->setStartOptions(urlOption, envName);
}

void MainWindow::buildLayout()
{
    m_history = new QTreeView;
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setModel(m_historyModel);
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true); // keeps 20,000-row histories fast to lay out
    m_history->setAlternatingRowColors(true);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->header()->setStretchLastSection(false);
    // The state (applied, pending, changed since applied, failed...) beside the id, where
    // it is seen at any width.
    m_history->header()->moveSection(HistoryModel::StateColumn, HistoryModel::LabelsColumn);
    auto *lanes = new LaneDelegate(m_history);
    m_history->setItemDelegateForColumn(HistoryModel::RevisionColumn, lanes);
    // Find moves the selection between matches; it hides no row, so the lanes stay.
    m_navigator = new HistoryNavigator(m_history, m_historyModel, this);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("loadError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_error->setMargin(12);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    m_historyStack = new QStackedWidget;
    m_historyStack->addWidget(m_history);
    m_historyStack->addWidget(m_error);
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_navigator->findField(), 1);
    findRow->addWidget(m_navigator->findStatus());
    leftLayout->addLayout(findRow);
    leftLayout->addWidget(m_historyStack, 1);

    m_preview = new RevisionPreview;
    connect(m_preview, &RevisionPreview::revisionActivated, this, [this](const QString &rev) {
        const int row = m_historyModel->rowOf(rev);
        if (row >= 0)
            m_history->setCurrentIndex(m_historyModel->index(row, 0));
    });

    m_planAction = new QComboBox;
    m_planAction->setObjectName(QStringLiteral("planAction"));
    m_planAction->addItems({tr("Upgrade to head"), tr("Upgrade to selected revision"),
                            tr("Downgrade to selected revision"), tr("Downgrade one step"),
                            tr("Stamp selected revision"), tr("Upgrade to all heads (heads)"),
                            tr("Downgrade to base")});
    m_planSummary = new QLabel;
    m_planSummary->setWordWrap(true);
    m_planText = new QPlainTextEdit;
    m_planText->setObjectName(QStringLiteral("planText"));
    m_planText->setReadOnly(true);
    m_planText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_planText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_planText->document());
    auto *plan = new QWidget;
    auto *planLayout = new QVBoxLayout(plan);
    planLayout->addWidget(m_planAction);
    planLayout->addWidget(m_planSummary);
    planLayout->addWidget(m_planText, 1);
    connect(m_planAction, &QComboBox::currentIndexChanged, this, &MainWindow::updatePlanPreview);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_schemaDiff = new SchemaDiffView;
    m_database = new DatabasePanel(m_runs);
    m_tabs->insertTab(RevisionTab, m_preview, tr("Revision"));
    m_tabs->insertTab(PlanTab, plan, tr("Plan"));
    m_tabs->insertTab(SchemaDiffTab, m_schemaDiff, tr("Schema Diff"));
    m_tabs->insertTab(DatabaseTab, m_database, tr("Database"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updatePlanPreview(); });

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

    m_log = new LogView;
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    m_actions->view->addAction(logDock->toggleViewAction());
    resizeDocks({logDock}, {170}, Qt::Vertical); // the history gets the room by default

    m_statusUrl = new QLabel;
    m_statusUrl->setObjectName(QStringLiteral("statusUrl"));
    m_statusHeads = new QLabel;
    m_statusHeads->setObjectName(QStringLiteral("statusHeads"));
    m_statusDrift = new QLabel;
    m_statusDrift->setObjectName(QStringLiteral("statusDrift"));
    m_statusDrift->hide();
    connect(m_statusDrift, &QLabel::linkActivated, this, &MainWindow::showVerification);
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(320);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, m_runs, &RunController::cancel);
    // All permanent: transient messages (showMessage) then never paint over them.
    statusBar()->addPermanentWidget(m_environments->statusBadge());
    statusBar()->addPermanentWidget(m_statusUrl);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_statusDrift);
    statusBar()->addPermanentWidget(m_statusHeads);

    connect(m_history->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showSelectedRevision();
        updateActions();
        if (m_tabs->currentIndex() == PlanTab)
            updatePlanPreview();
    });
}

void MainWindow::openProject(const QString &path)
{
    m_statusUrl->setText(tr("Loading %1…").arg(path));
    // Reading and parsing the versions folder is disk work: never on the GUI thread.
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        auto loaded = std::make_shared<LoadedProject>(LoadedProject::load(path));
        QMetaObject::invokeMethod(
            qApp,
            [self, loaded] {
                if (self)
                    self->showProject(loaded);
            },
            Qt::QueuedConnection);
    });
}

QString MainWindow::selectedRevision() const
{
    return m_historyModel->revisionAt(m_history->currentIndex().row());
}

void MainWindow::showSelectedRevision()
{
    const QString rev = selectedRevision();
    if (!m_loaded || !m_loaded->project || rev.isEmpty()) {
        m_preview->clear();
        return;
    }
    m_preview->showRevision(*m_loaded->project, rev,
                            m_dialect.isEmpty() ? u"postgresql"_qs : m_dialect);
    if (const MergeOrderFinding *finding =
            m_historyModel->mergeFindingAt(m_history->currentIndex().row()))
        m_preview->showMergeFinding(*finding);
}

QString MainWindow::statusText() const
{
    return m_statusUrl->text() + u" | "_qs + m_statusHeads->text();
}

void MainWindow::scheduleReload()
{
    m_reloadTimer->start();
}

} // namespace retort::gui
