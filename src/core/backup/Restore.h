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
    // PostgreSQL, over the URL's own database: the name the database as it was before the
    // restore now has (kept, never dropped behind the user's back); empty otherwise.
    QString previous;
};

// `into` empty: over the URL's own database. PostgreSQL: RestoreBySwap (the backup goes
// into a new database, swapped in by rename in one transaction; exactly the backup's
// schema and data, all or nothing). SQLite: an atomic file replace, refused while another
// connection writes.
// `into` set: a new database of that name on the same server (created; an existing one
// is an error), or a new SQLite file at that path (an existing file is an error).
// A restore row is written to the target's retort_ledger afterwards.
Result run(const QString &backupPath, const DatabaseUrl &url, const QString &into = {},
           const BackupProgress &progress = {});

} // namespace Restore

} // namespace retort
