#include "Error.h"
#include "TestDatabases.h"
#include "TestFiles.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "db/LibpqOnDemand.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

using retort::Access;
using retort::DatabaseUrl;
using retort::ScopedConnection;
using retort::test::EnvGuard;
using retort::test::errorOf;

namespace {

// The message of the retort::Error `f` throws; fails the test if it throws none.
QString parseError(const QString &url)
{
    return errorOf([&] { DatabaseUrl::parse(url, u"/base"_qs); });
}

QString openError(const QString &url, const QString &base = u"/base"_qs,
                  Access access = Access::ReadWrite)
{
    return errorOf([&] { ScopedConnection c(DatabaseUrl::parse(url, base), u"test"_qs, access); });
}

QVariant selectOne(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return QVariant(query.lastError().text());
    return query.value(0);
}

// A raw TCP socket on 127.0.0.1: port 0 picks a free one. Closed on destruction.
class TcpSocket {
public:
    explicit TcpSocket(bool listening)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0 ||
            (listening && ::listen(m_fd, 4) != 0))
            qFatal("cannot set up a TCP socket");
        m_port = ntohs(addr.sin_port);
    }
    ~TcpSocket() { ::close(m_fd); }
    TcpSocket(const TcpSocket &) = delete;
    TcpSocket &operator=(const TcpSocket &) = delete;
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

// The test server's URL with a different user, password and database.
QString withLogin(const QString &testUrl, const QString &userInfo, const QString &database)
{
    const DatabaseUrl url = DatabaseUrl::parse(testUrl, {});
    return u"postgresql://%1@%2:%3/%4"_qs.arg(userInfo, url.host)
        .arg(url.port > 0 ? url.port : 5432)
        .arg(database);
}

} // namespace

class TestConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // First: nothing before it may have opened a PostgreSQL connection.
    void libpqLoadsOnFirstUse();

    // URLs
    void parsePostgres();
    void parsePostgresForms();
    void parsePercentEncoded();
    void parseSqlite();
    void parseErrors();
    void maskPassword();
    void roundTripsToText_data();
    void roundTripsToText();

    // SQLite
    void sqliteCreatesInTemporaryDir();
    void sqliteInMemory();
    void sqliteReadOnlyFile();
    void sqliteReadOnlyFolder();
    void sqliteMissingFolder();
    void sqliteNotADatabase();

    // PostgreSQL
    void postgresOpen();
    void postgresMissingDatabase();
    void postgresWrongPassword();
    void postgresPasswordFromEnvironment();
    void postgresRefused();
    void postgresTimeout();
    void postgresFromTwoThreads();
};

// libpq is not linked in (LibpqOnDemand.h): loaded by loadLibpq(), which opening a
// PostgreSQL connection calls, and then the PQ* functions reach it.
void TestConnection::libpqLoadsOnFirstUse()
{
    QVERIFY2(!dlopen("libpq.so.5", RTLD_LAZY | RTLD_NOLOAD), "libpq was loaded at start");
    retort::loadLibpq();
    void *const loaded = dlopen("libpq.so.5", RTLD_LAZY | RTLD_NOLOAD);
    QVERIFY(loaded);
    dlclose(loaded); // drops the reference dlopen just took
    QVERIFY2(PQlibVersion() >= 100000, qPrintable(QString::number(PQlibVersion())));
    // libpq's own answers for null handles, as callers rely on them.
    QCOMPARE(PQstatus(nullptr), CONNECTION_BAD);
    QCOMPARE(PQtransactionStatus(nullptr), PQTRANS_UNKNOWN);
    PQfinish(nullptr);
    PQclear(nullptr);
    PQfreeCancel(nullptr);
}

