#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

namespace retort {

// Backup and restore rows in retort_ledger. The table keeps its columns (older Retort
// builds and Alembic share the database): the backup file's SHA-256 goes in `checksum`
// (64 hex digits fit it exactly) and "path=...; size=..." in `error_text`, which is the
// one free-text column. appliedUpgrades() only reads upgrade/downgrade rows, so these
// never disturb `verify`.
namespace BackupLedger {

// direction: "backup" or "restore"; revisions: the version rows the file holds.
void record(QSqlDatabase &db, const QString &dialect, const QString &direction,
            const QStringList &revisions, const QString &sha256, const QString &details,
            const QDateTime &started);

} // namespace BackupLedger

} // namespace retort
