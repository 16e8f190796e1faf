#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace retort {

// One backup file in the backup folder, as its name (and, failing that, the file
// system) describes it.
struct BackupInfo {
    QString path;          // absolute
    QString database;      // the file-safe form of the database name (see BackupFile::safeName)
    QStringList revisions; // the version table's rows when it was taken; empty = base
    qint64 size = 0;
    QDateTime created; // UTC
    bool postgres = false;
    QString sha256; // filled by Backup::create; empty in a listing

    QString revisionText() const;
};

// Backup file names: <database>_<revisions joined by +, or base>_<yyyyMMddTHHmmssZ>.dump
// (PostgreSQL, pg_dump's custom format) or .sqlite. The database part has every
// character outside [A-Za-z0-9.-] turned into '-', so its first '_' ends it; revision
// ids may hold '_' but never '+', so the middle part splits back into revisions.
namespace BackupFile {

QString safeName(const QString &database);
QString fileName(const QString &database, const QStringList &revisions, const QDateTime &utc,
                 bool postgres);
// A path in `folder` that does not exist yet: two backups in the same second get "-2", ...
QString freshPath(const QString &folder, const QString &database, const QStringList &revisions,
                  const QDateTime &utc, bool postgres);
// Like freshPath, but creates the file, empty and owner-only (0600) from its first moment,
// and atomically (O_EXCL), so two backups in the same second never share it. pg_dump and
// VACUUM INTO then fill it and keep its mode. Throws Error when it cannot be created.
QString createFresh(const QString &folder, const QString &database, const QStringList &revisions,
                    const QDateTime &utc, bool postgres);
// Null for a name that is not a backup's. Size and, if the name has no stamp, the date
// come from the file itself.
std::optional<BackupInfo> describe(const QString &path);
// Every backup in `folder`, newest first (none if the folder does not exist).
QVector<BackupInfo> list(const QString &folder);

} // namespace BackupFile

} // namespace retort
