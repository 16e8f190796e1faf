// Backup, restore and Backup & Upgrade on real SQLite files and the test PostgreSQL:
// a round trip must give back every row and the schema, and every failure (backup,
// upgrade, corrupt file, existing target) must leave the database as it was.
#include "Error.h"
#include "Project.h"
#include "TestProject.h"
#include "TestSession.h"
#include "backup/Backup.h"
#include "backup/BackupThenUpgrade.h"
#include "backup/Restore.h"
#include "run/MigrationRunner.h"
#include "run/Planner.h"
#include "schema/Catalog.h"
#include "schema/DescribeText.h"

#include <QProcess>
#include <QSqlRecord>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

struct Session : TestSession {
    using TestSession::TestSession;
    BackupInfo backup() const
    {
        Backup::Options o;
        o.folder = project().config.backupDir;
        return Backup::create(parsed(), o);
    }
    BackupThenUpgradeResult backupThenUpgrade(const QString &target) const
    {
        return retort::backupThenUpgrade(project(), parsed(), settings(), target);
    }
    QVector<BackupInfo> backups() const { return Backup::list(project().config.backupDir); }
};

// Rows in every sample table at add_auth_tables, in SQL both dialects accept.
void fillSample(const QString &url)
{
    ScopedConnection c(DatabaseUrl::parse(url, {}), u"test-fill"_qs);
    const QStringList statements = {
        u"INSERT INTO users (email, hashed_password) VALUES ('a@x.org', 'h1'), ('b@x.org', 'h2')"_qs,
        u"INSERT INTO projects (project_uuid, user_id) VALUES "
        "('11111111-1111-1111-1111-111111111111', 1), ('22222222-2222-2222-2222-222222222222', 2)"_qs,
        u"INSERT INTO assets (asset_project_id, asset_type, asset_name, asset_size, asset_config) "
        "VALUES (1, 'pdf', 'a.pdf', 100, '{\"k\": 1}'), (2, 'txt', 'b''s.txt', 7, NULL)"_qs,
        u"INSERT INTO chunks (chunk_text, chunk_metadata, chunk_order, chunk_project_id, "
        "chunk_asset_id) VALUES ('hello', '{\"p\": 2}', 0, 1, 1), ('wörld', NULL, 1, 2, 2)"_qs,
        u"INSERT INTO query_logs (user_id, project_id, query, response) VALUES "
        "(1, 1, 'q?', 'r!'), (2, NULL, 'q2', NULL)"_qs,
    };
    for (const QString &sql : statements)
        execOrThrow(c.db(), sql, u"fill"_qs);
}

// Every user table's \d text and every row, plus the version rows: what a restore must
// bring back exactly.
QString snapshot(const QString &url)
{
    const DatabaseUrl u = DatabaseUrl::parse(url, {});
    QString text = u"versions: "_qs + versionRows(url).join(u',') + u'\n';
    ScopedConnection c(u, u"test-snapshot"_qs);
    for (const QString &table : userTables(url)) {
        text += describeTableText(describeTable(c.db(), u.dialect(), table));
        QSqlQuery q = execOrThrow(c.db(), u"SELECT * FROM %1 ORDER BY 1"_qs.arg(table), u"rows"_qs);
        while (q.next()) {
            QStringList values;
            for (int i = 0; i < q.record().count(); ++i)
                values << (q.isNull(i) ? u"NULL"_qs : q.value(i).toString());
            text += values.join(u" | "_qs) + u'\n';
        }
    }
    return text;
}

} // namespace

class TestBackup : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    // A copy of the sample at add_auth_tables with rows in every table.
    Session filledSample(const TestProject &project, const QString &dialect)
    {
        const Session s{project.ini(), freshDatabaseUrl(dialect, m_tmp.path())};
        s.upgrade(u"add_auth_tables"_qs);
        fillSample(s.url);
        return s;
    }

