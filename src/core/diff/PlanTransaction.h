#pragma once

#include "diff/DiffPlan.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort::diff {

// What stopped a plan: the statement, the server's message and its SQLSTATE (PostgreSQL;
// empty on SQLite), so a caller can tell "the plan is wrong" from "not allowed here".
struct PlanFailure {
    QString statement;
    QString message;
    QString sqlState;
};

// Opens a transaction on `db`, runs `setup` (e.g. SET LOCAL lock_timeout) and then the
// plan's statements in it, and leaves the transaction open for the caller to commit, read
// or roll back. PostgreSQL: in one round trip where it can; when that fails, rolled back
// and run again one statement at a time to name the one that fails. On failure the
// transaction is rolled back and the failure returned. Throws Error only when the
// transaction itself cannot be opened.
std::optional<PlanFailure> beginPlan(QSqlDatabase &db, const DiffPlan &plan,
                                     const QStringList &setup = {});

} // namespace retort::diff
