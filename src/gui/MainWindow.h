#pragma once

#include "worker/DatabaseStatusType.h"
#include "worker/PlanRequest.h"
#include "worker/RehearsalOutcome.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QComboBox;
class QDialog;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeView;

namespace retort::gui {

struct LoadedProject;
class BackupController;
class DatabasePanel;
class EnvironmentController;
class EnvironmentsOverview;
class ProjectWatcher;
class HistoryModel;
class HistoryNavigator;
class LogView;
class RevisionPreview;
class RunController;
class SchemaDiffView;
struct MainActions;

// The main window: history on the left; the selected revision, the plan of a chosen
// action and the database on the right; the run log below. Loading runs on the thread
// pool, database work on RunController's thread: the GUI thread never waits.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The tabs on the right, in order.
    enum DetailTab { RevisionTab, PlanTab, SchemaDiffTab, DatabaseTab };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openProject(const QString &path);
    // --url and --env as the CLI takes them; call before openProject.
    void setStartOptions(const QString &urlOption, const QString &envName);
    EnvironmentController *environments() const { return m_environments; }
    QString selectedRevision() const;
    QStringList currentHeads() const { return m_heads; }
    // The parents of the merge the database is at: where "one step down" could go.
    QStringList mergeStepChoices() const;

    // For tests: the widgets a user reads.
    QTreeView *historyView() const { return m_history; }
    HistoryNavigator *navigator() const { return m_navigator; }
    HistoryModel *historyModel() const { return m_historyModel; }
    RevisionPreview *revisionPreview() const { return m_preview; }
    DatabasePanel *databasePanel() const { return m_database; }
    SchemaDiffView *schemaDiffView() const { return m_schemaDiff; }
    QPlainTextEdit *planView() const { return m_planText; }
    LogView *logView() const { return m_log; }
    QLabel *loadErrorLabel() const { return m_error; }
    QString statusText() const;
    QLabel *driftLabel() const { return m_statusDrift; }
    const DatabaseStatus &databaseStatus() const { return m_status; }
    MainActions *actions() const { return m_actions.get(); }
    RunController *runController() const { return m_runs; }
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
    void showProject(const std::shared_ptr<LoadedProject> &loaded);
    void showSelectedRevision();
    void applyDatabaseUrl(const QString &url);
    void onStateRead(const QStringList &heads, const QString &error);
    void onStatusRead(const DatabaseStatus &status, const QString &error);
    void showVerification();
    void onPreview(const PlanRequest &request, const MigrationPlan &plan, const QString &error);
    void onRunFinished(bool ok, const QString &message, const QStringList &heads);
    void beginRun(const PlanRequest &request, const QStringList &startHeads, int steps);
    void updatePlanPreview();
    PlanRequest planChoice() const;
    QString upgradeTarget() const; // "head", or "heads" when the graph has several
    bool offerMergeBranches();     // "Downgrade one step" at a merge: choose the branch
    void updateStatus();
    void updateActions();
    void scheduleReload();
    void rememberProject(const QString &iniPath);
    void restoreSettings();
    void saveSettings() const;
    void newRevision();
    void mergeHeads();
    void onRehearsal(const PlanRequest &request, const RehearsalOutcome &outcome);

    std::shared_ptr<LoadedProject> m_loaded;
    QString m_dialect;
    QStringList m_heads;
    QString m_databaseError;
    DatabaseStatus m_status; // drift, failures, last run: read after each state read
    bool m_confirmNextPreview = false;
    bool m_askBeforeRun = true;
    PlanRequest m_pendingRun;
    std::optional<RehearsalOutcome> m_lastRehearsal;

    std::unique_ptr<MainActions> m_actions;
    RunController *m_runs = nullptr;
    EnvironmentController *m_environments = nullptr;
    BackupController *m_backups = nullptr;
    HistoryModel *m_historyModel = nullptr;
    HistoryNavigator *m_navigator = nullptr;
    QStackedWidget *m_historyStack = nullptr;
    QTreeView *m_history = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;
    RevisionPreview *m_preview = nullptr;
    QComboBox *m_planAction = nullptr;
    QLabel *m_planSummary = nullptr;
    QPlainTextEdit *m_planText = nullptr;
    DatabasePanel *m_database = nullptr;
    SchemaDiffView *m_schemaDiff = nullptr;
    LogView *m_log = nullptr;
    QLabel *m_statusUrl = nullptr;
    QLabel *m_statusHeads = nullptr;
    QLabel *m_statusDrift = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    ProjectWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace retort::gui
