// MainWindow: Rehearse, a dry run of the chosen plan on the database thread. Its result
// fills the Schema Diff tab; a merge point whose branch order matters gets a warning in
// the history and in its Revision preview.
#include "MainWindow.h"
#include "backup/BackupController.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "rehearse/SchemaDiffView.h"
#include "run/RunController.h"

#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>

namespace retort::gui {

namespace {

// One line for the log.
QString logLine(const PlanRequest &request, const RehearsalOutcome &outcome)
{
    if (outcome.cancelled)
        return MainWindow::tr("Rehearsal of %1 cancelled; nothing was changed")
            .arg(request.title());
    if (!outcome.error.isEmpty())
        return MainWindow::tr("Rehearsal of %1 could not run: %2")
            .arg(request.title(), outcome.error);
    const RehearsalReport &report = outcome.report;
    QString line = report.failed
                       ? MainWindow::tr("Rehearsal of %1 failed in %2 at %3:%4: %5")
                             .arg(request.title(), report.failure.revision, report.failure.path,
                                  QString::number(report.failure.line), report.failure.message)
                       : MainWindow::tr("Rehearsal of %1: %n schema change(s)", nullptr,
                                        int(report.diff.size()))
                             .arg(request.title());
    for (const MergeOrderFinding &f : outcome.mergeFindings)
        if (!f.ok())
            line += u"; "_qs + f.message.section(u'\n', 0, 0);
    return line + MainWindow::tr("; rolled back");
}

} // namespace

void MainWindow::startRehearsal(const PlanRequest &request)
{
    if (!m_runs->hasDatabase() || m_runs->isBusy() || m_backups->isRunning() ||
        request.targets.value(0).isEmpty())
        return;
    m_tabs->setCurrentIndex(SchemaDiffTab);
    if (request.kind == PlanRequest::Kind::Stamp) {
        m_schemaDiff->showMessage(
            tr("%1 only writes the version table: it runs no SQL to rehearse.")
                .arg(request.title()));
        Q_EMIT rehearsalFinished(true);
        return;
    }
    m_schemaDiff->showBusy(request.title());
    m_log->addMessage(tr("Rehearsing %1 (everything is rolled back)").arg(request.title()));
    m_progress->setRange(0, 0); // busy: a rehearsal reports only at its end
    m_progress->setFormat(tr("Rehearsing"));
    m_progress->show();
    m_cancel->show();
    m_runs->rehearse(request);
    updateActions();
}

void MainWindow::onRehearsal(const PlanRequest &request, const RehearsalOutcome &outcome)
{
    m_progress->hide();
    m_cancel->hide();
    m_schemaDiff->showOutcome(request.title(), outcome);
    m_lastRehearsal = outcome; // the next confirmation names what it found
    m_historyModel->setMergeFindings(outcome.mergeFindings);
    m_history->resizeColumnToContents(HistoryModel::RevisionColumn); // room for the glyph
    showSelectedRevision();

    const bool ok = outcome.ok();
    m_log->addMessage(logLine(request, outcome), !ok);
    statusBar()->showMessage(
        ok ? tr("Rehearsal of %1: ok; rolled back").arg(request.title())
           : tr("Rehearsal of %1: see the Schema Diff tab; rolled back").arg(request.title()),
        8000);
    updateActions();
    Q_EMIT rehearsalFinished(ok);
}

} // namespace retort::gui
