// Restoring a PostgreSQL backup over its own database after upgrades that added tables
// with foreign keys into the old ones, views, types, an extension, functions, sequences
// and a schema: the database must come back exactly as `pg_dump` saw it at the backup
// (schema and data), or, when the restore cannot finish, stay exactly as it was.
#include "TestProject.h"
#include "TestSession.h"
#include "backup/Backup.h"
#include "backup/Restore.h"

#include <QProcess>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

QByteArray migration(const QByteArray &id, const QByteArray &parent, const QByteArray &upgrade)
{
    return "-- " + id + " step\n--\n-- Revision ID: " + id + "\n-- Revises: " + parent +
           "\n\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\n";
}

const QByteArray kBackupPoint =
    "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);\n"
    "CREATE SEQUENCE invoice_no START 100;\n"
    "CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM users';\n"
    "CREATE VIEW user_emails AS SELECT email FROM users;\n"
    "INSERT INTO users (email) VALUES ('a@x.org'), ('b@x.org'), ('c@x.org');\n"
    "SELECT nextval('invoice_no');\n";

const QByteArray kLaterUpgrade =
    "CREATE EXTENSION citext;\n"
    "CREATE TYPE mood AS ENUM ('ok', 'sad');\n"
    "CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id), "
    "m mood, note citext);\n"
    "INSERT INTO orders (user_id, m, note) VALUES (1, 'ok', 'x'), (2, 'sad', 'y');\n"
    "CREATE VIEW order_users AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = "
    "o.user_id;\n"
    "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';\n"
    "CREATE SEQUENCE later_seq;\n"
    "CREATE SCHEMA extra;\n"
    "CREATE TABLE extra.audit (user_id int REFERENCES public.users(id));\n"
    "INSERT INTO extra.audit VALUES (1);\n"
    "ALTER TABLE users ADD COLUMN name text;\n"
    "UPDATE users SET email = 'changed@x.org' WHERE id = 3;\n"
    "DELETE FROM users WHERE id = 3;\n"
    "SELECT setval('invoice_no', 500);\n";

// pg_dump's text for the database: the schema, and the data (less the ledger, which a
// restore appends to).
QString pgDump(const QString &url, const QStringList &what)
{
    QProcess p;
    p.start(u"pg_dump"_qs, what + QStringList{u"--no-password"_qs, u"--dbname"_qs, url});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        qFatal("pg_dump failed: %s", p.readAllStandardError().constData());
    // Less the random \restrict key recent pg_dump versions put around the script.
    QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n');
    lines.removeIf([](const QString &l) {
        return l.startsWith(u"\\restrict "_qs) || l.startsWith(u"\\unrestrict "_qs);
    });
    return lines.join(u'\n');
}

QString schemaAndData(const QString &url)
{
    return pgDump(url, {u"--schema-only"_qs}) +
           pgDump(url, {u"--data-only"_qs, u"--exclude-table-data=retort_ledger*"_qs});
}

QString urlOf(const QString &serverUrl, const QString &database)
{
    return serverUrl.left(serverUrl.lastIndexOf(u'/') + 1) + database;
}

// Databases whose name starts with `prefix` (a half-done restore would leave one).
QStringList databasesLike(const QString &prefix)
{
    return queryColumn(postgresTestUrl(),
                       u"SELECT datname FROM pg_database WHERE starts_with(datname, '%1') ORDER "
                       "BY 1"_qs.arg(prefix));
}

void adminExec(const QString &sql)
{
    ScopedConnection c(DatabaseUrl::parse(postgresTestUrl(), {}), u"test-admin"_qs);
    execOrThrow(c.db(), sql, u"test admin"_qs);
}

struct Upgraded {
    TestProject project;
    QString url;
    QString database;
    BackupInfo backup;
    QString atBackup; // schemaAndData at the backup
};

} // namespace

class TestRestoreOver : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    // At r1 with rows, backed up, then upgraded to r2 (which adds everything listed above).
    void prepare(Upgraded &u)
    {
        u.project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "", kBackupPoint));
        u.project.writeRaw(u"versions/r2.sql"_qs, migration("r2", "r1", kLaterUpgrade));
        u.url = freshDatabaseUrl(u"postgresql"_qs, m_tmp.path());
        u.database = u.url.mid(u.url.lastIndexOf(u'/') + 1);
        const TestSession s{u.project.ini(), u.url};
        s.upgrade(u"r1"_qs);
        u.atBackup = schemaAndData(u.url);
        Backup::Options o;
        o.folder = s.project().config.backupDir;
        u.backup = Backup::create(s.parsed(), o);
        s.upgrade(u"head"_qs);
        QCOMPARE(s.heads(), QStringList{u"r2"_qs});
    }

