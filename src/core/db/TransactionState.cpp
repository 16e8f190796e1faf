#include "db/TransactionState.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace retort {

TransactionState transactionState(const QSqlDatabase &db)
{
    if (!db.isOpen())
        return TransactionState::ConnectionLost;
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    // QPSQL registers its handle type as "PGconn*" in some Qt versions, "pg_conn*" in others.
    if (type == "PGconn*" || type == "pg_conn*") {
        PGconn *conn = *static_cast<PGconn *const *>(handle.data());
        if (!conn || PQstatus(conn) != CONNECTION_OK)
            return TransactionState::ConnectionLost;
        switch (PQtransactionStatus(conn)) {
        case PQTRANS_IDLE:
            return TransactionState::Idle;
        case PQTRANS_INTRANS:
        case PQTRANS_INERROR:
        case PQTRANS_ACTIVE:
            return TransactionState::Open;
        case PQTRANS_UNKNOWN:
            break;
        }
        return TransactionState::ConnectionLost;
    }
    if (type == "sqlite3*") {
        sqlite3 *conn = *static_cast<sqlite3 *const *>(handle.data());
        if (!conn)
            return TransactionState::ConnectionLost;
        return sqlite3_get_autocommit(conn) ? TransactionState::Idle : TransactionState::Open;
    }
    return TransactionState::Open; // another driver: trust the ROLLBACK
}

} // namespace retort
