// What a failed run says must be what happened, on real SQLite and PostgreSQL: a COMMIT
// (or any transaction statement) in a transactional migration is refused before anything
// runs, naming file:line; "rolled back" is said only when the server's transaction was
// still open; a run with --transaction-per-migration names what it committed, what it
// rolled back and the revision the database is now at.
#include "TestProject.h"
#include "TestSession.h"

#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

QByteArray migration(const QByteArray &id, const QByteArray &parent, const QByteArray &upgrade,
                     const QByteArray &extraHeader = {})
{
    return "-- " + id + " step\n--\n-- Revision ID: " + id + "\n-- Revises: " + parent + "\n" +
           extraHeader + "\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\n";
}

MigrationPlan runWith(const TestSession &s, const RunSettings &settings,
                      const std::function<void(MigrationPlan &)> &edit = {})
{
    const Project p = s.project();
    ScopedConnection conn(s.parsed(), u"test-run"_qs);
    MigrationRunner runner(conn.db(), settings);
    const Planner planner(p.graph, p.scripts, settings.dialect, settings.versionTable);
    return runner.run([&](const QStringList &heads) {
        MigrationPlan plan = planner.upgrade(heads, u"head"_qs);
        if (edit)
            edit(plan);
        return plan;
    });
}

} // namespace

