#pragma once

#include "db/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>

#include <utility>

namespace retort {

enum class Access {
    ReadWrite, // migrations: a read-only SQLite file is an error before anything runs
    ReadOnly,  // inspection (current, history): SQLite opens read-only and never creates a
               // file; no effect on PostgreSQL
};

// Opens a new connection to `url` under a unique name ("<purpose>-<thread>-<n>") and
// returns it open. A QSqlDatabase may only be used in the thread that opened it, so each
// worker thread calls this itself. Close it with ScopedConnection (or closeConnection).
//
// PostgreSQL (QPSQL): connect_timeout defaults to 5 s (the URL's connect_timeout wins),
// application_name=retort, other query parameters go to libpq as they are; no password in
// the URL leaves libpq to use PGPASSWORD and ~/.pgpass.
// SQLite (QSQLITE): busy timeout 5 s (?timeout=seconds), foreign keys on.
//
// Throws Error naming the masked URL, what went wrong and, after that, the server's own
// message: a missing Qt driver (with the Debian package to install), an unreachable or
// refusing server, a failed authentication, a missing database, a read-only SQLite file or
// folder, a SQLite folder that does not exist, a file that is not a SQLite database.
QSqlDatabase openConnection(const DatabaseUrl &url, const QString &purpose,
                            Access access = Access::ReadWrite);

// Closes and removes a connection opened by openConnection. Every QSqlQuery on it and
// every other QSqlDatabase copy of it must already be gone; `db` is reset.
void closeConnection(QSqlDatabase &db);

// Owns one connection for a scope: opened in the constructor, closed and removed from
// Qt's registry in the destructor. Destroy every QSqlQuery made on it first (declare
// queries after the ScopedConnection, so they die before it).
class ScopedConnection {
public:
    ScopedConnection(const DatabaseUrl &url, const QString &purpose,
                     Access access = Access::ReadWrite)
        : m_db(openConnection(url, purpose, access))
    {}
    ~ScopedConnection() { closeConnection(m_db); }
    ScopedConnection(ScopedConnection &&other) noexcept
        : m_db(std::exchange(other.m_db, QSqlDatabase()))
    {}
    ScopedConnection &operator=(ScopedConnection &&other) noexcept
    {
        if (this != &other) {
            closeConnection(m_db);
            m_db = std::exchange(other.m_db, QSqlDatabase());
        }
        return *this;
    }
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    QSqlDatabase &db() { return m_db; }
    const QSqlDatabase &db() const { return m_db; }
    QString name() const { return m_db.connectionName(); }

private:
    QSqlDatabase m_db;
};

} // namespace retort
