#pragma once

#include <QString>

namespace retort {

// Why a statement must not run inside a rehearsal's transaction, or empty when it may.
// Two kinds: statements the server refuses inside a transaction block (CREATE INDEX
// CONCURRENTLY, VACUUM, CREATE DATABASE, ALTER TYPE ... ADD VALUE before PostgreSQL 12,
// ATTACH on SQLite), and statements that would end the rehearsal's own transaction
// (COMMIT, ROLLBACK, BEGIN): running one of those would make the rest of the rehearsal
// permanent. `serverVersionNum` is PostgreSQL's server_version_num (0 for SQLite).
// The transaction statement `sql` starts with ("COMMIT", "SAVEPOINT", ...), or empty. A
// transactional migration may not run one: a COMMIT would make everything before it
// permanent while the run still believes it can roll back.
QString transactionControlKeyword(const QString &sql, const QString &dialect);

QString whyNotRehearsable(const QString &sql, const QString &dialect, int serverVersionNum);

} // namespace retort