void TestConnection::parsePostgres()
{
    const auto url = DatabaseUrl::parse(
        u"postgresql://alice:s3cret@db.example.com:6543/shop?sslmode=require&connect_timeout=7"_qs,
        u"/base"_qs);
    QCOMPARE(url.dialect(), u"postgresql"_qs);
    QVERIFY(url.isPostgres());
    QCOMPARE(url.user, u"alice"_qs);
    QCOMPARE(url.password, u"s3cret"_qs);
    QCOMPARE(url.host, u"db.example.com"_qs);
    QCOMPARE(url.port, 6543);
    QCOMPARE(url.database, u"shop"_qs);
    QCOMPARE(url.queryValue(u"sslmode"_qs), u"require"_qs);
    QCOMPARE(url.queryValue(u"connect_timeout"_qs), u"7"_qs);
    QCOMPARE(url.query.size(), 2);
    QCOMPARE(
        url.masked(),
        u"postgresql://alice:***@db.example.com:6543/shop?sslmode=require&connect_timeout=7"_qs);
}

void TestConnection::parsePostgresForms()
{
    const auto driver = DatabaseUrl::parse(u"postgresql+psycopg2://bob@localhost/app"_qs, {});
    QCOMPARE(driver.dialect(), u"postgresql"_qs);
    QCOMPARE(driver.user, u"bob"_qs);
    QVERIFY(driver.password.isEmpty());
    QCOMPARE(driver.port, -1);
    QCOMPARE(driver.masked(), u"postgresql+psycopg2://bob@localhost/app"_qs);

    const auto shortScheme = DatabaseUrl::parse(u"postgres://u:p@h:5432/d"_qs, {});
    QCOMPARE(shortScheme.dialect(), u"postgresql"_qs);
    QCOMPARE(shortScheme.port, 5432);

    const auto socket = DatabaseUrl::parse(u"postgresql://carol@/app?host=/run/postgresql"_qs, {});
    QCOMPARE(socket.user, u"carol"_qs);
    QCOMPARE(socket.host, u"/run/postgresql"_qs);
    QCOMPARE(socket.database, u"app"_qs);
    QVERIFY(socket.query.isEmpty()); // host is folded into .host, not passed twice

    const auto bare = DatabaseUrl::parse(u"postgresql:///app"_qs, {});
    QVERIFY(bare.host.isEmpty());
    QVERIFY(bare.user.isEmpty());
    QCOMPARE(bare.database, u"app"_qs);

    const auto v6 = DatabaseUrl::parse(u"postgresql://u@[::1]:5433/d"_qs, {});
    QCOMPARE(v6.host, u"::1"_qs);
    QCOMPARE(v6.port, 5433);
}

void TestConnection::parsePercentEncoded()
{
    const auto url = DatabaseUrl::parse(
        u"postgresql://us%40er:p%40ss%3Aw%2Fd%25@host/my%20db?application_name=a+b"_qs, {});
    QCOMPARE(url.user, u"us@er"_qs);
    QCOMPARE(url.password, u"p@ss:w/d%"_qs);
    QCOMPARE(url.database, u"my db"_qs);
    QCOMPARE(url.queryValue(u"application_name"_qs), u"a b"_qs);
    QCOMPARE(url.masked(), u"postgresql://us%40er:***@host/my%20db?application_name=a+b"_qs);
}

void TestConnection::parseSqlite()
{
    const auto relative = DatabaseUrl::parse(u"sqlite:///data/../app.db"_qs, u"/projects/x"_qs);
    QCOMPARE(relative.dialect(), u"sqlite"_qs);
    QVERIFY(relative.isSqlite());
    QCOMPARE(relative.sqlitePath, u"/projects/x/app.db"_qs);
    QVERIFY(!relative.inMemory);

    const auto absolute = DatabaseUrl::parse(u"sqlite:////var/lib/app.db"_qs, u"/projects/x"_qs);
    QCOMPARE(absolute.sqlitePath, u"/var/lib/app.db"_qs);

    for (const QString &memory : {u"sqlite://"_qs, u"sqlite:///:memory:"_qs}) {
        const auto url = DatabaseUrl::parse(memory, u"/projects/x"_qs);
        QVERIFY2(url.inMemory, qPrintable(memory));
        QVERIFY(url.sqlitePath.isEmpty());
    }

    const auto timeout = DatabaseUrl::parse(u"sqlite:///a.db?timeout=1.5"_qs, u"/p"_qs);
    QCOMPARE(timeout.queryValue(u"timeout"_qs), u"1.5"_qs);
}

