#pragma once

#include <QSqlDatabase>

#include <memory>

namespace retort {

// Stops the statement running on a connection from another thread: a PostgreSQL cancel
// request (libpq's PQcancel, made for exactly this) or sqlite3_interrupt. The worker
// that owns the connection creates it before a run; the GUI thread calls cancel().
// The statement then fails, and the run rolls back as for any other failure.
class QueryCanceller {
public:
    // Null when the driver gives no handle to cancel through.
    static std::unique_ptr<QueryCanceller> forConnection(const QSqlDatabase &db);
    virtual ~QueryCanceller() = default;
    virtual void cancel() = 0; // thread-safe
};

} // namespace retort
