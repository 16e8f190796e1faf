#include "backup/Restore.h"

#include "Error.h"
#include "backup/Backup.h"
#include "backup/BackupLedger.h"
#include "backup/PgClientTools.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/SqlExec.h"

#include <QFileInfo>
#include <QSet>

namespace retort::Restore {

namespace {

QString quoteIdentifier(QString name)
{
    return u'"' + name.replace(u'"', u"\"\""_qs) + u'"';
}

void recordRestore(const DatabaseUrl &target, const QString &backupPath, const QDateTime &started)
{
    const auto info = BackupFile::describe(backupPath);
    ScopedConnection conn(target, u"restore-ledger"_qs);
    BackupLedger::record(conn.db(), target.dialect(), u"restore"_qs,
                         info ? info->revisions : QStringList(), Backup::sha256(backupPath),
                         u"from=%1"_qs.arg(backupPath), started);
}

// "schema.table" of every TABLE entry in the archive's table of contents, whose lines
// read "215; 1259 16390 TABLE public users retort".
QSet<QString> archiveTables(const QString &pgRestore, const QString &path)
{
    const PgClientTools::Result r = PgClientTools::run(pgRestore, {u"--list"_qs, path},
                                                       QProcessEnvironment::systemEnvironment());
    QSet<QString> tables;
    for (const QString &line : r.output.split(u'\n')) {
        if (line.startsWith(u';'))
            continue;
        const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
        if (words.size() >= 6 && words[3] == u"TABLE")
            tables.insert(words[4] + u'.' + words[5]);
    }
    return tables;
}

QStringList tablesNotIn(const DatabaseUrl &url, const QSet<QString> &archived)
{
    ScopedConnection conn(url, u"restore-check"_qs, Access::ReadOnly);
    QSqlQuery q =
        execOrThrow(conn.db(),
                    u"SELECT schemaname || '.' || tablename FROM pg_tables WHERE "
                    "schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"_qs,
                    u"cannot list tables"_qs);
    QStringList extra;
    while (q.next())
        if (!archived.contains(q.value(0).toString()))
            extra.append(q.value(0).toString());
    return extra;
}

Result restorePostgres(const QString &path, const DatabaseUrl &url, const QString &into,
                       const BackupProgress &progress)
{
    const QString pgRestore = PgClientTools::find(u"pg_restore"_qs);
    DatabaseUrl target = url;
    QString targetName = url.masked();
    QStringList args{u"--no-owner"_qs, u"--single-transaction"_qs, u"--exit-on-error"_qs,
                     u"--no-password"_qs};
    if (into.isEmpty()) {
        args << u"--clean"_qs << u"--if-exists"_qs;
    } else {
        ScopedConnection admin(url, u"restore-create"_qs);
        QSqlQuery q = execOrThrow(admin.db(), u"SELECT 1 FROM pg_database WHERE datname = ?"_qs,
                                  u"cannot list databases"_qs, {into});
        if (q.next())
            throw Error(u"the database %1 already exists on %2: restore into a new name (or "
                        u"into this database)"_qs.arg(into, url.serverDisplay()));
        execOrThrow(admin.db(), u"CREATE DATABASE "_qs + quoteIdentifier(into),
                    u"cannot create the database %1"_qs.arg(into));
        target.database = into;
        targetName = u"the new database %1 on %2"_qs.arg(into, url.serverDisplay());
    }
    args += PgClientTools::connectionArguments(url, target.database);
    args << path;
    PgClientTools::Result r;
    try {
        r = PgClientTools::run(pgRestore, args, PgClientTools::environment(url), progress);
    } catch (const Error &) {
        r.exitCode = -1;
        r.errors = u"cancelled"_qs;
    }
    if (r.exitCode != 0) {
        if (!into.isEmpty()) { // ours, and empty or half filled: drop it
            ScopedConnection admin(url, u"restore-drop"_qs);
            QSqlQuery drop(admin.db());
            drop.exec(u"DROP DATABASE IF EXISTS "_qs + quoteIdentifier(into));
        }
        throw Error(
            u"pg_restore into %1 failed and was rolled back: %2"_qs.arg(targetName, r.errors));
    }
    Result result{targetName, {}};
    if (into.isEmpty())
        result.leftovers = tablesNotIn(target, archiveTables(pgRestore, path));
    return result;
}

Result restoreSqlite(const QString &path, const DatabaseUrl &url, const QString &into,
                     const BackupProgress &progress)
{
    if (!into.isEmpty()) {
        const QString file = QFileInfo(into).absoluteFilePath();
        SqliteFiles::copyAtomically(path, file, false, progress);
        return Result{file, {}};
    }
    if (url.inMemory)
        throw Error(u"cannot restore into an in-memory SQLite database"_qs);
    ScopedConnection conn(url, u"restore-lock"_qs); // refuses a read-only file
    QSqlQuery q(conn.db());
    // A WAL left behind would be replayed onto the restored file: fold it in first.
    q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_qs);
    if (!q.exec(u"BEGIN IMMEDIATE"_qs))
        throw Error(u"another connection is writing to %1; close it and restore again (%2)"_qs.arg(
            url.sqlitePath, serverMessage(q)));
    // Hold the write lock while the file is swapped, so no writer slips in between.
    try {
        SqliteFiles::copyAtomically(path, url.sqlitePath, true, progress);
    } catch (...) {
        q.exec(u"ROLLBACK"_qs);
        throw;
    }
    q.exec(u"ROLLBACK"_qs);
    return Result{url.sqlitePath, {}};
}

} // namespace

Result run(const QString &backupPath, const DatabaseUrl &url, const QString &into,
           const BackupProgress &progress)
{
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const QString path = QFileInfo(backupPath).absoluteFilePath();
    const bool dump = QFileInfo(path).suffix() == u"dump";
    if (dump != url.isPostgres())
        throw Error(u"%1 is a %2 backup and cannot be restored into %3"_qs.arg(
            path, dump ? u"PostgreSQL"_qs : u"SQLite"_qs, url.masked()));
    Backup::verify(path); // before anything is touched
    Result result = url.isPostgres() ? restorePostgres(path, url, into, progress)
                                     : restoreSqlite(path, url, into, progress);
    DatabaseUrl target = url;
    if (url.isPostgres() && !into.isEmpty())
        target.database = into;
    else if (url.isSqlite())
        target = SqliteFiles::urlFor(result.target);
    recordRestore(target, path, started);
    return result;
}

} // namespace retort::Restore
