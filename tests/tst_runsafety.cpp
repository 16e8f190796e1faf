// Runs that race and runs that die: several `retort upgrade` processes started at once
// must apply each migration exactly once, and a run killed with SIGKILL at any moment
// must leave the database at its old revision. Drives the real CLI binary.
#include "TestProject.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace retort;
using namespace retort::test;

namespace {

const QString kRetort = QStringLiteral(RETORT_CLI);

// A slow first migration (so runs overlap and kills land inside it), then a second.
void writeSlowProject(TestProject &project, const QString &dialect)
{
    const QByteArray pause =
        dialect == u"postgresql"
            ? QByteArray("SELECT pg_sleep(0.4);\n")
            : QByteArray("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE "
                         "x < 1500000) SELECT count(*) FROM c;\n");
    project.writeRaw(u"versions/a_slow.sql"_qs,
                     "-- slow\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                     "CREATE TABLE first_table (id int);\n" +
                         pause + "INSERT INTO first_table VALUES (1);\n" + pause + pause +
                         "\n-- migrate:downgrade\nDROP TABLE first_table;\n");
    project.writeRaw(u"versions/b_next.sql"_qs,
                     "-- next\n--\n-- Revision ID: b2\n-- Revises: a1\n\n-- migrate:upgrade\n"
                     "CREATE TABLE second_table (id int);\n" +
                         pause + "\n-- migrate:downgrade\nDROP TABLE second_table;\n");
}

QProcess *startRetort(QObject *parent, const TestProject &project, const QString &url,
                      const QStringList &args)
{
    auto *p = new QProcess(parent);
    p->setProgram(kRetort);
    p->setArguments(QStringList{u"-c"_qs, project.ini(), u"--url"_qs, url} + args);
    p->start();
    return p;
}

} // namespace

