#include "diff/ScratchDatabase.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/PostgresAcl.h"
#include "db/SqlExec.h"
#include "diff/PostgresDefaultPrivileges.h"
#include "diff/ScratchName.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSet>
#include <QSqlQuery>

#include <libpq-fe.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace retort::diff {

namespace {

// The conninfo libpq needs to drop a scratch database from the interrupt thread, where
// Qt's SQL classes are not used (they belong to the threads that opened them).
QString conninfo(const DatabaseUrl &url)
{
    const auto q = &DatabaseUrl::libpqQuoted;
    QStringList parts;
    if (!url.host.isEmpty())
        parts << u"host="_qs + q(url.host);
    if (url.port > 0)
        parts << u"port="_qs + QString::number(url.port);
    if (!url.user.isEmpty())
        parts << u"user="_qs + q(url.user);
    if (!url.password.isEmpty())
        parts << u"password="_qs + q(url.password);
    if (!url.database.isEmpty())
        parts << u"dbname="_qs + q(url.database);
    for (const auto &[key, value] : url.query)
        parts << key + u'=' + q(value);
    parts << u"connect_timeout=5"_qs;
    return parts.join(u' ');
}

QString sqlQuoted(QString text)
{
    return u'\'' + text.replace(u'\'', u"''"_qs) + u'\'';
}

QString dropSql(const QString &database)
{
    return u"DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)"_qs.arg(database);
}

// Scratch databases alive in this process: conninfo of the admin database -> name.
struct Registry {
    QMutex mutex;
    QList<std::pair<QByteArray, QByteArray>> live;
};
Registry &registry()
{
    static Registry r;
    return r;
}

std::atomic<int> g_signalPipe{-1};
std::atomic<int> g_made{0};

extern "C" void onInterrupt(int sig)
{
    const char byte = char(sig);
    const int fd = g_signalPipe.load();
    if (fd < 0 || write(fd, &byte, 1) != 1)
        _exit(128 + sig);
}

// Cleaning up is no news: the server's NOTICEs ("drop cascades to ...") stay unprinted.
constexpr const char *kQuiet = "SET client_min_messages = warning";

void dropAllAndExit(int sig)
{
    QMutexLocker lock(&registry().mutex);
    for (const auto &[info, name] : registry().live) {
        PGconn *conn = PQconnectdb(info.constData());
        if (PQstatus(conn) == CONNECTION_OK) {
            PQclear(PQexec(conn, kQuiet)); // no "does not exist, skipping" on the way out
            PQclear(PQexec(conn, dropSql(QString::fromUtf8(name)).toUtf8().constData()));
        }
        PQfinish(conn);
    }
    _exit(128 + sig);
}

// What recreates the dev database's schemas as they are now: CREATE SCHEMA with its
// owner, its privileges (a new schema's default ACL is the owner's alone, so that is
// revoked and the recorded ACL granted) and its comment.
QStringList schemaRestoreStatements(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT n.oid, pg_catalog.quote_ident(n.nspname), "
        "pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(n.nspowner)), n.nspacl IS NOT NULL, "
        "pg_catalog.quote_literal(pg_catalog.obj_description(n.oid, 'pg_namespace')) "
        "FROM pg_catalog.pg_namespace n WHERE n.nspname NOT IN ('pg_catalog', "
        "'information_schema') AND n.nspname !~ '^pg_' ORDER BY n.nspname"_qs,
        u"cannot read the dev database's schemas"_qs);
    QStringList out;
    while (q.next()) {
        const QString name = q.value(1).toString();
        const QString owner = q.value(2).toString();
        out << u"CREATE SCHEMA %1 AUTHORIZATION %2"_qs.arg(name, owner);
        if (q.value(3).toBool()) {
            out << u"REVOKE ALL ON SCHEMA %1 FROM %2"_qs.arg(name, owner);
            QSqlQuery grants = execOrThrow(
                db,
                u"SELECT "_qs + pgacl::grantExpression() +
                    u" FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a WHERE "
                    "n.oid = ?"_qs,
                u"cannot read the dev database's schema privileges"_qs, {q.value(0)});
            while (grants.next())
                out << pgacl::grantStatement(u"SCHEMA "_qs + name, grants.value(0).toString());
        }
        if (!q.value(4).isNull())
            out << u"COMMENT ON SCHEMA %1 IS %2"_qs.arg(name, q.value(4).toString());
    }
    return out;
}

