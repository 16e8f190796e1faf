#include "alembic/AlembicRun.h"

#include "Error.h"
#include "alembic/AlembicProcess.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/Ledger.h"
#include "db/RunLock.h"
#include "run/Planner.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <memory>

namespace retort {

namespace {

QStringList sortedCopy(QStringList list)
{
    list.sort();
    return list;
}

QString fileChecksum(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

QStringList headsOf(const DatabaseUrl &url, const RunSettings &settings)
{
    if (url.isSqlite() && !url.inMemory && !QFileInfo::exists(url.sqlitePath))
        return {}; // Alembic creates the file
    ScopedConnection conn(url, u"alembic-run-read"_qs, Access::ReadOnly);
    MigrationRunner reader(conn.db(), settings);
    return reader.currentHeads();
}

void writeLedger(const DatabaseUrl &url, const RunSettings &settings, QVector<LedgerEntry> rows)
{
    ScopedConnection conn(url, u"alembic-run-ledger"_qs);
    Ledger::ensure(conn.db(), settings.dialect);
    const QString user = Ledger::databaseUser(conn.db(), settings.dialect);
    for (LedgerEntry &e : rows)
        e.dbUser = user;
    Ledger::appendMany(conn.db(), rows);
}

// The SQLite file as it was before the run, to put back if Alembic fails half-way.
class SqliteSnapshot {
public:
    explicit SqliteSnapshot(const DatabaseUrl &url)
    {
        if (!url.isSqlite() || url.inMemory || !QFileInfo::exists(url.sqlitePath))
            return;
        m_db = url.sqlitePath;
        m_copy = m_db + u".retort-before-run"_qs;
        QFile::remove(m_copy);
        SqliteFiles::copyAtomically(m_db, m_copy, false, {});
        QFile::setPermissions(m_copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    ~SqliteSnapshot()
    {
        if (!m_copy.isEmpty())
            QFile::remove(m_copy);
    }
    SqliteSnapshot(const SqliteSnapshot &) = delete;
    SqliteSnapshot &operator=(const SqliteSnapshot &) = delete;
    // Returns a sentence for the error message.
    QString restore(const DatabaseUrl &url)
    {
        if (url.isSqlite() && m_copy.isEmpty()) {
            QFile::remove(url.sqlitePath); // there was no database before the run
            return u"the database file it created was removed"_qs;
        }
        if (m_copy.isEmpty())
            return {};
        QFile::remove(m_db + u"-journal"_qs);
        SqliteFiles::copyAtomically(m_copy, m_db, true, {});
        return u"the database file was restored from the copy taken before the run"_qs;
    }

private:
    QString m_db;
    QString m_copy;
};

} // namespace

QString sqlalchemyUrl(const DatabaseUrl &url)
{
    if (url.isSqlite())
        return url.inMemory ? u"sqlite://"_qs : u"sqlite:///"_qs + url.sqlitePath;
    QString text = url.url;
    if (text.startsWith(u"postgres://"))
        text.replace(0, 8, u"postgresql"_qs);
    return text;
}

MigrationPlan runThroughAlembic(const Project &project, const DatabaseUrl &url,
                                const RunSettings &settings, const ProjectPython &python,
                                const AlembicRunRequest &request,
                                const std::function<void(const QString &line)> &log,
                                const std::atomic<bool> *cancel)
{
    // The lock first, for the whole run.
    std::unique_ptr<ScopedConnection> lockConnection;
    std::unique_ptr<RunLock> lock;
    std::unique_ptr<QLockFile> lockFile;
    if (url.isPostgres()) {
        lockConnection = std::make_unique<ScopedConnection>(url, u"alembic-run-lock"_qs);
        lock = std::make_unique<RunLock>(lockConnection->db(), settings.dialect,
                                         settings.versionTable, settings.lockTimeoutMs);
        lock->acquire();
    } else if (!url.inMemory) {
        lockFile = std::make_unique<QLockFile>(url.sqlitePath + u".retort-lock"_qs);
        lockFile->setStaleLockTime(0);
        if (!lockFile->tryLock(settings.lockTimeoutMs)) {
            qint64 pid = 0;
            QString host, app;
            lockFile->getLockInfo(&pid, &host, &app);
            throw Error(u"another run holds the lock on %1 (process %2 on %3); try again "
                        "later or wait with --lock-timeout SECONDS"_qs.arg(url.sqlitePath)
                            .arg(pid)
                            .arg(host));
        }
    }

    const QStringList start = headsOf(url, settings);
    const Planner planner(project.graph, project.scripts, settings.dialect, settings.versionTable);
    MigrationPlan plan;
    if (request.verb == u"upgrade")
        plan = planner.upgrade(start, request.targets.value(0));
    else if (request.verb == u"downgrade")
        plan = planner.downgrade(start, request.targets.value(0));
    else
        plan = planner.stamp(start, request.targets, request.purge);
    if (plan.isEmpty())
        return plan;

    SqliteSnapshot snapshot(url);
    AlembicCall call{request.verb, request.targets, sqlalchemyUrl(url)};
    if (request.purge)
        call.args.append(u"--purge"_qs);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const AlembicOutcome outcome = runAlembic(project.config, python, call, log, cancel);
    const QDateTime finished = QDateTime::currentDateTimeUtc();

    QVector<LedgerEntry> rows;
    const auto row = [&](const QString &revision, const QString &direction, const QString &checksum,
                         const QString &result, const QString &error) {
        LedgerEntry e;
        e.revision = revision;
        e.direction = direction;
        e.checksum = checksum;
        e.started = started;
        e.finished = finished;
        e.durationMs = outcome.elapsedMs;
        e.outcome = result;
        e.errorText = error;
        rows.append(e);
    };

    if (!outcome.ok()) {
        QString restored = snapshot.restore(url);
        const QStringList after = headsOf(url, settings);
        QString message = u"%1 through the project's Alembic (%2) %3: %4"_qs.arg(
            request.verb, python.path, outcome.cancelled ? u"was cancelled"_qs : u"failed"_qs,
            outcome.failure);
        if (sortedCopy(after) == sortedCopy(start))
            message += u"\nThe run was rolled back; %1 is unchanged (%2)%3."_qs.arg(
                settings.versionTable, start.isEmpty() ? u"empty"_qs : start.join(u", "_qs),
                restored.isEmpty() ? QString() : u"; "_qs + restored);
        else
            message += u"\nALEMBIC COMMITTED PART OF THE RUN: %1 is now %2 (it was %3)."_qs.arg(
                settings.versionTable, after.isEmpty() ? u"empty"_qs : after.join(u", "_qs),
                start.isEmpty() ? u"empty"_qs : start.join(u", "_qs));
        row(request.targets.join(u", "_qs), request.verb, {},
            outcome.cancelled ? u"rolled back"_qs : u"failed"_qs, outcome.failure);
        try {
            writeLedger(url, settings, rows);
        } catch (const Error &) {
            // The failure is what matters; a ledger that cannot be written must not hide it.
        }
        throw Error(message);
    }

    for (const PlanStep &step : std::as_const(plan.steps)) {
        const bool isStamp = step.kind == PlanStep::Kind::Stamp;
        row(isStamp ? step.to.join(u", "_qs) : step.revision,
            isStamp                                ? u"stamp"_qs
            : step.kind == PlanStep::Kind::Upgrade ? u"upgrade"_qs
                                                   : u"downgrade"_qs,
            isStamp ? QString() : fileChecksum(step.path), u"ok"_qs, {});
    }
    writeLedger(url, settings, rows);
    const QStringList after = headsOf(url, settings);
    if (sortedCopy(after) != sortedCopy(plan.endHeads))
        throw Error(u"MISMATCH: Alembic finished, but %1 holds %2 where Retort's planner "
                    "predicted %3. Check the graph (a revision Retort and Alembic read "
                    "differently?) before running anything else."_qs.arg(
                        settings.versionTable,
                        after.isEmpty() ? u"no rows"_qs : after.join(u", "_qs),
                        plan.endHeads.isEmpty() ? u"no rows"_qs : plan.endHeads.join(u", "_qs)));
    return plan;
}

} // namespace retort