void TestConnection::parseErrors()
{
    QString e = parseError(u"mysql://root:hunter22@db/app"_qs);
    QVERIFY2(e.contains(u"unknown database scheme 'mysql'"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"postgresql://"_qs) && e.contains(u"sqlite://"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"root:***@db"_qs) && !e.contains(u"hunter22"_qs), qPrintable(e));

    e = parseError(u"postgresql://u:hunter22@db:54x2/app"_qs);
    QVERIFY2(e.contains(u"bad port '54x2'"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"u:***@db:54x2"_qs) && !e.contains(u"hunter22"_qs), qPrintable(e));

    QVERIFY(parseError(u"postgresql://h:70000/d"_qs).contains(u"bad port '70000'"_qs));
    QVERIFY(parseError(u"postgresql://h:0/d"_qs).contains(u"bad port"_qs));
    QVERIFY(parseError(u"postgresql://h:/d"_qs).contains(u"port"_qs));
    QVERIFY(parseError(u"postgresql://u@[::1/d"_qs).contains(u"malformed"_qs));
    QVERIFY(
        parseError(u"postgresql://h/d?connect_timeout=soon"_qs).contains(u"connect_timeout"_qs));
    QVERIFY(parseError(u"postgresql://h/d?novalue"_qs).contains(u"novalue"_qs));

    e = parseError(u"just-a-path.db"_qs);
    QVERIFY2(e.contains(u"malformed database URL"_qs), qPrintable(e));
    QVERIFY(parseError(u"://x"_qs).contains(u"malformed"_qs));
    QVERIFY(parseError(QString()).contains(u"no database URL"_qs));

    QVERIFY(parseError(u"sqlite://host/app.db"_qs).contains(u"no host"_qs));
    QVERIFY(parseError(u"sqlite:///a.db?journal=wal"_qs).contains(u"unknown sqlite parameter"_qs));
    QVERIFY(parseError(u"sqlite:///a.db?timeout=-1"_qs).contains(u"timeout"_qs));
}

void TestConnection::maskPassword()
{
    QCOMPARE(DatabaseUrl::maskPassword(u"postgresql://u:pw@h/d"_qs), u"postgresql://u:***@h/d"_qs);
    QCOMPARE(DatabaseUrl::maskPassword(u"postgresql://u@h/d"_qs), u"postgresql://u@h/d"_qs);
    QCOMPARE(DatabaseUrl::maskPassword(u"postgresql://h/d?password=pw&sslmode=disable"_qs),
             u"postgresql://h/d?password=***&sslmode=disable"_qs);
    // Even text that is not a valid URL loses its password.
    QCOMPARE(DatabaseUrl::maskPassword(u"oracle://u:p/w@h:bad"_qs), u"oracle://u:***@h:bad"_qs);
}

void TestConnection::roundTripsToText_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("ssl")
        << u"postgresql://app:s3cr%40t@db.example.com:6543/shop?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt"_qs;
    QTest::newRow("socket") << u"postgresql://carol@/app?host=/var/run/postgresql"_qs;
    QTest::newRow("socket with password")
        << u"postgresql://carol:pw@/app?host=/var/run/postgresql&port=5433"_qs;
    QTest::newRow("password parameter")
        << u"postgresql://h/d?password=hunter22&application_name=a+b"_qs;
    QTest::newRow("sslpassword parameter")
        << u"postgresql://u@h/d?sslkey=/k.pem&sslpassword=hunter22key&sslmode=require"_qs;
    QTest::newRow("driver") << u"postgresql+psycopg2://bob:x@localhost/app?connect_timeout=7"_qs;
    QTest::newRow("ipv6") << u"postgresql://u:p@[::1]:5433/d"_qs;
    QTest::newRow("encoded")
        << u"postgresql://us%40er:p%40ss%3Aw%2Fd%25@host/my%20db?options=-c%20search_path%3Dx"_qs;
    QTest::newRow("bare") << u"postgresql:///app"_qs;
    QTest::newRow("sqlite") << u"sqlite:///data/my%20app.db?timeout=2"_qs;
    QTest::newRow("sqlite memory") << u"sqlite://"_qs;
}

