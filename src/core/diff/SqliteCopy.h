#pragma once

#include "db/DatabaseUrl.h"

#include <QSqlDatabase>

namespace retort::diff {

// Copies the SQLite file `source`, rows and all, into the empty in-memory database
// `memory` (SQLite's online backup API: a consistent snapshot, read through a read-only
// connection, so the file and its other users are not disturbed). A plan validated
// there meets the file's real rows: a NOT NULL over a NULL, a foreign key an orphan
// breaks. Returns false, having copied nothing, when `source` is no SQLite file, is
// bigger than `maxBytes`, or cannot be read; the caller builds the schema instead.
bool copySqliteInto(QSqlDatabase &memory, const DatabaseUrl &source, qint64 maxBytes);

} // namespace retort::diff
