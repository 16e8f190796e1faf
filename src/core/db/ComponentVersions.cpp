#include "db/ComponentVersions.h"

#include "db/Connection.h"
#include "db/SqlExec.h"

#include <libpq-fe.h>
#include <sqlite3.h>

namespace retort {

QString sqliteLibraryVersion()
{
    return QString::fromLatin1(sqlite3_libversion());
}

QString libpqVersion()
{
    // PQlibVersion: major * 10000 + minor since PostgreSQL 10.
    const int v = PQlibVersion();
    return u"%1.%2"_qs.arg(v / 10000).arg(v % 10000);
}

QString serverVersion(const DatabaseUrl &url)
{
    ScopedConnection conn(url, u"server-version"_qs, Access::ReadOnly);
    const bool postgres = url.isPostgres();
    QSqlQuery q =
        execOrThrow(conn.db(), postgres ? u"SHOW server_version"_qs : u"SELECT sqlite_version()"_qs,
                    u"reading the server version"_qs);
    const QString version = q.next() ? q.value(0).toString() : QString();
    return (postgres ? u"PostgreSQL "_qs : u"SQLite "_qs) + version;
}

} // namespace retort
