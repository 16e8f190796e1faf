#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

namespace retort {

// retort_ledger: an append-only audit trail beside the version table. Alembic ignores
// it. It tells who ran what when, and lets `verify` see a migration file that changed
// after it was applied (the checksum of the SQL that ran).
struct LedgerEntry {
    QString revision;
    QString direction; // upgrade, downgrade, stamp
    QString checksum;
    QDateTime started;
    QDateTime finished;
    qint64 durationMs = 0;
    QString dbUser;
    QString clientHost;
    QString outcome; // ok, failed, rolled back
    QString errorText;
};

namespace Ledger {

inline const QString tableName = QStringLiteral("retort_ledger");

QString createSql(const QString &dialect);
void ensure(QSqlDatabase &db, const QString &dialect);
void append(QSqlDatabase &db, const LedgerEntry &entry);
// Several rows in as few statements as possible (one per 200 rows): a run of 1,000
// migrations writes its audit trail in 5 round trips, not 1,000.
void appendMany(QSqlDatabase &db, const QVector<LedgerEntry> &entries);
// The user the server knows us as (PostgreSQL) or the OS user (SQLite).
QString databaseUser(QSqlDatabase &db, const QString &dialect);
// The newest successful upgrade row per revision whose newest row is an upgrade,
// i.e. what is applied now and with which SQL.
QVector<LedgerEntry> appliedUpgrades(QSqlDatabase &db, const QString &dialect);

} // namespace Ledger

} // namespace retort
