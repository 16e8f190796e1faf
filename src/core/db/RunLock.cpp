#include "db/RunLock.h"

#include "Error.h"
#include "db/SqlExec.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace retort {

RunLock::RunLock(QSqlDatabase &db, QString dialect, QString versionTable, int timeoutMs)
    : m_db(db)
    , m_dialect(std::move(dialect))
    , m_versionTable(std::move(versionTable))
    , m_timeoutMs(timeoutMs)
{
    // A stable 63-bit key from the table name: two projects with different version
    // tables in one database do not block each other.
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray(QByteArray("retort:") + m_versionTable.toUtf8()), QCryptographicHash::Sha256);
    for (int i = 0; i < 8; ++i)
        m_key = (m_key << 8) | static_cast<unsigned char>(digest[i]);
    m_key &= 0x7fffffffffffffffLL;
}

RunLock::~RunLock()
{
    try {
        release();
    } catch (const Error &) {
        // The connection is gone; the server dropped the lock with the session.
    }
}

QString RunLock::holderDescription()
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename, ''), "
              "coalesce(host(a.client_addr), 'local'), a.backend_start "
              "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = "
              "l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
              "AND ((l.classid::bigint << 32) | l.objid::bigint) = ?"_qs);
    q.addBindValue(m_key);
    if (!q.exec() || !q.next())
        return u"another session"_qs;
    return u"pid %1 (user %2, application '%3', from %4, connected %5)"_qs.arg(
        q.value(0).toString(), q.value(2).toString(), q.value(1).toString(), q.value(3).toString(),
        q.value(4).toDateTime().toString(Qt::ISODate));
}

void RunLock::acquire()
{
    if (m_dialect != u"postgresql") {
        execOrThrow(m_db, u"PRAGMA busy_timeout = %1"_qs.arg(m_timeoutMs),
                    u"cannot set the SQLite busy timeout"_qs);
        return;
    }
    if (m_timeoutMs <= 0) {
        QSqlQuery q = execOrThrow(m_db, u"SELECT pg_try_advisory_lock(%1)"_qs.arg(m_key),
                                  u"cannot take the run lock"_qs);
        if (!q.next() || !q.value(0).toBool())
            throw Error(u"another migration run is in progress on this database: %1 holds the "
                        "lock for %2. Wait for it, or pass --lock-timeout SECONDS to wait."_qs.arg(
                            holderDescription(), m_versionTable));
    } else {
        execOrThrow(m_db, u"SET lock_timeout = %1"_qs.arg(m_timeoutMs),
                    u"cannot set lock_timeout"_qs);
        QSqlQuery q(m_db);
        const bool ok = q.exec(u"SELECT pg_advisory_lock(%1)"_qs.arg(m_key));
        const QString why = ok ? QString() : serverMessage(q);
        q.finish();
        execOrThrow(m_db, u"RESET lock_timeout"_qs, u"cannot reset lock_timeout"_qs);
        if (!ok)
            throw Error(u"another migration run held the lock for %1 longer than %2 s (%3): %4"_qs
                            .arg(m_versionTable)
                            .arg(m_timeoutMs / 1000.0)
                            .arg(holderDescription(), why));
    }
    m_held = true;
}

void RunLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    if (m_db.isOpen())
        execOrThrow(m_db, u"SELECT pg_advisory_unlock(%1)"_qs.arg(m_key),
                    u"cannot release the run lock"_qs);
}

} // namespace retort
