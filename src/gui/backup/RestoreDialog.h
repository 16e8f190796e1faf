#pragma once

#include "backup/BackupFile.h"
#include "db/DatabaseUrl.h"

#include <QDialog>

#include <atomic>
#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QThread;
class QTreeWidget;

namespace retort::gui {

// Lists the project's backups (revision, date, size) and restores one into this
// database (after a confirmation naming it) or into a new database or file. Listing and
// restoring run on a thread of the dialog's own, never the GUI thread; Cancel stops a
// running restore (pg_restore's single transaction rolls back; a SQLite file is only
// replaced once the copy is complete).
class RestoreDialog : public QDialog {
    Q_OBJECT
public:
    RestoreDialog(const QString &backupFolder, const DatabaseUrl &url, QWidget *parent = nullptr);
    ~RestoreDialog() override; // cancels and waits for a running job

    QTreeWidget *backupList() const { return m_list; }
    bool isBusy() const { return m_thread != nullptr; }
    // Selects `path` (when listed); for the window offering the backup just taken.
    void selectBackup(const QString &path);

    // No confirmation and no target prompt: what the buttons do after asking, for tests
    // and for callers that asked already. `into` empty: this database.
    void restore(const QString &path, const QString &into);

Q_SIGNALS:
    void listed();
    // After a successful restore: the window reloads the database state when
    // `sameDatabase` is true.
    void restored(const QString &target, bool sameDatabase);
    void failed(const QString &message);

protected:
    void reject() override; // while busy: cancel first

private:
    void reload();
    void askAndRestore(bool intoNew);
    void showBackups(const QVector<BackupInfo> &backups);
    QString selectedPath() const;
    void setBusy(bool busy, const QString &status);
    // Runs `work` on a new thread; `done` gets its result (an error message, or empty)
    // on the GUI thread.
    void runJob(const std::function<QString()> &work, const std::function<void(QString)> &done);

    QString m_folder;
    DatabaseUrl m_url;
    QTreeWidget *m_list = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_restoreHere = nullptr;
    QPushButton *m_restoreNew = nullptr;
    QPushButton *m_cancel = nullptr;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancelFlag{false};
    QString m_jobError;               // written by the job thread, read after it ends
    QVector<BackupInfo> m_jobBackups; // likewise
    QString m_jobNote;                // likewise: where the replaced database was kept
    QString m_pendingSelection;
};

} // namespace retort::gui
