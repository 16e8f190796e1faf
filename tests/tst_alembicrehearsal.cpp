// Rehearsal and the merge-order check of an Alembic project's Python revisions (real
// python3-alembic on real SQLite and PostgreSQL): they run through the project's own
// Alembic on a throwaway copy, never on the live database. The Python minirag history
// (tests/fixtures/minirag_alembic) fails in Alembic's order when add_project_code does not
// depend on add_auth_tables; the check finds it and suggests the depends_on.
#include "AlembicTestProject.h"
#include "Project.h"
#include "alembic/AlembicRehearsal.h"
#include "alembic/AlembicRun.h"
#include "diff/ScratchName.h"

#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

// This process's scratch databases (a scratch database's name carries its process id,
// ScratchName.h): others' (another test's running beside, one a killed run left) are none
// of this test's business.
QStringList scratchDatabases()
{
    QStringList names =
        queryColumn(postgresTestUrl(),
                    u"SELECT datname FROM pg_database WHERE datname LIKE 'retort_scratch_%'"_qs);
    names.removeIf([](const QString &n) {
        const auto name = diff::ScratchName::parse(n);
        return !name || name->host != diff::ScratchName::thisHost() ||
               name->pid != QCoreApplication::applicationPid();
    });
    return names;
}

bool hasRelation(const SchemaSnapshot &snapshot, const QString &name)
{
    for (auto it = snapshot.relations.cbegin(); it != snapshot.relations.cend(); ++it)
        if (it.key() == name || it.key().endsWith(u'.' + name))
            return true;
    return false;
}

} // namespace

class TestAlembicRehearsal : public QObject {
    Q_OBJECT

    struct Live {
        QString urlText;
        DatabaseUrl url;
        RunSettings settings;
    };

    // A live database at fee4cd54bd38 with two projects (rows that must survive).
    static Live liveAtInitialCommit(const Project &p, const QString &dialect, const QString &dir)
    {
        Live live;
        live.urlText = freshDatabaseUrl(dialect, dir);
        live.url = DatabaseUrl::parse(live.urlText, p.config.projectDir);
        live.settings.dialect = live.url.dialect();
        runThroughAlembic(p, live.url, live.settings, systemPython(),
                          {u"upgrade"_qs, {u"fee4cd54bd38"_qs}});
        const DatabaseUrl u = DatabaseUrl::parse(live.urlText, {});
        ScopedConnection c(u, u"test-rows"_qs);
        execOrThrow(c.db(),
                    u"INSERT INTO projects (project_uuid) VALUES "
                    "('6f1c3a52-3a43-4d3e-9a53-2c8f6f6b0a01'), "
                    "('6f1c3a52-3a43-4d3e-9a53-2c8f6f6b0a02')"_qs,
                    u"insert projects"_qs);
        return live;
    }

    static void verifyLiveUntouched(const Live &live)
    {
        QCOMPARE(versionRows(live.urlText), QStringList{u"fee4cd54bd38"_qs});
        QCOMPARE(userTables(live.urlText),
                 (QStringList{u"assets"_qs, u"chunks"_qs, u"projects"_qs}));
        QCOMPARE(queryColumn(live.urlText, u"SELECT count(*) FROM projects"_qs),
                 QStringList{u"2"_qs});
        if (live.url.isPostgres())
            QCOMPARE(scratchDatabases(), QStringList());
    }

private Q_SLOTS:
    void unfixedHistoryFindsTheOrderingBug_data() { addDialectRows(); }
    void unfixedHistoryFindsTheOrderingBug()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        const TestProject project = miniragAlembicProject(false);
        const Project p = Project::load(project.file(u"alembic.ini"_qs));
        const Live live = liveAtInitialCommit(p, dialect, project.path());

        const RehearsalReport report = rehearseThroughAlembic(
            p, live.url, live.settings, systemPython(), {u"upgrade"_qs, {u"head"_qs}});
        QVERIFY(report.failed);
        QCOMPARE(report.startHeads, QStringList{u"fee4cd54bd38"_qs});
        QCOMPARE(report.failure.revision, u"add_project_code"_qs);
        QVERIFY2(report.failure.message.contains(u"user_id"_qs),
                 qPrintable(report.failure.message));
        QVERIFY2(report.failure.path.endsWith(u"add_project_code_add_project_code.py"_qs),
                 qPrintable(report.failure.path));
        QVERIFY(report.failure.line > 0);
        QVERIFY2(report.failure.statement.contains(u"uq_projects_user_id_project_code"_qs),
                 qPrintable(report.failure.statement));
        verifyLiveUntouched(live);

        const QVector<MergeOrderFinding> findings =
            checkMergeOrdersThroughAlembic(p, live.url, live.settings, systemPython(),
                                           report.startHeads, mergesInPlan(report.plan, p.graph));
        QCOMPARE(findings.size(), 1);
        const MergeOrderFinding &f = findings.first();
        QCOMPARE(f.merge, u"17c397cbdf9b"_qs);
        QCOMPARE(f.problem, MergeOrderFinding::Problem::OrderFails);
        QCOMPARE(f.failingRevision, u"add_project_code"_qs);
        QCOMPARE(f.missingObject, u"column user_id"_qs);
        QCOMPARE(f.creatingRevision, u"add_auth_tables"_qs);
        QCOMPARE(f.suggestion, u"depends_on = 'add_auth_tables'"_qs);
        QVERIFY2(f.message.contains(u"fix: set depends_on = 'add_auth_tables' in "_qs),
                 qPrintable(f.message));
        QCOMPARE(f.runs.size(), 2);
        QVERIFY(f.runs[0].failed != f.runs[1].failed); // one order fails, the other works
        verifyLiveUntouched(live);
    }

    void fixedHistoryRehearsesCleanly_data() { addDialectRows(); }
    void fixedHistoryRehearsesCleanly()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        const TestProject project = miniragAlembicProject(true);
        const Project p = Project::load(project.file(u"alembic.ini"_qs));
        const Live live = liveAtInitialCommit(p, dialect, project.path());

        QStringList log;
        const RehearsalReport report = rehearseThroughAlembic(
            p, live.url, live.settings, systemPython(), {u"upgrade"_qs, {u"head"_qs}},
            [&](const QString &line) { log.append(line); });
        QVERIFY2(report.ok(), qPrintable(report.failure.message));
        QCOMPARE(report.endHeads, QStringList{u"17c397cbdf9b"_qs});
        QCOMPARE(report.revisions.size(), 3);
        QVERIFY2(log.join(u'\n').contains(u"Running upgrade fee4cd54bd38 -> add_auth_tables"_qs),
                 qPrintable(log.join(u'\n')));
        // The copy changed as the run would change the live database: new tables, columns.
        QVERIFY(hasRelation(report.before, u"projects"_qs));
        QVERIFY(!hasRelation(report.before, u"users"_qs));
        QVERIFY(hasRelation(report.after, u"users"_qs));
        QVERIFY(hasRelation(report.after, u"query_logs"_qs));
        QVERIFY(!report.diff.isEmpty());
        verifyLiveUntouched(live);

        const QVector<MergeOrderFinding> findings =
            checkMergeOrdersThroughAlembic(p, live.url, live.settings, systemPython(),
                                           report.startHeads, mergesInPlan(report.plan, p.graph));
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().ok(), qPrintable(findings.first().message));
        QVERIFY(findings.first().suggestion.isEmpty());
        verifyLiveUntouched(live);
    }
};

QTEST_GUILESS_MAIN(TestAlembicRehearsal)
#include "tst_alembicrehearsal.moc"
