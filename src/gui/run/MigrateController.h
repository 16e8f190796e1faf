#pragma once

#include "WindowParts.h"
#include "worker/PlanRequest.h"

#include <QObject>

#include <functional>

class QAction;
class QDialog;

namespace retort {
struct MigrationPlan;
}

namespace retort::gui {

class BackupController;
class DatabaseStateController;
class EnvironmentController;
class PlanTab;
class ProjectController;
class RehearsalController;
class RunController;

struct MigrateActions {
    QAction *upgradeHead = nullptr;
    QAction *upgradeSelected = nullptr;
    QAction *downgradeOne = nullptr;
    QAction *downgradeSelected = nullptr;
    QAction *downgradeBase = nullptr;
    QAction *stampSelected = nullptr;
    QAction *cancelRun = nullptr;
};

// Runs a plan the way the Migrate menu does: preview (the plan, marked in the history) →
// confirm (the script, what it destroys, what lint and the last rehearsal found, "back up
// first", the production name typed) → run on the database thread with progress and
// Cancel → the outcome in the log and the status bar, then the database read again. Also
// keeps the Plan tab showing the chosen plan.
class MigrateController : public QObject {
    Q_OBJECT
public:
    struct Parts {
        RunController *runs = nullptr;
        BackupController *backups = nullptr;
        EnvironmentController *environments = nullptr;
        ProjectController *project = nullptr;
        DatabaseStateController *state = nullptr;
        RehearsalController *rehearsal = nullptr;
    };
    MigrateController(const WindowParts &window, const Parts &parts, QObject *parent);

    void connectActions(const MigrateActions &actions);
    void updateActions(bool idle);

    PlanTab *planTab() const { return m_planTab; }
    // Whether the Plan tab is on screen: it plans only then.
    void setPlanShownCheck(std::function<bool()> shown) { m_planShown = std::move(shown); }
    void refreshPlan(); // plans the Plan tab's choice again, if it is shown
    PlanRequest planChoice() const;

    // Runs `request` after its preview, asking first unless `confirm` is false (tests).
    void startRun(const PlanRequest &request, bool confirm = true);
    QString upgradeTarget() const; // "head", or "heads" when the graph has several
    // The parents of the merge the database is at: where "one step down" could go.
    QStringList mergeStepChoices() const;

Q_SIGNALS:
    void planShown();
    void runFinished(bool ok);
    void confirmShown(QDialog *dialog); // before it runs modally: tests read and answer it
    void busyChanged();

private:
    void onPreview(const PlanRequest &request, const MigrationPlan &plan, const QString &error);
    void confirmAndRun(const PlanRequest &request, const MigrationPlan &plan);
    void beginRun(const PlanRequest &request, const QStringList &startHeads, int steps);
    void onRunFinished(bool ok, const QString &message);
    void refuse(const PlanRequest &request, const QString &error);
    bool offerMergeBranches(); // "Downgrade one step" at a merge: choose the branch

    WindowParts m_window;
    Parts m_p;
    MigrateActions m_actions;
    PlanTab *m_planTab;
    std::function<bool()> m_planShown;
    bool m_confirmNextPreview = false;
    bool m_askBeforeRun = true;
};

} // namespace retort::gui
