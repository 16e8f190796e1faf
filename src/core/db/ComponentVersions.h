#pragma once

#include <QString>

namespace retort {

struct DatabaseUrl;

// The versions of the libraries Retort runs on, for the window's About dialog and bug
// reports: SQLite and libpq as linked (not as compiled against).
QString sqliteLibraryVersion(); // "3.40.1"
QString libpqVersion();         // "15.13"

// The server's own version string ("PostgreSQL 15.13" / "SQLite 3.40.1"). Opens its own
// read-only connection, so call it on a worker thread, never the GUI thread. Throws Error.
QString serverVersion(const DatabaseUrl &url);

} // namespace retort
