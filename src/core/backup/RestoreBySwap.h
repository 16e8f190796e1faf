#pragma once

#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

namespace retort {

// Restoring a PostgreSQL backup over the database it came from, atomically: the archive
// goes into a new database built like the target (pg_restore --single-transaction), and
// only once that worked are the two swapped by two renames in one transaction. The target
// is never half restored, and ends up exactly as the backup (objects created after it -
// tables with keys into old ones, views, types, extensions, schemas - are gone with the
// old database), which pg_restore --clean cannot promise: it only drops what the archive
// holds, and fails on anything that depends on it.
// The database as it was is kept under a new name (`previous`), never dropped.
// Refused before anything is touched when the user may not create databases or does not
// own the target, or another session is connected to it (a database in use cannot be
// renamed). Any later failure drops the new database and leaves the target as it was.
namespace RestoreBySwap {

struct Outcome {
    QString previous; // the name the database as it was before the restore now has
};

Outcome run(const QString &pgRestore, const QString &backupPath, const DatabaseUrl &url,
            const BackupProgress &progress);

} // namespace RestoreBySwap

} // namespace retort
