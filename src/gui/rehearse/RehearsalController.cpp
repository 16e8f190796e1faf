#include "rehearse/RehearsalController.h"

#include "backup/BackupController.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "rehearse/SchemaDiffView.h"
#include "run/RunController.h"

#include <QAction>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTreeView>

namespace retort::gui {

namespace {

// One line for the log.
QString logLine(const PlanRequest &request, const RehearsalOutcome &outcome)
{
    if (outcome.cancelled)
        return RehearsalController::tr("Rehearsal of %1 cancelled; nothing was changed")
            .arg(request.title());
    if (!outcome.error.isEmpty())
        return RehearsalController::tr("Rehearsal of %1 could not run: %2")
            .arg(request.title(), outcome.error);
    const RehearsalReport &report = outcome.report;
    QString line = report.failed
                       ? RehearsalController::tr("Rehearsal of %1 failed in %2 at %3:%4: %5")
                             .arg(request.title(), report.failure.revision, report.failure.path,
                                  QString::number(report.failure.line), report.failure.message)
                       : RehearsalController::tr("Rehearsal of %1: %n schema change(s)", nullptr,
                                                 int(report.diff.size()))
                             .arg(request.title());
    for (const MergeOrderFinding &f : outcome.mergeFindings)
        if (!f.ok())
            line += u"; "_qs + f.message.section(u'\n', 0, 0);
    return line + RehearsalController::tr("; rolled back");
}

} // namespace

RehearsalController::RehearsalController(const WindowParts &parts, RunController *runs,
                                         BackupController *backups, SchemaDiffView *view,
                                         QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_runs(runs)
    , m_backups(backups)
    , m_view(view)
{
    connect(runs, &RunController::rehearsalReady, this, &RehearsalController::onOutcome);
}

void RehearsalController::connectAction(QAction *rehearse, std::function<PlanRequest()> choice,
                                        std::function<void()> showView)
{
    m_action = rehearse;
    m_showView = std::move(showView);
    connect(rehearse, &QAction::triggered, this, [this, choice] { start(choice()); });
}

void RehearsalController::updateActions(bool idle)
{
    m_action->setEnabled(m_runs->hasDatabase() && idle);
}

const RehearsalOutcome *RehearsalController::lastOutcome() const
{
    return m_last ? &*m_last : nullptr;
}

void RehearsalController::forget()
{
    m_last.reset();
    m_view->showMessage(tr("The environment changed: rehearse again to see what a plan would "
                           "change on this database."));
}

void RehearsalController::start(const PlanRequest &request)
{
    if (!m_runs->hasDatabase() || m_runs->isBusy() || m_backups->isRunning() ||
        request.targets.value(0).isEmpty())
        return;
    if (m_showView)
        m_showView();
    if (request.kind == PlanRequest::Kind::Stamp) {
        m_view->showMessage(tr("%1 only writes the version table: it runs no SQL to rehearse.")
                                .arg(request.title()));
        Q_EMIT finished(true);
        return;
    }
    m_view->showBusy(request.title());
    m_parts.log->addMessage(tr("Rehearsing %1 (everything is rolled back)").arg(request.title()));
    m_parts.progress->setRange(0, 0); // busy: a rehearsal reports only at its end
    m_parts.progress->setFormat(tr("Rehearsing"));
    m_parts.progress->show();
    m_parts.cancel->show();
    m_runs->rehearse(request);
    Q_EMIT busyChanged();
}

void RehearsalController::onOutcome(const PlanRequest &request, const RehearsalOutcome &outcome)
{
    m_parts.progress->hide();
    m_parts.cancel->hide();
    m_view->showOutcome(request.title(), outcome);
    m_last = outcome; // the next confirmation names what it found
    m_parts.historyModel->setMergeFindings(outcome.mergeFindings);
    m_parts.history->resizeColumnToContents(HistoryModel::RevisionColumn); // room for the glyph

    const bool ok = outcome.ok();
    m_parts.log->addMessage(logLine(request, outcome), !ok);
    m_parts.statusBar->showMessage(
        ok ? tr("Rehearsal of %1: ok; rolled back").arg(request.title())
           : tr("Rehearsal of %1: see the Schema Diff tab; rolled back").arg(request.title()),
        8000);
    Q_EMIT busyChanged();
    Q_EMIT finished(ok);
}

} // namespace retort::gui
