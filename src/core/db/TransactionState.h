#pragma once

#include <QSqlDatabase>

namespace retort {

// What the server (libpq's PQtransactionStatus) or SQLite (sqlite3_get_autocommit) says
// about the connection's transaction, without running a statement: a failed statement
// leaves PostgreSQL's transaction aborted, where every query fails, and a migration's own
// COMMIT ends the run's transaction behind its back. A run reports "rolled back" only
// when this says its transaction was still open before the ROLLBACK.
enum class TransactionState {
    Idle,          // no transaction open: whatever ran so far is committed
    Open,          // a transaction is open (PostgreSQL: possibly aborted by an error)
    ConnectionLost // the server ends the session's open transaction, rolling it back
};

TransactionState transactionState(const QSqlDatabase &db);

} // namespace retort
