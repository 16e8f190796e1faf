// Which database the window is on, and asking before it harms one: environments from
// retort.ini, $DATABASE_URL, --env and the window; the CLI's order at launch; switching;
// production environments asking for their name; Cancel as the default for downgrades and
// stamps; "back up first"; File > Backup. Real SQLite (and PostgreSQL for lint findings).
#include "MainActions.h"
#include "MainWindow.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "environments/EnvironmentController.h"
#include "environments/EnvironmentsOverview.h"
#include "run/ConfirmPlanDialog.h"
#include "run/RunController.h"
#include "ui_ConfirmPlanDialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

// The sample project with three more environments in retort.ini.
void addEnvironments(const TestProject &project)
{
    QFile ini(project.ini());
    QVERIFY(ini.open(QIODevice::Append));
    ini.write("\n[env staging]\nurl = sqlite:///staging.db\n"
              "[env prod]\nurl = sqlite:///prod.db\nproduction = true\ncolour = #b71c1c\n");
}

QString activeName(const MainWindow &w)
{
    const Environment *env = w.environments()->active();
    return env ? env->name : QString();
}

// Answers the next confirmation with `answer` (run in the dialog's event loop).
void onNextConfirm(MainWindow &w, std::function<void(ConfirmPlanDialog &)> answer)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        QObject::connect(&w, &MainWindow::confirmShown, &w, [connection, answer](QDialog *d) {
            QObject::disconnect(*connection);
            QTimer::singleShot(0, d,
                               [d, answer] { answer(*qobject_cast<ConfirmPlanDialog *>(d)); });
        });
}

} // namespace

