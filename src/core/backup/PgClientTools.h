#pragma once

#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace retort {

// pg_dump and pg_restore, found on PATH and run as child processes. The password goes
// to the child in PGPASSWORD only, never on its command line (which `ps` shows to
// every user of the machine).
namespace PgClientTools {

// The tool's absolute path; throws Error naming the tool and the package to install.
QString find(const QString &tool);
// The major version `tool --version` reports (15 for "pg_dump (PostgreSQL) 15.18 ...").
int majorVersion(const QString &toolPath);
// Throws Error when `toolPath` is older than the server (serverVersionNum as
// SHOW server_version_num gives it): pg_dump refuses such servers, and says so less clearly.
void checkNotOlderThanServer(const QString &toolPath, int serverVersionNum);

QProcessEnvironment environment(const DatabaseUrl &url);
// --host/--port/--username and --dbname (a database name or a libpq conninfo carrying the
// URL's query parameters, such as sslmode); `database` overrides the URL's.
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

} // namespace PgClientTools

} // namespace retort
