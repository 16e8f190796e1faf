#include "backup/Backup.h"

#include "Error.h"
#include "backup/BackupLedger.h"
#include "backup/PgClientTools.h"
#include "backup/PrivateFiles.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/SqlExec.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryFile>

namespace retort::Backup {

namespace {

QStringList versionRows(QSqlDatabase &db, const QString &dialect, const QString &table)
{
    QStringList rows;
    if (!tableExists(db, dialect, table))
        return rows;
    QSqlQuery q = execOrThrow(db, u"SELECT version_num FROM %1"_qs.arg(table),
                              u"cannot read %1"_qs.arg(table));
    while (q.next())
        rows.append(q.value(0).toString());
    rows.sort();
    return rows;
}

QString scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q = execOrThrow(db, sql, u"cannot read the server's settings"_qs);
    return q.next() ? q.value(0).toString() : QString();
}

// pg_dump writes straight into `path`; any failure removes what it left.
void dumpPostgres(const DatabaseUrl &url, QSqlDatabase &db, const QString &path,
                  const Options &options)
{
    const QString pgDump = PgClientTools::find(u"pg_dump"_qs);
    const QString pgRestore = PgClientTools::find(u"pg_restore"_qs); // verification needs it
    const int server = scalar(db, u"SHOW server_version_num"_qs).toInt();
    PgClientTools::checkNotOlderThanServer(pgDump, server);
    PgClientTools::checkNotOlderThanServer(pgRestore, server);

    const QStringList args =
        QStringList{u"--format=custom"_qs, u"--no-password"_qs, u"--file"_qs, path} +
        PgClientTools::connectionArguments(url);
    PgClientTools::Result r;
    try {
        r = PgClientTools::run(pgDump, args, PgClientTools::environment(url), options.progress,
                               path);
    } catch (const Error &) {
        QFile::remove(path);
        throw;
    }
    if (r.exitCode != 0) {
        QFile::remove(path);
        const QString full = SqliteFiles::diskFullReason(r.errors, options.folder);
        throw Error(
            u"pg_dump of %1 failed: %2"_qs.arg(url.masked(), full.isEmpty() ? r.errors : full));
    }
}

void vacuumInto(const DatabaseUrl &url, QSqlDatabase &db, const QString &path,
                const Options &options)
{
    // VACUUM INTO writes a compact copy no larger than the file; refuse early rather
    // than fill the disk.
    const qint64 needed = QFileInfo(url.sqlitePath).size();
    const qint64 available = QStorageInfo(options.folder).bytesAvailable();
    if (available >= 0 && available < needed)
        throw Error(u"the disk holding %1 is full: the backup needs up to %2 bytes, %3 are "
                    u"free"_qs.arg(options.folder)
                        .arg(needed)
                        .arg(available));
    if (options.progress.cancelled())
        throw Error(u"cancelled before the backup started"_qs);
    QElapsedTimer timer;
    timer.start();
    QString literal = path;
    literal.replace(u'\'', u"''"_qs);
    QSqlQuery q(db);
    if (!q.exec(u"VACUUM INTO '%1'"_qs.arg(literal))) {
        const QString message = serverMessage(q);
        QFile::remove(path);
        const QString full = SqliteFiles::diskFullReason(message, options.folder);
        throw Error(
            u"the backup of %1 failed: %2"_qs.arg(url.sqlitePath, full.isEmpty() ? message : full));
    }
    options.progress.notify(QFileInfo(path).size(), timer.elapsed());
}

} // namespace

void checkFolderWritable(const QString &folder)
{
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        throw Error(u"the backup folder %1 is a file, not a folder (set backup_dir in "
                    u"retort.ini)"_qs.arg(folder));
    try {
        PrivateFiles::createFolder(folder, u"the backup folder"_qs); // 0700 when new
    } catch (const Error &e) {
        throw Error(e.message() + u" (check its parent's permissions, or set backup_dir in "
                                  u"retort.ini)"_qs);
    }
    // As Connection.cpp does: a folder with no write bit at all is read-only on purpose,
    // even for root, who could write there anyway.
    const auto anyWriteBit = QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;
    QTemporaryFile probe(folder + u"/.retort-write-test-XXXXXX"_qs);
    if (!(QFileInfo(folder).permissions() & anyWriteBit) || !probe.open() ||
        probe.write("x", 1) != 1 || !probe.flush())
        throw Error(u"the backup folder %1 cannot be written (check its permissions, or set "
                    u"backup_dir in retort.ini)"_qs.arg(folder));
}

