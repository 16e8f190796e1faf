// Passwords and private files: a password never reaches a child's command line or a
// message, whatever characters it holds, and backups (and copies of them) are owner-only.
#include "Error.h"
#include "TestDatabases.h"
#include "backup/Backup.h"
#include "backup/PgClientTools.h"
#include "backup/Restore.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "db/SqlExec.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

using namespace retort;
using retort::test::EnvGuard;
using retort::test::errorOf;

namespace {

// A password with every character that should have been percent-encoded in a URL.
const QString kAwkwardPassword = QStringLiteral("Pw@d0r&3x:y/z?q#r%s");
const QString kAwkwardRole = QStringLiteral("retort_awkward");

mode_t modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 07777;
    return st.st_mode & 07777;
}

// Sets the process umask for one test, so results do not depend on the caller's.
class UmaskGuard {
public:
    explicit UmaskGuard(mode_t mask)
        : m_old(::umask(mask))
    {}
    ~UmaskGuard() { ::umask(m_old); }
    UmaskGuard(const UmaskGuard &) = delete;
    UmaskGuard &operator=(const UmaskGuard &) = delete;

private:
    mode_t m_old;
};

QByteArray readProc(qint64 pid, const char *what)
{
    QFile f(u"/proc/%1/%2"_qs.arg(pid).arg(QLatin1String(what)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every child of this process named pg_dump or pg_restore seen while `work` runs, with
// its command line and environment as /proc shows them (NULs turned into spaces/newlines).
struct SeenChild {
    QString name;
    QByteArray cmdline;
    QByteArray environ;
    QString passfile;
    mode_t passfileMode = 0;
    mode_t passfileFolderMode = 0;
};

QList<SeenChild> watchChildren(const std::function<void()> &work)
{
    std::atomic<bool> done{false};
    QList<SeenChild> seen;
    QSet<qint64> known;
    std::thread poller([&] {
        const QString self = QString::number(::getpid());
        while (!done) {
            const QStringList pids = QDir(u"/proc"_qs).entryList(QDir::Dirs);
            for (const QString &pidText : pids) {
                bool ok = false;
                const qint64 pid = pidText.toLongLong(&ok);
                if (!ok || known.contains(pid))
                    continue;
                const QByteArray status = readProc(pid, "status");
                if (!status.contains(QByteArray("\nPPid:\t" + self.toLatin1() + '\n')))
                    continue;
                const QString name = QString::fromLatin1(readProc(pid, "comm")).trimmed();
                if (name != u"pg_dump" && name != u"pg_restore")
                    continue;
                SeenChild child;
                child.name = name;
                child.cmdline = readProc(pid, "cmdline");
                child.environ = readProc(pid, "environ");
                for (const QByteArray &var : child.environ.split('\0'))
                    if (var.startsWith("PGPASSFILE="))
                        child.passfile = QFile::decodeName(var.mid(11));
                if (!child.passfile.isEmpty()) {
                    child.passfileMode = modeOf(child.passfile);
                    child.passfileFolderMode = modeOf(QFileInfo(child.passfile).absolutePath());
                }
                child.cmdline.replace('\0', ' ');
                child.environ.replace('\0', '\n');
                known.insert(pid);
                seen.append(child);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    try {
        work();
    } catch (...) {
        done = true;
        poller.join();
        throw;
    }
    done = true;
    poller.join();
    return seen;
}

} // namespace

class TestSecrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void urlPasswords_data();
    void urlPasswords();
    void redactServerMessages();
    void connectionErrorsHideAwkwardPasswords();
    void childEnvironmentFiles();
    void cliErrorsHideUrlPasswords_data();
    void cliErrorsHideUrlPasswords();
    void childProcessesGetNoPassword_data();
    void childProcessesGetNoPassword();
    void backupFilesAreOwnerOnly_data();
    void backupFilesAreOwnerOnly();
    void sqliteRestoreCopyIsOwnerOnly();
};

void TestSecrets::urlPasswords_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password"); // what the user meant; empty: none
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("error"); // empty: the URL is valid

    const auto row = [](const char *name, const QString &url, const QString &password,
                        const QString &user, const QString &host, const QString &database,
                        const QString &error = {}) {
        QTest::newRow(name) << url << password << user << host << database << error;
    };
    row("at, the issue's", u"postgresql://app:p@dor&3xyz@db.example.com:5432/shop"_qs,
        u"p@dor&3xyz"_qs, u"app"_qs, u"db.example.com"_qs, u"shop"_qs);
    row("at, doubled", u"postgresql://app:dor&3xyz@@h/d"_qs, u"dor&3xyz@"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("at, leading", u"postgresql://app:@lead1ng@h/d"_qs, u"@lead1ng"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("colons", u"postgresql://app:pa:ss:wd@h/d"_qs, u"pa:ss:wd"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("slash", u"postgresql://app:pa/ss@h/d"_qs, u"pa/ss"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("question mark", u"postgresql://app:pa?ss@h/d"_qs, u"pa?ss"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("hash", u"postgresql://app:pa#ss@h/d"_qs, u"pa#ss"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("bare percent", u"postgresql://app:pa%ss@h/d"_qs, u"pa%ss"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("percent at the end", u"postgresql://app:passw%4@h/d"_qs, u"passw%4"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("encoded", u"postgresql://app:p%40ss%2Fw%3Fd%25@h/d"_qs, u"p@ss/w?d%"_qs, u"app"_qs,
        u"h"_qs, u"d"_qs);
    row("everything", u"postgresql://app:"_qs + kAwkwardPassword + u"@h:5433/d?sslmode=disable"_qs,
        kAwkwardPassword, u"app"_qs, u"h"_qs, u"d"_qs);
    row("at, then a query with an at", u"postgresql://app:p@ss1@h/d?application_name=me@laptop"_qs,
        u"p@ss1"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("user with an at (Azure)", u"postgresql://admin@server:p@ss2@h/d"_qs, u"p@ss2"_qs,
        u"admin@server"_qs, u"h"_qs, u"d"_qs);
    row("IPv6 host", u"postgresql://app:p@[ss]3@[::1]:5432/d"_qs, u"p@[ss]3"_qs, u"app"_qs,
        u"::1"_qs, u"d"_qs);
    row("blank and quotes", u"postgresql://app:p 'q\\@h/d"_qs, u"p 'q\\"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("not ASCII", u"postgresql://app:pässwörd@h/d"_qs, u"pässwörd"_qs, u"app"_qs, u"h"_qs,
        u"d"_qs);
    row("query password", u"postgresql://app@h/d?password=qp%40ss%26x&sslmode=require"_qs,
        u"qp@ss&x"_qs, u"app"_qs, u"h"_qs, u"d"_qs);
    row("query password, raw ampersand",
        u"postgresql://app@h/d?password=qp@ss&x1&sslmode=require"_qs, u"qp@ss&x1"_qs, u"app"_qs,
        u"h"_qs, u"d"_qs);
    row("query password, upper case", u"postgresql://app@h/d?PASSWORD=Upp3r&sslmode=require"_qs,
        u"Upp3r"_qs, u"app"_qs, u"h"_qs, u"d"_qs, u"*"_qs);
    // libpq and SQLAlchemy both read a '?' before the '@' as part of the user name (libpq
    // looks for the first '@' or '/'; SQLAlchemy's user is [^:/]*): the text after its ':'
    // is the password they send, so it must be masked.
    row("question mark in the user", u"postgresql://u?x:PASS1w@/"_qs, u"PASS1w"_qs, u"u?x"_qs,
        QString(), QString());
    row("question mark in the user, host", u"postgresql://app?x:Pq2z@h/d"_qs, u"Pq2z"_qs,
        u"app?x"_qs, u"h"_qs, u"d"_qs);
    row("no password, at in the path", u"postgresql://app@h/d@x"_qs, QString(), u"app"_qs, u"h"_qs,
        u"d@x"_qs);
    row("bad port", u"postgresql://app:s3cr@t/x@h:54x2/d"_qs, u"s3cr@t/x"_qs, QString(), QString(),
        QString(), u"bad port"_qs);
    row("bad scheme", u"mysql://app:my@pass/w@h/d"_qs, u"my@pass/w"_qs, QString(), QString(),
        QString(), u"unknown database scheme"_qs);
    row("bad query pair", u"postgresql://app:qu@ery?@h/d?nokey"_qs, u"qu@ery?"_qs, QString(),
        QString(), QString(), u"not key=value"_qs);
}

void TestSecrets::urlPasswords()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(QString, database);
    QFETCH(QString, error);

    const QString masked = DatabaseUrl::maskPassword(url);
    QVERIFY2(password.isEmpty() || !masked.contains(password), qPrintable(masked));
    QVERIFY2(password.isEmpty() || masked.contains(u"***"_qs), qPrintable(masked));
    if (!error.isEmpty() && error != u"*") {
        const QString message = errorOf([&] { DatabaseUrl::parse(url, {}); });
        QVERIFY2(message.contains(error), qPrintable(message));
        QVERIFY2(!message.contains(password), qPrintable(message));
        QVERIFY2(message.contains(u"***"_qs), qPrintable(message));
        return;
    }
    const DatabaseUrl parsed = DatabaseUrl::parse(url, {});
    // An upper-case PASSWORD is not libpq's parameter: it stays a (rejected) parameter, but
    // it is still masked wherever the URL is printed.
    if (error == u"*") {
        QVERIFY(parsed.password.isEmpty());
        return;
    }
    QCOMPARE(parsed.password, password);
    QCOMPARE(parsed.user, user);
    QCOMPARE(parsed.host, host);
    QCOMPARE(parsed.database, database);
    for (const auto &[key, value] : parsed.query)
        QVERIFY2(key != u"password", qPrintable(value)); // never a parameter for children
    QVERIFY2(password.isEmpty() || !parsed.masked().contains(password),
             qPrintable(parsed.masked()));

    // Round trip: the same parts written the correct (percent-encoded) way parse alike.
    const auto enc = [](const QString &s) {
        return QString::fromLatin1(QUrl::toPercentEncoding(s));
    };
    QString canonical = u"postgresql://"_qs + enc(user);
    if (!password.isEmpty())
        canonical += u':' + enc(password);
    canonical += u'@' + (host.contains(u':') ? u'[' + host + u']' : host) + u'/' + enc(database);
    const DatabaseUrl again = DatabaseUrl::parse(canonical, {});
    QCOMPARE(again.password, password);
    QCOMPARE(again.user, user);
    QCOMPARE(again.host, host);
    QCOMPARE(again.database, database);
}

void TestSecrets::redactServerMessages()
{
    const DatabaseUrl url = DatabaseUrl::parse(
        u"postgresql://app:"_qs + kAwkwardPassword + u"@h/d?sslpassword=k3yPass"_qs, {});
    const QString text = u"FATAL: bad password "_qs + kAwkwardPassword + u" or "_qs +
                         QString::fromLatin1(kAwkwardPassword.toUtf8().toPercentEncoding()) +
                         u" for key k3yPass in host=h password='x y' dbname=d"_qs;
    const QString redacted = url.redact(text);
    QVERIFY2(!redacted.contains(kAwkwardPassword), qPrintable(redacted));
    QVERIFY2(!redacted.contains(u"k3yPass"_qs), qPrintable(redacted));
    QVERIFY2(!redacted.contains(u"x y"_qs), qPrintable(redacted));
    QVERIFY2(!redacted.contains(u"Pw%40"_qs), qPrintable(redacted));
    QVERIFY2(redacted.contains(u"dbname=d"_qs), qPrintable(redacted));
}

// A wrong awkward password against the real server: the message names the failure and
// never quotes the password, not even a piece of it.
void TestSecrets::connectionErrorsHideAwkwardPasswords()
{
    RETORT_REQUIRE_POSTGRES(serverUrl);
    const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
    const QString wrong = u"Wr0ng@pa/ss?w#rd"_qs;
    const QString url =
        u"postgresql://retort_pw:%1@%2:%3/retort_pw_db"_qs.arg(wrong, server.host).arg(server.port);
    const QString message =
        errorOf([&] { ScopedConnection c(DatabaseUrl::parse(url, {}), u"t"_qs); });
    QVERIFY2(message.contains(u"authentication failed"_qs), qPrintable(message));
    for (const QString &piece : {wrong, u"pa/ss"_qs, u"ss?w"_qs, u"w#rd"_qs})
        QVERIFY2(!message.contains(piece), qPrintable(message));
}

// What a child gets, without a server: the password in a 0600 passfile with libpq's
// escapes, sslpassword in a 0600 service file, both in a 0700 folder removed afterwards,
// and neither in the arguments.
void TestSecrets::childEnvironmentFiles()
{
    const EnvGuard keep("PGPASSWORD");
    qputenv("PGPASSWORD", "the-users-own");
    const DatabaseUrl url = DatabaseUrl::parse(
        u"postgresql://app:a%3Ab%5Cc@h:5433/d?sslmode=require&sslpassword=k3y%3Apass"_qs, {});
    const QStringList args = PgClientTools::connectionArguments(url);
    QVERIFY2(!args.join(u' ').contains(u"k3y"_qs) && !args.join(u' ').contains(u"a:b"_qs),
             qPrintable(args.join(u' ')));
    QVERIFY2(args.join(u' ').contains(u"sslmode='require'"_qs), qPrintable(args.join(u' ')));
    QString folder;
    {
        const PgClientTools::ChildEnvironment env(url);
        const QProcessEnvironment &vars = env.variables();
        QVERIFY(!vars.contains(u"PGPASSWORD"_qs)); // the URL's password wins
        const QString passfile = vars.value(u"PGPASSFILE"_qs);
        const QString service = vars.value(u"PGSERVICEFILE"_qs);
        folder = QFileInfo(passfile).absolutePath();
        QCOMPARE(QFileInfo(service).absolutePath(), folder);
        QCOMPARE(vars.value(u"PGSERVICE"_qs), u"retort"_qs);
        QCOMPARE(modeOf(folder), mode_t(0700));
        QCOMPARE(modeOf(passfile), mode_t(0600));
        QCOMPARE(modeOf(service), mode_t(0600));
        QFile p(passfile);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QCOMPARE(p.readAll(), QByteArray("*:*:*:*:a\\:b\\\\c\n"));
        QFile s(service);
        QVERIFY(s.open(QIODevice::ReadOnly));
        QCOMPARE(s.readAll(), QByteArray("[retort]\nsslpassword=k3y:pass\n"));
    }
    QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));

    // No password in the URL: the user's own PGPASSWORD or ~/.pgpass serve, untouched.
    const PgClientTools::ChildEnvironment plain(DatabaseUrl::parse(u"postgresql://app@h/d"_qs, {}));
    QCOMPARE(plain.variables().value(u"PGPASSWORD"_qs), u"the-users-own"_qs);
    QVERIFY(!plain.variables().contains(u"PGPASSFILE"_qs));
}

void TestSecrets::cliErrorsHideUrlPasswords_data()
{
    QTest::addColumn<QStringList>("arguments"); // after -c retort.ini
    const QString url = u"postgresql://u:Cl1@Secret/x@127.0.0.1:1/d"_qs;
    QTest::newRow("--url URL") << QStringList{u"--url"_qs, url, u"current"_qs};
    QTest::newRow("--url=URL") << QStringList{u"--url="_qs + url, u"current"_qs};
    QTest::newRow("an unknown option") << QStringList{u"--uri="_qs + url, u"current"_qs};
    QTest::newRow("an unknown verb option") << QStringList{u"current"_qs, u"--uri="_qs + url};
    QTest::newRow("a URL as the revision")
        << QStringList{u"--url"_qs, u"sqlite:///x.db"_qs, u"upgrade"_qs, url};
}

// The CLI's FAILED: line never quotes the password, however the URL reached it.
void TestSecrets::cliErrorsHideUrlPasswords()
{
    QFETCH(QStringList, arguments);
    QTemporaryDir dir;
    QFile ini(dir.filePath(u"retort.ini"_qs));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[retort]\nscript_location = versions\n");
    ini.close();
    QVERIFY(QDir(dir.path()).mkdir(u"versions"_qs));
    QProcess retort;
    retort.setWorkingDirectory(dir.path());
    retort.start(QStringLiteral(RETORT_CLI), QStringList{u"-c"_qs, ini.fileName()} + arguments);
    QVERIFY(retort.waitForFinished(30000));
    const QString err = QString::fromUtf8(retort.readAllStandardError());
    QVERIFY2(retort.exitCode() != 0, qPrintable(err));
    QVERIFY2(err.contains(u"FAILED: "_qs), qPrintable(err));
    for (const QString &piece : {u"Cl1"_qs, u"Secret"_qs})
        QVERIFY2(!err.contains(piece), qPrintable(err));
}

void TestSecrets::childProcessesGetNoPassword_data()
{
    QTest::addColumn<bool>("inQuery");
    QTest::newRow("password in the userinfo, unencoded") << false;
    QTest::newRow("password in ?password=") << true;
}

// A real backup and restore as a role with a scram password over TCP (pg-throwaway.sh asks
// for a password on retort_pw_db): /proc/<pid>/cmdline of pg_dump and pg_restore, read
// while they run, holds the connection but not the password; the passfile they read is
// 0600 in a 0700 folder, and gone afterwards.
void TestSecrets::childProcessesGetNoPassword()
{
    QFETCH(bool, inQuery);
    RETORT_REQUIRE_POSTGRES(serverUrl);
    const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
    {
        ScopedConnection admin(server, u"secrets-admin"_qs);
        QString literal = kAwkwardPassword;
        literal.replace(u'\'', u"''"_qs);
        // Kept between runs (it owns tables in retort_pw_db); its password is set again.
        // CREATEDB: a restore over a database builds the backup in a new one and swaps it in.
        QSqlQuery exists = execOrThrow(admin.db(), u"SELECT 1 FROM pg_roles WHERE rolname = ?"_qs,
                                       u"roles"_qs, {kAwkwardRole});
        execOrThrow(
            admin.db(),
            exists.next()
                ? u"ALTER ROLE %1 LOGIN CREATEDB PASSWORD '%2'"_qs.arg(kAwkwardRole, literal)
                : u"CREATE ROLE %1 LOGIN CREATEDB PASSWORD '%2' IN ROLE retort_pw"_qs.arg(
                      kAwkwardRole, literal),
            u"create role"_qs);
    }
    const QString hostPort = u"%1:%2"_qs.arg(server.host).arg(server.port);
    const QString urlText =
        inQuery ? u"postgresql://%1@%2/retort_pw_db?password=%3&connect_timeout=10"_qs.arg(
                      kAwkwardRole, hostPort,
                      QString::fromLatin1(QUrl::toPercentEncoding(kAwkwardPassword)))
                : u"postgresql://%1:%2@%3/retort_pw_db"_qs.arg(kAwkwardRole, kAwkwardPassword,
                                                               hostPort);
    const DatabaseUrl url = DatabaseUrl::parse(urlText, {});
    QCOMPARE(url.password, kAwkwardPassword);
    {
        // Enough rows that pg_dump and pg_restore run for a while.
        ScopedConnection c(url, u"secrets-fill"_qs);
        execOrThrow(c.db(), u"DROP TABLE IF EXISTS secrets_rows"_qs, u"drop"_qs);
        execOrThrow(c.db(),
                    u"CREATE TABLE secrets_rows AS SELECT g AS id, md5(g::text) AS t FROM "
                    "generate_series(1, 200000) g"_qs,
                    u"fill"_qs);
    }
    QTemporaryDir folder;
    Backup::Options options;
    options.folder = folder.filePath(u"backups"_qs);
    BackupInfo backup;
    QList<SeenChild> seen = watchChildren([&] { backup = Backup::create(url, options); });
    seen += watchChildren([&] { Restore::run(backup.path, url, {}); });

    const QByteArray secret = kAwkwardPassword.toUtf8();
    const QByteArray encoded = QUrl::toPercentEncoding(kAwkwardPassword);
    QStringList names;
    for (const SeenChild &child : std::as_const(seen)) {
        names << child.name;
        QVERIFY2(!child.cmdline.contains(secret) && !child.cmdline.contains(encoded),
                 child.cmdline.constData());
        QVERIFY2(!QByteArray(child.cmdline).replace("--no-password", "").contains("password"),
                 child.cmdline.constData());
        if (!child.cmdline.contains("retort_pw_db"))
            continue; // pg_restore --list: no connection
        QVERIFY2(!child.environ.contains(secret), "the password is in the environment");
        QVERIFY2(!child.passfile.isEmpty(), child.environ.constData());
        QCOMPARE(child.passfileMode, mode_t(0600));
        QCOMPARE(child.passfileFolderMode, mode_t(0700));
        QVERIFY2(!QFileInfo::exists(child.passfile), qPrintable(child.passfile));
        QVERIFY(!QFileInfo::exists(QFileInfo(child.passfile).absolutePath()));
    }
    QVERIFY2(names.contains(u"pg_dump"_qs), qPrintable(names.join(u' ')));
    QVERIFY2(names.contains(u"pg_restore"_qs), qPrintable(names.join(u' ')));
    const auto connected = std::count_if(seen.cbegin(), seen.cend(), [](const SeenChild &c) {
        return c.cmdline.contains("retort_pw_db");
    });
    QVERIFY2(connected >= 2, "pg_dump and pg_restore were not both caught connected");

    ScopedConnection c(url, u"secrets-check"_qs);
    QSqlQuery q = execOrThrow(c.db(), u"SELECT count(*) FROM secrets_rows"_qs, u"count"_qs);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 200000);
    execOrThrow(c.db(), u"DROP TABLE secrets_rows"_qs, u"drop"_qs);
}

void TestSecrets::backupFilesAreOwnerOnly_data()
{
    retort::test::addDialectRows();
}

// Created 0600 in a folder created 0700, whatever the umask: not chmod-ed afterwards.
void TestSecrets::backupFilesAreOwnerOnly()
{
    QFETCH(QString, dialect);
    RETORT_REQUIRE_DIALECT(dialect);
    const UmaskGuard umask(022);
    QTemporaryDir dir;
    QString urlText = retort::test::postgresTestUrl();
    if (dialect == u"sqlite") {
        urlText = u"sqlite:///"_qs + dir.filePath(u"app.db"_qs);
        ScopedConnection c(DatabaseUrl::parse(urlText, {}), u"secrets-sqlite"_qs);
        execOrThrow(c.db(), u"CREATE TABLE t (x int)"_qs, u"create"_qs);
        execOrThrow(c.db(), u"INSERT INTO t VALUES (1), (2)"_qs, u"insert"_qs);
    }
    const DatabaseUrl url = DatabaseUrl::parse(urlText, {});
    Backup::Options options;
    options.folder = dir.filePath(u"not/yet/backups"_qs);
    const BackupInfo first = Backup::create(url, options);
    const BackupInfo second = Backup::create(url, options); // same second: "-2"
    QCOMPARE(modeOf(options.folder), mode_t(0700));
    QCOMPARE(modeOf(first.path), mode_t(0600));
    QCOMPARE(modeOf(second.path), mode_t(0600));
    QVERIFY(first.path != second.path);
    QCOMPARE(Backup::list(options.folder).size(), 2);
}

// Restoring a SQLite backup into a new file makes a copy of the data: owner-only too.
void TestSecrets::sqliteRestoreCopyIsOwnerOnly()
{
    const UmaskGuard umask(022);
    QTemporaryDir dir;
    const QString urlText = u"sqlite:///"_qs + dir.filePath(u"app.db"_qs);
    {
        ScopedConnection c(DatabaseUrl::parse(urlText, {}), u"secrets-sqlite"_qs);
        execOrThrow(c.db(), u"CREATE TABLE t (x int)"_qs, u"create"_qs);
    }
    ::chmod(QFile::encodeName(dir.filePath(u"app.db"_qs)).constData(), 0640);
    Backup::Options options;
    options.folder = dir.filePath(u"backups"_qs);
    const DatabaseUrl url = DatabaseUrl::parse(urlText, {});
    const BackupInfo backup = Backup::create(url, options);
    const QString copy = dir.filePath(u"copy.db"_qs);
    Restore::run(backup.path, url, copy);
    QCOMPARE(modeOf(copy), mode_t(0600));
    Restore::run(backup.path, url, {}); // over the database: its own mode is kept
    QCOMPARE(modeOf(dir.filePath(u"app.db"_qs)), mode_t(0640));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