// Drops the scratch databases Retort processes killed outright (SIGKILL, a crash) left on
// the server `db` is connected to: only ones named in the current form, carrying the
// marker comment, made on this host by a process that is gone, with nobody connected.
// A plain DROP DATABASE (no FORCE) fails harmlessly if someone connects meanwhile; one
// this user may not drop is left. Once per server and process.
void dropStaleScratchDatabases(QSqlDatabase &db, const QString &server)
{
    static QMutex mutex;
    static QSet<QString> done;
    {
        QMutexLocker lock(&mutex);
        if (done.contains(server))
            return;
        done.insert(server);
    }
    QSqlQuery q(db);
    if (!q.exec(u"SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database'), "
                "(SELECT count(*) FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid) "
                "FROM pg_catalog.pg_database d WHERE d.datname LIKE 'retort\\_scratch\\_%'"_qs))
        return;
    QStringList stale;
    while (q.next()) {
        const std::optional<ScratchName> name = ScratchName::parse(q.value(0).toString());
        if (name && q.value(1).toString() == name->marker() && q.value(2).toInt() == 0 &&
            name->processGone())
            stale << name->text();
    }
    for (const QString &name : stale)
        QSqlQuery(db).exec(u"DROP DATABASE IF EXISTS \"%1\""_qs.arg(name));
}

} // namespace

void installInterruptCleanup()
{
    static std::once_flag once;
    std::call_once(once, [] {
        int fds[2];
        if (pipe(fds) != 0)
            return;
        g_signalPipe = fds[1];
        std::thread([fd = fds[0]] {
            char sig = 0;
            if (read(fd, &sig, 1) == 1)
                dropAllAndExit(sig);
        }).detach();
        struct sigaction action = {};
        action.sa_handler = onInterrupt;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    });
}

ScratchDatabase ScratchDatabase::create(const QString &dialect, const DatabaseUrl &server,
                                        const QString &devUrl)
{
    ++g_made;
    ScratchDatabase scratch;
    if (dialect == u"sqlite") {
        scratch.m_url = DatabaseUrl::parse(u"sqlite://"_qs, {});
        return scratch;
    }
    if (!devUrl.isEmpty()) {
        scratch.m_url = DatabaseUrl::parse(devUrl, {});
        if (!scratch.m_url.isPostgres())
            throw Error(u"--dev-url %1 is not a PostgreSQL URL"_qs.arg(scratch.m_url.masked()));
        ScopedConnection conn(scratch.m_url, u"diff-dev-check"_qs);
        QSqlQuery q = execOrThrow(
            conn.db(),
            u"SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname !~ '^pg_'"_qs,
            u"cannot read the dev database"_qs);
        q.next();
        if (q.value(0).toInt() > 0)
            throw Error(u"the dev database %1 is not empty; the schema diff needs an empty "
                        "database it may fill and clean"_qs.arg(scratch.m_url.masked()));
        scratch.m_restoreSchemas = schemaRestoreStatements(conn.db());
        scratch.m_defaultPrivileges = readDefaultPrivileges(conn.db());
        scratch.m_dev = true;
        scratch.m_live = true;
        return scratch;
    }
    return createOn(server);
}