class TestRunOutcome : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void dialects_data() { addDialectRows(); }

    void transactionStatementsAreRefusedBeforeAnythingRuns_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QByteArray>("statement");
        QTest::addColumn<QString>("keyword");
        const QList<std::pair<QByteArray, QString>> both = {
            {"COMMIT;", u"COMMIT"_qs},      {"commit transaction;", u"COMMIT"_qs},
            {"ROLLBACK;", u"ROLLBACK"_qs},  {"BEGIN;", u"BEGIN"_qs},
            {"/* why */ END;", u"END"_qs},  {"SAVEPOINT s1;", u"SAVEPOINT"_qs},
            {"RELEASE s1;", u"RELEASE"_qs},
        };
        for (const char *dialect : {"sqlite", "postgresql"})
            for (const auto &[sql, keyword] : both)
                QTest::addRow("%s %s", dialect, sql.constData())
                    << QString::fromLatin1(dialect) << sql << keyword;
        const QList<std::pair<QByteArray, QString>> postgresOnly = {
            {"START TRANSACTION;", u"START TRANSACTION"_qs},
            {"ABORT;", u"ABORT"_qs},
            {"PREPARE TRANSACTION 'x';", u"PREPARE TRANSACTION"_qs},
        };
        for (const auto &[sql, keyword] : postgresOnly)
            QTest::addRow("postgresql %s", sql.constData()) << u"postgresql"_qs << sql << keyword;
    }
    void transactionStatementsAreRefusedBeforeAnythingRuns()
    {
        QFETCH(QString, dialect);
        QFETCH(QByteArray, statement);
        QFETCH(QString, keyword);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        project.writeRaw(u"versions/r0.sql"_qs, migration("r0", "", "CREATE TABLE z (x int);"));
        project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "r0",
                                                          "CREATE TABLE a (x int);\n" + statement +
                                                              "\nCREATE TABLE b (x int);"));
        const TestSession s{project.ini(), freshDatabaseUrl(dialect, m_tmp.path())};

        const QString error = errorOf([&] { s.upgrade(u"head"_qs); });
        QVERIFY2(error.startsWith(project.file(u"versions/r1.sql"_qs) + u":8: revision r1"_qs),
                 qPrintable(error));
        QVERIFY2(error.contains(u"runs %1 inside the run's transaction"_qs.arg(keyword)),
                 qPrintable(error));
        QVERIFY2(error.contains(u"Transactional: false"_qs), qPrintable(error));
        QCOMPARE(s.heads(), QStringList());
        QCOMPARE(userTables(s.url), QStringList());

        // Outside a transaction the statement is the migration's own business (PostgreSQL
        // warns about a COMMIT with no transaction; SQLite refuses it).
        if (keyword == u"COMMIT" && dialect == u"postgresql") {
            project.writeRaw(u"versions/r1.sql"_qs,
                             migration("r1", "r0", "CREATE TABLE a (x int);\nCOMMIT;",
                                       "-- Transactional: false\n"));
            s.upgrade(u"head"_qs);
            QCOMPARE(s.heads(), QStringList{u"r1"_qs});
        }
    }

    // Defence in depth: a plan that ends its own transaction (built by hand, since the
    // planner refuses one) must not be reported as rolled back.
    void endedTransactionIsNotReportedAsRolledBack_data() { dialects_data(); }
    void endedTransactionIsNotReportedAsRolledBack()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        project.writeRaw(u"versions/r0.sql"_qs, migration("r0", "", "CREATE TABLE z (x int);"));
        project.writeRaw(
            u"versions/r1.sql"_qs,
            migration("r1", "r0", "CREATE TABLE a (x int);\nSELECT * FROM no_such_table;"));
        const TestSession s{project.ini(), freshDatabaseUrl(dialect, m_tmp.path())};
        const QString error = errorOf([&] {
            runWith(s, s.settings(), [](MigrationPlan &plan) {
                plan.steps[1].statements.insert(1, SqlStatement{u"COMMIT"_qs, 8});
            });
        });
        QVERIFY2(error.contains(u"no_such_table"_qs), qPrintable(error));
        QVERIFY2(!error.contains(u"rolled back;"_qs) && !error.contains(u"Rolled back"_qs),
                 qPrintable(error));
        QVERIFY2(error.contains(u"had already ended before the failure"_qs), qPrintable(error));
        QVERIFY2(error.contains(u"alembic_version now holds: r0."_qs), qPrintable(error));
        // What the message says is what the database holds.
        QCOMPARE(s.heads(), QStringList{u"r0"_qs});
        QCOMPARE(userTables(s.url), QStringList({u"a"_qs, u"z"_qs}));
    }

    void perMigrationFailureSaysWhatWasCommitted_data() { dialects_data(); }
    void perMigrationFailureSaysWhatWasCommitted()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "", "CREATE TABLE t1 (x int);"));
        project.writeRaw(u"versions/r2.sql"_qs, migration("r2", "r1", "CREATE TABLE t2 (x int);"));
        project.writeRaw(
            u"versions/r3.sql"_qs,
            migration("r3", "r2", "CREATE TABLE t3 (x int);\nINSERT INTO no_such VALUES (1);"));
        const TestSession s{project.ini(), freshDatabaseUrl(dialect, m_tmp.path())};
        RunSettings settings = s.settings();
        settings.transactionPerMigration = true;

        const QString error = errorOf([&] { runWith(s, settings); });
        QVERIFY2(error.contains(u"Committed before the failure, and still applied: upgrade  -> "
                                "r1, r1 step; upgrade r1 -> r2, r2 step."_qs),
                 qPrintable(error));
        QVERIFY2(error.contains(u"Rolled back: upgrade r2 -> r3, r3 step."_qs), qPrintable(error));
        QVERIFY2(error.contains(u"alembic_version now holds: r2."_qs), qPrintable(error));
        QVERIFY2(!error.contains(u"The run was rolled back"_qs), qPrintable(error));
        QCOMPARE(s.heads(), QStringList{u"r2"_qs});
        QCOMPARE(userTables(s.url), QStringList({u"t1"_qs, u"t2"_qs}));
    }

    // Several transactional steps committed together before a non-transactional one: all
    // of them are named, once.
    void stepsCommittedTogetherAreAllNamed()
    {
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs, migration("r1", "", "CREATE TABLE t1 (x int);"));
        project.writeRaw(u"versions/r2.sql"_qs, migration("r2", "r1", "CREATE TABLE t2 (x int);"));
        project.writeRaw(u"versions/r3.sql"_qs,
                         migration("r3", "r2", "VACUUM;", "-- Transactional: false\n"));
        project.writeRaw(u"versions/r4.sql"_qs,
                         migration("r4", "r3", "INSERT INTO no_such VALUES (1);"));
        const TestSession s{project.ini(), freshDatabaseUrl(u"sqlite"_qs, m_tmp.path())};
        const QString error = errorOf([&] { s.upgrade(u"head"_qs); });
        QVERIFY2(error.contains(u"still applied: upgrade  -> r1, r1 step; upgrade r1 -> r2, r2 "
                                "step; upgrade r2 -> r3, r3 step.\nRolled back: upgrade r3 -> r4, "
                                "r4 step.\nalembic_version now holds: r3."_qs),
                 qPrintable(error));
        QCOMPARE(s.heads(), QStringList{u"r3"_qs});
    }
};

QTEST_GUILESS_MAIN(TestRunOutcome)
#include "tst_runoutcome.moc"
