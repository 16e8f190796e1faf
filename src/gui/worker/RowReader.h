#pragma once

#include "database/RowQuery.h"

#include <QSqlDatabase>

namespace retort::gui::RowReader {

// A page of `query`'s rows at `offset`, sorted on the server (ORDER BY the sort column or
// the primary key). The filter runs in a read-only transaction as a prepared statement,
// so it can only ever be one condition of one SELECT. Throws Error.
RowPage readPage(QSqlDatabase &db, const QString &dialect, const RowQuery &query, int offset,
                 int limit);

// The number of rows: PostgreSQL's planner estimate (pg_class.reltuples) when `exact` is
// false and there is no filter, else count(*). Sets *isExact. Throws Error.
qint64 count(QSqlDatabase &db, const QString &dialect, const RowQuery &query, bool exact,
             bool *isExact);

} // namespace retort::gui::RowReader
