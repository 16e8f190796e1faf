#pragma once

#include "WindowParts.h"
#include "worker/DatabaseStatusType.h"

#include <QObject>
#include <QStringList>

class QAction;
class QLabel;

namespace retort::gui {

class DatabasePanel;
class EnvironmentController;
class ProjectController;
class RunController;

// What the window knows about the connected database: its URL (applied to the database
// thread), its revisions (marked in the history, named in the status bar), and its drift
// (`verify`: applied files changed or missing, failed revisions) with Migrate > Verify.
// Everything is read on RunController's thread; this only shows the answers.
class DatabaseStateController : public QObject {
    Q_OBJECT
public:
    struct Widgets {
        QLabel *url = nullptr;   // the database, masked, or why there is none
        QLabel *heads = nullptr; // "Current: …"
        QLabel *drift = nullptr; // "⚠ 2 changed since applied  Verify…", hidden when none
        DatabasePanel *database = nullptr;
    };
    DatabaseStateController(const WindowParts &parts, const Widgets &widgets, RunController *runs,
                            ProjectController *project, EnvironmentController *environments,
                            QObject *parent);

    void connectActions(QAction *verify);

    // The active environment's URL (password included) for the loaded project.
    void apply(const QString &url);

    QStringList heads() const { return m_heads; }
    QString dialect() const { return m_dialect; } // empty without a database
    QString error() const { return m_error; }
    const DatabaseStatus &status() const { return m_status; }
    QString statusText() const;
    void showVerification();

Q_SIGNALS:
    void stateRefreshed();  // the database's revisions are known (or its error shown)
    void statusRefreshed(); // drift and failures are marked (after stateRefreshed)
    void changed();         // a new database or state: actions may change

private:
    void onStateRead(const QStringList &heads, const QString &error);
    void onStatusRead(const DatabaseStatus &status, const QString &error);
    void updateHeadsLabel();

    WindowParts m_parts;
    Widgets m_w;
    RunController *m_runs;
    ProjectController *m_project;
    EnvironmentController *m_environments;
    QString m_dialect;
    QStringList m_heads;
    QString m_error;
    DatabaseStatus m_status; // drift, failures, last run: read after each state read
};

} // namespace retort::gui
