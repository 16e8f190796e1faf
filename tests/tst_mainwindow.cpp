// The window, driven as a user would under QT_QPA_PLATFORM=offscreen: open the sample
// project, read a revision's SQL, look at a plan, upgrade on SQLite and PostgreSQL,
// cancel a slow migration, and see a broken file reported in place. Saves screenshots
// of what it saw under the build folder (tests/screenshots/).
#include "MainActions.h"
#include "MainWindow.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "connect/ConnectionDialog.h"
#include "database/DatabasePanel.h"
#include "history/HistoryModel.h"
#include "log/LogView.h"
#include "preview/RevisionPreview.h"
#include "run/RunController.h"
#include "ui_ConnectionDialog.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

int rowOf(MainWindow &w, const QString &revision)
{
    return w.historyModel()->rowOf(revision);
}

// File > Connect as a user does it: `fill` types into the dialog, then OK; waits for the
// database state read that follows.
void connectThroughDialog(MainWindow &w, const std::function<void(ConnectionDialog &)> &fill)
{
    QSignalSpy state(&w, &MainWindow::stateRefreshed);
    bool shown = false;
    QTimer::singleShot(0, &w, [&] {
        auto *dialog = qobject_cast<ConnectionDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        shown = true;
        fill(*dialog);
        dialog->accept();
    });
    QVERIFY(w.actions()->connectDatabase->isEnabled());
    w.actions()->connectDatabase->trigger();
    QVERIFY(shown);
    QVERIFY(state.wait(15000));
}

