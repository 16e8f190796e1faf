// ProjectWatcher on real files (inotify): what a user does to a project on disk —
// edit a migration in place, add one, save retort.ini the way editors do — is seen;
// what Retort itself writes beside retort.ini (the SQLite database) is not. An Alembic
// project's every version location, and the folders below them, are watched.
#include "AlembicTestProject.h"
#include "LoadedProject.h"
#include "TestFiles.h"
#include "watch/ProjectWatcher.h"

#include <QSignalSpy>
#include <QtTest>

using retort::gui::ProjectWatcher;
using retort::test::migration;
using retort::test::writeFile;

class TestProjectWatcher : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ini;
    QString m_versions;

    // True if `action` makes the watcher signal within a second.
    bool signalsOn(ProjectWatcher &watcher, const std::function<void()> &action)
    {
        QSignalSpy spy(&watcher, &ProjectWatcher::changed);
        action();
        return spy.wait(1000) || !spy.isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ini = writeFile(m_dir.path(), u"retort.ini"_qs, "[retort]\nscript_location = versions\n");
        m_versions = m_dir.filePath(u"versions"_qs);
        writeFile(m_versions, u"a.sql"_qs, migration("aaaa", ""));
    }

    void editInPlace()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_versions});
        QVERIFY(signalsOn(watcher, [&] {
            QFile f(QDir(m_versions).filePath(u"a.sql"_qs));
            QVERIFY(f.open(QIODevice::ReadWrite)); // same inode: no folder entry changes
            f.write("-- X");
        }));
    }

    void newAndRemovedFiles()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_versions});
        QVERIFY(
            signalsOn(watcher, [&] { writeFile(m_versions, u"b.sql"_qs, migration("bb", "")); }));
        QVERIFY(signalsOn(watcher, [&] { QFile::remove(QDir(m_versions).filePath(u"b.sql"_qs)); }));
    }

    void iniSavedByRename()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_versions});
        QVERIFY(signalsOn(watcher, [&] {
            writeFile(m_dir.path(), u"retort.ini.tmp"_qs, "[retort]\nscript_location = versions\n");
            QVERIFY(std::rename(qPrintable(m_ini + u".tmp"_qs), qPrintable(m_ini)) == 0);
        }));
        // Still watched after the rename.
        QVERIFY(signalsOn(watcher, [&] {
            QFile f(m_ini);
            QVERIFY(f.open(QIODevice::Append));
            f.write("\n");
        }));
    }

    void databaseBesideTheIniIsIgnored()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_versions});
        QVERIFY(!signalsOn(watcher, [&] { writeFile(m_dir.path(), u"app.db"_qs, "data"); }));
    }

    void clearedWatcherIsSilent()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_versions});
        watcher.clear();
        QVERIFY(
            !signalsOn(watcher, [&] { writeFile(m_versions, u"c.sql"_qs, migration("cc", "")); }));
    }

    void missingFolderIsNotAnError()
    {
        ProjectWatcher watcher;
        watcher.watch(m_ini, {m_dir.filePath(u"nope"_qs)});
        QVERIFY(
            signalsOn(watcher, [&] { writeFile(m_dir.path(), u"retort.ini"_qs, "[retort]\n"); }));
    }

    // version_locations names two folders, recursive_version_locations nests a third:
    // what the window watches for the loaded project sees a change in each of them.
    void everyAlembicVersionLocation()
    {
        QTemporaryDir dir;
        writeFile(dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n"
                  "version_path_separator = os\n"
                  "version_locations = %(here)s/core:%(here)s/plugins\n"
                  "recursive_version_locations = true\n");
        writeFile(dir.filePath(u"migrations"_qs), u"env.py"_qs, retort::test::kEnvPy);
        writeFile(dir.filePath(u"core"_qs), u"a1.py"_qs,
                  retort::test::revisionFile("a1", "None", "    pass\n", "    pass\n"));
        writeFile(dir.filePath(u"plugins/billing/2024"_qs), u"b2.py"_qs,
                  retort::test::revisionFile("b2", "'a1'", "    pass\n", "    pass\n"));
        writeFile(dir.filePath(u"plugins/billing/2024/__pycache__"_qs), u"b2.pyc"_qs, "x");
        const retort::gui::LoadedProject loaded = retort::gui::LoadedProject::load(dir.path());
        QVERIFY2(loaded.project, qPrintable(loaded.error));
        QCOMPARE(loaded.project->graph.size(), 2);
        const QStringList expected{dir.filePath(u"core"_qs), dir.filePath(u"plugins"_qs),
                                   dir.filePath(u"plugins/billing"_qs),
                                   dir.filePath(u"plugins/billing/2024"_qs)};
        QCOMPARE(loaded.versionsFolders, expected);

        ProjectWatcher watcher;
        watcher.watch(loaded.iniPath, loaded.versionsFolders);
        QVERIFY(signalsOn(watcher, [&] {
            writeFile(dir.filePath(u"plugins"_qs), u"c3.py"_qs,
                      retort::test::revisionFile("c3", "'b2'", "    pass\n", "    pass\n"));
        }));
        QVERIFY(signalsOn(watcher, [&] {
            QFile f(dir.filePath(u"plugins/billing/2024/b2.py"_qs));
            QVERIFY(f.open(QIODevice::Append)); // edited in place, two folders down
            f.write("# edited\n");
        }));
        QVERIFY(signalsOn(watcher, [&] {
            writeFile(dir.filePath(u"plugins/billing"_qs), u"d4.py"_qs,
                      retort::test::revisionFile("d4", "'c3'", "    pass\n", "    pass\n"));
        }));
    }
};

QTEST_GUILESS_MAIN(TestProjectWatcher)
#include "tst_projectwatcher.moc"