// Every part of a URL survives toText(), and Password::Omit leaves no password anywhere:
// the window stores URLs with it.
void TestConnection::roundTripsToText()
{
    QFETCH(QString, url);
    const auto original = DatabaseUrl::parse(url, u"/base"_qs);
    const auto same = DatabaseUrl::parse(original.toText(DatabaseUrl::Password::Keep), u"/x"_qs);
    QCOMPARE(same.kind, original.kind);
    QCOMPARE(same.user, original.user);
    QCOMPARE(same.password, original.password);
    QCOMPARE(same.host, original.host);
    QCOMPARE(same.port, original.port);
    QCOMPARE(same.database, original.database);
    QCOMPARE(same.query, original.query);
    QCOMPARE(same.sqlitePath, original.sqlitePath);
    QCOMPARE(same.inMemory, original.inMemory);

    const QString stored = original.toText(DatabaseUrl::Password::Omit);
    const auto withoutPassword = DatabaseUrl::parse(stored, u"/base"_qs);
    QVERIFY(withoutPassword.password.isEmpty());
    QVERIFY2(!stored.contains(u"password"_qs, Qt::CaseInsensitive) &&
                 !stored.contains(u"hunter"_qs) && !stored.contains(u"s3cr"_qs) &&
                 !stored.contains(u"ss%3A"_qs),
             qPrintable(stored));
    QCOMPARE(withoutPassword.host, original.host);
    QCOMPARE(withoutPassword.query.size(),
             original.query.size() - (original.queryValue(u"password"_qs).isEmpty() ? 0 : 1) -
                 (original.queryValue(u"sslpassword"_qs).isEmpty() ? 0 : 1));
}

void TestConnection::sqliteCreatesInTemporaryDir()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString name;
    {
        ScopedConnection c(DatabaseUrl::parse(u"sqlite:///app.db"_qs, dir.path()), u"create"_qs);
        name = c.name();
        QVERIFY(name.startsWith(u"create-"_qs));
        QVERIFY(QSqlDatabase::contains(name));
        QCOMPARE(selectOne(c.db(), u"PRAGMA foreign_keys"_qs).toInt(), 1);
        QSqlQuery q(c.db());
        QVERIFY(q.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY)"_qs));
        QVERIFY(q.exec(u"INSERT INTO t VALUES (42)"_qs));
    }
    QVERIFY(!QSqlDatabase::contains(name)); // closed and removed with its scope
    QVERIFY(QFile::exists(dir.filePath(u"app.db"_qs)));

    // Read-only access sees the data, and moving the connection keeps it open once.
    ScopedConnection first(DatabaseUrl::parse(u"sqlite:///app.db"_qs, dir.path()), u"ro"_qs,
                           Access::ReadOnly);
    ScopedConnection moved = std::move(first);
    QCOMPARE(selectOne(moved.db(), u"SELECT id FROM t"_qs).toInt(), 42);
}

void TestConnection::sqliteInMemory()
{
    ScopedConnection c(DatabaseUrl::parse(u"sqlite://"_qs, {}), u"memory"_qs);
    QCOMPARE(selectOne(c.db(), u"SELECT 1 + 1"_qs).toInt(), 2);
}

