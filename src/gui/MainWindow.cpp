#include "MainWindow.h"

#include "LoadedProject.h"
#include "history/HistoryModel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThreadPool>
#include <QTreeView>

namespace retort::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_historyModel(new HistoryModel(this))
{
    setWindowTitle(tr("Retort"));
    resize(1200, 760);

    m_history = new QTreeView;
    m_history->setObjectName(QStringLiteral("history"));
    m_history->setModel(m_historyModel);
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true); // keeps 20,000-row histories fast to lay out
    m_history->setAlternatingRowColors(true);
    m_history->header()->setStretchLastSection(false);

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

    m_preview = new QPlainTextEdit;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *splitter = new QSplitter;
    splitter->addWidget(m_historyStack);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);

    m_statusProject = new QLabel;
    statusBar()->addWidget(m_statusProject, 1);

    connect(m_history->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRevision(current.row()); });
}

MainWindow::~MainWindow() = default;

void MainWindow::openProject(const QString &path)
{
    m_statusProject->setText(tr("Loading %1…").arg(path));
    // Reading and parsing the versions folder is disk work: never on the GUI thread.
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        auto project = std::make_shared<LoadedProject>(LoadedProject::load(path));
        QMetaObject::invokeMethod(
            qApp, [self, project] {
                if (self)
                    self->showProject(project);
            },
            Qt::QueuedConnection);
    });
}

void MainWindow::showProject(const std::shared_ptr<LoadedProject> &project)
{
    m_project = project;
    if (!project->error.isEmpty()) {
        m_historyModel->clear();
        m_error->setText(tr("Cannot load %1:\n\n%2").arg(project->requestedPath, project->error));
        m_historyStack->setCurrentWidget(m_error);
        m_statusProject->setText(tr("%1 — error").arg(project->requestedPath));
    } else {
        m_historyModel->setGraph(&project->project->graph);
        m_historyStack->setCurrentWidget(m_history);
        m_history->header()->setSectionResizeMode(HistoryModel::MessageColumn,
                                                  QHeaderView::Stretch);
        m_history->resizeColumnToContents(HistoryModel::RevisionColumn);
        m_history->resizeColumnToContents(HistoryModel::LabelsColumn);
        m_statusProject->setText(tr("%1 — %n revision(s)", nullptr, m_historyModel->rowCount())
                                     .arg(project->project->config.iniPath));
        setWindowTitle(tr("Retort — %1").arg(project->project->config.projectDir));
        if (m_historyModel->rowCount() > 0)
            m_history->setCurrentIndex(m_historyModel->index(0, 0));
    }
    Q_EMIT projectLoaded();
}

void MainWindow::showRevision(int row)
{
    if (!m_project || !m_project->project || row < 0) {
        m_preview->clear();
        return;
    }
    const MigrationScript *script = m_project->project->scripts.find(m_historyModel->revisionAt(row));
    if (!script) {
        m_preview->clear();
        return;
    }
    // Show the file as its author wrote it (it is already in memory from the load).
    QString text = u"-- "_qs + script->revision.path + u"\n\n"_qs;
    for (const QString &direction : {u"upgrade"_qs, u"downgrade"_qs}) {
        text += u"-- migrate:"_qs + direction + u'\n';
        text += script->sectionFor(direction, u"postgresql"_qs).sql + u"\n\n"_qs;
    }
    m_preview->setPlainText(text);
}

} // namespace retort::gui
