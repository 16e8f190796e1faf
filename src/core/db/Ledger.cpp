#include "db/Ledger.h"

#include "db/SqlExec.h"

#include <QHash>
#include <QSqlQuery>
#include <QSysInfo>

namespace retort::Ledger {

QString createSql(const QString &dialect)
{
    const bool pg = dialect == u"postgresql";
    return u"CREATE TABLE IF NOT EXISTS retort_ledger (\n"
           "    id %1,\n"
           "    revision VARCHAR(32),\n"
           "    direction VARCHAR(16) NOT NULL,\n"
           "    checksum VARCHAR(64),\n"
           "    started_at %2 NOT NULL,\n"
           "    finished_at %2,\n"
           "    duration_ms BIGINT,\n"
           "    db_user VARCHAR(128),\n"
           "    client_host VARCHAR(255),\n"
           "    outcome VARCHAR(16) NOT NULL,\n"
           "    error_text TEXT\n"
           ")"_qs.arg(pg ? u"BIGSERIAL PRIMARY KEY"_qs : u"INTEGER PRIMARY KEY AUTOINCREMENT"_qs,
                      pg ? u"TIMESTAMPTZ"_qs : u"TEXT"_qs);
}

void ensure(QSqlDatabase &db, const QString &dialect)
{
    if (!tableExists(db, dialect, tableName))
        execOrThrow(db, createSql(dialect), u"cannot create retort_ledger"_qs);
}

namespace {

QVariantList values(const LedgerEntry &e)
{
    return {e.revision,
            e.direction,
            e.checksum.isEmpty() ? QVariant() : e.checksum,
            e.started.toUTC().toString(Qt::ISODateWithMs),
            e.finished.toUTC().toString(Qt::ISODateWithMs),
            e.durationMs,
            e.dbUser,
            e.clientHost.isEmpty() ? QSysInfo::machineHostName() : e.clientHost,
            e.outcome,
            e.errorText.isEmpty() ? QVariant() : e.errorText};
}

} // namespace

void append(QSqlDatabase &db, const LedgerEntry &e)
{
    appendMany(db, {e});
}

void appendMany(QSqlDatabase &db, const QVector<LedgerEntry> &entries)
{
    constexpr qsizetype chunk = 200;
    for (qsizetype first = 0; first < entries.size(); first += chunk) {
        const qsizetype n = qMin(chunk, entries.size() - first);
        QStringList rows;
        QVariantList bound;
        for (qsizetype i = 0; i < n; ++i) {
            rows.append(u"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_qs);
            bound += values(entries[first + i]);
        }
        execOrThrow(
            db,
            u"INSERT INTO retort_ledger (revision, direction, checksum, started_at, "
            "finished_at, duration_ms, db_user, client_host, outcome, error_text) VALUES "_qs +
                rows.join(u", "_qs),
            u"cannot write to retort_ledger"_qs, bound);
    }
}

QString databaseUser(QSqlDatabase &db, const QString &dialect)
{
    if (dialect == u"postgresql") {
        QSqlQuery q = execOrThrow(db, u"SELECT current_user"_qs, u"cannot read current_user"_qs);
        return q.next() ? q.value(0).toString() : QString();
    }
    return qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
}

QVector<LedgerEntry> appliedUpgrades(QSqlDatabase &db, const QString &dialect)
{
    QVector<LedgerEntry> result;
    if (!tableExists(db, dialect, tableName))
        return result;
    QSqlQuery q = execOrThrow(db,
                              u"SELECT revision, direction, checksum, started_at FROM "
                              "retort_ledger WHERE outcome = 'ok' AND direction IN ('upgrade', "
                              "'downgrade') ORDER BY id"_qs,
                              u"cannot read retort_ledger"_qs);
    QHash<QString, qsizetype> latest;
    QVector<LedgerEntry> rows;
    while (q.next()) {
        LedgerEntry e;
        e.revision = q.value(0).toString();
        e.direction = q.value(1).toString();
        e.checksum = q.value(2).toString();
        e.started = q.value(3).toDateTime();
        latest.insert(e.revision, rows.size());
        rows.append(e);
    }
    for (qsizetype i = 0; i < rows.size(); ++i)
        if (latest.value(rows[i].revision) == i && rows[i].direction == u"upgrade")
            result.append(rows[i]);
    return result;
}

} // namespace retort::Ledger
