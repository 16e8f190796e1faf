// MainWindow: the Plan tab, running a plan (preview, confirm, run, progress, result),
// and writing new revisions and merges.
#include "Error.h"
#include "LoadedProject.h"
#include "MainWindow.h"
#include "backup/BackupController.h"
#include "environments/EnvironmentController.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "run/ConfirmPlanDialog.h"
#include "run/KnownFindings.h"
#include "run/OfflineScript.h"
#include "run/PlanWarnings.h"
#include "run/RunController.h"
#include "script/ScriptWriter.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QHash>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QTreeView>

namespace retort::gui {

QString MainWindow::upgradeTarget() const
{
    const bool several =
        m_loaded && m_loaded->project && m_loaded->project->graph.heads().size() > 1;
    return several ? u"heads"_qs : u"head"_qs;
}

QStringList MainWindow::mergeStepChoices() const
{
    QStringList parents;
    if (!m_loaded || !m_loaded->project || m_heads.size() != 1)
        return parents;
    const RevisionGraph &graph = m_loaded->project->graph;
    const int merge = graph.indexOf(m_heads.first());
    if (merge == RevisionGraph::None || !graph.isMergePoint(merge))
        return parents;
    for (const int parent : graph.downRevisions(merge))
        parents.append(graph.id(parent));
    return parents;
}

bool MainWindow::offerMergeBranches()
{
    const QStringList parents = mergeStepChoices();
    if (parents.isEmpty())
        return false;
    QMessageBox box(QMessageBox::Question, tr("Downgrade One Step"),
                    tr("The database is at the merge %1, so one step down could mean either "
                       "branch. Which one should stay applied?")
                        .arg(m_heads.first()),
                    QMessageBox::Cancel, this);
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

PlanRequest MainWindow::planChoice() const
{
    const QString selected = selectedRevision();
    switch (m_planAction->currentIndex()) {
    case 5:
        return {PlanRequest::Kind::Upgrade, {u"heads"_qs}, false};
    case 6:
        return {PlanRequest::Kind::Downgrade, {u"base"_qs}, false};
    case 1:
        return {PlanRequest::Kind::Upgrade, {selected}, false};
    case 2:
        return {PlanRequest::Kind::Downgrade, {selected}, false};
    case 3:
        return {PlanRequest::Kind::Downgrade, {u"-1"_qs}, false};
    case 4:
        return {PlanRequest::Kind::Stamp, {selected}, false};
    default:
        return {PlanRequest::Kind::Upgrade, {upgradeTarget()}, false};
    }
}

void MainWindow::updatePlanPreview()
{
    if (m_tabs->currentIndex() != PlanTab || m_confirmNextPreview || !m_runs->hasDatabase())
        return;
    const PlanRequest request = planChoice();
    if (request.targets.value(0).isEmpty())
        return;
    m_planSummary->setText(tr("Planning %1…").arg(request.title()));
    m_runs->preview(request);
}

void MainWindow::startRun(const PlanRequest &request, bool confirm)
{
    if (!m_runs->hasDatabase() || m_runs->isBusy() || request.targets.value(0).isEmpty())
        return;
    m_pendingRun = request;
    m_confirmNextPreview = true;
    m_askBeforeRun = confirm;
    m_runs->preview(request);
}

void MainWindow::onPreview(const PlanRequest &request, const MigrationPlan &plan,
                           const QString &error)
{
    QVector<int> touched;
    if (m_loaded && m_loaded->project)
        for (const PlanStep &step : plan.steps)
            if (!step.revision.isEmpty())
                touched.append(m_loaded->project->graph.indexOf(step.revision));
    m_historyModel->setPlanMarks(touched);

    if (!m_confirmNextPreview) { // the Plan tab
        if (!error.isEmpty()) {
            m_planSummary->setText(
                tr("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
            m_planText->clear();
        } else {
            m_planSummary->setText(plan.isEmpty() ? tr("%1: nothing to do.").arg(request.title())
                                                  : tr("%1: %n migration(s), marked in the "
                                                       "history.",
                                                       nullptr, plan.migrationCount())
                                                        .arg(request.title()));
            m_planText->setPlainText(plan.isEmpty() ? QString() : renderOfflineScript(plan));
        }
        Q_EMIT planShown();
        return;
    }

    m_confirmNextPreview = false;
    if (!error.isEmpty()) {
        QString explained = error;
        const bool atMerge = error == u"Ambiguous walk";
        if (atMerge)
            explained += tr("\n\nThe database is at a merge point, so one step down could mean "
                            "either branch: choose the branch to keep (%1).")
                             .arg(mergeStepChoices().join(u", "_qs));
        m_log->addMessage(explained, true);
        if (m_askBeforeRun && !(atMerge && offerMergeBranches()))
            QMessageBox::critical(this, request.title(), explained);
        Q_EMIT runFinished(false);
        return;
    }
    if (plan.isEmpty()) {
        statusBar()->showMessage(tr("%1: nothing to do").arg(request.title()), 5000);
        m_log->addMessage(tr("%1: nothing to do").arg(request.title()));
        Q_EMIT runFinished(true);
        return;
    }
    if (m_askBeforeRun) {
        ConfirmOptions options;
        options.downgradeOrStamp = request.kind != PlanRequest::Kind::Upgrade;
        const bool destructive = options.downgradeOrStamp || !destructiveChanges(plan).isEmpty();
        const Environment *env = m_environments->active();
        if (env && env->production && destructive)
            options.productionName = env->name;
        options.offerBackup = destructive;
        if (m_loaded && m_loaded->project)
            options.findings = knownFindings(*m_loaded->project, plan,
                                             m_lastRehearsal ? &*m_lastRehearsal : nullptr);
        ConfirmPlanDialog dialog(request.title(), plan, m_runs->context().url.masked(), options,
                                 this);
        Q_EMIT confirmShown(&dialog);
        if (dialog.exec() != QDialog::Accepted) {
            m_historyModel->setPlanMarks({});
            return;
        }
        if (dialog.backupFirst()) {
            const QStringList startHeads = plan.startHeads;
            m_backups->startBackup(true, [this, request, startHeads](bool ok) {
                if (ok)
                    beginRun(request, startHeads, 0);
                else
                    m_historyModel->setPlanMarks({});
            });
            return;
        }
    }
    beginRun(request, plan.startHeads, int(plan.steps.size()));
}

void MainWindow::beginRun(const PlanRequest &request, const QStringList &startHeads, int steps)
{
    m_log->addMessage(tr("%1 started").arg(request.title()));
    m_progress->setRange(0, steps);
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_runs->run(request, startHeads);
    updateActions();
}

void MainWindow::onRunFinished(bool ok, const QString &message, const QStringList &heads)
{
    Q_UNUSED(heads)
    m_progress->hide();
    m_cancel->hide();
    m_historyModel->setPlanMarks({});
    m_log->addMessage(message, !ok);
    if (ok)
        statusBar()->showMessage(message, 8000);
    else if (m_askBeforeRun)
        QMessageBox::critical(this, tr("Migration failed"), message);
    m_runs->refresh();
    updateActions();
    Q_EMIT runFinished(ok);
}

namespace {

// Writes a file off the GUI thread, then reloads the project on it.
template <typename Write>
void writeInBackground(MainWindow *window, LogView *log, const QString &reloadPath, Write write)
{
    QPointer<MainWindow> self(window);
    QThreadPool::globalInstance()->start([=] {
        QString message;
        bool ok = true;
        try {
            message = QObject::tr("Wrote %1").arg(write());
        } catch (const Error &e) {
            ok = false;
            message = e.message();
        }
        QMetaObject::invokeMethod(
            qApp,
            [=] {
                if (!self)
                    return;
                log->addMessage(message, !ok);
                if (!ok)
                    QMessageBox::critical(self, QObject::tr("Cannot write the revision"), message);
                self->openProject(reloadPath);
            },
            Qt::QueuedConnection);
    });
}

} // namespace

void MainWindow::newRevision()
{
    if (!m_loaded || !m_loaded->project)
        return;
    const Project &project = *m_loaded->project;
    bool ok = false;
    const QString message =
        QInputDialog::getText(this, tr("New Revision"), tr("Message:"), QLineEdit::Normal, {}, &ok);
    if (!ok || message.trimmed().isEmpty())
        return;
    QStringList parents = project.graph.ids(project.graph.heads());
    const QString selected = selectedRevision();
    if (!selected.isEmpty() && !parents.contains(selected))
        parents.append(selected);
    parents.append(tr("base (a new branch)"));
    const QString parent = QInputDialog::getItem(this, tr("New Revision"), tr("Parent revision:"),
                                                 parents, 0, false, &ok);
    if (!ok)
        return;
    NewRevision request;
    request.message = message.trimmed();
    request.heads = {parent == parents.last() ? u"base"_qs : parent};
    request.splice = !project.graph.isHead(project.graph.indexOf(parent));
    const auto loaded = m_loaded;
    writeInBackground(this, m_log, loaded->requestedPath, [loaded, request] {
        return ScriptWriter(*loaded->project).revision(request).path;
    });
}

void MainWindow::mergeHeads()
{
    if (!m_loaded || !m_loaded->project)
        return;
    const QStringList heads = m_loaded->project->graph.ids(m_loaded->project->graph.heads());
    bool ok = false;
    const QString message = QInputDialog::getText(
        this, tr("Merge Heads"), tr("Merge %1 with the message:").arg(heads.join(u", "_qs)),
        QLineEdit::Normal, tr("merge heads"), &ok);
    if (!ok || message.trimmed().isEmpty())
        return;
    const auto loaded = m_loaded;
    const QString msg = message.trimmed();
    writeInBackground(this, m_log, loaded->requestedPath, [loaded, msg] {
        return ScriptWriter(*loaded->project).merge({u"heads"_qs}, msg).path;
    });
}

} // namespace retort::gui
