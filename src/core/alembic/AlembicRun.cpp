#include "alembic/AlembicRun.h"

#include "Error.h"
#include "alembic/AlembicImpliedParents.h"
#include "alembic/AlembicProcess.h"
#include "backup/SqliteFiles.h"
#include "db/Connection.h"
#include "db/Ledger.h"
#include "db/RunLock.h"
#include "run/Planner.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QThread>

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

QString headsText(const QStringList &heads)
{
    return heads.isEmpty() ? u"empty"_qs : heads.join(u", "_qs);
}

// A name for the child's PostgreSQL session, unique on this machine, so a cancelled run
// can end exactly that session.
QString childApplicationName()
{
    static std::atomic<int> counter{0};
    return u"retort-alembic-%1-%2"_qs.arg(QCoreApplication::applicationPid()).arg(++counter);
}

// The URL the child connects with: PostgreSQL's carries application_name.
QString childUrl(const DatabaseUrl &url, const QString &applicationName)
{
    if (!url.isPostgres())
        return sqlalchemyUrl(url);
    DatabaseUrl tagged = url;
    tagged.query.removeIf([](const auto &kv) { return kv.first == u"application_name"; });
    tagged.query.append({u"application_name"_qs, applicationName});
    tagged.url = tagged.toText(DatabaseUrl::Password::Keep);
    return sqlalchemyUrl(tagged);
}

// After the child was killed: its server session may still be running a statement (the
// server notices a vanished client only when it next talks to it). End it, so its
// transaction is rolled back now and its locks are released, and wait until it is gone.
void endChildSession(QSqlDatabase &db, const QString &applicationName)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        QSqlQuery q(db);
        q.prepare(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                  "WHERE application_name = ?"_qs);
        q.addBindValue(applicationName);
        if (!q.exec() || !q.next() || q.value(0).toInt() == 0)
            return;
        QThread::msleep(50);
    }
}

// Alembic logs "Running upgrade a -> b, message" as each step starts: the plan's steps,
// in the plan's order (the check afterwards confirms the two agree).
class StepProgress {
public:
    StepProgress(const MigrationPlan &plan, RunObserver *observer)
        : m_plan(plan)
        , m_observer(observer)
    {}
    void line(const QString &text)
    {
        static const QRegularExpression running(
            u"\\] Running (upgrade|downgrade|stamp_revision) "_qs);
        if (!m_observer || m_next >= m_plan.steps.size() || !running.match(text).hasMatch())
            return;
        m_observer->stepStarted(m_next, int(m_plan.steps.size()), m_plan.steps[m_next]);
        ++m_next;
    }

private:
    const MigrationPlan &m_plan;
    RunObserver *m_observer;
    int m_next = 0;
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
                                const std::atomic<bool> *cancel, RunObserver *observer)
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
    if (request.expectedHeads && sortedCopy(*request.expectedHeads) != sortedCopy(start))
        throw Error(
            u"the database changed after the plan was made: %1 is now %2, the plan "
            "started from %3. Nothing was run; look at the new plan."_qs.arg(
                settings.versionTable, headsText(start), headsText(*request.expectedHeads)));
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
    const QString applicationName = childApplicationName();
    AlembicCall call{request.verb, request.targets, childUrl(url, applicationName)};
    if (request.purge)
        call.args.append(u"--purge"_qs);
    call.impliedParents = impliedParentsJson(project.graph);
    StepProgress progress(plan, observer);
    const auto logLine = [&](const QString &line) {
        if (log)
            log(line);
        progress.line(line);
    };
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const AlembicOutcome outcome = runAlembic(project.config, python, call, logLine, cancel);
    if (outcome.cancelled && lockConnection)
        endChildSession(lockConnection->db(), applicationName);
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
                settings.versionTable, headsText(start),
                restored.isEmpty() ? QString() : u"; "_qs + restored);
        else
            message += u"\nALEMBIC COMMITTED PART OF THE RUN: %1 is now %2 (it was %3)."_qs.arg(
                settings.versionTable, headsText(after), headsText(start));
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
