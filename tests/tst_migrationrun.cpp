// Upgrade, downgrade, stamp and verify on real SQLite files and a real PostgreSQL
// server, through core's API: the sample project end to end, failures that must leave
// the database as it was, and edited files that verify must catch.
#include "Error.h"
#include "Project.h"
#include "TestProject.h"
#include "TestSession.h"
#include "run/MigrationRunner.h"
#include "run/Planner.h"
#include "run/Verification.h"

#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");
const QString kUnfixed = QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_unfixed");

// Runs commands on one project and database the way the CLI does.
struct Session : TestSession {
    using TestSession::TestSession;
    Verification verify() const
    {
        const Project p = project();
        ScopedConnection conn(DatabaseUrl::parse(url, p.config.projectDir), u"test-verify"_qs);
        return verifyDatabase(p, conn.db(), settings());
    }
};

} // namespace

class TestMigrationRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString databaseFor(const QString &dialect) { return freshDatabaseUrl(dialect, m_tmp.path()); }

private Q_SLOTS:
    void dialects_data() { addDialectRows(); }

    void sampleUpgradeHeadAndDowngradeBase_data() { dialects_data(); }
    void sampleUpgradeHeadAndDowngradeBase()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};

        const MigrationPlan plan = s.upgrade(u"head"_qs);
        QCOMPARE(plan.migrationCount(), 4);
        // depends_on makes add_auth_tables run before add_project_code.
        QCOMPARE(plan.steps[1].revision, u"add_auth_tables"_qs);
        QCOMPARE(plan.steps[2].revision, u"add_project_code"_qs);
        QCOMPARE(s.heads(), QStringList{u"17c397cbdf9b"_qs});
        QCOMPARE(userTables(s.url), QStringList({u"assets"_qs, u"chunks"_qs, u"projects"_qs,
                                                 u"query_logs"_qs, u"users"_qs}));
        QCOMPARE(queryColumn(s.url, u"SELECT count(*) FROM retort_ledger WHERE outcome = 'ok' "
                                    "AND direction = 'upgrade'"_qs),
                 QStringList{u"4"_qs});
        QVERIFY(s.verify().ok());

        // Nothing to do at head: an empty plan, no new ledger rows.
        QCOMPARE(s.upgrade(u"head"_qs).migrationCount(), 0);

        s.downgrade(u"base"_qs);
        QCOMPARE(s.heads(), QStringList());
        QCOMPARE(userTables(s.url), QStringList());
    }

    void branchesAndMergePoint_data() { dialects_data(); }
    void branchesAndMergePoint()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};

        s.upgrade(u"add_auth_tables"_qs);
        QCOMPARE(s.heads(), QStringList{u"add_auth_tables"_qs});
        QVERIFY(userTables(s.url).contains(u"users"_qs));
        // add_project_code along its own branch: an UPDATE of the add_auth_tables row,
        // because add_auth_tables is one of its (dependency) parents.
        s.upgrade(u"add_project_code"_qs);
        QCOMPARE(s.heads(), QStringList{u"add_project_code"_qs});
        s.upgrade(u"heads"_qs);
        QCOMPARE(s.heads(), QStringList{u"17c397cbdf9b"_qs});

        // Down from the merge point: an unmerge re-inserts the merged branches' rows, but
        // add_auth_tables is a dependency (an ancestor) of add_project_code, so with
        // Alembic 1.13.1's unmerge fix only add_project_code comes back (Alembic 1.8
        // would also re-insert add_auth_tables).
        s.downgrade(u"add_project_code"_qs);
        QCOMPARE(s.heads(), QStringList{u"add_project_code"_qs});
        s.downgrade(u"fee4cd54bd38"_qs);
        QCOMPARE(s.heads(), QStringList{u"fee4cd54bd38"_qs});
        QCOMPARE(userTables(s.url), QStringList({u"assets"_qs, u"chunks"_qs, u"projects"_qs}));
    }

    void stamp_data() { dialects_data(); }
    void stamp()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};

        s.stamp({u"add_auth_tables"_qs});
        QCOMPARE(s.heads(), QStringList{u"add_auth_tables"_qs});
        QCOMPARE(userTables(s.url), QStringList()); // stamping runs no migration
        s.stamp({u"heads"_qs});
        QCOMPARE(s.heads(), QStringList{u"17c397cbdf9b"_qs});
        s.stamp({u"base"_qs});
        QCOMPARE(s.heads(), QStringList());
        // Two targets, one the other's ancestor: two rows, as Alembic 1.8 writes them.
        s.stamp({u"add_auth_tables"_qs, u"fee4cd54bd38"_qs}, /*purge=*/true);
        QCOMPARE(s.heads(), QStringList({u"add_auth_tables"_qs, u"fee4cd54bd38"_qs}));
        s.stamp({u"add_auth_tables"_qs}, /*purge=*/true);
        QCOMPARE(s.heads(), QStringList{u"add_auth_tables"_qs});
        const QString unknown = errorOf([&] { s.stamp({u"nosuchrev"_qs}); });
        QVERIFY2(unknown.contains(u"nosuchrev"_qs), qPrintable(unknown));
        QCOMPARE(s.heads(), QStringList{u"add_auth_tables"_qs});
    }

    void failedMigrationLeavesDatabaseAsItWas_data() { dialects_data(); }
    void failedMigrationLeavesDatabaseAsItWas()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        // The real minirag history: add_project_code runs before add_auth_tables and
        // needs its column.
        TestProject project(kUnfixed);
        const Session s{project.ini(), databaseFor(dialect)};
        s.upgrade(u"fee4cd54bd38"_qs);
        const QStringList tablesBefore = userTables(s.url);

        const QString message = errorOf([&] { s.upgrade(u"head"_qs); });
        QVERIFY2(message.contains(u"revision add_project_code failed at "_qs), qPrintable(message));
        QVERIFY2(message.contains(u"add_project_code_add_project_code.sql:"_qs),
                 qPrintable(message));
        QVERIFY2(message.contains(u"user_id"_qs), qPrintable(message));
        QVERIFY2(message.contains(u"alembic_version is unchanged (fee4cd54bd38)"_qs),
                 qPrintable(message));
        QCOMPARE(s.heads(), QStringList{u"fee4cd54bd38"_qs});
        QCOMPARE(userTables(s.url), tablesBefore);
        QCOMPARE(queryColumn(s.url, u"SELECT revision FROM retort_ledger WHERE outcome = "
                                    "'failed'"_qs),
                 QStringList{u"add_project_code"_qs});
    }

    // A stamp's ledger row names the revisions it moved the version table between.
    void stampLedgerRowNamesItsRevisions_data() { dialects_data(); }
    void stampLedgerRowNamesItsRevisions()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};
        s.upgrade(u"fee4cd54bd38"_qs);
        s.stamp({u"add_auth_tables"_qs});
        QCOMPARE(queryColumn(s.url, u"SELECT revision || ' | ' || error_text FROM retort_ledger "
                                    "WHERE direction = 'stamp'"_qs),
                 QStringList{u"add_auth_tables | stamp fee4cd54bd38 -> add_auth_tables"_qs});
    }

    void syntaxErrorStopsBeforeAnythingRuns()
    {
        TestProject project;
        project.writeRaw(u"versions/a_first.sql"_qs,
                         "-- first\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE t1 (id int);\n");
        project.writeRaw(u"versions/b_second.sql"_qs,
                         "-- second\n--\n-- Revision ID: b2\n-- Revises: a1\n\n-- migrate:upgrade\n"
                         "CREATE TABLE t2 (id int);\nCREAT TABLE t3 (id int);\n");
        // PostgreSQL's parser finds it at planning time, with no server needed.
        const QString message = errorOf([&] {
            const Project p = Project::load(project.ini());
            Planner(p.graph, p.scripts, u"postgresql"_qs, u"alembic_version"_qs)
                .upgrade({}, u"head"_qs);
        });
        QVERIFY2(message.contains(u"b_second.sql:8: revision b2 (upgrade): "_qs),
                 qPrintable(message));
        QVERIFY2(message.contains(u"syntax error"_qs), qPrintable(message));
    }

    void verifyCatchesEditedAndMissingFiles_data() { dialects_data(); }
    void verifyCatchesEditedAndMissingFiles()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};
        s.upgrade(u"add_auth_tables"_qs);
        Verification v = s.verify();
        QCOMPARE(v.problems.size(), 1); // only: not at head
        QVERIFY2(v.problems[0].contains(u"not at head"_qs), qPrintable(v.problems[0]));

        // Edit an applied file's upgrade SQL.
        const QString path =
            project.file(u"versions/add_auth_tables_add_authentication_tables.sql"_qs);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        QVERIFY(text.contains("CREATE TABLE users"));
        text.replace("CREATE TABLE users", "CREATE TABLE IF NOT EXISTS users");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        f.close();
        v = s.verify();
        QVERIFY2(v.report().contains(u"add_auth_tables ("_qs) &&
                     v.report().contains(u"changed since it was applied"_qs),
                 qPrintable(v.report()));

        // A file of an applied revision that is gone.
        QVERIFY(QFile::remove(path));
        const QString missing = errorOf([&] { s.verify(); });
        QVERIFY2(missing.contains(u"add_auth_tables"_qs), qPrintable(missing));
    }

    void nonTransactionalRevisionRunsOutsideTheTransaction()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"versions/a.sql"_qs,
                         "-- table\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE big (id int, v text);\n");
        project.writeRaw(u"versions/b.sql"_qs,
                         "-- index\n--\n-- Revision ID: b2\n-- Revises: a1\n-- Transactional: "
                         "false\n\n-- migrate:upgrade\n"
                         "CREATE INDEX CONCURRENTLY ix_big_v ON big (v);\n");
        const Session s{project.ini(), databaseFor(u"postgresql"_qs)};
        s.upgrade(u"head"_qs);
        QCOMPARE(s.heads(), QStringList{u"b2"_qs});
        QCOMPARE(queryColumn(s.url, u"SELECT indexname FROM pg_indexes WHERE tablename = 'big'"_qs),
                 QStringList{u"ix_big_v"_qs});
    }
};

QTEST_GUILESS_MAIN(TestMigrationRun)
#include "tst_migrationrun.moc"
