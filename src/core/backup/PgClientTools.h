#pragma once

#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace retort {

// pg_dump and pg_restore, found on PATH and run as child processes. Secrets never go on
// their command line, which `ps` and /proc/<pid>/cmdline show to every user of the machine.
namespace PgClientTools {

// The tool's absolute path; throws Error naming the tool and the package to install.
QString find(const QString &tool);
// The major version `tool --version` reports (15 for "pg_dump (PostgreSQL) 15.18 ...").
int majorVersion(const QString &toolPath);
// Throws Error when `toolPath` is older than the server (serverVersionNum as
// SHOW server_version_num gives it): pg_dump refuses such servers, and says so less clearly.
void checkNotOlderThanServer(const QString &toolPath, int serverVersionNum);

// The environment for a child that connects to `url`. The URL's password goes into a 0600
// passfile (PGPASSFILE) and a client key's sslpassword into a 0600 service file
// (PGSERVICEFILE), both in a 0700 temporary folder that is removed when this object is
// destroyed; a password that a passfile cannot hold (a line break) goes in PGPASSWORD,
// which /proc shows only to the same user. Pass the object straight to run(): the
// temporary lives until run() returns.
class ChildEnvironment {
public:
    explicit ChildEnvironment(const DatabaseUrl &url);
    ~ChildEnvironment();
    ChildEnvironment(const ChildEnvironment &) = delete;
    ChildEnvironment &operator=(const ChildEnvironment &) = delete;
    operator const QProcessEnvironment &() const { return m_env; }
    const QProcessEnvironment &variables() const { return m_env; }

    // `text` with the URL's secrets masked, for the child's messages.
    QString redact(const QString &text) const { return m_url.redact(text); }

private:
    DatabaseUrl m_url;
    QString m_folder; // the 0700 folder holding the files, or empty
    QProcessEnvironment m_env;
};
ChildEnvironment environment(const DatabaseUrl &url);
// --host/--port/--username and --dbname (a database name or a libpq conninfo carrying the
// URL's query parameters, such as sslmode, but never a password or sslpassword: those
// travel in environment()); `database` overrides the URL's.
QStringList connectionArguments(const DatabaseUrl &url, const QString &database = {});

struct Result {
    int exitCode = 0;
    QString output; // standard output
    QString errors; // standard error, trimmed
};

// Runs to the end, polling every 100 ms: reports the size of `watchedFile` (-1 without one) and
// kills the child when the progress's cancel flag is set (then throws Error "cancelled").
// Throws Error when the program cannot be started or crashes; a non-zero exit is returned.
Result run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
           const BackupProgress &progress = {}, const QString &watchedFile = {});
// The same for a child that connects: its output and errors come back with the URL's
// secrets masked, so no message quoting them can leak one.
Result run(const QString &program, const QStringList &arguments, const ChildEnvironment &env,
           const BackupProgress &progress = {}, const QString &watchedFile = {});

} // namespace PgClientTools

} // namespace retort