private Q_SLOTS:
    void dialects_data() { addDialectRows(); }

    void fileNamesRoundTrip()
    {
        QTemporaryDir dir;
        const QDateTime when(QDate(2024, 12, 2), QTime(12, 0, 5), Qt::UTC);
        const QString path = BackupFile::freshPath(dir.path(), u"my_db"_qs,
                                                   {u"add_auth_tables"_qs, u"b2"_qs}, when, true);
        QCOMPARE(QFileInfo(path).fileName(), u"my-db_add_auth_tables+b2_20241202T120005Z.dump"_qs);
        QFile(path).open(QIODevice::WriteOnly);
        const QString second = BackupFile::freshPath(dir.path(), u"my_db"_qs, {}, when, false);
        QCOMPARE(QFileInfo(second).fileName(), u"my-db_base_20241202T120005Z.sqlite"_qs);
        const auto info = BackupFile::describe(path);
        QVERIFY(info);
        QCOMPARE(info->database, u"my-db"_qs);
        QCOMPARE(info->revisions, QStringList({u"add_auth_tables"_qs, u"b2"_qs}));
        QCOMPARE(info->created, when);
        QVERIFY(info->postgres);
        QCOMPARE(BackupFile::list(dir.path()).size(), 1);
    }

    void backupUpgradeRestoreRoundTrip_data() { dialects_data(); }
    void backupUpgradeRestoreRoundTrip()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s = filledSample(project, dialect);
        const QString before = snapshot(s.url);

        const BackupInfo b = s.backup();
        QVERIFY(QFileInfo::exists(b.path));
        QCOMPARE(b.revisions, QStringList{u"add_auth_tables"_qs});
        QCOMPARE(b.sha256.size(), 64);
        QCOMPARE(queryColumn(s.url, u"SELECT checksum FROM retort_ledger WHERE direction = "
                                    "'backup'"_qs),
                 QStringList{b.sha256});
        const QVector<BackupInfo> listed = s.backups();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].path, b.path);
        QCOMPARE(listed[0].revisions, b.revisions);
        QCOMPARE(listed[0].size, b.size);

        s.upgrade(u"head"_qs);
        QCOMPARE(versionRows(s.url), QStringList{u"17c397cbdf9b"_qs});
        QVERIFY(snapshot(s.url) != before);

        const Restore::Result r = Restore::run(b.path, s.parsed());
        QCOMPARE(r.previous.isEmpty(), dialect == u"sqlite"_qs); // the replaced database, kept
        QCOMPARE(snapshot(s.url), before);
        QCOMPARE(queryColumn(s.url, u"SELECT count(*) FROM retort_ledger WHERE direction = "
                                    "'restore'"_qs),
                 QStringList{u"1"_qs});
        // The restored database upgrades again like any other.
        s.upgrade(u"head"_qs);
        QCOMPARE(versionRows(s.url), QStringList{u"17c397cbdf9b"_qs});
    }

    void restoreIntoNewTarget_data() { dialects_data(); }
    void restoreIntoNewTarget()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s = filledSample(project, dialect);
        const QString before = snapshot(s.url);
        const BackupInfo b = s.backup();

        const bool pg = dialect == u"postgresql";
        const QString into =
            pg ? u"restored_%1"_qs.arg(QRandomGenerator::global()->generate(), 0, 16)
               : project.file(u"restored.db"_qs);
        Restore::run(b.path, s.parsed(), into);
        const QString intoUrl =
            pg ? s.url.left(s.url.lastIndexOf(u'/') + 1) + into : u"sqlite:///"_qs + into;
        QCOMPARE(snapshot(intoUrl), before);

        const QString error = errorOf([&] { Restore::run(b.path, s.parsed(), into); });
        QVERIFY2(error.contains(u"already exists"_qs), qPrintable(error));
        QCOMPARE(snapshot(intoUrl), before);
    }

    // Points backup_dir under a regular file: a folder that can never be created, even
    // by root.
    static bool blockBackupFolder(TestProject &project)
    {
        project.writeRaw(u"blocker"_qs, "not a folder");
        QFile ini(project.ini());
        if (!ini.open(QIODevice::Append))
            return false;
        return ini.write("backup_dir = blocker/backups\n") > 0;
    }

    void backupFailureUpgradesNothing_data() { dialects_data(); }
    void backupFailureUpgradesNothing()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        QVERIFY(blockBackupFolder(project));
        const Session s = filledSample(project, dialect);
        const QString before = snapshot(s.url);

        const QString error = errorOf([&] { s.backupThenUpgrade(u"head"_qs); });
        QVERIFY2(error.startsWith(u"backup failed, nothing was upgraded"_qs), qPrintable(error));
        QVERIFY2(error.contains(project.file(u"blocker/backups"_qs)), qPrintable(error));
        QCOMPARE(snapshot(s.url), before);
    }

    void missingPgDumpUpgradesNothing()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project(kSample);
        const Session s = filledSample(project, u"postgresql"_qs);
        const QString before = snapshot(s.url);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(m_tmp.path()));
        const QString error = errorOf([&] { s.backupThenUpgrade(u"head"_qs); });
        qputenv("PATH", path);
        QVERIFY2(error.contains(u"pg_dump was not found on PATH"_qs), qPrintable(error));
        QCOMPARE(snapshot(s.url), before);
        QCOMPARE(s.backups().size(), 0);
    }

    void upgradeFailureKeepsBackup_data() { dialects_data(); }
    void upgradeFailureKeepsBackup()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        // Parses and plans fine, fails on the server.
        project.writeRaw(u"versions/broken1_broken.sql"_qs,
                         "-- Broken\n--\n-- Revision ID: broken1\n-- Revises: 17c397cbdf9b\n\n"
                         "-- migrate:upgrade\nINSERT INTO no_such_table VALUES (1);\n\n"
                         "-- migrate:downgrade\n");
        const Session s = filledSample(project, dialect);
        const QString before = snapshot(s.url);

        QString backupPath;
        try {
            s.backupThenUpgrade(u"head"_qs);
            QFAIL("the broken upgrade succeeded");
        } catch (const UpgradeAfterBackupError &e) {
            backupPath = e.backup().path;
            QVERIFY2(e.message().contains(backupPath), qPrintable(e.message()));
            QVERIFY2(e.message().contains(u"no_such_table"_qs), qPrintable(e.message()));
        }
        QCOMPARE(versionRows(s.url), QStringList{u"add_auth_tables"_qs});
        QCOMPARE(snapshot(s.url), before);
        const QVector<BackupInfo> listed = s.backups();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].path, backupPath);
        QCOMPARE(listed[0].revisions, QStringList{u"add_auth_tables"_qs});
    }

    void nothingToUpgradeTakesNoBackup()
    {
        TestProject project(kSample);
        const Session s{project.ini(), freshDatabaseUrl(u"sqlite"_qs, m_tmp.path())};
        s.upgrade(u"head"_qs);
        const BackupThenUpgradeResult r = s.backupThenUpgrade(u"head"_qs);
        QVERIFY(!r.backup);
        QCOMPARE(s.backups().size(), 0);
    }

    void corruptBackupLeavesDatabase_data() { dialects_data(); }
    void corruptBackupLeavesDatabase()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s = filledSample(project, dialect);
        const QString before = snapshot(s.url);
        const QString bad = project.file(dialect == u"postgresql"
                                             ? u"db_add_auth_tables_20240101T000000Z.dump"_qs
                                             : u"db_add_auth_tables_20240101T000000Z.sqlite"_qs);
        project.writeRaw(QFileInfo(bad).fileName(), QByteArray(4096, 'x'));
        const QString error = errorOf([&] { Restore::run(bad, s.parsed()); });
        QVERIFY2(error.contains(u"is corrupt or unreadable"_qs), qPrintable(error));
        QCOMPARE(snapshot(s.url), before);
    }

    // A dump whose table of contents is intact but whose data is damaged or cut short:
    // refused before the database is touched, named as not a valid or complete backup
    // (pg_restore itself says "out of memory" or a zlib error halfway through a restore).
    void damagedDumpDataIsNamed()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project(kSample);
        const Session s = filledSample(project, u"postgresql"_qs);
        execOrThrow(ScopedConnection(s.parsed(), u"test-rows"_qs).db(),
                    u"INSERT INTO query_logs (user_id, query) SELECT 1, md5(g::text) FROM "
                    "generate_series(1, 50000) g"_qs,
                    u"rows"_qs);
        const BackupInfo b = s.backup();
        const QString before = snapshot(s.url);
        QFile file(b.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray good = file.readAll();
        file.close();

        QByteArray damaged = good;
        for (qsizetype i = damaged.size() / 2; i < damaged.size() / 2 + 64; ++i)
            damaged[i] = char(0xff);
        const QByteArray truncated = good.left(good.size() / 2);
        for (const QByteArray &bad : {damaged, truncated}) {
            const QString path = project.file(u"db_add_auth_tables_20240101T000000Z.dump"_qs);
            project.writeRaw(QFileInfo(path).fileName(), bad);
            const QString error = errorOf([&] { Restore::run(path, s.parsed()); });
            QVERIFY2(error.contains(u"the backup %1 is corrupt or unreadable: it is not a valid or "
                                    "complete pg_dump archive"_qs.arg(path)),
                     qPrintable(error));
            QCOMPARE(snapshot(s.url), before);
        }
    }

    // `retort backup` prints "Backed up to" only for a backup that exists.
    void failedBackupPrintsNoBackedUpTo_data() { dialects_data(); }
    void failedBackupPrintsNoBackedUpTo()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        QVERIFY(blockBackupFolder(project));
        const Session s = filledSample(project, dialect);
        QProcess p;
        p.start(QStringLiteral(RETORT_CLI),
                {u"-c"_qs, project.ini(), u"--url"_qs, s.url, u"backup"_qs});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), QString());
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(u"blocker/backups"_qs));
    }

    void cancelLeavesNoFile_data() { dialects_data(); }
    void cancelLeavesNoFile()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s = filledSample(project, dialect);
        std::atomic<bool> cancel{true};
        Backup::Options o;
        o.folder = s.project().config.backupDir;
        o.progress.cancel = &cancel;
        const QString error = errorOf([&] { Backup::create(s.parsed(), o); });
        QVERIFY2(error.startsWith(u"cancelled"_qs), qPrintable(error));
        QCOMPARE(QDir(o.folder).entryList(QDir::Files), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