QString settingsFileText()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    void showsTheSampleHistoryAndSql()
    {
        TestProject project(kSample);
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());

        QCOMPARE(w.historyModel()->rowCount(), 4);
        // Newest first, in `retort history` order.
        QCOMPARE(w.historyModel()->revisionAt(0), u"17c397cbdf9b"_qs);
        QCOMPARE(w.historyModel()->revisionAt(3), u"fee4cd54bd38"_qs);
        QVERIFY2(w.statusText().contains(u"Current: base"_qs), qPrintable(w.statusText()));
        // The merge has no SQL: its boxes say so instead of looking unloaded.
        w.historyView()->setCurrentIndex(w.historyModel()->index(0, 0));
        auto *mergeUp = w.revisionPreview()->findChild<QPlainTextEdit *>(u"upgradeSql"_qs);
        QVERIFY(mergeUp->toPlainText().trimmed().isEmpty());
        QVERIFY2(mergeUp->placeholderText().contains(u"joins"_qs),
                 qPrintable(mergeUp->placeholderText()));

        w.historyView()->setCurrentIndex(
            w.historyModel()->index(rowOf(w, u"add_auth_tables"_qs), 0));
        QVERIFY(w.revisionPreview()->upgradeSql().contains(u"CREATE TABLE users"_qs));
        // SQLite database: its own section is shown (no PostgreSQL-only SERIAL).
        QVERIFY(!w.revisionPreview()->upgradeSql().contains(u"id serial"_qs));
        QVERIFY(w.revisionPreview()->upgradeSql().contains(u"AUTOINCREMENT"_qs));
        QVERIFY(w.revisionPreview()->lintText().isEmpty()); // clean revision: no box

        // add_project_code adds a unique constraint directly: lint says so in place.
        w.historyView()->setCurrentIndex(
            w.historyModel()->index(rowOf(w, u"add_project_code"_qs), 0));
        QVERIFY2(w.revisionPreview()->lintText().contains(u"add-unique-constraint"_qs),
                 qPrintable(w.revisionPreview()->lintText()));
        saveScreenshot(&w, u"history-with-merge"_qs);

        // The Plan tab shows the same script `retort upgrade --sql` prints.
        QSignalSpy planShown(&w, &MainWindow::planShown);
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::PlanTab);
        QVERIFY(planShown.wait(10000));
        const QString plan = w.planView()->toPlainText();
        QVERIFY2(plan.startsWith(u"BEGIN IMMEDIATE;"_qs), qPrintable(plan.left(200)));
        QVERIFY(plan.contains(u"-- Running upgrade  -> fee4cd54bd38, Initial Commit"_qs));
        QVERIFY(
            plan.contains(u"INSERT INTO alembic_version (version_num) VALUES ('fee4cd54bd38')"_qs));
        saveScreenshot(&w, u"plan-preview"_qs);
    }

    void upgradesOnSqlite()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QVERIFY2(w.statusText().contains(u"Current: 17c397cbdf9b"_qs), qPrintable(w.statusText()));
        QCOMPARE(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs});
        QVERIFY(w.historyModel()->isApplied(rowOf(w, u"fee4cd54bd38"_qs)));
        QVERIFY(w.logView()->topLevelItemCount() > 5);

        // The Database tab answers \dt and \d users.
        DatabasePanel *db = w.databasePanel();
        QSignalSpy tables(db, &DatabasePanel::tablesShown);
        db->reload();
        QVERIFY(tables.wait(10000));
        QVERIFY(db->tableList()->topLevelItemCount() >= 5);
        QSignalSpy structure(db, &DatabasePanel::structureShown);
        QVERIFY(db->selectTable(u"users"_qs));
        QVERIFY(structure.wait(10000));
        QVERIFY2(db->structureText().contains(u"email"_qs) &&
                     db->structureText().contains(u"hashed_password"_qs),
                 qPrintable(db->structureText()));
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::DatabaseTab);
        w.resize(1280, 800);
        saveScreenshot(&w, u"table-detail"_qs);

        // At a merge point "-1" is ambiguous (Alembic says so too); the window explains.
        QSignalSpy failed(&w, &MainWindow::runFinished);
        w.startRun({PlanRequest::Kind::Downgrade, {u"-1"_qs}, false}, false);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().toBool(), false);
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"add_project_code"_qs}, false}, true);
        // Alembic 1.13.1's unmerge: add_auth_tables is below add_project_code, one row.
        QCOMPARE(w.currentHeads(), QStringList{u"add_project_code"_qs});
        QVERIFY(!w.historyModel()->isApplied(rowOf(w, u"17c397cbdf9b"_qs)));
    }

    // The project reloads (the watcher saw a file change) while the plan of a run is being
    // made: the run still happens. Another database meanwhile: the run is refused, said so,
    // and the next one works (it was lost, and every later plan with it).
    void reloadWhilePlanningKeepsTheRun()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        RunController *runs = w.runController();
        {
            QSignalSpy finished(&w, &MainWindow::runFinished);
            w.startRun({PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, false);
            runs->setContext(runs->context()); // what a reload does, before the plan is back
            QVERIFY(finished.wait(30000));
            QCOMPARE(finished.first().first().toBool(), true);
        }
        QTRY_COMPARE_WITH_TIMEOUT(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs}, 10000);
        {
            QSignalSpy finished(&w, &MainWindow::runFinished);
            w.startRun({PlanRequest::Kind::Downgrade, {u"base"_qs}, false}, false);
            JobContext other = runs->context();
            other.url = DatabaseUrl::parse(u"sqlite:///"_qs + project.file(u"other.db"_qs), {});
            const JobContext original = runs->context();
            runs->setContext(other);
            runs->setContext(original);
            QVERIFY(finished.wait(30000));
            QCOMPARE(finished.first().first().toBool(), false);
        }
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"base"_qs}, false}, true);
        QCOMPARE(w.currentHeads(), QStringList());
    }

    void backupThenUpgrade()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        QSignalSpy done(&w, &MainWindow::backupUpgradeFinished);
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        w.startBackupUpgrade(/*confirm=*/false);
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().at(0).toBool(), true);
        const QString backup = done.first().at(1).toString();
        QVERIFY2(backup.startsWith(project.file(u"backups/"_qs)), qPrintable(backup));
        QVERIFY(QFileInfo::exists(backup));
        QVERIFY(state.wait(10000));
        QCOMPARE(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs});

        // A failing upgrade after a good backup: rolled back, and the backup is named.
        project.writeRaw(u"versions/zz_bad.sql"_qs,
                         "-- bad\n--\n-- Revision ID: zz1\n-- Revises: 17c397cbdf9b\n\n"
                         "-- migrate:upgrade\nALTER TABLE no_such_table ADD COLUMN x int;\n");
        openAndWait(w, project.path());
        done.clear();
        w.startBackupUpgrade(false);
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY(QFileInfo::exists(done.first().at(1).toString()));
        QVERIFY(state.wait(10000));
        QCOMPARE(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs});
    }

    void upgradesOnPostgres()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project(kSample);
        qputenv("DATABASE_URL", freshDatabaseUrl(u"postgresql"_qs, m_tmp.path()).toUtf8());
        MainWindow w;
        openAndWait(w, project.path());
        QVERIFY2(w.statusText().contains(u"postgresql://"_qs), qPrintable(w.statusText()));
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QVERIFY2(w.statusText().contains(u"Current: 17c397cbdf9b"_qs), qPrintable(w.statusText()));
    }

    void cancelRollsBack()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        MainWindow w;
        const QString url = openSlowPostgresProject(w, project, m_tmp.path());

        QSignalSpy finished(&w, &MainWindow::runFinished);
        QElapsedTimer timer;
        timer.start();
        w.startRun({PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, false);
        QTest::qWait(1500); // the window stays responsive while the worker sleeps
        QVERIFY(w.actions() != nullptr);
        w.runController()->cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(timer.elapsed() < 15000, "cancel did not interrupt the running statement");
        QCOMPARE(versionRows(url), QStringList());
        QCOMPARE(userTables(url), QStringList());
        saveScreenshot(&w, u"cancelled-run"_qs);
    }

    // With a transaction per migration, a cancel after the first step leaves that step
    // committed: the message said "everything was rolled back".
    void cancelSaysWhatStayedApplied()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"versions/a.sql"_qs,
                         "-- quick\n--\n-- Revision ID: q1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE quick (id int);\n");
        project.writeRaw(u"versions/b.sql"_qs,
                         "-- slow\n--\n-- Revision ID: s2\n-- Revises: q1\n\n-- migrate:upgrade\n"
                         "CREATE TABLE before_sleep (id int);\nSELECT pg_sleep(30);\n");
        const QString url = freshDatabaseUrl(u"postgresql"_qs, m_tmp.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        openAndWait(w, project.path());
        QSignalSpy finished(w.runController(), &RunController::runFinished);
        w.runController()->run({PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, {},
                               /*transactionPerMigration=*/true);
        QTRY_VERIFY_WITH_TIMEOUT(userTables(url).contains(u"quick"_qs), 10000);
        QTest::qWait(500);
        // The window reports the failure in a modal box, with the same message: close it.
        QString shown;
        QTimer closer;
        connect(&closer, &QTimer::timeout, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->accept();
            }
        });
        closer.start(100);
        w.runController()->cancel();
        QVERIFY(finished.wait(10000));
        const QString message = finished.first().at(1).toString();
        QCOMPARE(shown, message);
        QVERIFY2(!message.contains(u"everything"_qs), qPrintable(message));
        QVERIFY2(message.contains(u"Committed before the failure, and still applied: upgrade  -> "
                                  u"q1"_qs),
                 qPrintable(message));
        QCOMPARE(versionRows(url), QStringList{u"q1"_qs});
        QVERIFY(!userTables(url).contains(u"before_sleep"_qs));
    }

    // Issue 10, point 10: a URL pasted into File > Connect keeps every parameter through
    // the dialog (OK on the PostgreSQL page drops nothing: SSL, socket folders), the
    // password stays in memory (also across a reload), and the settings file has no secret.
    void connectKeepsEveryParameterAndStoresNoSecret()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        const QString secret = u"hunter22xyz"_qs;
        connectThroughDialog(w, [&](ConnectionDialog &d) {
            d.form()->driver->setCurrentIndex(ConnectionDialog::UrlPage);
            d.form()->rawUrl->setText(u"postgresql://app:"_qs + secret +
                                      u"@db.invalid:6543/shop?sslmode=verify-full&"
                                      u"sslrootcert=/etc/ssl/root.crt&connect_timeout=2"_qs);
        });
        const auto check = [&](const DatabaseUrl &url) {
            QCOMPARE(url.password, secret);
            QCOMPARE(url.user, u"app"_qs);
            QCOMPARE(url.host, u"db.invalid"_qs);
            QCOMPARE(url.port, 6543);
            QCOMPARE(url.queryValue(u"sslmode"_qs), u"verify-full"_qs);
            QCOMPARE(url.queryValue(u"sslrootcert"_qs), u"/etc/ssl/root.crt"_qs);
            QCOMPARE(url.queryValue(u"connect_timeout"_qs), u"2"_qs);
        };
        check(w.runController()->context().url);
        // Opened again, it shows the PostgreSQL page; OK unchanged keeps everything.
        connectThroughDialog(w, [&](ConnectionDialog &d) {
            QCOMPARE(d.form()->driver->currentIndex(), int(ConnectionDialog::PostgresPage));
            QCOMPARE(d.form()->sslMode->currentText(), u"verify-full"_qs);
            saveScreenshot(&d, u"connect-postgresql"_qs);
        });
        check(w.runController()->context().url);
        // A reload (F5, or the watcher) keeps the session's password.
        openAndWait(w, project.path());
        check(w.runController()->context().url);
        QString stored = settingsFileText();
        QVERIFY2(stored.contains(u"sslrootcert"_qs), qPrintable(stored));
        QVERIFY2(!stored.contains(secret), qPrintable(stored));

        // A socket folder survives the PostgreSQL page, and ?password= is not stored either.
        connectThroughDialog(w, [&](ConnectionDialog &d) {
            d.form()->driver->setCurrentIndex(ConnectionDialog::UrlPage);
            d.form()->rawUrl->setText(
                u"postgresql:///shop?host=/var/run/postgresql&password=qwerty77&port=1"_qs);
            d.form()->driver->setCurrentIndex(ConnectionDialog::PostgresPage);
            QCOMPARE(d.form()->host->text(), u"/var/run/postgresql"_qs);
        });
        const DatabaseUrl socket = w.runController()->context().url;
        QCOMPARE(socket.host, u"/var/run/postgresql"_qs);
        QCOMPARE(socket.password.isEmpty() ? socket.queryValue(u"password"_qs) : socket.password,
                 u"qwerty77"_qs);
        QCOMPARE(socket.queryValue(u"port"_qs), u"1"_qs);
        stored = settingsFileText();
        QVERIFY2(!stored.contains(u"qwerty77"_qs) && !stored.contains(secret), qPrintable(stored));

        // A password stored by an older version is scrubbed on the next load.
        const QString key = u"connections/"_qs + project.file(u"retort.ini"_qs);
        QSettings().setValue(key, u"postgresql://app:oldsecret9@db.invalid/shop"_qs);
        openAndWait(w, project.path());
        stored = settingsFileText();
        QVERIFY2(!stored.contains(u"oldsecret9"_qs), qPrintable(stored));
        QSettings().remove(key);
    }

    // The SQLite page resolves a relative file against the project, not the folder the
    // window was started from; OK unchanged keeps the same database.
    void connectSqliteIsRelativeToTheProject()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        const QString before = w.runController()->context().url.sqlitePath;
        QVERIFY2(before.startsWith(project.path()), qPrintable(before));
        connectThroughDialog(w, [&](ConnectionDialog &d) {
            QCOMPARE(d.form()->driver->currentIndex(), int(ConnectionDialog::SqlitePage));
            QVERIFY2(!QDir::isAbsolutePath(d.form()->sqliteFile->text()),
                     qPrintable(d.form()->sqliteFile->text()));
        });
        QCOMPARE(w.runController()->context().url.sqlitePath, before);
        QSettings().remove(u"connections/"_qs + project.file(u"retort.ini"_qs));
    }

    // A SQLite project's SQL may hold SQLite's own syntax (AUTOINCREMENT, as a revision
    // generated on SQLite does): the PostgreSQL parser's complaint is not shown there.
    void sqliteSyntaxIsNoLintError()
    {
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs,
                         "-- t\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\n\n"
                         "-- migrate:downgrade\nDROP TABLE t;\n");
        qputenv("DATABASE_URL", freshDatabaseUrl(u"sqlite"_qs, project.path()).toUtf8());
        MainWindow w;
        openAndWait(w, project.path());
        w.historyView()->setCurrentIndex(w.historyModel()->index(0, 0));
        QVERIFY(w.revisionPreview()->upgradeSql().contains(u"AUTOINCREMENT"_qs));
        QVERIFY2(!w.revisionPreview()->lintText().contains(u"syntax-error"_qs),
                 qPrintable(w.revisionPreview()->lintText()));
    }

    void brokenFileIsShownInPlace()
    {
        TestProject project(kSample);
        MainWindow w;
        w.resize(1100, 700);
        openAndWait(w, project.path());
        QSignalSpy loaded(&w, &MainWindow::projectLoaded);
        project.writeRaw(u"versions/zz_broken.sql"_qs,
                         "-- broken\n--\n-- Revision ID: zz-1\n-- Revises: 17c397cbdf9b\n");
        QVERIFY(loaded.wait(10000)); // the folder watcher reloads by itself
        QVERIFY(w.loadErrorLabel()->isVisibleTo(&w));
        QVERIFY2(w.loadErrorLabel()->text().contains(u"zz_broken.sql:3"_qs),
                 qPrintable(w.loadErrorLabel()->text()));
        saveScreenshot(&w, u"parse-error"_qs);

        // Fixing the file brings the history back.
        project.writeRaw(u"versions/zz_broken.sql"_qs,
                         "-- fixed\n--\n-- Revision ID: zz1\n-- Revises: 17c397cbdf9b\n");
        QVERIFY(loaded.wait(10000));
        QCOMPARE(w.historyModel()->rowCount(), 5);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