class TestRunSafety : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void dialects_data() { addDialectRows(); }

    void concurrentRunsApplyOnce_data() { dialects_data(); }
    void concurrentRunsApplyOnce()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeSlowProject(project, dialect);
        const QString url = freshDatabaseUrl(dialect, m_tmp.path());

        QList<QProcess *> runs;
        for (int i = 0; i < 4; ++i)
            runs.append(startRetort(this, project, url, {u"upgrade"_qs, u"head"_qs}));
        int succeeded = 0;
        int locked = 0;
        for (QProcess *p : runs) {
            QVERIFY(p->waitForFinished(60000));
            const QString err = QString::fromUtf8(p->readAllStandardError());
            if (p->exitCode() == 0)
                ++succeeded;
            else if (err.contains(u"another migration run"_qs))
                ++locked;
            else
                QFAIL(qPrintable(u"unexpected failure: "_qs + err));
        }
        QCOMPARE(succeeded, 1);
        QCOMPARE(locked, 3);
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM first_table"_qs), QStringList{u"1"_qs});
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM retort_ledger WHERE outcome = 'ok'"_qs),
                 QStringList{u"2"_qs});
    }

    void lockTimeoutWaitsForTheOtherRun()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        writeSlowProject(project, u"postgresql"_qs);
        const QString url = freshDatabaseUrl(u"postgresql"_qs, m_tmp.path());
        QProcess *first = startRetort(this, project, url, {u"upgrade"_qs, u"a1"_qs});
        QThread::msleep(300);
        QProcess *second = startRetort(this, project, url,
                                       {u"upgrade"_qs, u"head"_qs, u"--lock-timeout"_qs, u"30"_qs});
        QVERIFY(first->waitForFinished(60000));
        QVERIFY(second->waitForFinished(60000));
        QCOMPARE(first->exitCode(), 0);
        QVERIFY2(second->exitCode() == 0, second->readAllStandardError().constData());
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
    }

    // A reader (a sqlite3 shell, a window reading the schema) in the middle of a read when
    // the run commits: the commit waits for it, as SQLite's busy timeout lets it, instead
    // of failing the migration with "database is locked" (the run lock's timeout of 0 is
    // for another run, not for readers).
    void sqliteCommitWaitsForAReader()
    {
        TestProject project;
        project.writeRaw(u"versions/a.sql"_qs,
                         "-- a\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (2), (3);\n"
                         "-- migrate:downgrade\nDROP TABLE t;\n");
        const QString url = freshDatabaseUrl(u"sqlite"_qs, m_tmp.path());
        {
            ScopedConnection create(DatabaseUrl::parse(url, {}), u"test-create"_qs);
            execOrThrow(create.db(), u"CREATE TABLE other (id int)"_qs, u"create"_qs);
        }
        ScopedConnection reader(DatabaseUrl::parse(url, {}), u"test-reader"_qs,
                                retort::Access::ReadOnly);
        execOrThrow(reader.db(), u"BEGIN"_qs, u"begin"_qs);
        {
            QSqlQuery hold = execOrThrow(reader.db(), u"SELECT count(*) FROM other"_qs, u"read"_qs);
            QVERIFY(hold.next()); // the read transaction holds SQLite's shared lock
        }
        QProcess *run = startRetort(this, project, url, {u"upgrade"_qs, u"head"_qs});
        QThread::msleep(1500); // the run reaches its COMMIT while the read goes on
        execOrThrow(reader.db(), u"COMMIT"_qs, u"end the read"_qs);
        QVERIFY(run->waitForFinished(60000));
        QVERIFY2(run->exitCode() == 0, run->readAllStandardError().constData());
        QCOMPARE(versionRows(url), QStringList{u"a1"_qs});
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM t"_qs), QStringList{u"3"_qs});
    }

    void killedRunLeavesOldRevision_data() { dialects_data(); }
    void killedRunLeavesOldRevision()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeSlowProject(project, dialect);
        const QString url = freshDatabaseUrl(dialect, m_tmp.path());
        QRandomGenerator rng(20261124); // fixed seed: the same kill points every run

        int killedMidRun = 0;
        // A killed client's server session lives on until its statement ends, holding the
        // run lock; the next run waits for it rather than failing.
        const QStringList wait = {u"--lock-timeout"_qs, u"30"_qs};
        for (int round = 0; round < 6; ++round) {
            QProcess *p =
                startRetort(this, project, url, QStringList{u"upgrade"_qs, u"head"_qs} + wait);
            QVERIFY(p->waitForStarted());
            QThread::msleep(rng.bounded(50, 1200));
            if (p->state() == QProcess::Running) {
                ::kill(pid_t(p->processId()), SIGKILL);
                ++killedMidRun;
            }
            QVERIFY(p->waitForFinished(60000));
            const QStringList rows = versionRows(url);
            if (p->exitStatus() == QProcess::CrashExit) {
                // Killed: nothing of the run may be visible.
                QCOMPARE(rows, QStringList());
                QCOMPARE(userTables(url), QStringList());
            } else {
                QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
                QCOMPARE(rows, QStringList{u"b2"_qs});
                // Go back to the start for the next round.
                QProcess *down = startRetort(this, project, url,
                                             QStringList{u"downgrade"_qs, u"base"_qs} + wait);
                QVERIFY(down->waitForFinished(60000));
                QCOMPARE(down->exitCode(), 0);
            }
        }
        QVERIFY2(killedMidRun >= 3, "too few kills landed inside a run to prove anything");
    }

    // SIGKILL inside a SQLite transaction leaves a hot journal. A read-only command must
    // roll it back (when it may write) or say what it is, not "not a usable SQLite database".
    void hotJournalAfterAKilledRun()
    {
        TestProject project;
        // 20 MB of rows overflow SQLite's page cache, so changed pages reach the file and
        // the journal is hot (a kill before any spill leaves a journal SQLite ignores).
        project.writeRaw(u"versions/a_big.sql"_qs,
                         "-- big\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT "
                         "x + 1 FROM c WHERE x < 100000) SELECT x, randomblob(200) AS b FROM c;\n"
                         "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x "
                         "< 50000000) SELECT count(*) FROM c;\n-- migrate:downgrade\n");
        const QString folder = project.file(u"db"_qs);
        QVERIFY(QDir().mkpath(folder));
        const QString file = folder + u"/hot.db"_qs;
        const QString url = u"sqlite:///"_qs + file;
        const QString journal = file + u"-journal"_qs;
        {
            retort::ScopedConnection c(retort::DatabaseUrl::parse(url, {}), u"test-keep"_qs);
            retort::execOrThrow(c.db(), u"CREATE TABLE keep (x int)"_qs, u"keep"_qs);
        }
        const auto killMidTransaction = [&] {
            QProcess *p = startRetort(this, project, url, {u"upgrade"_qs, u"head"_qs});
            QVERIFY(p->waitForStarted());
            QElapsedTimer waited;
            waited.start();
            // Until the spill: the file has grown past the journal's size.
            while (QFileInfo(file).size() < (4 << 20) && waited.elapsed() < 60000 &&
                   p->state() != QProcess::NotRunning)
                QThread::msleep(5);
            QVERIFY2(p->state() == QProcess::Running, "the run ended before it wrote a journal");
            ::kill(pid_t(p->processId()), SIGKILL);
            QVERIFY(p->waitForFinished(10000));
            QVERIFY(QFileInfo(journal).size() > 0);
        };
        const auto current = [&](QString *err) {
            QProcess p;
            p.start(kRetort, {u"-c"_qs, project.ini(), u"--url"_qs, url, u"current"_qs});
            p.waitForFinished(30000);
            *err = QString::fromUtf8(p.readAllStandardError());
            return p.exitCode();
        };

        killMidTransaction();
        // Not allowed to write: explained, and the journal is left for someone who may.
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        QString err;
        const int refused = current(&err);
        QVERIFY(
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QCOMPARE(refused, 1);
        QVERIFY2(err.contains(u"has a hot journal"_qs) && err.contains(u"is not damaged"_qs),
                 qPrintable(err));
        QVERIFY(QFileInfo(journal).size() > 0);

        // Allowed: rolled back, and the database reads as it was before the run.
        QCOMPARE(current(&err), 0);
        QVERIFY2(!err.contains(u"readonly"_qs), qPrintable(err));
        QCOMPARE(QFileInfo(journal).size(), 0);
        QCOMPARE(versionRows(url), QStringList());
        QCOMPARE(userTables(url), QStringList{u"keep"_qs});
    }

    void lockTimeoutOutOfRangeIsAUsageError_data()
    {
        QTest::addColumn<QString>("value");
        for (const char *v : {"1e12", "nan", "inf", "-inf", "-1", "-0.5", "2147484", "ten", ""})
            QTest::newRow(v) << QString::fromLatin1(v);
    }
    void lockTimeoutOutOfRangeIsAUsageError()
    {
        QFETCH(QString, value);
        TestProject project;
        writeSlowProject(project, u"sqlite"_qs);
        const QString url = freshDatabaseUrl(u"sqlite"_qs, m_tmp.path());
        QProcess p;
        p.start(kRetort, {u"-c"_qs, project.ini(), u"--url"_qs, url, u"upgrade"_qs, u"head"_qs,
                          u"--lock-timeout"_qs, value});
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(u"--lock-timeout takes a number of seconds from 0 to 2147483, not "
                              "'%1'"_qs.arg(value)),
                 qPrintable(err));
        QVERIFY(!QFileInfo::exists(retort::DatabaseUrl::parse(url, {}).sqlitePath));
    }

    void lockTimeoutAtItsLargestIsAccepted()
    {
        TestProject project;
        writeSlowProject(project, u"sqlite"_qs);
        const QString url = freshDatabaseUrl(u"sqlite"_qs, m_tmp.path());
        QProcess p;
        p.start(kRetort, {u"-c"_qs, project.ini(), u"--url"_qs, url, u"upgrade"_qs, u"head"_qs,
                          u"--lock-timeout"_qs, u"2147483"_qs});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
    }
};

QTEST_GUILESS_MAIN(TestRunSafety)
#include "tst_runsafety.moc"
