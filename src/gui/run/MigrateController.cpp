#include "run/MigrateController.h"

#include "Project.h"
#include "backup/BackupController.h"
#include "environments/EnvironmentController.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "project/ProjectController.h"
#include "rehearse/RehearsalController.h"
#include "run/ConfirmPlanDialog.h"
#include "run/KnownFindings.h"
#include "run/PlanTab.h"
#include "run/PlanWarnings.h"
#include "run/RunController.h"
#include "status/DatabaseStateController.h"

#include <QAbstractButton>
#include <QAction>
#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

namespace retort::gui {

MigrateController::MigrateController(const WindowParts &window, const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_p(parts)
    , m_planTab(new PlanTab)
{
    connect(m_planTab, &PlanTab::choiceChanged, this, &MigrateController::refreshPlan);
    connect(m_p.runs, &RunController::previewReady, this, &MigrateController::onPreview);
    connect(m_p.runs, &RunController::runFinished, this,
            [this](bool ok, const QString &message, const QStringList &) {
                onRunFinished(ok, message);
            });
    connect(m_p.runs, &RunController::stepStarted, this,
            [this](int index, int count, const QString &description) {
                m_window.progress->setRange(0, count);
                m_window.progress->setValue(index);
                m_window.progress->setFormat(
                    tr("%1 of %2: %3").arg(index + 1).arg(count).arg(description));
                m_window.log->addMessage(tr("Running %1").arg(description));
            });
    connect(m_p.runs, &RunController::statementFinished, m_window.log, &LogView::addStatement);
    connect(m_p.runs, &RunController::outputLine, m_window.log,
            [log = m_window.log](const QString &line) { log->addMessage(line); });
}

void MigrateController::connectActions(const MigrateActions &a)
{
    m_actions = a;
    auto run = [this](QAction *action, PlanRequest::Kind kind, std::function<QString()> target) {
        connect(action, &QAction::triggered, this, [this, kind, target] {
            startRun({kind, {target()}, false});
        });
    };
    const auto selected = [this] { return m_window.selectedRevision(); };
    run(a.upgradeHead, PlanRequest::Kind::Upgrade, [this] { return upgradeTarget(); });
    run(a.upgradeSelected, PlanRequest::Kind::Upgrade, selected);
    run(a.downgradeOne, PlanRequest::Kind::Downgrade, [] { return u"-1"_qs; });
    run(a.downgradeBase, PlanRequest::Kind::Downgrade, [] { return u"base"_qs; });
    run(a.downgradeSelected, PlanRequest::Kind::Downgrade, selected);
    run(a.stampSelected, PlanRequest::Kind::Stamp, selected);
    connect(a.cancelRun, &QAction::triggered, m_p.runs, &RunController::cancel);
}

void MigrateController::updateActions(bool idle)
{
    const bool db = m_p.project->project() && m_p.runs->hasDatabase();
    const bool selected = !m_window.selectedRevision().isEmpty();
    const bool applied = !m_p.state->heads().isEmpty();
    const MigrateActions &a = m_actions;
    a.upgradeHead->setEnabled(db && idle);
    a.upgradeHead->setText(upgradeTarget() == u"heads" ? tr("Upgrade to &Heads")
                                                       : tr("Upgrade to &Head"));
    a.downgradeBase->setEnabled(db && idle && applied);
    a.upgradeSelected->setEnabled(db && idle && selected);
    a.downgradeOne->setEnabled(db && idle && applied);
    a.downgradeSelected->setEnabled(db && idle && selected);
    a.stampSelected->setEnabled(db && idle && selected);
    a.cancelRun->setEnabled(m_p.runs->isBusy());
}

QString MigrateController::upgradeTarget() const
{
    const Project *project = m_p.project->project();
    return project && project->graph.heads().size() > 1 ? u"heads"_qs : u"head"_qs;
}

QStringList MigrateController::mergeStepChoices() const
{
    QStringList parents;
    const Project *project = m_p.project->project();
    const QStringList heads = m_p.state->heads();
    if (!project || heads.size() != 1)
        return parents;
    const RevisionGraph &graph = project->graph;
    const int merge = graph.indexOf(heads.first());
    if (merge == RevisionGraph::None || !graph.isMergePoint(merge))
        return parents;
    for (const int parent : graph.downRevisions(merge))
        parents.append(graph.id(parent));
    return parents;
}

PlanRequest MigrateController::planChoice() const
{
    return m_planTab->choice(m_window.selectedRevision(), upgradeTarget());
}

void MigrateController::refreshPlan()
{
    if ((m_planShown && !m_planShown()) || m_confirmNextPreview || !m_p.runs->hasDatabase())
        return;
    const PlanRequest request = planChoice();
    if (request.targets.value(0).isEmpty())
        return;
    m_planTab->showPlanning(request);
    m_p.runs->preview(request);
}

void MigrateController::startRun(const PlanRequest &request, bool confirm)
{
    if (!m_p.runs->hasDatabase() || m_p.runs->isBusy() || request.targets.value(0).isEmpty())
        return;
    m_confirmNextPreview = true;
    m_askBeforeRun = confirm;
    m_p.runs->preview(request);
}

void MigrateController::onPreview(const PlanRequest &request, const MigrationPlan &plan,
                                  const QString &error)
{
    QVector<int> touched;
    if (const Project *project = m_p.project->project())
        for (const PlanStep &step : plan.steps)
            if (!step.revision.isEmpty())
                touched.append(project->graph.indexOf(step.revision));
    m_window.historyModel->setPlanMarks(touched);

    if (!m_confirmNextPreview) { // the Plan tab
        m_planTab->showPlan(request, plan, error);
        Q_EMIT planShown();
        return;
    }
    m_confirmNextPreview = false;
    if (!error.isEmpty())
        refuse(request, error);
    else if (plan.isEmpty()) {
        m_window.statusBar->showMessage(tr("%1: nothing to do").arg(request.title()), 5000);
        m_window.log->addMessage(tr("%1: nothing to do").arg(request.title()));
        Q_EMIT runFinished(true);
    } else if (m_askBeforeRun)
        confirmAndRun(request, plan);
    else
        beginRun(request, plan.startHeads, int(plan.steps.size()));
}

void MigrateController::refuse(const PlanRequest &request, const QString &error)
{
    QString explained = error;
    const bool atMerge = error == u"Ambiguous walk";
    if (atMerge)
        explained += tr("\n\nThe database is at a merge point, so one step down could mean "
                        "either branch: choose the branch to keep (%1).")
                         .arg(mergeStepChoices().join(u", "_qs));
    m_window.log->addMessage(explained, true);
    if (m_askBeforeRun && !(atMerge && offerMergeBranches()))
        QMessageBox::critical(m_window.window, request.title(), explained);
    Q_EMIT runFinished(false);
}

void MigrateController::confirmAndRun(const PlanRequest &request, const MigrationPlan &plan)
{
    ConfirmOptions options;
    options.downgradeOrStamp = request.kind != PlanRequest::Kind::Upgrade;
    const bool destructive = options.downgradeOrStamp || !destructiveChanges(plan).isEmpty();
    const Environment *env = m_p.environments->active();
    if (env && env->production && destructive)
        options.productionName = env->name;
    options.offerBackup = destructive;
    if (const Project *project = m_p.project->project())
        options.findings = knownFindings(*project, plan, m_p.rehearsal->lastOutcome());
    ConfirmPlanDialog dialog(request.title(), plan, m_p.runs->context().url.masked(), options,
                             m_window.window);
    Q_EMIT confirmShown(&dialog);
    if (dialog.exec() != QDialog::Accepted) {
        m_window.historyModel->setPlanMarks({});
        return;
    }
    if (!dialog.backupFirst()) {
        beginRun(request, plan.startHeads, int(plan.steps.size()));
        return;
    }
    const QStringList startHeads = plan.startHeads;
    m_p.backups->startBackup(true, [this, request, startHeads](bool ok) {
        if (ok)
            beginRun(request, startHeads, 0);
        else
            m_window.historyModel->setPlanMarks({});
    });
}

void MigrateController::beginRun(const PlanRequest &request, const QStringList &startHeads,
                                 int steps)
{
    m_window.log->addMessage(tr("%1 started").arg(request.title()));
    m_window.progress->setRange(0, steps);
    m_window.progress->setValue(0);
    m_window.progress->show();
    m_window.cancel->show();
    m_p.runs->run(request, startHeads);
    Q_EMIT busyChanged();
}

void MigrateController::onRunFinished(bool ok, const QString &message)
{
    m_window.progress->hide();
    m_window.cancel->hide();
    m_window.historyModel->setPlanMarks({});
    m_window.log->addMessage(message, !ok);
    if (ok)
        m_window.statusBar->showMessage(message, 8000);
    else if (m_askBeforeRun)
        QMessageBox::critical(m_window.window, tr("Migration failed"), message);
    m_p.runs->refresh(); // the revisions, drift and the Database tab's tables and sizes
    Q_EMIT busyChanged();
    Q_EMIT runFinished(ok);
}

bool MigrateController::offerMergeBranches()
{
    const QStringList parents = mergeStepChoices();
    if (parents.isEmpty())
        return false;
    QMessageBox box(QMessageBox::Question, tr("Downgrade One Step"),
                    tr("The database is at the merge %1, so one step down could mean either "
                       "branch. Which one should stay applied?")
                        .arg(m_p.state->heads().first()),
                    QMessageBox::Cancel, m_window.window);
    box.setObjectName(QStringLiteral("mergeStepChoice"));
    box.setInformativeText(tr("Downgrading to a branch keeps it (and what it depends on) and "
                              "undoes the merge and the other branch's own revisions."));
    QHash<QAbstractButton *, QString> choices;
    for (const QString &parent : parents)
        choices.insert(box.addButton(tr("Down to %1").arg(parent), QMessageBox::AcceptRole),
                       parent);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    const QString chosen = choices.value(box.clickedButton());
    if (!chosen.isEmpty())
        QMetaObject::invokeMethod(
            this,
            [this, chosen] {
                startRun({PlanRequest::Kind::Downgrade, {chosen}, false});
            },
            Qt::QueuedConnection);
    return true;
}

} // namespace retort::gui
