#pragma once

#include "WindowParts.h"
#include "compare/CompareTypes.h"

#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QLabel;

namespace retort::gui {

class CompareView;
class DatabaseStateController;
class EnvironmentController;
class ProjectController;
class RevisionAuthor;
class RunController;

// The Compare view's work: comparisons and the drift check run on the thread pool (the
// engine in core/diff opens its own connections and scratch databases there); a revision
// is written through RevisionAuthor, which selects it in the history. Owns the status
// bar's schema-drift warning: it checks the database against the schema its version
// table implies, as `retort check` does (on a worker: `current` is built on a scratch
// database), and a click on the warning shows the drift here. Not after every read of
// the database's state: after one that follows an open or reload of the project, a run
// or a restore (markDriftDue), or that finds another database or other revisions.
class CompareController : public QObject {
    Q_OBJECT
public:
    struct Parts {
        RunController *runs = nullptr;
        ProjectController *project = nullptr;
        DatabaseStateController *state = nullptr;
        EnvironmentController *environments = nullptr;
        RevisionAuthor *author = nullptr;
    };
    CompareController(const WindowParts &window, const Parts &parts, QObject *parent);

    CompareView *view() const { return m_view; }
    QLabel *driftLabel() const { return m_driftLabel; }
    // How to bring the Compare view forward (MainWindow's tab).
    void setShowView(std::function<void()> show) { m_showView = std::move(show); }

    void compare(); // the view's two sides
    void checkDrift();
    // The database's state was read: checks drift when it is due or the state changed.
    void onStateRefreshed();
    // The next state read checks drift: the project was (re)loaded, or a run or a restore
    // may have changed the database.
    void markDriftDue() { m_driftDue = true; }
    void showDrift(); // the last drift found, in the view
    void createRevision(const QString &message);
    // The project or its databases changed: offer them; `environmentChanged` clears
    // what was compared on the previous database.
    void refreshChoices(bool environmentChanged);
    const CompareResult *lastDrift() const { return m_drift.get(); }

Q_SIGNALS:
    void compared(bool ok);          // the view shows a comparison (or why there is none)
    void driftChecked(bool drifted); // the status bar's warning is up to date
    void revisionWritten(const QString &revision, const QString &error);

private:
    CompareInput input(const QString &from, const QString &to) const;
    bool isHead(const CompareSide &side) const;
    void showDriftWarning();

    WindowParts m_window;
    Parts m_p;
    CompareView *m_view;
    QLabel *m_driftLabel;
    std::function<void()> m_showView;
    quint64 m_compareJob = 0;
    quint64 m_driftJob = 0;
    bool m_driftRunning = false;
    bool m_driftAgain = false; // asked while one was running: check once more after it
    bool m_driftDue = true;    // see markDriftDue
    QString m_checkedState;    // the database and revisions the last check was for
    std::shared_ptr<const CompareResult> m_result; // what the view shows
    std::shared_ptr<const CompareResult> m_drift;  // the last drift check's, if it found any
    QString m_lastDriftError;
    bool m_writing = false;
};

} // namespace retort::gui
