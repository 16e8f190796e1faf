#pragma once

#include "worker/PlanRequest.h"

#include <QHash>
#include <QMainWindow>

#include <memory>

class QComboBox;
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
class BackupUpgradeTask;
class DatabasePanel;
class ProjectWatcher;
class HistoryModel;
class LogView;
class RevisionPreview;
class RunController;
class SchemaDiffView;
struct MainActions;
struct RehearsalOutcome;

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
    QString selectedRevision() const;
    QStringList currentHeads() const { return m_heads; }

    // For tests: the widgets a user reads.
    QTreeView *historyView() const { return m_history; }
    HistoryModel *historyModel() const { return m_historyModel; }
    RevisionPreview *revisionPreview() const { return m_preview; }
    DatabasePanel *databasePanel() const { return m_database; }
    SchemaDiffView *schemaDiffView() const { return m_schemaDiff; }
    QPlainTextEdit *planView() const { return m_planText; }
    LogView *logView() const { return m_log; }
    QLabel *loadErrorLabel() const { return m_error; }
    QString statusText() const;
    MainActions *actions() const { return m_actions.get(); }
    RunController *runController() const { return m_runs; }
    // Runs `request` after its preview, asking first unless `confirm` is false (tests).
    void startRun(const PlanRequest &request, bool confirm = true);
    // Dry-runs `request` (rolled back) and checks the order of the merges it applies; the
    // Schema Diff tab shows the result. The Rehearse action passes the Plan tab's choice.
    void startRehearsal(const PlanRequest &request);
    // One click: back up, verify, then upgrade to head (asks first unless `confirm` is false).
    void startBackupUpgrade(bool confirm = true);

Q_SIGNALS:
    void projectLoaded();  // the history shows the project, or the error that stopped it
    void stateRefreshed(); // the database's revisions are known (or its error shown)
    void planShown();      // the Plan tab shows a new plan
    void runFinished(bool ok);
    void rehearsalFinished(bool ok); // the Schema Diff tab shows it; ok: no failure, no finding
    void backupUpgradeFinished(bool ok, const QString &backupPath);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildLayout();
    void showProject(const std::shared_ptr<LoadedProject> &loaded);
    void showSelectedRevision();
    void applyDatabaseUrl(const QString &url);
    void connectDatabase();
    void onStateRead(const QStringList &heads, const QString &error);
    void onPreview(const PlanRequest &request, const MigrationPlan &plan, const QString &error);
    void onRunFinished(bool ok, const QString &message, const QStringList &heads);
    void updatePlanPreview();
    PlanRequest planChoice() const;
    void updateStatus();
    void updateActions();
    void scheduleReload();
    void rememberProject(const QString &iniPath);
    void restoreSettings();
    void saveSettings() const;
    void newRevision();
    void mergeHeads();
    void setUpBackupActions();
    void onRehearsal(const PlanRequest &request, const RehearsalOutcome &outcome);
    void showRestoreDialog(const QString &selectBackup);

    std::shared_ptr<LoadedProject> m_loaded;
    QString m_dialect;
    QStringList m_heads;
    QString m_databaseError;
    QHash<QString, QString> m_sessionPasswords; // URL without password -> password
    bool m_confirmNextPreview = false;
    bool m_askBeforeRun = true;
    bool m_backupRunning = false;
    BackupUpgradeTask *m_backupTask = nullptr;
    PlanRequest m_pendingRun;

    std::unique_ptr<MainActions> m_actions;
    RunController *m_runs = nullptr;
    HistoryModel *m_historyModel = nullptr;
    QLineEdit *m_filter = nullptr;
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
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    ProjectWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace retort::gui
