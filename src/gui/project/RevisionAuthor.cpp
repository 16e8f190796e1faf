#include "project/RevisionAuthor.h"

#include "Error.h"
#include "LoadedProject.h"
#include "Project.h"
#include "log/LogView.h"
#include "project/AlembicRevisionJobs.h"
#include "project/ProjectController.h"
#include "script/ScriptWriter.h"

#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QThreadPool>

#include <utility>

namespace retort::gui {

RevisionAuthor::RevisionAuthor(const WindowParts &parts, ProjectController *project,
                               QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_project(project)
{
    connect(project, &ProjectController::loaded, this, [this] {
        if (!m_pending.waiting)
            return;
        const Pending done = std::exchange(m_pending, {});
        Q_EMIT written(done.revision, done.path, done.error);
    });
}

void RevisionAuthor::connectActions(QAction *newRevision, QAction *mergeHeads)
{
    m_newRevision = newRevision;
    m_mergeHeads = mergeHeads;
    connect(newRevision, &QAction::triggered, this, &RevisionAuthor::newRevision);
    connect(mergeHeads, &QAction::triggered, this, &RevisionAuthor::mergeHeads);
}

void RevisionAuthor::updateActions(bool idle)
{
    const Project *project = m_project->project();
    m_newRevision->setEnabled(project && idle);
    m_mergeHeads->setEnabled(project && idle && project->graph.heads().size() > 1);
}

void RevisionAuthor::write(std::function<WrittenRevision()> write)
{
    QPointer<RevisionAuthor> self(this);
    QThreadPool::globalInstance()->start([self, write] {
        QString revision, path, error;
        try {
            const WrittenRevision written = write();
            revision = written.script.revision.id;
            path = written.path;
        } catch (const Error &e) {
            error = e.message();
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, revision, path, error] {
                if (!self)
                    return;
                const bool ok = error.isEmpty();
                self->m_parts.log->addMessage(ok ? tr("Wrote %1").arg(path) : error, !ok);
                if (!ok)
                    QMessageBox::critical(self->m_parts.window, tr("Cannot write the revision"),
                                          error);
                // Reported once the history shows it (ProjectController::loaded).
                self->m_pending = Pending{true, revision, path, error};
                self->m_project->reload(revision);
            },
            Qt::QueuedConnection);
    });
}

void RevisionAuthor::newRevision()
{
    const Project *project = m_project->project();
    if (!project)
        return;
    bool ok = false;
    const QString message = QInputDialog::getText(m_parts.window, tr("New Revision"),
                                                  tr("Message:"), QLineEdit::Normal, {}, &ok);
    if (!ok || message.trimmed().isEmpty())
        return;
    QStringList parents = project->graph.ids(project->graph.heads());
    const QString selected = m_parts.selectedRevision();
    if (!selected.isEmpty() && !parents.contains(selected))
        parents.append(selected);
    parents.append(tr("base (a new branch)"));
    const QString parent = QInputDialog::getItem(m_parts.window, tr("New Revision"),
                                                 tr("Parent revision:"), parents, 0, false, &ok);
    if (!ok)
        return;
    const QString head = parent == parents.last() ? u"base"_qs : parent;
    const bool splice = !project->graph.isHead(project->graph.indexOf(parent));
    const auto shared = m_project->sharedProject();
    if (project->config.isAlembic()) {
        const std::optional<QString> autogenerateUrl = askAutogenerate();
        if (!autogenerateUrl)
            return;
        AlembicRevisionRequest request;
        request.message = message.trimmed();
        request.head = head;
        request.splice = splice;
        request.autogenerate = !autogenerateUrl->isEmpty();
        request.url = *autogenerateUrl;
        write(alembicRevisionJob(shared, request));
        return;
    }
    NewRevision request;
    request.message = message.trimmed();
    request.heads = {head};
    request.splice = splice;
    write([shared, request] { return ScriptWriter(*shared).revision(request); });
}

std::optional<QString> RevisionAuthor::askAutogenerate()
{
    const QString url = m_databaseUrl ? m_databaseUrl() : QString();
    const auto &loaded = m_project->loadedProject();
    if (url.isEmpty() || !loaded || !loaded->autogenerateBlocker.isEmpty())
        return QString(); // nothing to compare with: an empty revision
    const QStringList choices{tr("Empty upgrade() and downgrade() (alembic revision)"),
                              tr("Autogenerate: compare the database with env.py's target_metadata "
                                 "(alembic revision --autogenerate)")};
    bool ok = false;
    const QString choice = QInputDialog::getItem(m_parts.window, tr("New Revision"),
                                                 tr("Contents:"), choices, 0, false, &ok);
    if (!ok)
        return std::nullopt;
    return choice == choices.last() ? url : QString();
}

void RevisionAuthor::mergeHeads()
{
    const Project *project = m_project->project();
    if (!project)
        return;
    const QStringList heads = project->graph.ids(project->graph.heads());
    bool ok = false;
    const QString message =
        QInputDialog::getText(m_parts.window, tr("Merge Heads"),
                              tr("Merge %1 with the message:").arg(heads.join(u", "_qs)),
                              QLineEdit::Normal, tr("merge heads"), &ok);
    if (!ok || message.trimmed().isEmpty())
        return;
    const auto shared = m_project->sharedProject();
    const QString msg = message.trimmed();
    if (project->config.isAlembic())
        write(alembicMergeJob(shared, msg));
    else
        write([shared, msg] { return ScriptWriter(*shared).merge({u"heads"_qs}, msg); });
}

} // namespace retort::gui
