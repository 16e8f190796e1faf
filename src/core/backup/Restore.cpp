#include "backup/Restore.h"

#include "Error.h"
#include "backup/Backup.h"
#include "backup/BackupLedger.h"
#include "backup/PgClientTools.h"
#include "backup/RestoreBySwap.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "db/SqlQuoting.h"

#include <QFileInfo>

namespace retort::Restore {

namespace {

void recordRestore(const DatabaseUrl &target, const QString &backupPath, const QDateTime &started)
{
    const auto info = BackupFile::describe(backupPath);
    ScopedConnection conn(target, u"restore-ledger"_qs);
    BackupLedger::record(conn.db(), target.dialect(), u"restore"_qs,
                         info ? info->revisions : QStringList(), Backup::sha256(backupPath),
                         u"from=%1"_qs.arg(backupPath), started);
}

Result restorePostgres(const QString &path, const DatabaseUrl &url, const QString &into,
                       const BackupProgress &progress)
{
    const QString pgRestore = PgClientTools::find(u"pg_restore"_qs);
    if (into.isEmpty()) {
        const RestoreBySwap::Outcome swapped = RestoreBySwap::run(pgRestore, path, url, progress);
        return Result{url.masked(), swapped.previous};
    }
    {
        ScopedConnection admin(url, u"restore-create"_qs);
        QSqlQuery q = execOrThrow(admin.db(), u"SELECT 1 FROM pg_database WHERE datname = ?"_qs,
                                  u"cannot list databases"_qs, {into});
        if (q.next())
            throw Error(u"the database %1 already exists on %2: restore into a new name (or "
                        u"into this database)"_qs.arg(into, url.serverDisplay()));
        execOrThrow(admin.db(), u"CREATE DATABASE "_qs + quotedIdentifier(into),
                    u"cannot create the database %1"_qs.arg(into));
    }
    const QString targetName = u"the new database %1 on %2"_qs.arg(into, url.serverDisplay());
    QStringList args{u"--no-owner"_qs, u"--single-transaction"_qs, u"--exit-on-error"_qs,
                     u"--no-password"_qs};
    args += PgClientTools::connectionArguments(url, into);
    args << path;
    PgClientTools::Result r;
    try {
        r = PgClientTools::run(pgRestore, args, PgClientTools::environment(url), progress);
    } catch (const Error &) {
        r.exitCode = -1;
        r.errors = u"cancelled"_qs;
    }
    if (r.exitCode != 0) {
        // Ours, and empty or half filled: drop it.
        ScopedConnection admin(url, u"restore-drop"_qs);
        QSqlQuery drop(admin.db());
        drop.exec(u"DROP DATABASE IF EXISTS "_qs + quotedIdentifier(into));
        throw Error(
            u"pg_restore into %1 failed and was rolled back: %2"_qs.arg(targetName, r.errors));
    }
    return Result{targetName, {}};
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
