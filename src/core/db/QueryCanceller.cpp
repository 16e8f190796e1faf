#include "db/QueryCanceller.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace retort {

namespace {

class PostgresCanceller : public QueryCanceller {
public:
    explicit PostgresCanceller(PGcancel *handle)
        : m_handle(handle)
    {}
    ~PostgresCanceller() override { PQfreeCancel(m_handle); }
    void cancel() override
    {
        char error[256];
        PQcancel(m_handle, error, sizeof error); // a failure means it already finished
    }

private:
    PGcancel *m_handle;
};

class SqliteCanceller : public QueryCanceller {
public:
    explicit SqliteCanceller(sqlite3 *db)
        : m_db(db)
    {}
    void cancel() override { sqlite3_interrupt(m_db); }

private:
    sqlite3 *m_db;
};

} // namespace

std::unique_ptr<QueryCanceller> QueryCanceller::forConnection(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    // QPSQL registers its handle type as "PGconn*" in some Qt versions, "pg_conn*" in others.
    if (type == "PGconn*" || type == "pg_conn*") {
        if (PGconn *conn = *static_cast<PGconn *const *>(handle.data()))
            if (PGcancel *cancel = PQgetCancel(conn))
                return std::make_unique<PostgresCanceller>(cancel);
    } else if (type == "sqlite3*") {
        if (sqlite3 *conn = *static_cast<sqlite3 *const *>(handle.data()))
            return std::make_unique<SqliteCanceller>(conn);
    }
    return nullptr;
}

} // namespace retort
