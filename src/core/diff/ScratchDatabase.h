#pragma once

#include "db/DatabaseUrl.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace retort::diff {

// A database that exists only while the diff engine needs it: desired-schema files and
// project revisions are run on one to become a real schema, and generated plans are
// validated on one (that one, where it is kept: LoadedSchema::builtOn).
//
// PostgreSQL: a new database (named and marked as ScratchName.h says, from template0) on
// the server of `server`, dropped WITH (FORCE) when this object dies, and also when the
// process gets SIGINT or SIGTERM (installInterruptCleanup). Before the first one on a
// server, the stale ones of killed Retort processes there are dropped. With a dev URL instead, that
// database is used as it is: it must be empty, and everything created in it is dropped afterwards
// (its schemas are created again with their owner, privileges and comment).
// SQLite: an in-memory database, gone with its connection.
class ScratchDatabase {
public:
    // Throws Error: the server refuses CREATE DATABASE (the message suggests --dev-url),
    // or the dev database is not empty.
    static ScratchDatabase create(const QString &dialect, const DatabaseUrl &server,
                                  const QString &devUrl = {});
    ~ScratchDatabase();
    // How many scratch databases this process has made (any dialect, dev URLs included):
    // tests count them to prove what does not build a schema.
    static int madeInThisProcess();
    ScratchDatabase(ScratchDatabase &&other) noexcept;
    ScratchDatabase &operator=(ScratchDatabase &&) = delete;
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    // Where to connect. SQLite: sqlite:// (in memory), so use it through one connection.
    const DatabaseUrl &url() const { return m_url; }

private:
    ScratchDatabase() = default;
    void cleanUp() noexcept;
    // A new database (from template0) on the server `server` is connected to.
    static ScratchDatabase createOn(const DatabaseUrl &server);

    DatabaseUrl m_url;
    DatabaseUrl m_admin; // PostgreSQL: where CREATE/DROP DATABASE runs
    QString m_database;  // PostgreSQL: the database created, empty for a dev URL
    bool m_dev = false;  // PostgreSQL: a dev database, emptied instead of dropped
    // PostgreSQL dev database: the statements that give its schemas back as they were
    // (emptying drops every schema; public and any other it had are created again with
    // their owner, privileges and comment).
    QStringList m_restoreSchemas;
    // PostgreSQL dev database: its default privileges (ALTER DEFAULT PRIVILEGES), given
    // back too (the role-wide ones outlive its schemas).
    QMap<QString, QStringList> m_defaultPrivileges;
    bool m_live = false;
};

// On SIGINT or SIGTERM, drops every scratch database still alive, then exits with 130
// (SIGINT) or 143. The CLI calls it once at start; safe to call more than once.
void installInterruptCleanup();

} // namespace retort::diff
