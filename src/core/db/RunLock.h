#pragma once

#include <QSqlDatabase>
#include <QString>

namespace retort {

// Makes runs on one database one at a time. PostgreSQL: a session-level advisory lock
// keyed by the version table's name, held for the whole run and dropped by the server
// if the process dies. A second run fails at once naming the holder's pid, or waits up
// to `timeoutMs`. SQLite has no advisory locks; the run's BEGIN IMMEDIATE is the lock
// (see MigrationRunner), and this sets how long it waits for it.
class RunLock {
public:
    RunLock(QSqlDatabase &db, QString dialect, QString versionTable, int timeoutMs);
    ~RunLock();
    RunLock(const RunLock &) = delete;
    RunLock &operator=(const RunLock &) = delete;

    void acquire(); // throws Error when another run holds it
    void release();

private:
    QString holderDescription();

    QSqlDatabase &m_db;
    QString m_dialect;
    QString m_versionTable;
    int m_timeoutMs;
    qint64 m_key = 0;
    bool m_held = false;
};

} // namespace retort