void TestConnection::sqliteReadOnlyFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"ro.db"_qs);
    {
        ScopedConnection c(DatabaseUrl::parse(u"sqlite:///ro.db"_qs, dir.path()), u"make"_qs);
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));

    const QString e = openError(u"sqlite:///ro.db"_qs, dir.path());
    QVERIFY2(e.contains(u"the SQLite file %1 is read-only"_qs.arg(path)), qPrintable(e));
    // Reading it is fine.
    QVERIFY(openError(u"sqlite:///ro.db"_qs, dir.path(), Access::ReadOnly) == u"<no error>"_qs);
}

void TestConnection::sqliteReadOnlyFolder()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"locked"_qs);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadUser |
                                              QFile::ExeUser));
    const QString e = openError(u"sqlite:///locked/new.db"_qs, dir.path());
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY2(e.contains(u"the folder %1 is read-only"_qs.arg(folder)), qPrintable(e));
    QVERIFY(!QFile::exists(folder + u"/new.db"_qs));
}

void TestConnection::sqliteMissingFolder()
{
    QTemporaryDir dir;
    const QString e = openError(u"sqlite:///no/such/app.db"_qs, dir.path());
    QVERIFY2(e.contains(u"the folder %1 does not exist"_qs.arg(dir.filePath(u"no/such"_qs))),
             qPrintable(e));
    QVERIFY(e.contains(u"sqlite:///no/such/app.db"_qs));
    QVERIFY(!QFile::exists(dir.filePath(u"no"_qs)));

    // Read-only access does not create a missing file.
    const QString ro = openError(u"sqlite:///absent.db"_qs, dir.path(), Access::ReadOnly);
    QVERIFY2(ro.contains(u"does not exist"_qs), qPrintable(ro));
    QVERIFY(!QFile::exists(dir.filePath(u"absent.db"_qs)));
}

void TestConnection::sqliteNotADatabase()
{
    QTemporaryDir dir;
    retort::test::writeFile(dir.path(), u"junk.db"_qs,
                            QByteArray("this is not a database, just text\n").repeated(200));
    const QString e = openError(u"sqlite:///junk.db"_qs, dir.path());
    QVERIFY2(e.contains(u"not a usable SQLite database"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"SQLite said: "_qs), qPrintable(e));
}

void TestConnection::postgresOpen()
{
    RETORT_REQUIRE_POSTGRES(pgUrl);
    ScopedConnection c(DatabaseUrl::parse(pgUrl, {}), u"open"_qs);
    QCOMPARE(selectOne(c.db(), u"SELECT 1"_qs).toInt(), 1);
    QCOMPARE(selectOne(c.db(), u"SELECT current_setting('application_name')"_qs).toString(),
             u"retort"_qs);
}

void TestConnection::postgresMissingDatabase()
{
    RETORT_REQUIRE_POSTGRES(pgUrl);
    const QString e = openError(withLogin(pgUrl, u"retort"_qs, u"retort_no_such_db"_qs));
    QVERIFY2(e.contains(u"the database retort_no_such_db does not exist"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"PostgreSQL said: "_qs) &&
                 e.contains(u"database \"retort_no_such_db\" does not exist"_qs),
             qPrintable(e));
}

void TestConnection::postgresWrongPassword()
{
    RETORT_REQUIRE_POSTGRES(pgUrl);
    // scripts/pg-throwaway.sh: retort_pw has password "secret", required over TCP for
    // retort_pw_db.
    const QString e =
        openError(withLogin(pgUrl, u"retort_pw:not-the-secret"_qs, u"retort_pw_db"_qs));
    QVERIFY2(e.contains(u"authentication failed for user retort_pw"_qs), qPrintable(e));
    QVERIFY2(e.contains(u"retort_pw:***@"_qs), qPrintable(e));
    QVERIFY2(!e.contains(u"not-the-secret"_qs), qPrintable(e));

    // The right one works, so the failure above was the password.
    ScopedConnection c(
        DatabaseUrl::parse(withLogin(pgUrl, u"retort_pw:secret"_qs, u"retort_pw_db"_qs), {}),
        u"pw"_qs);
    QCOMPARE(selectOne(c.db(), u"SELECT current_user"_qs).toString(), u"retort_pw"_qs);
}