private Q_SLOTS:
    void restoreBringsBackExactlyTheBackup()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        Upgraded u;
        prepare(u);
        QVERIFY(schemaAndData(u.url) != u.atBackup);
        // The database's own privileges go over to the restored one.
        adminExec(u"REVOKE CONNECT, TEMPORARY ON DATABASE %1 FROM PUBLIC"_qs.arg(u.database));
        adminExec(
            u"GRANT CONNECT ON DATABASE %1 TO retort_pw WITH GRANT OPTION"_qs.arg(u.database));
        const QString aclSql =
            u"SELECT datacl::text FROM pg_database WHERE datname = '%1'"_qs.arg(u.database);
        const QStringList acl = queryColumn(postgresTestUrl(), aclSql);
        QVERIFY2(acl.value(0).contains(u"retort_pw=c*/"_qs), qPrintable(acl.value(0)));

        const Restore::Result r = Restore::run(u.backup.path, DatabaseUrl::parse(u.url, {}));
        QCOMPARE(queryColumn(postgresTestUrl(), aclSql), acl);
        QCOMPARE(schemaAndData(u.url), u.atBackup);
        QCOMPARE(versionRows(u.url), QStringList{u"r1"_qs});
        QCOMPARE(queryColumn(u.url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        QCOMPARE(queryColumn(u.url, u"SELECT count(*) FROM pg_extension WHERE extname = "
                                    "'citext'"_qs),
                 QStringList{u"0"_qs});
        QCOMPARE(queryColumn(u.url, u"SELECT count(*) FROM retort_ledger WHERE direction = "
                                    "'restore'"_qs),
                 QStringList{u"1"_qs});
        // The database as it was is kept, untouched, under the name the result gives.
        QVERIFY(r.previous.startsWith(u.database + u"_before_restore_"_qs));
        const QString previousUrl = urlOf(u.url, r.previous);
        QCOMPARE(queryColumn(previousUrl, u"SELECT count(*) FROM orders"_qs), QStringList{u"2"_qs});
        QCOMPARE(databasesLike(u.database + u"_restoring_"_qs), QStringList());
        adminExec(u"DROP DATABASE "_qs + r.previous);

        // And it upgrades again like any other.
        const TestSession s{u.project.ini(), u.url};
        s.upgrade(u"head"_qs);
        QCOMPARE(s.heads(), QStringList{u"r2"_qs});
    }

    void failedRestoreLeavesTheDatabaseAsItWas()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        // A role the backup grants to, dropped after it: pg_restore fails at the GRANT,
        // after the tables and their rows went in.
        const QString role = u"rs_reader_%1"_qs.arg(QRandomGenerator::global()->generate(), 0, 16);
        Upgraded u;
        u.project.writeRaw(
            u"versions/r1.sql"_qs,
            migration("r1", "",
                      kBackupPoint + "GRANT SELECT ON users TO " + role.toUtf8() + ";\n"));
        u.project.writeRaw(u"versions/r2.sql"_qs, migration("r2", "r1", kLaterUpgrade));
        adminExec(u"CREATE ROLE "_qs + role);
        u.url = freshDatabaseUrl(u"postgresql"_qs, m_tmp.path());
        u.database = u.url.mid(u.url.lastIndexOf(u'/') + 1);
        const TestSession s{u.project.ini(), u.url};
        s.upgrade(u"r1"_qs);
        Backup::Options o;
        o.folder = s.project().config.backupDir;
        u.backup = Backup::create(s.parsed(), o);
        s.upgrade(u"head"_qs);
        {
            ScopedConnection c(DatabaseUrl::parse(u.url, {}), u"test-revoke"_qs);
            execOrThrow(c.db(), u"REVOKE ALL ON users FROM "_qs + role, u"revoke"_qs);
        }
        adminExec(u"DROP ROLE "_qs + role);
        const QString before = schemaAndData(u.url);
        const QString ledgerBefore =
            queryColumn(u.url, u"SELECT count(*) FROM retort_ledger"_qs)[0];

        const QString error =
            errorOf([&] { Restore::run(u.backup.path, DatabaseUrl::parse(u.url, {})); });
        QVERIFY2(error.contains(u"the database was left as it was"_qs), qPrintable(error));
        QVERIFY2(error.contains(role), qPrintable(error));
        QCOMPARE(schemaAndData(u.url), before);
        QCOMPARE(queryColumn(u.url, u"SELECT count(*) FROM retort_ledger"_qs)[0], ledgerBefore);
        QCOMPARE(versionRows(u.url), QStringList{u"r2"_qs});
        QCOMPARE(databasesLike(u.database + u"_"_qs), QStringList());
    }

    void restoreIsRefusedWhileAnotherSessionIsConnected()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        Upgraded u;
        prepare(u);
        const QString before = schemaAndData(u.url);
        QString error;
        {
            ScopedConnection other(DatabaseUrl::parse(u.url, {}), u"test-other"_qs);
            error = errorOf([&] { Restore::run(u.backup.path, DatabaseUrl::parse(u.url, {})); });
        }
        QVERIFY2(error.contains(u"other sessions are connected to it"_qs), qPrintable(error));
        QVERIFY2(error.contains(u"Nothing was changed"_qs), qPrintable(error));
        QCOMPARE(schemaAndData(u.url), before);
        QCOMPARE(databasesLike(u.database + u"_"_qs), QStringList());
    }

    void restoreIsRefusedWithoutCreateDb()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        const QString role = u"rs_owner_%1"_qs.arg(QRandomGenerator::global()->generate(), 0, 16);
        const QString database = role + u"_db"_qs;
        adminExec(u"CREATE ROLE %1 LOGIN NOCREATEDB"_qs.arg(role));
        adminExec(u"CREATE DATABASE %1 OWNER %2"_qs.arg(database, role));
        QString url = urlOf(postgresTestUrl(), database);
        url.replace(u"://"_qs + DatabaseUrl::parse(postgresTestUrl(), {}).user + u'@',
                    u"://"_qs + role + u'@');
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "", kBackupPoint));
        const TestSession s{project.ini(), url};
        s.upgrade(u"r1"_qs);
        Backup::Options o;
        o.folder = s.project().config.backupDir;
        const BackupInfo b = Backup::create(s.parsed(), o);
        const QString before = schemaAndData(url);

        const QString error = errorOf([&] { Restore::run(b.path, s.parsed()); });
        QVERIFY2(error.contains(u"may not create databases"_qs), qPrintable(error));
        QVERIFY2(error.contains(u"ALTER ROLE %1 CREATEDB"_qs.arg(role)), qPrintable(error));
        QCOMPARE(schemaAndData(url), before);
        adminExec(u"DROP DATABASE "_qs + database);
        adminExec(u"DROP ROLE "_qs + role);
    }

    // After a failed `upgrade --backup` that committed part of the run, the command its
    // message prints puts the database back as it was before the upgrade.
    void restoreCommandPrintedAfterAFailedBackupUpgradeWorks()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "", kBackupPoint));
        project.writeRaw(u"versions/r2.sql"_qs, migration("r2", "r1", kLaterUpgrade));
        project.writeRaw(u"versions/r3.sql"_qs,
                         migration("r3", "r2", "INSERT INTO no_such_table VALUES (1);"));
        const QString url = freshDatabaseUrl(u"postgresql"_qs, m_tmp.path());
        const TestSession s{project.ini(), url};
        s.upgrade(u"r1"_qs);
        const QString atBackup = schemaAndData(url);

        QProcess upgrade;
        upgrade.start(QStringLiteral(RETORT_CLI),
                      {u"-c"_qs, project.ini(), u"--url"_qs, url, u"upgrade"_qs, u"head"_qs,
                       u"--backup"_qs, u"--transaction-per-migration"_qs});
        QVERIFY(upgrade.waitForFinished(120000));
        const QString err = QString::fromUtf8(upgrade.readAllStandardError());
        QCOMPARE(upgrade.exitCode(), 1);
        QVERIFY2(
            err.contains(u"Committed before the failure, and still applied: upgrade r1 -> r2"_qs),
            qPrintable(err));
        QVERIFY2(!err.contains(u"The upgrade was rolled back"_qs), qPrintable(err));
        QCOMPARE(versionRows(url), QStringList{u"r2"_qs});

        const QString marker = u"To put the database back as it was before the upgrade: "_qs;
        QVERIFY2(err.contains(marker), qPrintable(err));
        QString command = err.mid(err.indexOf(marker) + marker.size()).section(u'\n', 0, 0);
        QVERIFY2(command.startsWith(u"retort -c "_qs), qPrintable(command));
        command.replace(0, 6, u"'%1'"_qs.arg(QStringLiteral(RETORT_CLI)));
        QProcess restore;
        restore.start(u"/bin/sh"_qs, {u"-c"_qs, command});
        QVERIFY(restore.waitForFinished(120000));
        const QString restoreLog = QString::fromUtf8(restore.readAllStandardError());
        QVERIFY2(restore.exitCode() == 0, qPrintable(restoreLog));
        QCOMPARE(schemaAndData(url), atBackup);
        QCOMPARE(versionRows(url), QStringList{u"r1"_qs});
        const QString kept = restoreLog.section(u"is kept as "_qs, 1).section(u' ', 0, 0);
        QVERIFY(!kept.isEmpty());
        adminExec(u"DROP DATABASE "_qs + kept);
    }
};

QTEST_GUILESS_MAIN(TestRestoreOver)
#include "tst_restoreover.moc"