class TestEnvironments : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    // At launch the window uses what the CLI would: $DATABASE_URL before retort.ini; one
    // added in the window never wins by itself; --env picks a section.
    void launchFollowsTheCliOrder()
    {
        TestProject project(kSample);
        addEnvironments(project);
        saveWindowEnvironment(
            QFileInfo(project.ini()).absoluteFilePath(),
            {u"mine"_qs, u"sqlite:///mine.db"_qs, false, {}, Environment::Source::Window});
        const QString fromEnv = m_tmp.filePath(u"fromenv.db"_qs);
        qputenv("DATABASE_URL", (u"sqlite:///"_qs + fromEnv).toUtf8());
        {
            MainWindow w;
            openAndWait(w, project.path());
            QCOMPARE(w.runController()->context().url.sqlitePath, fromEnv);
            QCOMPARE(activeName(w), u"$DATABASE_URL"_qs);
            QCOMPARE(w.environments()->selector()->count(), 5);
        }
        qunsetenv("DATABASE_URL");
        {
            MainWindow w;
            openAndWait(w, project.path());
            QCOMPARE(w.runController()->context().url.sqlitePath, project.file(u"minirag.db"_qs));
            QCOMPARE(activeName(w), u"retort.ini"_qs);
        }
        {
            MainWindow w;
            w.setStartOptions({}, u"staging"_qs);
            w.resize(1024, 700);
            w.show();
            openAndWait(w, project.path());
            QCOMPARE(w.runController()->context().url.sqlitePath, project.file(u"staging.db"_qs));
            QVERIFY2(w.environments()->badge()->text().contains(u"staging"_qs),
                     qPrintable(w.environments()->badge()->text()));
            QVERIFY(w.environments()->statusBadge()->text().contains(u"staging.db"_qs));
            // A reload keeps the environment the user is on.
            openAndWait(w, project.path());
            QCOMPARE(activeName(w), u"staging"_qs);
            saveScreenshot(&w, u"environment-staging"_qs);
        }
    }

    // Switching environment points every read at the other database and says so.
    void switchingEnvironment()
    {
        TestProject project(kSample);
        addEnvironments(project);
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QCOMPARE(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs});

        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        QComboBox *selector = w.environments()->selector();
        const int prod = selector->findData(u"prod"_qs);
        QVERIFY(prod >= 0);
        selector->setCurrentIndex(prod);
        Q_EMIT selector->activated(prod); // as a click does
        QVERIFY(state.wait(10000));
        QCOMPARE(activeName(w), u"prod"_qs);
        QVERIFY2(w.statusText().contains(u"prod.db"_qs), qPrintable(w.statusText()));
        QVERIFY(w.currentHeads().isEmpty()); // prod.db is a new, empty database
        QVERIFY(w.environments()->statusBadge()->styleSheet().contains(u"#b71c1c"_qs));
    }

    // A production environment asks for its name before a destructive run; Enter means
    // Cancel for downgrades and stamps; "back up first" takes a verified backup first.
    void productionAsksForItsName()
    {
        TestProject project(kSample);
        addEnvironments(project);
        MainWindow w;
        w.setStartOptions({}, u"prod"_qs);
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);

        // Declined: nothing happens.
        bool checked = false;
        onNextConfirm(w, [&](ConfirmPlanDialog &d) {
            QPushButton *run = d.findChild<QPushButton *>(u"runButton"_qs);
            QPushButton *cancel = d.findChild<QPushButton *>(u"cancelButton"_qs);
            QVERIFY(cancel->isDefault());
            QVERIFY(!run->isDefault());
            QVERIFY(!run->isEnabled());
            d.form()->typeName->setText(u"pro"_qs);
            QVERIFY(!run->isEnabled());
            d.form()->typeName->setText(u"prod"_qs);
            QVERIFY(run->isEnabled());
            QVERIFY(d.form()->backupFirst->isChecked());
            saveScreenshot(&d, u"confirm-production"_qs);
            checked = true;
            QTest::keyClick(&d, Qt::Key_Return); // Enter: the default button, Cancel
        });
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun({PlanRequest::Kind::Downgrade, {u"add_project_code"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(checked, 10000);
        QTest::qWait(300);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(w.currentHeads(), QStringList{u"17c397cbdf9b"_qs});

        // Confirmed with the name, backing up first.
        onNextConfirm(w, [](ConfirmPlanDialog &d) {
            d.form()->typeName->setText(u"prod"_qs);
            d.findChild<QPushButton *>(u"runButton"_qs)->click();
        });
        QSignalSpy backedUp(w.findChild<QObject *>(u"backups"_qs),
                            SIGNAL(backupFinished(bool, QString)));
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        w.startRun({PlanRequest::Kind::Downgrade, {u"add_project_code"_qs}, false}, true);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(backedUp.count(), 1);
        const QString backup = backedUp.first().at(1).toString();
        QVERIFY2(backup.startsWith(project.file(u"backups/"_qs)) && QFileInfo::exists(backup),
                 qPrintable(backup));
        // The refresh after the run may land before or after runFinished is seen here.
        QTRY_VERIFY_WITH_TIMEOUT(state.count() > 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.currentHeads(), QStringList{u"add_project_code"_qs}, 10000);
    }

    // An upgrade on a development database runs on Enter; a stamp does not.
    void defaultButtons()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        bool upgradeDefault = false;
        onNextConfirm(w, [&](ConfirmPlanDialog &d) {
            upgradeDefault = d.findChild<QPushButton *>(u"runButton"_qs)->isDefault();
            QVERIFY(d.form()->backupFirst->isHidden());
            QVERIFY(d.form()->typeName->isHidden());
            d.reject();
        });
        w.startRun({PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(upgradeDefault, 10000);

        bool stampCancels = false;
        onNextConfirm(w, [&](ConfirmPlanDialog &d) {
            stampCancels = d.findChild<QPushButton *>(u"cancelButton"_qs)->isDefault() &&
                           !d.findChild<QPushButton *>(u"runButton"_qs)->isDefault();
            d.reject();
        });
        w.startRun({PlanRequest::Kind::Stamp, {u"add_auth_tables"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(stampCancels, 10000);
    }

    // `retort --env NAME` takes retort.ini's [env NAME] url, as the window's --env does; the
    // help names --env and says --head needs --splice for a parent that is not a head.
    void cliTakesEnv()
    {
        TestProject project(kSample);
        addEnvironments(project);
        const auto retort = [&](const QStringList &args) {
            QProcess p;
            p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
            p.start(QStringLiteral(RETORT_CLI), args);
            p.waitForFinished(30000);
            return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        };
        QString out = retort({u"-c"_qs, project.ini(), u"--env"_qs, u"staging"_qs, u"upgrade"_qs,
                              u"fee4cd54bd38"_qs});
        QVERIFY2(QFileInfo::exists(project.file(u"staging.db"_qs)), qPrintable(out));
        QVERIFY(!QFileInfo::exists(project.file(u"minirag.db"_qs)));
        out =
            retort({u"-c"_qs, project.ini(), u"--env"_qs, u"staging"_qs, u"current"_qs, u"-v"_qs});
        QVERIFY2(out.contains(u"staging.db"_qs) && out.contains(u"fee4cd54bd38"_qs),
                 qPrintable(out));
        out = retort({u"-c"_qs, project.ini(), u"--env"_qs, u"qa"_qs, u"current"_qs});
        QVERIFY2(out.contains(u"no environment 'qa'"_qs) && out.contains(u"staging, prod"_qs),
                 qPrintable(out));
        out = retort({u"--help"_qs});
        QVERIFY2(out.contains(u"--env NAME"_qs), qPrintable(out));
        out = retort({u"revision"_qs, u"--help"_qs});
        QVERIFY2(out.simplified().contains(u"not a head needs --splice"_qs), qPrintable(out));
    }

    // The environments overview reads every database off the GUI thread: revision, lag
    // behind head, drift and the last run.
    void overviewShowsEveryEnvironment()
    {
        TestProject project(kSample);
        addEnvironments(project);
        MainWindow w;
        w.resize(1100, 700);
        w.show();
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        w.environments()->activate(u"staging"_qs);
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        QVERIFY(state.wait(10000));
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"fee4cd54bd38"_qs}, false}, true);
        // Drift on staging: its applied file changes afterwards.
        QSignalSpy reloaded(&w, &MainWindow::projectLoaded);
        QFile initial(project.file(u"versions/fee4cd54bd38_initial_commit.sql"_qs));
        QVERIFY2(initial.exists(), "sample file renamed?");
        QVERIFY(initial.open(QIODevice::Append));
        initial.write("\nSELECT 1; -- edited after it ran (the SQLite section is last)\n");
        initial.close();
        QVERIFY(reloaded.wait(10000)); // the folder watcher reloads the project

        EnvironmentsOverview *overview = w.showEnvironmentsOverview();
        QVERIFY(overview);
        QSignalSpy read(overview, &EnvironmentsOverview::allRead);
        QVERIFY(overview->pendingReads() == 0 || read.wait(20000));
        const QString ini = overview->rowText(0);
        const QString staging = overview->rowText(1);
        const QString prod = overview->rowText(2);
        QVERIFY2(ini.startsWith(u"retort.ini | minirag.db | 17c397cbdf9b | at head"_qs),
                 qPrintable(ini));
        QVERIFY2(ini.contains(u"upgrade 17c397cbdf9b ok"_qs), qPrintable(ini));
        QVERIFY2(staging.contains(u"fee4cd54bd38 | 3 revision(s) | 1 changed | upgrade"_qs),
                 qPrintable(staging));
        QVERIFY2(prod.contains(u"base (no database yet) | 4"_qs), qPrintable(prod));
        saveScreenshot(overview, u"environments-overview"_qs);
        overview->close();
    }

    // File > Backup takes a verified backup into the project's backup folder.
    void fileBackup()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QObject *backups = w.findChild<QObject *>(u"backups"_qs);
        QSignalSpy done(backups, SIGNAL(backupFinished(bool, QString)));
        auto *poll = new QTimer(&w);
        connect(poll, &QTimer::timeout, &w, [poll] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                poll->stop();
                box->button(QMessageBox::Ok)->click();
            }
        });
        poll->start(20);
        QVERIFY(w.actions()->backup->isEnabled());
        w.actions()->backup->trigger();
        QVERIFY(done.count() > 0 || done.wait(30000));
        QCOMPARE(done.first().at(0).toBool(), true);
        const QString file = done.first().at(1).toString();
        QVERIFY2(file.startsWith(project.file(u"backups/"_qs)) && file.endsWith(u".sqlite"_qs),
                 qPrintable(file));
    }
};

QTEST_MAIN(TestEnvironments)
#include "tst_environments.moc"
