#pragma once

namespace retort {

// libpq is loaded on first use instead of at process start (LibpqOnDemand.cpp defines
// the few PQ* functions Retort calls, each forwarding to the library loaded then).
// Loading it at start costs every command ~6 ms of CPU (~60% of a `retort --version`),
// mostly its dependencies (Kerberos, LDAP, GnuTLS with its constructors) and their
// relocations; the graph commands never touch a database. Qt's QPSQL driver loads
// the same library when a PostgreSQL connection opens.
//
// Loads libpq and resolves every function now; throws Error naming the library if
// that fails. openConnection() calls it for PostgreSQL, so afterwards no PQ* call can
// load anything (one runs in a signal handler: diff/ScratchDatabase.cpp). Calling a
// PQ* function that is not in LibpqOnDemand.cpp fails to link: add it there.
void loadLibpq();

} // namespace retort
