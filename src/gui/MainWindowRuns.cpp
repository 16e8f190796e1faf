// MainWindow: the Plan tab, running a plan (preview, confirm, run, progress, result),
// and writing new revisions and merges.
#include "Error.h"
#include "LoadedProject.h"
#include "MainWindow.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "run/ConfirmPlanDialog.h"
#include "run/OfflineScript.h"
#include "run/RunController.h"
#include "script/ScriptWriter.h"

#include <QApplication>
#include <QComboBox>
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

PlanRequest MainWindow::planChoice() const
{
    const QString selected = selectedRevision();
    switch (m_planAction->currentIndex()) {
    case 1:
        return {PlanRequest::Kind::Upgrade, {selected}, false};
    case 2:
        return {PlanRequest::Kind::Downgrade, {selected}, false};
    case 3:
        return {PlanRequest::Kind::Downgrade, {u"-1"_qs}, false};
    case 4:
        return {PlanRequest::Kind::Stamp, {selected}, false};
    default:
        return {PlanRequest::Kind::Upgrade, {u"head"_qs}, false};
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
        if (error == u"Ambiguous walk")
            explained += tr("\n\nThe database is at a merge point, so one step down could mean "
                            "either branch. Select the revision to go back to in the history and "
                            "use Downgrade to Selected.");
        m_log->addMessage(explained, true);
        if (m_askBeforeRun)
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
        ConfirmPlanDialog dialog(request.title(), plan, m_runs->context().url.masked(), this);
        if (dialog.exec() != QDialog::Accepted) {
            m_historyModel->setPlanMarks({});
            return;
        }
    }
    m_log->addMessage(tr("%1 started").arg(request.title()));
    m_progress->setRange(0, int(plan.steps.size()));
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_runs->run(request, plan.startHeads);
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
