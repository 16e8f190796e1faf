#include "backup/BackupLedger.h"

#include "db/Ledger.h"

namespace retort::BackupLedger {

void record(QSqlDatabase &db, const QString &dialect, const QString &direction,
            const QStringList &revisions, const QString &sha256, const QString &details,
            const QDateTime &started)
{
    LedgerEntry e;
    // revision is VARCHAR(32): several heads rarely fit, and the full list is in the
    // file name (details) anyway.
    const QString joined = revisions.isEmpty() ? u"base"_qs : revisions.join(u'+');
    e.revision = joined.size() <= 32 ? joined : revisions.first().left(32);
    e.direction = direction;
    e.checksum = sha256;
    e.started = started;
    e.finished = QDateTime::currentDateTimeUtc();
    e.durationMs = started.msecsTo(e.finished);
    e.dbUser = Ledger::databaseUser(db, dialect);
    e.outcome = u"ok"_qs;
    e.errorText = details;
    Ledger::ensure(db, dialect);
    Ledger::append(db, e);
}

} // namespace retort::BackupLedger
