#include "compare/CompareController.h"

#include "Project.h"
#include "compare/CompareJobs.h"
#include "compare/CompareView.h"
#include "db/DatabaseUrl.h"
#include "environments/EnvironmentController.h"
#include "log/LogView.h"
#include "project/ProjectController.h"
#include "project/RevisionAuthor.h"
#include "rehearse/ChangeTone.h"
#include "run/RunController.h"
#include "script/ScriptWriter.h"
#include "status/DatabaseStateController.h"

#include <QApplication>
#include <QLabel>
#include <QPointer>
#include <QThreadPool>

namespace retort::gui {

namespace {

// Runs `work` on the thread pool and hands its result to `done` on the GUI thread, unless
// `owner` is gone by then.
template <typename Owner, typename Work, typename Done>
void onPool(Owner *owner, Work work, Done done)
{
    QPointer<Owner> self(owner);
    QThreadPool::globalInstance()->start([self, work, done] {
        auto result = std::make_shared<const CompareResult>(work());
        QMetaObject::invokeMethod(
            qApp,
            [self, result, done] {
                if (self)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace

CompareController::CompareController(const WindowParts &window, const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_p(parts)
    , m_view(new CompareView)
    , m_driftLabel(new QLabel)
{
    m_driftLabel->setObjectName(QStringLiteral("statusSchemaDrift"));
    m_driftLabel->hide();
    connect(m_driftLabel, &QLabel::linkActivated, this, &CompareController::showDrift);
    connect(m_view, &CompareView::compareRequested, this, &CompareController::compare);
    connect(m_view, &CompareView::createRevisionRequested, this,
            &CompareController::createRevision);
    connect(m_p.author, &RevisionAuthor::written, this,
            [this](const QString &revision, const QString &path, const QString &error) {
                if (!m_writing)
                    return;
                m_writing = false;
                if (error.isEmpty()) {
                    m_view->clear(tr("Wrote revision %1 (%2); it is selected in the history. "
                                     "Compare again to see what is left.")
                                      .arg(revision, path));
                    m_view->clearRevisionMessage();
                } else
                    m_view->showMessage(error, true);
                Q_EMIT revisionWritten(revision, error);
            });
}

CompareInput CompareController::input(const QString &from, const QString &to) const
{
    CompareInput in;
    in.project = m_p.project->sharedProject();
    if (m_p.runs->hasDatabase())
        in.projectUrl = m_p.runs->context().url;
    in.from = from;
    in.to = to;
    return in;
}

bool CompareController::isHead(const CompareSide &side) const
{
    const Project *project = m_p.project->project();
    if (!project || side.kind != CompareSide::Kind::Revision)
        return false;
    const QStringList heads = project->graph.ids(project->graph.heads());
    if (heads.size() > 1)
        return false;
    if (side.value == u"head" || side.value == u"heads")
        return true;
    const QString head = heads.value(0, u"base"_qs);
    if (side.value == u"current")
        return m_p.state->heads() == QStringList{head} ||
               (heads.isEmpty() && m_p.state->heads().isEmpty());
    return side.value == head;
}

void CompareController::compare()
{
    const CompareSide from = m_view->side(true);
    const CompareSide to = m_view->side(false);
    if (!m_p.project->project()) {
        m_view->showMessage(tr("Open a project first."), true);
        return;
    }
    if (from.value.isEmpty() || to.value.isEmpty()) {
        m_view->showMessage(tr("Choose both sides first."), true);
        return;
    }
    const bool fromHead = isHead(from);
    const quint64 job = ++m_compareJob;
    m_view->showBusy(
        tr("Comparing %1 with %2… (revisions and schema files are built on a "
           "scratch database)")
            .arg(DatabaseUrl::maskPasswordsIn(from.label), DatabaseUrl::maskPasswordsIn(to.label)));
    const CompareInput in = input(from.value, to.value);
    onPool(
        this,
        [in, fromHead] {
            CompareResult result = compareSchemas(in);
            result.fromHead = fromHead;
            return result;
        },
        [this, job](const std::shared_ptr<const CompareResult> &result) {
            if (job != m_compareJob)
                return;
            m_result = result;
            m_view->showResult(*result, result->fromHead);
            if (!result->ok())
                m_window.log->addMessage(tr("Compare: %1").arg(result->error), true);
            Q_EMIT compared(result->ok());
        });
}

void CompareController::onStateRefreshed()
{
    if (!m_p.project->project() || !m_p.runs->hasDatabase())
        return;
    const QString state = m_p.runs->context().url.url + u'\n' + m_p.state->heads().join(u' ');
    if (!m_driftDue && state == m_checkedState) {
        Q_EMIT driftChecked(m_drift != nullptr); // nothing new: the warning stands
        return;
    }
    m_driftDue = false;
    m_checkedState = state;
    checkDrift();
}

void CompareController::checkDrift()
{
    if (!m_p.project->project() || !m_p.runs->hasDatabase())
        return;
    if (m_driftRunning) {
        m_driftAgain = true;
        return;
    }
    m_driftRunning = true;
    const quint64 job = ++m_driftJob;
    const CompareInput in = input(u"current"_qs, m_p.runs->context().url.url);
    onPool(
        this, [in] { return gui::checkDrift(in); },
        [this, job](const std::shared_ptr<const CompareResult> &result) {
            m_driftRunning = false;
            if (m_driftAgain) {
                m_driftAgain = false;
                checkDrift();
                return;
            }
            if (job != m_driftJob)
                return;
            if (!result->ok()) {
                // Not every database can be checked (no right to create a scratch
                // database, Python revisions): say so once, quietly.
                m_drift.reset();
                if (result->error != m_lastDriftError)
                    m_window.log->addMessage(tr("Schema drift not checked: %1").arg(result->error));
                m_lastDriftError = result->error;
            } else {
                m_lastDriftError.clear();
                m_drift = result->plan.isEmpty() ? nullptr : result;
            }
            showDriftWarning();
            Q_EMIT driftChecked(m_drift != nullptr);
        });
}

void CompareController::showDriftWarning()
{
    m_driftLabel->setVisible(m_drift != nullptr);
    if (!m_drift)
        return;
    const int changes = int(m_drift->plan.changes.size());
    m_driftLabel->setText(u"<span style='color:%1'>⚠ %2</span> <a href='drift'>%3</a>"_qs.arg(
        toneColour(ChangeTone::Changed, m_driftLabel->palette()).name(),
        tr("Schema drift: %n change(s) by hand", nullptr, changes).toHtmlEscaped(), tr("Show…")));
    m_driftLabel->setToolTip(tr("The database differs from the schema its version table says "
                                "it should have (retort check):\n%1")
                                 .arg(m_drift->plan.changesText().trimmed()));
    m_window.log->addMessage(
        tr("Schema drift: the database differs from its revision in %n place(s) (the status "
           "bar's Show… opens the Compare tab)",
           nullptr, changes),
        true);
}

void CompareController::showDrift()
{
    if (!m_drift)
        return;
    const Environment *env = m_p.environments->active();
    m_view->setSides(
        {CompareSide::Kind::Revision, u"current"_qs, u"current"_qs},
        {CompareSide::Kind::Database, m_p.environments->activeUrl(), env ? env->name : QString()});
    CompareResult shown = *m_drift;
    shown.fromHead = isHead({CompareSide::Kind::Revision, u"current"_qs, {}});
    m_result = std::make_shared<const CompareResult>(shown);
    m_view->showResult(shown, shown.fromHead);
    if (m_showView)
        m_showView();
}

void CompareController::createRevision(const QString &message)
{
    if (!m_result || !m_result->ok() || !m_result->fromHead || message.isEmpty() || m_writing)
        return;
    // The revision goes on top of the head the comparison was made from: if the project
    // changed since, compare again first.
    const Project *now = m_p.project->project();
    const Project *then = m_result->input.project.get();
    if (!now || !then ||
        now->graph.ids(now->graph.heads()) != then->graph.ids(then->graph.heads())) {
        m_view->showMessage(tr("The project's head changed since this comparison: compare "
                               "again before writing a revision."),
                            true);
        return;
    }
    m_writing = true;
    m_view->showMessage(tr("Writing the revision (both directions are checked on a scratch "
                           "database first)…"));
    const std::shared_ptr<const CompareResult> result = m_result;
    m_p.author->write([result, message] { return writeRevisionFrom(*result, message); });
}

void CompareController::refreshChoices(bool environmentChanged)
{
    const Project *project = m_p.project->project();
    QList<std::pair<QString, QString>> databases;
    for (const Environment &env : m_p.environments->environments())
        databases.append({env.name, m_p.environments->urlWithPassword(env)});
    // The active one first: what "Database" means unless the user picks another.
    if (const Environment *active = m_p.environments->active())
        for (int i = 0; i < databases.size(); ++i)
            if (databases[i].first == active->name)
                databases.move(i, 0);
    m_view->setChoices(databases, project ? project->config.schemaPath : QString(),
                       project ? project->config.projectDir : QString());
    if (environmentChanged) {
        m_result.reset();
        m_drift.reset();
        showDriftWarning();
        m_view->clear(tr("The environment changed: compare again."));
    }
}

} // namespace retort::gui
