#include "db/LibpqOnDemand.h"

#include "Error.h"

#include <cstring>

#include <dlfcn.h>
#include <libpq-fe.h>

namespace retort {

namespace {

// libpq's soname has been libpq.so.5 since PostgreSQL 8.2 (2006).
constexpr char kLibrary[] = "libpq.so.5";

struct Libpq {
    decltype(&PQconnectdb) connectdb = nullptr;
    decltype(&PQfinish) finish = nullptr;
    decltype(&PQstatus) status = nullptr;
    decltype(&PQtransactionStatus) transactionStatus = nullptr;
    decltype(&PQexec) exec = nullptr;
    decltype(&PQclear) clear = nullptr;
    decltype(&PQresultStatus) resultStatus = nullptr;
    decltype(&PQresultErrorMessage) resultErrorMessage = nullptr;
    decltype(&PQgetCancel) getCancel = nullptr;
    decltype(&PQfreeCancel) freeCancel = nullptr;
    decltype(&PQcancel) cancel = nullptr;
    decltype(&PQlibVersion) libVersion = nullptr;
};

Error loadError(const char *what)
{
    return Error(
        u"cannot load the PostgreSQL client library %1: %2 (install the Debian "
        u"package libpq5)"_qs.arg(QString::fromLatin1(kLibrary), QString::fromLocal8Bit(what)));
}

template <typename F> void resolve(void *library, const char *name, F &out)
{
    void *const symbol = dlsym(library, name);
    if (!symbol)
        throw loadError(dlerror());
    static_assert(sizeof out == sizeof symbol);
    std::memcpy(&out, &symbol, sizeof out); // object to function pointer, as POSIX allows
}

Libpq load()
{
    // Never unloaded: the handle stays open for the life of the process.
    void *const library = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (!library)
        throw loadError(dlerror());
    Libpq lib;
    resolve(library, "PQconnectdb", lib.connectdb);
    resolve(library, "PQfinish", lib.finish);
    resolve(library, "PQstatus", lib.status);
    resolve(library, "PQtransactionStatus", lib.transactionStatus);
    resolve(library, "PQexec", lib.exec);
    resolve(library, "PQclear", lib.clear);
    resolve(library, "PQresultStatus", lib.resultStatus);
    resolve(library, "PQresultErrorMessage", lib.resultErrorMessage);
    resolve(library, "PQgetCancel", lib.getCancel);
    resolve(library, "PQfreeCancel", lib.freeCancel);
    resolve(library, "PQcancel", lib.cancel);
    resolve(library, "PQlibVersion", lib.libVersion);
    return lib;
}

// Loaded once (a failed load throws and is tried again by the next call).
const Libpq &libpq()
{
    static const Libpq lib = load();
    return lib;
}

} // namespace

void loadLibpq()
{
    libpq();
}

} // namespace retort

// The PQ* functions Retort calls, with libpq's own behaviour for null arguments (which
// must not load the library: destructors pass them).
PGconn *PQconnectdb(const char *conninfo)
{
    return retort::libpq().connectdb(conninfo);
}

void PQfinish(PGconn *conn)
{
    if (conn)
        retort::libpq().finish(conn);
}

ConnStatusType PQstatus(const PGconn *conn)
{
    return conn ? retort::libpq().status(conn) : CONNECTION_BAD;
}

PGTransactionStatusType PQtransactionStatus(const PGconn *conn)
{
    return conn ? retort::libpq().transactionStatus(conn) : PQTRANS_UNKNOWN;
}

PGresult *PQexec(PGconn *conn, const char *query)
{
    return conn ? retort::libpq().exec(conn, query) : nullptr;
}

void PQclear(PGresult *res)
{
    if (res)
        retort::libpq().clear(res);
}

ExecStatusType PQresultStatus(const PGresult *res)
{
    return res ? retort::libpq().resultStatus(res) : PGRES_FATAL_ERROR;
}

char *PQresultErrorMessage(const PGresult *res)
{
    // libpq answers a null result with an empty string, not a null pointer.
    static char empty[] = "";
    return res ? retort::libpq().resultErrorMessage(res) : empty;
}

PGcancel *PQgetCancel(PGconn *conn)
{
    return conn ? retort::libpq().getCancel(conn) : nullptr;
}

void PQfreeCancel(PGcancel *cancel)
{
    if (cancel)
        retort::libpq().freeCancel(cancel);
}

int PQcancel(PGcancel *cancel, char *errbuf, int errbufsize)
{
    return retort::libpq().cancel(cancel, errbuf, errbufsize);
}

int PQlibVersion()
{
    return retort::libpq().libVersion();
}