void verify(const QString &path)
{
    const auto corrupt = [&](const QString &why) {
        return Error(u"the backup %1 is corrupt or unreadable: %2"_qs.arg(path, why.trimmed()));
    };
    const QFileInfo file(path);
    if (!file.isFile())
        throw Error(u"the backup %1 does not exist"_qs.arg(path));
    if (file.size() == 0)
        throw corrupt(u"it is empty"_qs);
    if (file.suffix() == u"dump") {
        // The whole archive, data included, turned into a script nobody keeps: --list
        // reads only the table of contents, and passes a dump whose data is truncated or
        // damaged (which pg_restore then reports as "out of memory" or a zlib error,
        // halfway through a restore).
        const QString pgRestore = PgClientTools::find(u"pg_restore"_qs);
        PgClientTools::Result r;
        try {
            r = PgClientTools::run(pgRestore, {u"--file=/dev/null"_qs, path},
                                   QProcessEnvironment::systemEnvironment());
        } catch (const Error &e) {
            throw corrupt(
                u"it is not a valid or complete pg_dump archive (%1)"_qs.arg(e.message()));
        }
        if (r.exitCode != 0)
            throw corrupt(
                u"it is not a valid or complete pg_dump archive (pg_restore: %1)"_qs.arg(r.errors));
        return;
    }
    try {
        ScopedConnection copy(SqliteFiles::urlFor(path), u"backup-verify"_qs, Access::ReadOnly);
        QSqlQuery q = execOrThrow(copy.db(), u"PRAGMA integrity_check"_qs, u"integrity_check"_qs);
        const QString answer = q.next() ? q.value(0).toString() : u"no answer"_qs;
        if (answer != u"ok")
            throw Error(answer);
    } catch (const Error &e) {
        throw corrupt(e.message());
    }
}

QString sha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        throw Error(u"cannot read %1 to checksum it: %2"_qs.arg(path, file.errorString()));
    return QString::fromLatin1(hash.result().toHex());
}

BackupInfo create(const DatabaseUrl &url, const Options &options)
{
    if (url.isSqlite() && url.inMemory)
        throw Error(u"an in-memory SQLite database cannot be backed up"_qs);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    ScopedConnection conn(url, u"backup"_qs);
    const QString dialect = url.dialect();
    BackupInfo info;
    info.postgres = url.isPostgres();
    info.revisions = versionRows(conn.db(), dialect, options.versionTable);
    const QString database = url.isPostgres() ? scalar(conn.db(), u"SELECT current_database()"_qs)
                                              : QFileInfo(url.sqlitePath).completeBaseName();
    info.database = BackupFile::safeName(database);

    checkFolderWritable(options.folder);
    info.path =
        BackupFile::createFresh(options.folder, database, info.revisions, started, info.postgres);
    try {
        if (info.postgres)
            dumpPostgres(url, conn.db(), info.path, options);
        else
            vacuumInto(url, conn.db(), info.path, options);
    } catch (...) {
        QFile::remove(info.path); // the empty file createFresh made, or what was written
        throw;
    }

    try {
        verify(info.path);
    } catch (const Error &e) {
        // Kept for diagnosis under a name list() ignores, so nobody restores it by mistake.
        const QString kept = info.path + u".corrupt"_qs;
        QFile::remove(kept);
        QFile::rename(info.path, kept);
        throw Error(
            u"%1 (kept as %2; nothing was changed in the database)"_qs.arg(e.message(), kept));
    }
    info.size = QFileInfo(info.path).size();
    info.created = started;
    info.sha256 = sha256(info.path);
    BackupLedger::record(conn.db(), dialect, u"backup"_qs, info.revisions, info.sha256,
                         u"path=%1; size=%2"_qs.arg(info.path).arg(info.size), started);
    return info;
}

} // namespace retort::Backup
