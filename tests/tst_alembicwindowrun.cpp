// retort-gui runs an Alembic project's Python revisions through the project's own Alembic
// (real python3-alembic, /usr/bin/python3, on real SQLite and PostgreSQL): upgrade,
// a run that fails half-way, Cancel, an interpreter without Alembic, Backup & Upgrade.
#include "AlembicTestProject.h"
#include "MainActions.h"
#include "MainWindow.h"
#include "TestWindow.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "rehearse/SchemaDiffView.h"
#include "run/RunController.h"

#include <QPlainTextEdit>
#include <QTabWidget>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

QString logText(MainWindow &w)
{
    QStringList lines;
    for (int i = 0; i < w.logView()->topLevelItemCount(); ++i)
        lines.append(w.logView()->topLevelItem(i)->toolTip(4));
    return lines.join(u'\n');
}

// Shows the Plan tab and returns its text once the plan is rendered.
QString showPlanTab(MainWindow &w)
{
    QSignalSpy planShown(&w, &MainWindow::planShown);
    w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::PlanTab);
    return planShown.wait(30000) ? w.planView()->toPlainText() : u"(no plan shown)"_qs;
}

// A revision after b2 that creates a table and then sleeps 30 s: on the server
// (PostgreSQL) or in Python (SQLite; not when the plan preview renders it offline), so
// Cancel has something to stop.
void addSlowRevision(const AlembicTestProject &project, const QString &dialect)
{
    const QByteArray sleep = dialect == u"postgresql"
                                 ? QByteArray("    op.execute('SELECT pg_sleep(30)')\n")
                                 : QByteArray("    import time\n"
                                              "    if not op.get_context().as_sql:\n"
                                              "        time.sleep(30)\n");
    QFile::remove(project.dir.filePath(u"migrations/versions/c3_broken.py"_qs));
    writeFile(project.dir.filePath(u"migrations/versions"_qs), u"s9_slow.py"_qs,
              revisionFile("s9", "'b2'",
                           "    op.execute('CREATE TABLE before_sleep (id integer)')\n"
                           "    op.execute(\"INSERT INTO users VALUES (4, 'd')\")\n" +
                               sleep,
                           "    pass\n"));
}

} // namespace

class TestAlembicWindowRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void init()
    {
        qunsetenv("DATABASE_URL");
        qputenv("RETORT_PYTHON", "/usr/bin/python3");
    }

    // The Plan tab of an Alembic project: each revision's SQL from Alembic's offline mode,
    // rendered on the database thread.
    void planTabShowsAlembicSql()
    {
        const TestProject project = miniragAlembicProject(true);
        qputenv("DATABASE_URL", freshDatabaseUrl(u"sqlite"_qs, project.path()).toUtf8());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());
        const QString plan = showPlanTab(w);
        QVERIFY2(plan.contains(u"-- Running upgrade fee4cd54bd38 -> add_auth_tables, Add "
                               "authentication tables"_qs),
                 qPrintable(plan));
        QVERIFY(plan.contains(u"CREATE TABLE users"_qs));
        QVERIFY(plan.contains(u"CREATE UNIQUE INDEX uq_projects_user_id_project_code"_qs));
        QVERIFY(!plan.contains(u"CANNOT RENDER"_qs));
        saveScreenshot(&w, u"alembic-plan"_qs);
    }

    // Rehearse on the Python minirag history as it really was: the live database is not
    // touched, the merge's order bug is found and the fix is a depends_on.
    void rehearsalFindsTheOrderingBug()
    {
        const TestProject project = miniragAlembicProject(false);
        const QString url = freshDatabaseUrl(u"sqlite"_qs, project.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());
        QSignalSpy finished(&w, &MainWindow::rehearsalFinished);
        QVERIFY(w.actions()->rehearse->isEnabled());
        w.actions()->rehearse->trigger();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), false);
        const SchemaDiffView *view = w.schemaDiffView();
        QVERIFY2(view->failureText().contains(u"add_project_code"_qs) &&
                     view->failureText().contains(u"user_id"_qs),
                 qPrintable(view->failureText()));
        QVERIFY2(view->findingsText().contains(u"depends_on = 'add_auth_tables'"_qs),
                 qPrintable(view->findingsText()));
        const QModelIndex merge =
            w.historyModel()->index(w.historyModel()->rowOf(u"17c397cbdf9b"_qs), 0);
        QCOMPARE(merge.data(HistoryModel::MergeSuggestionRole).toString(),
                 u"depends_on = 'add_auth_tables'"_qs);
        QVERIFY(!QFileInfo::exists(DatabaseUrl::parse(url, {}).sqlitePath)); // never touched
        // The project's Alembic's own output, streamed into the Log dock as in a run.
        const QString log = logText(w);
        QVERIFY2(log.contains(u"Running upgrade fee4cd54bd38 -> add_auth_tables"_qs),
                 qPrintable(log));
        QVERIFY2(log.contains(u"Alembic 1."_qs) && log.contains(u"/usr/bin/python3"_qs),
                 qPrintable(log));
        saveScreenshot(&w, u"alembic-rehearsal"_qs);
    }

    // An env.py that hangs in offline mode does not hold the database thread: the Plan
    // tab's preview stops after offline_timeout and says so, a run still goes through,
    // and a window closed while a preview hangs closes at once.
    void planTabStopsAHangingAlembic()
    {
        AlembicTestProject project;
        QFile::remove(project.dir.filePath(u"migrations/versions/c3_broken.py"_qs));
        writeFile(project.dir.filePath(u"migrations"_qs), u"env.py"_qs, hangingOfflineEnvPy());
        writeFile(project.dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n"
                  "[retort]\noffline_timeout = 2\n");
        const QString url = freshDatabaseUrl(u"sqlite"_qs, project.dir.path());
        qputenv("DATABASE_URL", url.toUtf8());
        {
            MainWindow w;
            w.resize(1280, 800);
            w.show();
            openAndWait(w, project.dir.path());
            const QString plan = showPlanTab(w);
            QVERIFY2(plan.contains(u"-- NOT RENDERED:\n--   the project's Alembic did not finish "
                                   "'alembic upgrade base:b2 --sql' within 2 s"_qs),
                     qPrintable(plan));
            saveScreenshot(&w, u"alembic-plan-timeout"_qs);
            runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
            QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
        }

        writeFile(project.dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n"
                  "[retort]\noffline_timeout = 600\n");
        // A database at base: the Plan tab's preview has a plan to render.
        qputenv("DATABASE_URL", freshDatabaseUrl(u"sqlite"_qs, project.dir.path()).toUtf8());
        QElapsedTimer timer;
        {
            MainWindow w;
            openAndWait(w, project.dir.path());
            w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::PlanTab);
            QTest::qWait(1000); // the preview's child is sleeping now
            timer.start();
        }
        QVERIFY2(timer.elapsed() < 15000, "closing the window waited for the hanging preview");
    }

    void upgradeThenFailHalfWay_data() { addDialectRows(); }
    void upgradeThenFailHalfWay()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        AlembicTestProject project;
        const QString url = freshDatabaseUrl(dialect, project.dir.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.dir.path());

        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"b2"_qs}, false}, true);
        QCOMPARE(w.currentHeads(), QStringList{u"b2"_qs});
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        // The child's own log, streamed into the Log dock, and the interpreter it ran in.
        const QString log = logText(w);
        QVERIFY2(log.contains(u"Running upgrade a1 -> b2"_qs), qPrintable(log));
        QVERIFY2(log.contains(u"Alembic 1."_qs) && log.contains(u"/usr/bin/python3"_qs),
                 qPrintable(log));
        QCOMPARE(queryColumn(url, u"SELECT revision FROM retort_ledger ORDER BY id"_qs),
                 (QStringList{u"a1"_qs, u"b2"_qs}));

        // c3 creates a table, then fails: the database and alembic_version stay as they were.
        QSignalSpy finished(&w, &MainWindow::runFinished);
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, false);
        const QString failure = logText(w);
        QVERIFY2(failure.contains(u"no_such_column"_qs), qPrintable(failure));
        QVERIFY2(failure.contains(u"alembic_version is unchanged (b2)"_qs), qPrintable(failure));
        QCOMPARE(w.currentHeads(), QStringList{u"b2"_qs});
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
        QVERIFY(!userTables(url).contains(u"half_done"_qs));
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});

        // Downgrade and stamp from the window go through Alembic too.
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"a1"_qs}, false}, true);
        QCOMPARE(versionRows(url), QStringList{u"a1"_qs});
        QVERIFY(!userTables(url).contains(u"projects"_qs));
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        runAndWait(w, {PlanRequest::Kind::Stamp, {u"b2"_qs}, false}, true);
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
    }

    // Cancel stops the child mid-revision; the database rolls back as Alembic's
    // transaction does (PostgreSQL: its session is ended at once, not after the sleep).
    void cancelRollsBack_data() { addDialectRows(); }
    void cancelRollsBack()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        AlembicTestProject project;
        addSlowRevision(project, dialect);
        const QString url = freshDatabaseUrl(dialect, project.dir.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        openAndWait(w, project.dir.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"b2"_qs}, false}, true);

        QSignalSpy finished(&w, &MainWindow::runFinished);
        QElapsedTimer timer;
        timer.start();
        w.startRun({PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, false);
        QTRY_VERIFY_WITH_TIMEOUT(logText(w).contains(u"Running upgrade b2 -> s9"_qs), 20000);
        QTest::qWait(500); // into the sleep; the window stays responsive meanwhile
        w.runController()->cancel();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(timer.elapsed() < 25000, "cancel did not stop the running revision");
        QVERIFY2(logText(w).contains(u"was cancelled"_qs), qPrintable(logText(w)));
        QCOMPARE(versionRows(url), QStringList{u"b2"_qs});
        QVERIFY(!userTables(url).contains(u"before_sleep"_qs));
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        if (dialect == u"postgresql")
            QCOMPARE(queryColumn(url, u"SELECT count(*) FROM pg_stat_activity WHERE "
                                      "application_name LIKE 'retort-alembic-%'"_qs),
                     QStringList{u"0"_qs});
    }

    void interpreterWithoutAlembic()
    {
        AlembicTestProject project;
        const QString url = freshDatabaseUrl(u"sqlite"_qs, project.dir.path());
        qputenv("DATABASE_URL", url.toUtf8());
        // A real Python that cannot see Alembic: -I -S drops site-packages.
        const QString bare = writeFile(project.dir.path(), u"bare-python"_qs,
                                       "#!/bin/sh\nexec /usr/bin/python3 -I -S \"$@\"\n");
        QFile::setPermissions(bare, QFile::permissions(bare) | QFileDevice::ExeOwner);
        qputenv("RETORT_PYTHON", bare.toUtf8());
        MainWindow w;
        openAndWait(w, project.dir.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"b2"_qs}, false}, false);
        const QString log = logText(w);
        QVERIFY2(log.contains(bare + u" (from $RETORT_PYTHON) has no Alembic"_qs), qPrintable(log));
        QCOMPARE(versionRows(url), QStringList());
    }

    void backupThenUpgrade()
    {
        AlembicTestProject project;
        QFile::remove(project.dir.filePath(u"migrations/versions/c3_broken.py"_qs));
        const QString url = freshDatabaseUrl(u"sqlite"_qs, project.dir.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        openAndWait(w, project.dir.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"a1"_qs}, false}, true);

        QSignalSpy done(&w, &MainWindow::backupUpgradeFinished);
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        w.startBackupUpgrade(/*confirm=*/false);
        QVERIFY(done.wait(30000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(logText(w)));
        const QString backup = done.first().at(1).toString();
        QVERIFY2(QFileInfo::exists(backup), qPrintable(backup));
        QVERIFY(state.wait(10000));
        QCOMPARE(w.currentHeads(), QStringList{u"b2"_qs});
        QVERIFY2(logText(w).contains(u"Running upgrade a1 -> b2"_qs), qPrintable(logText(w)));
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
    }
};

QTEST_MAIN(TestAlembicWindowRun)
#include "tst_alembicwindowrun.moc"
