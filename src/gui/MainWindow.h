#pragma once

#include "WindowParts.h"
#include "worker/DatabaseStatusType.h"
#include "worker/PlanRequest.h"

#include <QMainWindow>

#include <memory>

class QDialog;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace retort::gui {

class BackupController;
class CompareController;
class CompareView;
class DatabasePanel;
class DatabaseStateController;
class EnvironmentController;
class EnvironmentsOverview;
class HistoryModel;
class HistoryNavigator;
class LogView;
class MigrateController;
class ProjectController;
class RehearsalController;
class RevisionAuthor;
class RevisionPreview;
class RunController;
class SchemaDiffView;
struct MainActions;

// The main window: history on the left; the selected revision, the plan of a chosen
// action, the rehearsal's schema diff, the database and the Compare view on the right; the
// run log below.
// It builds the widgets and assembles the controllers that own the work: the project
// (ProjectController, RevisionAuthor), the database's state (DatabaseStateController),
// runs (MigrateController), rehearsals (RehearsalController), comparisons and schema drift
// (CompareController), backups and environments.
// Loading runs on the thread pool, database work on RunController's thread: the GUI
// thread never waits.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The tabs on the right, in order.
    enum DetailTab { RevisionTab, PlanTab, SchemaDiffTab, DatabaseTab, CompareTab };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openProject(const QString &path);
    // --url and --env as the CLI takes them; call before openProject.
    void setStartOptions(const QString &urlOption, const QString &envName);
    EnvironmentController *environments() const { return m_environments; }
    QString selectedRevision() const { return m_parts.selectedRevision(); }
    QStringList currentHeads() const;
    // The parents of the merge the database is at: where "one step down" could go.
    QStringList mergeStepChoices() const;

    // For tests: the widgets a user reads.
    QTreeView *historyView() const { return m_parts.history; }
    HistoryNavigator *navigator() const { return m_parts.navigator; }
    HistoryModel *historyModel() const { return m_parts.historyModel; }
    RevisionPreview *revisionPreview() const { return m_preview; }
    DatabasePanel *databasePanel() const { return m_database; }
    SchemaDiffView *schemaDiffView() const { return m_schemaDiff; }
    QPlainTextEdit *planView() const;
    LogView *logView() const { return m_parts.log; }
    QLabel *loadErrorLabel() const { return m_error; }
    QString statusText() const;
    QLabel *driftLabel() const { return m_statusDrift; }
    const DatabaseStatus &databaseStatus() const;
    MainActions *actions() const { return m_actions.get(); }
    RunController *runController() const { return m_runs; }
    ProjectController *projectController() const { return m_project; }
    RevisionAuthor *revisionAuthor() const { return m_author; }
    CompareController *compareController() const { return m_compare; }
    CompareView *compareView() const;
    // Runs `request` after its preview, asking first unless `confirm` is false (tests).
    void startRun(const PlanRequest &request, bool confirm = true);
    // Dry-runs `request` (rolled back) and checks the order of the merges it applies; the
    // Schema Diff tab shows the result. The Rehearse action passes the Plan tab's choice.
    void startRehearsal(const PlanRequest &request);
    // One click: back up, verify, then upgrade to head (asks first unless `confirm` is false).
    void startBackupUpgrade(bool confirm = true);
    // View > Environments Overview: shown, not modal; reads every environment off-thread.
    EnvironmentsOverview *showEnvironmentsOverview();

Q_SIGNALS:
    void projectLoaded();   // the history shows the project, or the error that stopped it
    void stateRefreshed();  // the database's revisions are known (or its error shown)
    void statusRefreshed(); // drift and failures are marked (after stateRefreshed)
    void planShown();       // the Plan tab shows a new plan
    void runFinished(bool ok);
    void rehearsalFinished(bool ok); // the Schema Diff tab shows it; ok: no failure, no finding
    void backupUpgradeFinished(bool ok, const QString &backupPath);
    void confirmShown(QDialog *dialog); // before it runs modally: tests read and answer it

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildLayout();
    void buildStatusBar();
    void assembleControllers();
    void connectControllers();
    void showSelectedRevision();
    void updateActions();
    void restoreSettings();
    void saveSettings() const;

    std::unique_ptr<MainActions> m_actions;
    WindowParts m_parts;
    RunController *m_runs = nullptr;
    EnvironmentController *m_environments = nullptr;
    BackupController *m_backups = nullptr;
    ProjectController *m_project = nullptr;
    RevisionAuthor *m_author = nullptr;
    DatabaseStateController *m_state = nullptr;
    RehearsalController *m_rehearsal = nullptr;
    MigrateController *m_migrate = nullptr;
    CompareController *m_compare = nullptr;

    QStackedWidget *m_historyStack = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    RevisionPreview *m_preview = nullptr;
    DatabasePanel *m_database = nullptr;
    SchemaDiffView *m_schemaDiff = nullptr;
    QLabel *m_statusUrl = nullptr;
    QLabel *m_statusHeads = nullptr;
    QLabel *m_statusDrift = nullptr;
};

} // namespace retort::gui
