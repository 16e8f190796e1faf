#pragma once

#include "WindowParts.h"

#include <QObject>

#include <functional>
#include <optional>

class QAction;

namespace retort {
struct WrittenRevision;
}

namespace retort::gui {

class ProjectController;

// Writing migration files from the window: Revisions > New Revision… and Merge Heads…,
// and any other writer (the Compare view's "Create revision from these changes"). The
// file is written on the thread pool; then the project reloads with the new revision
// selected in the history.
class RevisionAuthor : public QObject {
    Q_OBJECT
public:
    RevisionAuthor(const WindowParts &parts, ProjectController *project, QObject *parent);

    void connectActions(QAction *newRevision, QAction *mergeHeads);
    // The active database's URL as SQLAlchemy takes it (empty: none), for Alembic's
    // autogenerate, which compares that database with env.py's target_metadata.
    void setDatabaseUrl(std::function<QString()> url) { m_databaseUrl = std::move(url); }
    void updateActions(bool idle);

    // Runs `write` on a pool thread (it may throw retort::Error), logs what it wrote or
    // why it could not, reloads the project and selects the new revision.
    void write(std::function<WrittenRevision()> write);

    // Asks for a message and a parent; on an Alembic project also, when env.py has a
    // target_metadata and a database is open, whether to autogenerate. A Retort project's
    // file is written by ScriptWriter, an Alembic project's by the project's own Alembic.
    void newRevision();
    void mergeHeads();

Q_SIGNALS:
    // After the reload that shows it (`revision` empty and `error` set when it failed).
    void written(const QString &revision, const QString &path, const QString &error);

private:
    // Alembic's: "" for an empty revision, or the URL to autogenerate against; nullopt
    // when the user cancelled.
    std::optional<QString> askAutogenerate();

    WindowParts m_parts;
    ProjectController *m_project;
    QAction *m_newRevision = nullptr;
    QAction *m_mergeHeads = nullptr;
    std::function<QString()> m_databaseUrl;
    struct Pending {
        bool waiting = false;
        QString revision, path, error;
    } m_pending; // written, waiting for the reload that shows it
};

} // namespace retort::gui
