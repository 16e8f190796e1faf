// Help > About and Help > Documentation: the dialog names the version, the licence and
// the versions of Qt, SQLite, libpq and the database server in use, the server's read
// on a pool thread from a real SQLite file and the test PostgreSQL; the window's Help
// menu opens it for the project's database; the documentation is a README that exists.
#include "TestDatabases.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "db/DatabaseUrl.h"
#include "help/AboutDialog.h"
#include "help/HelpMenu.h"

#include <QApplication>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace retort;
using namespace retort::test;
using retort::gui::AboutDialog;

class TestAboutDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
        // As retort-gui's main() does, from the same resources/retort.qrc.
        QApplication::setWindowIcon(QIcon(u":/icons/retort.svg"_qs));
    }

    void namesVersionsAndLicence()
    {
        AboutDialog dialog(std::nullopt);
        const auto label = [&](const char *name) {
            return dialog.findChild<QLabel *>(QLatin1String(name))->text();
        };
        QVERIFY(label("titleLabel").contains(QStringLiteral(RETORT_VERSION)));
        QVERIFY(label("licenceLabel").contains(u"MIT"_qs));
        QCOMPARE(label("qtVersion"), QString::fromLatin1(qVersion()));
        QCOMPARE(label("sqliteVersion"), QString::fromLatin1(sqlite3_libversion()));
        QVERIFY(label("libpqVersion").contains(QRegularExpression(u"^1[0-9]\\.[0-9]+$"_qs)));
        QCOMPARE(dialog.serverVersionText(), u"no database connected"_qs);
        // The application icon, drawn from the SVG in the resources (needs QtSvg's plugin).
        const QPixmap icon = dialog.findChild<QLabel *>(u"iconLabel"_qs)->pixmap();
        QVERIFY(!icon.isNull());
        QCOMPARE(icon.toImage().pixelColor(48, 48).alpha(), 255);
    }

    void readsSqliteVersionOffTheGuiThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"about.db"_qs);
        {
            ScopedConnection c(DatabaseUrl::parse(u"sqlite:///"_qs + path, {}), u"create"_qs);
        }
        AboutDialog dialog(DatabaseUrl::parse(u"sqlite:///"_qs + path, {}));
        QSignalSpy shown(&dialog, &AboutDialog::serverVersionShown);
        QVERIFY(dialog.serverVersionText().startsWith(u"asking"_qs)); // not answered inline
        QVERIFY(shown.wait(10000));
        QCOMPARE(dialog.serverVersionText(),
                 u"SQLite "_qs + QString::fromLatin1(sqlite3_libversion()));
    }

    void readsPostgresServerVersion()
    {
        RETORT_REQUIRE_POSTGRES(url);
        AboutDialog dialog(DatabaseUrl::parse(url, {}));
        QSignalSpy shown(&dialog, &AboutDialog::serverVersionShown);
        QVERIFY(shown.wait(10000));
        QVERIFY2(dialog.serverVersionText().contains(QRegularExpression(u"^PostgreSQL 1[0-9]"_qs)),
                 qPrintable(dialog.serverVersionText()));
        dialog.show();
        saveScreenshot(&dialog, u"about-dialog"_qs);
    }

    void unreachableServerSaysWhy()
    {
        // A port nothing listens on: the row says why instead of hanging the window.
        AboutDialog dialog(DatabaseUrl::parse(u"postgresql://nobody@127.0.0.1:1/none"_qs, {}));
        QSignalSpy shown(&dialog, &AboutDialog::serverVersionShown);
        QVERIFY(shown.wait(15000));
        QVERIFY2(dialog.serverVersionText().startsWith(u"unavailable: "_qs),
                 qPrintable(dialog.serverVersionText()));
    }

    void helpMenuOpensAboutForTheWindowsDatabase()
    {
        TestProject project(QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag"));
        {
            // The window reads a SQLite file read-only and never creates one: make it.
            ScopedConnection c(DatabaseUrl::parse(u"sqlite:///minirag.db"_qs, project.path()),
                               u"create"_qs);
        }
        gui::MainWindow w;
        openAndWait(w, project.path());
        QMenu *help = nullptr;
        for (QAction *menu : w.menuBar()->actions())
            if (menu->text() == u"&Help")
                help = menu->menu();
        QVERIFY(help);
        QAction *about = nullptr;
        for (QAction *action : help->actions())
            if (action->objectName() == u"aboutAction")
                about = action;
        QVERIFY(about);
        about->trigger();
        auto *dialog = w.findChild<AboutDialog *>();
        QVERIFY(dialog);
        QSignalSpy shown(dialog, &AboutDialog::serverVersionShown);
        QVERIFY(shown.wait(10000));
        QVERIFY2(dialog->serverVersionText().startsWith(u"SQLite 3."_qs),
                 qPrintable(dialog->serverVersionText()));
        saveScreenshot(dialog, u"about-dialog-sqlite"_qs);
    }

    void documentationIsAReadmeThatExists()
    {
        const QUrl url = gui::documentationUrl();
        QVERIFY(url.isLocalFile());
        QVERIFY(QFileInfo::exists(url.toLocalFile()));
        QVERIFY(url.toLocalFile().endsWith(u"README.md"_qs));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
