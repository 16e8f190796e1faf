#pragma once

#include "backup/BackupFile.h"
#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

namespace retort {

// Taking and checking backups. A backup is only returned once it verified: pg_restore
// can read the whole archive's table of contents, or SQLite's integrity_check says ok.
namespace Backup {

struct Options {
    QString folder; // ProjectConfig::backupDir
    QString versionTable = QStringLiteral("alembic_version");
    BackupProgress progress;
};

// PostgreSQL: `pg_dump --format=custom` (checked to be at least as new as the server);
// SQLite: VACUUM INTO a new file. Then verify, hash (SHA-256) and record a ledger row
// (direction "backup", checksum = the file's SHA-256, error_text = "path=...; size=...").
// A failed or cancelled backup leaves no file (a dump that fails verification is kept
// as FILE.corrupt for diagnosis and never listed) and writes nothing to the database.
// Throws Error naming the cause: a missing or too old pg_dump, a backup folder that
// cannot be created or written (named), a full disk, a failed dump, "cancelled".
BackupInfo create(const DatabaseUrl &url, const Options &options);

// Throws Error "the backup FILE is corrupt or unreadable: ..." unless it verifies: a dump is
// read whole (pg_restore into /dev/null, data included), a SQLite copy passes integrity_check.
void verify(const QString &path);

// Creates the folder if needed and proves a file can be written there.
void checkFolderWritable(const QString &folder);

QString sha256(const QString &path);

inline QVector<BackupInfo> list(const QString &folder)
{
    return BackupFile::list(folder);
}

} // namespace Backup

} // namespace retort
