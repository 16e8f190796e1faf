// An Alembic project's Python revisions run by the project's own Alembic (real
// python3-alembic, /usr/bin/python3) on real SQLite and PostgreSQL, with Retort's lock,
// ledger and version-table check around the child process.
#include "AlembicTestProject.h"
#include "Project.h"
#include "alembic/AlembicGraph.h"
#include "alembic/AlembicImpliedParents.h"
#include "alembic/AlembicOfflinePlan.h"
#include "alembic/AlembicProcess.h"
#include "alembic/AlembicRun.h"
#include "alembic/ProjectPython.h"
#include "backup/BackupThenUpgrade.h"
#include "run/OfflineScript.h"
#include "run/Planner.h"

#include <QtTest>

#include <thread>

using namespace retort;
using namespace retort::test;

namespace {
const QString kMiniragAlembic = QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_alembic");
}

class TestAlembicRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void upgradeThenFailHalfWay_data() { addDialectRows(); }
    void upgradeThenFailHalfWay()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        AlembicTestProject project;
        const QString urlText = freshDatabaseUrl(dialect, project.dir.path());
        const Project p = Project::load(project.ini);
        const DatabaseUrl url = DatabaseUrl::parse(urlText, p.config.projectDir);
        RunSettings settings;
        settings.dialect = url.dialect();
        QStringList log;
        const auto logLine = [&](const QString &l) { log.append(l); };

        const MigrationPlan plan = runThroughAlembic(p, url, settings, systemPython(),
                                                     {u"upgrade"_qs, {u"b2"_qs}, false}, logLine);
        QCOMPARE(plan.endHeads, QStringList{u"b2"_qs});
        QCOMPARE(versionRows(urlText), QStringList{u"b2"_qs});
        QCOMPARE(queryColumn(urlText, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        QVERIFY2(log.join(u'\n').contains(u"Running upgrade a1 -> b2"_qs),
                 qPrintable(log.join(u'\n')));
        QCOMPARE(queryColumn(urlText, u"SELECT revision FROM retort_ledger WHERE outcome = 'ok' "
                                      "ORDER BY id"_qs),
                 (QStringList{u"a1"_qs, u"b2"_qs}));

        // c3 creates a table and then fails: nothing of it stays, on either database.
        const QString e = errorOf([&] {
            runThroughAlembic(p, url, settings, systemPython(),
                              {u"upgrade"_qs, {u"head"_qs}, false}, logLine);
        });
        QVERIFY2(e.contains(u"upgrade through the project's Alembic (/usr/bin/python3) failed"_qs),
                 qPrintable(e));
        QVERIFY2(e.contains(u"no_such_column"_qs), qPrintable(e));
        QVERIFY2(e.contains(u"alembic_version is unchanged (b2)"_qs), qPrintable(e));
        QCOMPARE(versionRows(urlText), QStringList{u"b2"_qs});
        QVERIFY(!userTables(urlText).contains(u"half_done"_qs));
        QCOMPARE(queryColumn(urlText, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
        QCOMPARE(
            queryColumn(urlText, u"SELECT outcome FROM retort_ledger WHERE revision = 'head'"_qs),
            QStringList{u"failed"_qs});

        // Downgrade and stamp go through Alembic too.
        runThroughAlembic(p, url, settings, systemPython(), {u"downgrade"_qs, {u"a1"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"a1"_qs});
        QVERIFY(!userTables(urlText).contains(u"projects"_qs));
        runThroughAlembic(p, url, settings, systemPython(), {u"stamp"_qs, {u"b2"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"b2"_qs});
    }

    // `retort upgrade --backup` and the window's Backup & Upgrade on an Alembic project: the
    // backup first, then the project's Alembic; a failure rolls back and names the backup.
    void backupThenUpgrade_data() { addDialectRows(); }
    void backupThenUpgrade()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        AlembicTestProject project;
        const QString urlText = freshDatabaseUrl(dialect, project.dir.path());
        Project p = Project::load(project.ini);
        p.config.backupDir = project.dir.filePath(u"backups"_qs);
        const DatabaseUrl url = DatabaseUrl::parse(urlText, p.config.projectDir);
        RunSettings settings;
        settings.dialect = url.dialect();
        runThroughAlembic(p, url, settings, systemPython(), {u"upgrade"_qs, {u"a1"_qs}, false});

        QStringList log;
        const BackupThenUpgradeResult r = retort::backupThenUpgrade(
            p, url, settings, u"b2"_qs, {}, nullptr, u"/usr/bin/python3"_qs,
            [&](const QString &l) { log.append(l); });
        QVERIFY(r.backup);
        QVERIFY(QFileInfo::exists(r.backup->path));
        QCOMPARE(r.backup->revisions, QStringList{u"a1"_qs});
        QCOMPARE(r.plan.endHeads, QStringList{u"b2"_qs});
        QCOMPARE(versionRows(urlText), QStringList{u"b2"_qs});
        QVERIFY2(log.join(u'\n').contains(u"Running upgrade a1 -> b2"_qs),
                 qPrintable(log.join(u'\n')));

        try {
            retort::backupThenUpgrade(p, url, settings, u"head"_qs, {}, nullptr,
                                      u"/usr/bin/python3"_qs);
            QFAIL("c3 should have failed");
        } catch (const UpgradeAfterBackupError &e) {
            QVERIFY2(e.message().contains(u"no_such_column"_qs), qPrintable(e.message()));
            QVERIFY2(e.message().contains(e.backup().path), qPrintable(e.message()));
            QCOMPARE(e.backup().revisions, QStringList{u"b2"_qs});
        }
        QCOMPARE(versionRows(urlText), QStringList{u"b2"_qs});
        QVERIFY(!userTables(urlText).contains(u"half_done"_qs));
        QCOMPARE(queryColumn(urlText, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
    }

    // The run refuses to start from other rows than the plan the user confirmed.
    void refusesWhenTheDatabaseMoved()
    {
        AlembicTestProject project;
        const QString urlText = freshDatabaseUrl(u"sqlite"_qs, project.dir.path());
        const Project p = Project::load(project.ini);
        const DatabaseUrl url = DatabaseUrl::parse(urlText, p.config.projectDir);
        RunSettings settings;
        settings.dialect = url.dialect();
        runThroughAlembic(p, url, settings, systemPython(), {u"upgrade"_qs, {u"a1"_qs}, false});
        const QString e = errorOf([&] {
            runThroughAlembic(p, url, settings, systemPython(),
                              {u"upgrade"_qs, {u"b2"_qs}, false, QStringList()});
        });
        QVERIFY2(e.contains(u"alembic_version is now a1, the plan started from empty. Nothing "
                            "was run"_qs),
                 qPrintable(e));
        QCOMPARE(versionRows(urlText), QStringList{u"a1"_qs});
    }

    // Preview: the project's Alembic in offline mode.
    void offlineSql()
    {
        AlembicTestProject project;
        const Project p = Project::load(project.ini);
        const AlembicOutcome o =
            runAlembic(p.config, systemPython(),
                       {u"upgrade"_qs, {u"base:b2"_qs, u"--sql"_qs}, u"sqlite://"_qs});
        QVERIFY2(o.ok(), qPrintable(o.err));
        QVERIFY(o.out.contains(u"CREATE TABLE users"_qs));
        QVERIFY(o.out.contains(u"-- Running upgrade a1 -> b2"_qs));
        QVERIFY(o.out.contains(u"UPDATE alembic_version SET version_num='b2'"_qs));
    }

    // The Plan tab's script for an Alembic project: each revision's SQL from Alembic's
    // offline mode, in one child process.
    void offlineSqlPerRevision()
    {
        const Project p = Project::load(kMiniragAlembic + u"/alembic.ini"_qs);
        const Planner planner(p.graph, p.scripts, u"postgresql"_qs, u"alembic_version"_qs);
        MigrationPlan plan = planner.upgrade({}, u"head"_qs);
        renderThroughAlembic(plan, u"head"_qs, p.config, systemPython(),
                             u"postgresql://nobody@localhost/nothing"_qs);
        QCOMPARE(plan.steps.size(), 4);
        for (const PlanStep &step : std::as_const(plan.steps))
            QVERIFY2(step.offlineError.isEmpty(), qPrintable(step.offlineError));
        const PlanStep &auth = plan.steps[1];
        QCOMPARE(auth.revision, u"add_auth_tables"_qs);
        QVERIFY2(auth.offlineSql.startsWith(u"CREATE TABLE users"_qs), qPrintable(auth.offlineSql));
        QVERIFY(auth.offlineSql.contains(u"ALTER TABLE projects ADD COLUMN user_id INTEGER"_qs));
        QVERIFY(auth.offlineSql.contains(
            u"UPDATE alembic_version SET version_num='add_auth_tables'"_qs));
        QVERIFY(!auth.offlineSql.contains(u"add_project_code"_qs));
        // Its statements, for reading: the version row left out.
        QCOMPARE(auth.statements.size(), 5);
        QVERIFY(auth.statements.last().sql.contains(u"FOREIGN KEY(user_id) REFERENCES users"_qs));
        QCOMPARE(plan.steps[3].statements.size(), 0); // the merge: only version rows
        const QString script = renderOfflineScript(plan);
        QVERIFY2(script.contains(u"-- Running upgrade fee4cd54bd38 -> add_auth_tables, Add "
                                 "authentication tables\n-- "_qs),
                 qPrintable(script));
        QVERIFY(script.contains(u"add_authentication_tables.py\n\nCREATE TABLE users"_qs));
        QCOMPARE(script.count(u"UPDATE alembic_version SET version_num='add_auth_tables'"_qs), 1);
    }

    // A revision that reads the database cannot render offline: shown as such, with
    // Alembic's message, and the revisions after it still render. An env.py that refuses
    // offline mode: every revision says so.
    void offlineSqlThatCannotRender()
    {
        AlembicTestProject project;
        writeFile(project.dir.filePath(u"migrations/versions"_qs), u"b2_projects.py"_qs,
                  revisionFile("b2", "'a1'",
                               "    import sqlalchemy as sa\n"
                               "    n = op.get_bind().execute(sa.text('SELECT count(*) FROM "
                               "users')).scalar()\n"
                               "    op.execute('CREATE TABLE projects (id integer)')\n",
                               "    pass\n"));
        const Project p = Project::load(project.ini);
        const Planner planner(p.graph, p.scripts, u"sqlite"_qs, u"alembic_version"_qs);
        MigrationPlan plan = planner.upgrade({}, u"head"_qs);
        renderThroughAlembic(plan, u"head"_qs, p.config, systemPython(), u"sqlite://"_qs);
        QCOMPARE(plan.steps.size(), 3);
        QVERIFY(plan.steps[0].offlineSql.contains(u"CREATE TABLE users"_qs));
        QVERIFY2(plan.steps[1].offlineError.contains(u"NoneType"_qs),
                 qPrintable(plan.steps[1].offlineError));
        QVERIFY2(plan.steps[2].offlineSql.contains(u"CREATE TABLE half_done"_qs),
                 qPrintable(plan.steps[2].offlineError));
        const QString script = renderOfflineScript(plan);
        QVERIFY2(script.contains(u"-- Running upgrade a1 -> b2, Revision b2\n"_qs),
                 qPrintable(script));
        QVERIFY(script.contains(u"-- CANNOT RENDER OFFLINE"_qs));

        writeFile(project.dir.filePath(u"migrations"_qs), u"env.py"_qs,
                  "from alembic import context\nif context.is_offline_mode():\n"
                  "    raise SystemExit('this env.py runs online only')\n");
        MigrationPlan refused = planner.upgrade({}, u"head"_qs);
        renderThroughAlembic(refused, u"head"_qs, p.config, systemPython(), u"sqlite://"_qs);
        for (const PlanStep &step : std::as_const(refused.steps))
            QCOMPARE(step.offlineError, u"this env.py runs online only"_qs);
    }

    // The example of a merge that lists a parent's ancestor (d8e1 <- f9ed, 7c50,
    // 190 with 7c50 below f9ed): Alembic alone dies in its head bookkeeping (KeyError);
    // through Retort its own Alembic upgrades, downgrades and stamps it correctly.
    void redundantParentThroughAlembic_data() { addDialectRows(); }
    void redundantParentThroughAlembic()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        AlembicTestProject project;
        const QString v = project.dir.filePath(u"migrations/versions"_qs);
        QDir(v).removeRecursively();
        const QList<std::pair<const char *, const char *>> revisions{
            {"e1cb", "None"},
            {"7c50", "'e1cb'"},
            {"dfa7", "'7c50'"},
            {"f9ed", "'dfa7'"},
            {"11ad", "'e1cb'"},
            {"190", "'11ad'"},
            {"d8e1", "('f9ed', '7c50', '190')"}};
        for (const auto &[id, down] : revisions)
            writeFile(v, QString::fromLatin1(id) + u".py"_qs,
                      revisionFile(id, down,
                                   "    op.execute('CREATE TABLE t_" + QByteArray(id) +
                                       " (id integer)')\n",
                                   "    op.execute('DROP TABLE t_" + QByteArray(id) + "')\n"));
        const QString urlText = freshDatabaseUrl(dialect, project.dir.path());
        const Project p = Project::load(project.ini);
        QVERIFY2(p.warnings.join(u'\n').contains(u"d8e1.py: revision d8e1 lists 7c50"_qs),
                 qPrintable(p.warnings.join(u'\n')));
        const DatabaseUrl url = DatabaseUrl::parse(urlText, p.config.projectDir);
        RunSettings settings;
        settings.dialect = url.dialect();

        runThroughAlembic(p, url, settings, systemPython(), {u"upgrade"_qs, {u"heads"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"d8e1"_qs});
        QCOMPARE(userTables(urlText).filter(u"t_"_qs).size(), 7);
        runThroughAlembic(p, url, settings, systemPython(), {u"downgrade"_qs, {u"7c50"_qs}, false});
        // Down to 7c50 undoes its descendants only: 190's branch stays.
        QStringList rows = versionRows(urlText);
        rows.sort();
        QCOMPARE(rows, (QStringList{u"190"_qs, u"7c50"_qs}));
        QCOMPARE(userTables(urlText).filter(u"t_"_qs).size(), 4);
        runThroughAlembic(p, url, settings, systemPython(), {u"upgrade"_qs, {u"d8e1"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"d8e1"_qs});
        runThroughAlembic(p, url, settings, systemPython(), {u"downgrade"_qs, {u"base"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList());
        QCOMPARE(userTables(urlText).filter(u"t_"_qs).size(), 0);
        runThroughAlembic(p, url, settings, systemPython(), {u"stamp"_qs, {u"d8e1"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"d8e1"_qs});
        runThroughAlembic(p, url, settings, systemPython(), {u"stamp"_qs, {u"f9ed"_qs}, false});
        QCOMPARE(versionRows(urlText), QStringList{u"f9ed"_qs}); // stamp replaces the rows

        // The Plan tab's offline SQL renders through the merge too.
        const Planner planner(p.graph, p.scripts, url.dialect(), u"alembic_version"_qs);
        MigrationPlan plan = planner.upgrade({}, u"heads"_qs);
        renderThroughAlembic(plan, u"heads"_qs, p.config, systemPython(), sqlalchemyUrl(url),
                             nullptr, impliedParentsJson(p.graph));
        QCOMPARE(plan.steps.size(), 7);
        for (const PlanStep &step : std::as_const(plan.steps))
            QVERIFY2(step.offlineError.isEmpty(), qPrintable(step.offlineError));
        QVERIFY2(plan.steps.last().offlineSql.contains(u"CREATE TABLE t_d8e1"_qs),
                 qPrintable(plan.steps.last().description() + renderOfflineScript(plan)));
    }

    // An env.py that hangs in offline mode is stopped after the project's offline_timeout;
    // every step says so, naming the range Alembic was rendering. A bad value is an error
    // naming the line.
    void offlineSqlThatHangs()
    {
        AlembicTestProject project;
        writeFile(project.dir.filePath(u"migrations"_qs), u"env.py"_qs, hangingOfflineEnvPy());
        writeFile(project.dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n"
                  "[retort]\noffline_timeout = 2\n");
        const Project p = Project::load(project.ini);
        QCOMPARE(p.config.offlineTimeoutSeconds, 2);
        const Planner planner(p.graph, p.scripts, u"sqlite"_qs, u"alembic_version"_qs);
        MigrationPlan plan = planner.upgrade({}, u"head"_qs);
        QElapsedTimer timer;
        timer.start();
        renderThroughAlembic(plan, u"head"_qs, p.config, systemPython(), u"sqlite://"_qs);
        QVERIFY2(timer.elapsed() < 20000, "the hanging child was not stopped");
        QCOMPARE(plan.steps.size(), 3);
        for (const PlanStep &step : std::as_const(plan.steps))
            QVERIFY2(step.offlineError.startsWith(
                         u"not rendered: the project's Alembic did not finish 'alembic upgrade "
                         "base:c3 --sql' within 2 s and was stopped"_qs) &&
                         step.offlineError.contains(u"offline_timeout"_qs),
                     qPrintable(step.offlineError));

        // Cancel stops it as well, long before the timeout.
        writeFile(project.dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n");
        const Project slow = Project::load(project.ini);
        QCOMPARE(slow.config.offlineTimeoutSeconds, 60);
        std::atomic<bool> cancel{false};
        QTimer::singleShot(500, [&cancel] { cancel = true; });
        MigrationPlan cancelled = planner.upgrade({}, u"head"_qs);
        timer.restart();
        std::thread renderer([&] {
            renderThroughAlembic(cancelled, u"head"_qs, slow.config, systemPython(),
                                 u"sqlite://"_qs, &cancel);
        });
        QTRY_VERIFY_WITH_TIMEOUT(cancel.load(), 5000);
        renderer.join();
        QVERIFY2(timer.elapsed() < 20000, "cancel did not stop the child");
        QCOMPARE(cancelled.steps.first().offlineError, u"not rendered: cancelled"_qs);

        writeFile(project.dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = %(here)s/migrations\n"
                  "[retort]\npython = /usr/bin/python3\noffline_timeout = soon\n");
        try {
            ProjectConfig::load(project.ini);
            QFAIL("offline_timeout = soon was accepted");
        } catch (const Error &e) {
            QCOMPARE(e.message(), project.ini + u":5: offline_timeout in [retort] must be a whole "
                                                "number of seconds above 0, not 'soon'"_qs);
        }
    }

    // A computed down_revision: the native reader names it; the project's Alembic reads it.
    void graphFromAlembicWhenNotLiteral()
    {
        AlembicTestProject project;
        writeFile(project.dir.filePath(u"migrations/versions"_qs), u"d4_computed.py"_qs,
                  "\"\"\"Computed parent\n\nRevision ID: d4\n\"\"\"\nPARENT = 'b' + '2'\n"
                  "revision = 'd4'\ndown_revision = (PARENT,)\n\ndef upgrade():\n    pass\n");
        QVERIFY(errorOf([&] {
                    Project::load(project.ini);
                }).contains(u"d4_computed.py:7: down_revision = (PARENT,) is not a literal"_qs));
        const ProjectConfig config = ProjectConfig::load(project.ini);
        const Project p =
            Project::fromScripts(config, loadScriptsFromAlembic(config, systemPython()));
        QCOMPARE(p.graph.size(), 4);
        QCOMPARE(p.graph.ids(p.graph.heads()), (QStringList{u"c3"_qs, u"d4"_qs}));
        const int d4 = p.graph.indexOf(u"d4"_qs);
        QCOMPARE(p.graph.ids(p.graph.downRevisions(d4)), QStringList{u"b2"_qs});
        QCOMPARE(p.graph.revision(d4).message, u"Computed parent"_qs);
    }

    void interpreterMissingOrWithoutAlembic()
    {
        AlembicTestProject project;
        const ProjectConfig config = ProjectConfig::load(project.ini);
        QVERIFY(errorOf([&] { ProjectPython::find(config, u"/nonexistent/python"_qs); })
                    .contains(u"the Python interpreter /nonexistent/python (from --python) does "
                              "not exist"_qs));
        // A real Python that cannot see Alembic: -I -S drops site-packages.
        const QString bare = writeFile(project.dir.path(), u"bare-python"_qs,
                                       "#!/bin/sh\nexec /usr/bin/python3 -I -S \"$@\"\n");
        QFile::setPermissions(bare, QFile::permissions(bare) | QFileDevice::ExeOwner);
        const ProjectPython python = ProjectPython::find(config, bare);
        QCOMPARE(python.source, u"--python"_qs);
        const QString e = errorOf([&] { python.describeWithAlembic(); });
        QVERIFY2(e.contains(bare + u" (from --python) has no Alembic (ModuleNotFoundError: No "
                                   "module named 'alembic')"_qs),
                 qPrintable(e));
        QVERIFY(systemPython().describeWithAlembic().startsWith(u"Alembic 1."_qs));

        // [retort] python = wins over a .venv beside the ini; .venv over python3.
        writeFile(project.dir.path(), u".venv/bin/python"_qs,
                  "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
        QFile::setPermissions(project.dir.filePath(u".venv/bin/python"_qs),
                              QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        qunsetenv("VIRTUAL_ENV");
        qunsetenv("RETORT_PYTHON");
        QCOMPARE(ProjectPython::find(config, {}).source, u".venv/ beside alembic.ini"_qs);
        ProjectConfig withSetting = config;
        withSetting.python = bare;
        QCOMPARE(ProjectPython::find(withSetting, {}).path, bare);
    }
};

QTEST_GUILESS_MAIN(TestAlembicRun)
#include "tst_alembicrun.moc"