void TestConnection::postgresPasswordFromEnvironment()
{
    RETORT_REQUIRE_POSTGRES(pgUrl);
    const EnvGuard password("PGPASSWORD");
    const EnvGuard passfile("PGPASSFILE");
    QTemporaryDir dir;
    const QString noPassword = withLogin(pgUrl, u"retort_pw"_qs, u"retort_pw_db"_qs);

    qunsetenv("PGPASSWORD");
    qputenv("PGPASSFILE", dir.filePath(u"none"_qs).toLocal8Bit());
    const QString e = openError(noPassword);
    QVERIFY2(e.contains(u"none was given"_qs), qPrintable(e));

    qputenv("PGPASSWORD", "secret");
    QCOMPARE(openError(noPassword), u"<no error>"_qs);

    qunsetenv("PGPASSWORD");
    const DatabaseUrl url = DatabaseUrl::parse(pgUrl, {});
    const QString line = u"%1:%2:retort_pw_db:retort_pw:secret\n"_qs.arg(url.host).arg(url.port);
    const QString pgpass = retort::test::writeFile(dir.path(), u"pgpass"_qs, line.toUtf8());
    QVERIFY(QFile::setPermissions(pgpass, QFile::ReadOwner | QFile::WriteOwner));
    qputenv("PGPASSFILE", pgpass.toLocal8Bit());
    QCOMPARE(openError(noPassword), u"<no error>"_qs);
}

void TestConnection::postgresRefused()
{
    int port = 0;
    {
        const TcpSocket probe(false); // bound, then closed: nothing listens there afterwards
        port = probe.port();
    }
    QElapsedTimer timer;
    timer.start();
    const QString e = openError(u"postgresql://retort:pw@127.0.0.1:%1/retort_test"_qs.arg(port));
    QVERIFY2(e.contains(u"127.0.0.1:%1 refused the connection"_qs.arg(port)), qPrintable(e));
    QVERIFY2(e.contains(u"PostgreSQL said: "_qs), qPrintable(e));
    QVERIFY(e.contains(u"retort:***@"_qs));
    QVERIFY(timer.elapsed() < 5000);
}

void TestConnection::postgresTimeout()
{
    // A socket that listens but never answers: the kernel accepts the TCP connection and
    // libpq then waits for a server that says nothing, until connect_timeout.
    const TcpSocket silent(true);
    QElapsedTimer timer;
    timer.start();
    const QString e = openError(
        u"postgresql://retort@127.0.0.1:%1/retort_test?connect_timeout=2"_qs.arg(silent.port()));
    const qint64 ms = timer.elapsed();
    QVERIFY2(e.contains(u"no answer from 127.0.0.1:%1 within 2 s"_qs.arg(silent.port())),
             qPrintable(e));
    QVERIFY2(ms >= 1500 && ms < 8000, qPrintable(QString::number(ms)));
}

void TestConnection::postgresFromTwoThreads()
{
    RETORT_REQUIRE_POSTGRES(pgUrl);
    const DatabaseUrl url = DatabaseUrl::parse(pgUrl, {});
    std::atomic<int> ok{0};
    QStringList names;
    QMutex namesMutex;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back(QThread::create([&] {
            for (int i = 0; i < 5; ++i) {
                try {
                    ScopedConnection c(url, u"worker"_qs);
                    {
                        const QMutexLocker lock(&namesMutex);
                        names << c.name();
                    }
                    if (selectOne(c.db(), u"SELECT pg_backend_pid()"_qs).toInt() > 0)
                        ++ok;
                } catch (const retort::Error &e) {
                    qWarning("%s", qPrintable(e.message()));
                }
            }
        }));
    }
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        QVERIFY(thread->wait(60000));
    QCOMPARE(ok.load(), 10);
    names.removeDuplicates();
    QCOMPARE(names.size(), 10);
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