ScratchDatabase ScratchDatabase::createOn(const DatabaseUrl &server)
{
    ScratchDatabase scratch;
    scratch.m_admin = server;
    const ScratchName name = ScratchName::next();
    scratch.m_database = name.text();
    {
        ScopedConnection conn(server, u"diff-scratch-create"_qs);
        dropStaleScratchDatabases(conn.db(), conninfo(server));
        QSqlQuery q(conn.db());
        if (!q.exec(u"CREATE DATABASE \"%1\" TEMPLATE template0"_qs.arg(scratch.m_database))) {
            throw Error(u"cannot create a scratch database on %1 to build the schema on: %2 "
                        "(give an empty database with --dev-url URL instead)"_qs.arg(
                            server.masked(), serverMessage(q)));
        }
        // The mark a later Retort checks before dropping it as stale (ScratchName.h).
        if (!q.exec(u"COMMENT ON DATABASE \"%1\" IS %2"_qs.arg(scratch.m_database,
                                                               sqlQuoted(name.marker())))) {
            const QString message = serverMessage(q);
            QSqlQuery(conn.db()).exec(dropSql(scratch.m_database));
            throw Error(
                u"cannot mark the scratch database %1: %2"_qs.arg(scratch.m_database, message));
        }
    }
    {
        QMutexLocker lock(&registry().mutex);
        registry().live.append({conninfo(server).toUtf8(), scratch.m_database.toUtf8()});
    }
    scratch.m_live = true;
    scratch.m_url = server;
    scratch.m_url.database = scratch.m_database;
    scratch.m_url.url = u"postgresql:///"_qs + scratch.m_database; // masked() shows this name
    return scratch;
}

int ScratchDatabase::madeInThisProcess()
{
    return g_made;
}

ScratchDatabase::ScratchDatabase(ScratchDatabase &&other) noexcept
    : m_url(std::move(other.m_url))
    , m_admin(std::move(other.m_admin))
    , m_database(std::move(other.m_database))
    , m_dev(other.m_dev)
    , m_restoreSchemas(std::move(other.m_restoreSchemas))
    , m_defaultPrivileges(std::move(other.m_defaultPrivileges))
    , m_live(std::exchange(other.m_live, false))
{}

ScratchDatabase::~ScratchDatabase()
{
    cleanUp();
}

void ScratchDatabase::cleanUp() noexcept
{
    if (!m_live)
        return;
    m_live = false;
    try {
        if (m_dev) {
            ScopedConnection conn(m_url, u"diff-dev-clean"_qs);
            execOrThrow(conn.db(), QString::fromLatin1(kQuiet),
                        u"cannot clean the dev database"_qs);
            QSqlQuery q = execOrThrow(
                conn.db(),
                u"SELECT pg_catalog.quote_ident(nspname) FROM pg_catalog.pg_namespace WHERE "
                "nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_'"_qs,
                u"cannot list the dev database's schemas"_qs);
            QStringList schemas;
            while (q.next())
                schemas << q.value(0).toString();
            for (const QString &s : schemas)
                execOrThrow(conn.db(), u"DROP SCHEMA "_qs + s + u" CASCADE"_qs,
                            u"cannot clean the dev database"_qs);
            for (const QString &sql : m_restoreSchemas)
                execOrThrow(conn.db(), sql, u"cannot restore the dev database's schemas"_qs);
            // Role-wide default privileges belong to no schema: set back as they were.
            for (const DefaultPrivilegeChange &c :
                 defaultPrivilegeChanges(readDefaultPrivileges(conn.db()), m_defaultPrivileges,
                                         [](const QString &) { return false; }))
                execOrThrow(conn.db(), c.sql,
                            u"cannot restore the dev database's default privileges"_qs);
            return;
        }
        {
            ScopedConnection admin(m_admin, u"diff-scratch-drop"_qs);
            execOrThrow(admin.db(), QString::fromLatin1(kQuiet),
                        u"cannot drop the scratch database"_qs);
            execOrThrow(admin.db(), dropSql(m_database), u"cannot drop the scratch database"_qs);
        }
        QMutexLocker lock(&registry().mutex);
        registry().live.removeIf(
            [&](const auto &entry) { return entry.second == m_database.toUtf8(); });
    } catch (const Error &e) {
        // Nothing to throw to (a destructor): said once, with what is left behind.
        const QString what =
            m_dev ? u"the dev database %1 was not emptied"_qs.arg(m_url.masked())
                  : u"the scratch database %1 was not dropped (a later Retort drops it once "
                    "this one has exited)"_qs.arg(m_database);
        qWarning("warning: %s: %s", qPrintable(what), qPrintable(e.message()));
    }
}

} // namespace retort::diff
