#pragma once

#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

#include <QStringList>

namespace retort {

// Putting a backup back. The file is verified first: a corrupt backup is an error and
// the database is not touched.
namespace Restore {

struct Result {
    QString target; // the database restored into, masked URL or file path
    // PostgreSQL, same database: tables that exist now but not in the backup (created
    // after it was taken). pg_restore --clean only drops what the backup holds; these
    // are left alone and reported, never dropped behind the user's back.
    QStringList leftovers;
};

// `into` empty: over the URL's own database. PostgreSQL: pg_restore --clean --if-exists
// --single-transaction --no-owner (all or nothing). SQLite: an atomic file replace,
// refused while another connection writes.
// `into` set: a new database of that name on the same server (created; an existing one
// is an error), or a new SQLite file at that path (an existing file is an error).
// A restore row is written to the target's retort_ledger afterwards.
Result run(const QString &backupPath, const DatabaseUrl &url, const QString &into = {},
           const BackupProgress &progress = {});

} // namespace Restore

} // namespace retort
