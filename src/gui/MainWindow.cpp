#include "MainWindow.h"

#include "LoadedProject.h"
#include "MainActions.h"
#include "database/DatabasePanel.h"
#include "help/HelpMenu.h"
#include "history/HistoryModel.h"
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
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_actions(MainActions::create(this))
    , m_runs(new RunController(this))
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
    connect(a.connectDatabase, &QAction::triggered, this, &MainWindow::connectDatabase);
    connect(a.refresh, &QAction::triggered, this, [this] {
        if (m_loaded)
            openProject(m_loaded->requestedPath);
    });
    connect(a.findRevision, &QAction::triggered, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    connect(a.upgradeHead, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Upgrade, {u"head"_qs}, false});
    });
    connect(a.upgradeSelected, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Upgrade, {selectedRevision()}, false});
    });
    connect(a.downgradeOne, &QAction::triggered, this, [this] {
        startRun({PlanRequest::Kind::Downgrade, {u"-1"_qs}, false});
    });
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

    setUpBackupActions();
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("historyFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, branch label or message"));
    m_filter->setClearButtonEnabled(true);

    m_history = new QTreeView;
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setModel(m_historyModel);
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true); // keeps 20,000-row histories fast to lay out
    m_history->setAlternatingRowColors(true);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->header()->setStretchLastSection(false);
    auto *lanes = new LaneDelegate(m_history);
    m_history->setItemDelegateForColumn(HistoryModel::RevisionColumn, lanes);
    // Filtering hides rows rather than proxying the model: row numbers stay those of
    // the history, and one pass over 20,000 rows per keystroke is cheap.
    // Lines would join unrelated rows while some are hidden: show only the nodes then.
    connect(m_filter, &QLineEdit::textChanged, this, [this, lanes](const QString &text) {
        for (int row = 0; row < m_historyModel->rowCount(); ++row)
            m_history->setRowHidden(row, {}, !m_historyModel->matches(row, text.trimmed()));
        lanes->setLanesVisible(text.trimmed().isEmpty());
        m_history->viewport()->update();
    });

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
    leftLayout->addWidget(m_filter);
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
                            tr("Stamp selected revision")});
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

    m_log = new LogView;
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    resizeDocks({logDock}, {170}, Qt::Vertical); // the history gets the room by default

    m_statusUrl = new QLabel;
    m_statusUrl->setObjectName(QStringLiteral("statusUrl"));
    m_statusHeads = new QLabel;
    m_statusHeads->setObjectName(QStringLiteral("statusHeads"));
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(320);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, m_runs, &RunController::cancel);
    // All permanent: transient messages (showMessage) then never paint over them.
    statusBar()->addPermanentWidget(m_statusUrl);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
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
