// Rehearsal, schema snapshots and diff, and the merge-order check, on real SQLite files
// and the test PostgreSQL server: every rehearsal must leave schema, rows and the
// version table exactly as they were.
#include "Project.h"
#include "TestFiles.h"
#include "TestProject.h"
#include "TestSession.h"
#include "run/MergeOrderCheck.h"
#include "run/Rehearsal.h"
#include "schema/LineDiff.h"

#include <QSqlRecord>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");
const QString kUnfixed = QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_unfixed");

void writeRevision(const TestProject &p, const QString &id, const QString &revises,
                   const QString &upgrade, const QString &extraHeader = {})
{
    p.writeRaw(u"versions/%1.sql"_qs.arg(id),
               (u"-- %1\n--\n-- Revision ID: %1\n-- Revises: %2\n%3\n-- migrate:upgrade\n%4\n"
                "\n-- migrate:downgrade\n"_qs.arg(id, revises, extraHeader, upgrade))
                   .toUtf8());
}

// One project and database, driven through core the way the CLI drives it.
struct Session : TestSession {
    using TestSession::TestSession;
    RehearsalReport rehearse(const QString &target) const
    {
        const Project project = Project::load(ini);
        const DatabaseUrl u = DatabaseUrl::parse(url, project.config.projectDir);
        ScopedConnection conn(u, u"test-rehearse"_qs);
        Planner planner(project.graph, project.scripts, u.dialect(), u"alembic_version"_qs);
        return retort::rehearse(conn.db(), settings(), [&](const QStringList &heads) {
            return planner.upgrade(heads, target);
        });
    }
    QVector<MergeOrderFinding> checkAllMerges() const
    {
        const Project project = Project::load(ini);
        const DatabaseUrl u = DatabaseUrl::parse(url, project.config.projectDir);
        ScopedConnection conn(u, u"test-merge-order"_qs);
        Planner planner(project.graph, project.scripts, u.dialect(), u"alembic_version"_qs);
        return checkMergeOrders(conn.db(), settings(), project.graph, planner, {},
                                allMerges(project.graph));
    }
    SchemaSnapshot snapshot() const
    {
        const DatabaseUrl u = DatabaseUrl::parse(url, {});
        ScopedConnection conn(u, u"test-snapshot"_qs);
        return takeSnapshot(conn.db(), u.dialect());
    }
    // Every row of every table (version table and ledger included), as text.
    QStringList allRows() const
    {
        const DatabaseUrl u = DatabaseUrl::parse(url, {});
        QStringList tables = userTables(url);
        for (const QString &t : {u"alembic_version"_qs, u"retort_ledger"_qs}) {
            ScopedConnection c(u, u"test-exists"_qs);
            if (tableExists(c.db(), u.dialect(), t))
                tables.append(t);
        }
        QStringList rows;
        ScopedConnection c(u, u"test-rows"_qs);
        for (const QString &t : tables) {
            QSqlQuery q = execOrThrow(c.db(), u"SELECT * FROM %1 ORDER BY 1"_qs.arg(t), t);
            while (q.next()) {
                QStringList values;
                for (int i = 0; i < q.record().count(); ++i)
                    values.append(q.value(i).toString());
                rows.append(t + u": "_qs + values.join(u'|'));
            }
        }
        return rows;
    }
};

bool hasChange(const SchemaDiff &diff, SchemaChange::Kind kind, const QString &relationSuffix,
               const QString &object = {})
{
    for (const SchemaChange &c : diff)
        if (c.kind == kind && c.relation.endsWith(relationSuffix) && c.object == object)
            return true;
    return false;
}

} // namespace

class TestRehearsal : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString databaseFor(const QString &dialect) { return freshDatabaseUrl(dialect, m_tmp.path()); }

private Q_SLOTS:
    void dialects_data() { addDialectRows(); }

    void lineDiff()
    {
        const QStringList a{u"a"_qs, u"b"_qs, u"c"_qs, u"d"_qs};
        const QStringList b{u"a"_qs, u"c"_qs, u"d"_qs, u"e"_qs};
        QCOMPARE(unifiedLineDiff(a, b, u"x"_qs, u"y"_qs),
                 u"--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+e\n"_qs);
        QCOMPARE(unifiedLineDiff(a, a, u"x"_qs, u"y"_qs), QString());
        QCOMPARE(unifiedLineDiff({}, {u"n"_qs}, u"x"_qs, u"y"_qs),
                 u"--- x\n+++ y\n@@ -0,0 +1 @@\n+n\n"_qs);
        // A replaced block: its old lines, then its new ones, as diff -u prints them.
        QCOMPARE(unifiedLineDiff({u"a"_qs, u"b1"_qs, u"b2"_qs, u"c"_qs},
                                 {u"a"_qs, u"B1"_qs, u"B2"_qs, u"c"_qs}, u"x"_qs, u"y"_qs),
                 u"--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b1\n-b2\n+B1\n+B2\n c\n"_qs);
        // A psql table whose columns widened: only the new row is a change, and the
        // unchanged rows are shown as they are now.
        const QStringList narrow{u" a  | int"_qs, u"----+-----"_qs, u" id | int"_qs};
        const QStringList wide{u" a    | int"_qs, u"------+-----"_qs, u" id   | int"_qs,
                               u" name | text"_qs};
        QCOMPARE(unifiedLineDiff(narrow, wide, u"x"_qs, u"y"_qs, 3, LineMatch::IgnoreAlignment),
                 u"--- x\n+++ y\n@@ -1,3 +1,4 @@\n  a    | int\n ------+-----\n  id   | int\n"
                 "+ name | text\n"_qs);
        QCOMPARE(unifiedLineDiff(narrow, wide, u"x"_qs, u"y"_qs).count(u"\n-"_qs), 3);
    }

    void rehearsalUrlNeverCreatesASqliteFile()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(u"new.db"_qs);
        const DatabaseUrl memory = rehearsalUrl(DatabaseUrl::parse(u"sqlite:///"_qs + missing, {}));
        QVERIFY(memory.inMemory);
        QVERIFY(memory.sqlitePath.isEmpty());
        {
            ScopedConnection conn(memory, u"test-rehearsal-url"_qs);
        }
        QVERIFY(!QFileInfo::exists(missing));
        writeFile(dir.path(), u"old.db"_qs, {});
        const DatabaseUrl file =
            rehearsalUrl(DatabaseUrl::parse(u"sqlite:///"_qs + dir.filePath(u"old.db"_qs), {}));
        QVERIFY(!file.inMemory);
        QCOMPARE(file.sqlitePath, dir.filePath(u"old.db"_qs));
        const DatabaseUrl pg = rehearsalUrl(DatabaseUrl::parse(u"postgresql://u@h/db"_qs, {}));
        QCOMPARE(pg.url, u"postgresql://u@h/db"_qs);
        QVERIFY(pg.isPostgres());
    }

    void rehearsalSucceedsAndLeavesNothing_data() { dialects_data(); }
    void rehearsalSucceedsAndLeavesNothing()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};

        // From an empty database: every table of the sample is added.
        const RehearsalReport fromEmpty = s.rehearse(u"head"_qs);
        QVERIFY2(fromEmpty.ok(), qPrintable(rehearsalReportText(fromEmpty)));
        QCOMPARE(fromEmpty.revisions.size(), 4);
        for (const QString &t :
             {u"assets"_qs, u"chunks"_qs, u"projects"_qs, u"query_logs"_qs, u"users"_qs})
            QVERIFY2(hasChange(fromEmpty.diff, SchemaChange::Kind::TableAdded, u"."_qs + t),
                     qPrintable(t));
        QCOMPARE(userTables(s.url), QStringList());
        QCOMPARE(versionRows(s.url), QStringList());

        // From the first revision with data in it: schema, rows and version row unchanged.
        s.upgrade(u"fee4cd54bd38"_qs);
        {
            const DatabaseUrl u = DatabaseUrl::parse(s.url, {});
            ScopedConnection c(u, u"test-seed"_qs);
            execOrThrow(c.db(),
                        u"INSERT INTO projects (project_uuid) VALUES "
                        "('00000000-0000-0000-0000-000000000001')"_qs,
                        u"seed"_qs);
        }
        const SchemaSnapshot before = s.snapshot();
        const QStringList rowsBefore = s.allRows();
        const RehearsalReport report = s.rehearse(u"head"_qs);
        QVERIFY2(report.ok(), qPrintable(rehearsalReportText(report)));
        QCOMPARE(report.startHeads, QStringList{u"fee4cd54bd38"_qs});
        QCOMPARE(report.endHeads, QStringList{u"17c397cbdf9b"_qs});
        QVERIFY(hasChange(report.diff, SchemaChange::Kind::TableAdded, u".users"_qs));
        QVERIFY(hasChange(report.diff, SchemaChange::Kind::ColumnAdded, u".projects"_qs,
                          u"user_id"_qs));
        QVERIFY(hasChange(report.diff, SchemaChange::Kind::ColumnAdded, u".projects"_qs,
                          u"project_code"_qs));
        QVERIFY(unifiedDiffText(report.before, report.after).contains(u"+++ b/"_qs));
        if (dialect == u"postgresql") {
            // The ALTER TABLE on projects took its AccessExclusiveLock, seen in pg_locks.
            bool sawLock = false;
            for (const RevisionRehearsal &r : report.revisions)
                for (const StatementRehearsal &st : r.statements)
                    sawLock = sawLock || st.locks.contains(u"projects AccessExclusiveLock"_qs);
            QVERIFY2(sawLock, qPrintable(rehearsalReportText(report)));
        }
        QVERIFY(s.snapshot() == before);
        QCOMPARE(s.allRows(), rowsBefore);
        QCOMPARE(versionRows(s.url), QStringList{u"fee4cd54bd38"_qs});
    }

    void rehearsalFailsHalfway_data() { dialects_data(); }
    void rehearsalFailsHalfway()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeRevision(project, u"r1"_qs, {}, u"CREATE TABLE t (a integer);"_qs);
        writeRevision(project, u"r2"_qs, u"r1"_qs,
                      u"ALTER TABLE t ADD COLUMN c integer;\nUPDATE t SET missing = 1;\n"
                      "CREATE TABLE never (x integer);"_qs);
        const Session s{project.ini(), databaseFor(dialect)};
        const RehearsalReport report = s.rehearse(u"head"_qs);
        QVERIFY(!report.ok());
        QCOMPARE(report.failure.revision, u"r2"_qs);
        QCOMPARE(report.failure.line, 8); // the UPDATE's line in r2.sql
        QCOMPARE(report.failure.statement, u"UPDATE t SET missing = 1"_qs);
        QVERIFY2(report.failure.message.contains(u"missing"_qs),
                 qPrintable(report.failure.message));
        const QString text = rehearsalReportText(report);
        QVERIFY2(text.contains(u"UPDATE t SET missing = 1"_qs), qPrintable(text));
        // The diff shows what the plan did up to the failure, and not after it.
        QVERIFY(hasChange(report.diff, SchemaChange::Kind::TableAdded, u".t"_qs));
        QVERIFY(!hasChange(report.diff, SchemaChange::Kind::TableAdded, u".never"_qs));
        QCOMPARE(userTables(s.url), QStringList());
        QCOMPARE(versionRows(s.url), QStringList());
    }

    void rehearsalDoesNotQueueBehindALock()
    {
        // A long reader holds a lock on t: the rehearsal's ALTER TABLE would queue behind
        // it (and every later reader behind the ALTER). It gives up after its lock timeout
        // and says so, naming the statement.
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        writeRevision(project, u"r1"_qs, {}, u"CREATE TABLE t (a integer);"_qs);
        writeRevision(project, u"r2"_qs, u"r1"_qs, u"ALTER TABLE t ADD COLUMN b integer;"_qs);
        const Session s{project.ini(), databaseFor(u"postgresql"_qs)};
        s.upgrade(u"r1"_qs);
        const DatabaseUrl u = DatabaseUrl::parse(s.url, {});
        ScopedConnection reader(u, u"test-reader"_qs);
        execOrThrow(reader.db(), u"BEGIN"_qs, u"begin"_qs);
        execOrThrow(reader.db(), u"LOCK TABLE t IN ACCESS SHARE MODE"_qs, u"lock"_qs);

        const Project p = Project::load(s.ini);
        ScopedConnection conn(u, u"test-rehearse"_qs);
        Planner planner(p.graph, p.scripts, u.dialect(), u"alembic_version"_qs);
        RunSettings settings = s.settings();
        settings.rehearsalLockTimeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const RehearsalReport report =
            retort::rehearse(conn.db(), settings, [&](const QStringList &heads) {
                return planner.upgrade(heads, u"head"_qs);
            });
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(!report.ok());
        QCOMPARE(report.failure.revision, u"r2"_qs);
        QCOMPARE(report.failure.statement, u"ALTER TABLE t ADD COLUMN b integer"_qs);
        QVERIFY2(report.failure.message.contains(u"lock timeout"_qs),
                 qPrintable(report.failure.message));
        execOrThrow(reader.db(), u"ROLLBACK"_qs, u"rollback"_qs);
        QCOMPARE(versionRows(s.url), QStringList{u"r1"_qs});
    }

    void nonTransactionalNotRehearsed_data() { dialects_data(); }
    void nonTransactionalNotRehearsed()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        const bool pg = dialect == u"postgresql";
        TestProject project;
        writeRevision(project, u"r1"_qs, {}, u"CREATE TABLE t (a integer);"_qs);
        writeRevision(project, u"r2"_qs, u"r1"_qs,
                      pg ? u"CREATE INDEX CONCURRENTLY ix_t_a ON t (a);"_qs
                         : u"CREATE INDEX ix_t_a ON t (a);"_qs,
                      u"-- Transactional: false\n"_qs);
        writeRevision(project, u"r3"_qs, u"r2"_qs,
                      pg ? u"CREATE INDEX CONCURRENTLY ix_t_a2 ON t (a);\n"
                           "ALTER TABLE t ADD COLUMN b integer;"_qs
                         : u"VACUUM;\nALTER TABLE t ADD COLUMN b integer;"_qs);
        const Session s{project.ini(), databaseFor(dialect)};
        s.upgrade(u"r1"_qs);
        const SchemaSnapshot before = s.snapshot();
        const RehearsalReport report = s.rehearse(u"head"_qs);
        QVERIFY2(report.ok(), qPrintable(rehearsalReportText(report)));
        QCOMPARE(report.notRehearsed.size(), 2);
        QVERIFY(report.notRehearsed[0].startsWith(u"r2 "_qs));
        QVERIFY(!report.revisions[0].rehearsed);
        QVERIFY(!report.revisions[0].statements[0].rehearsed);
        QVERIFY(!report.revisions[1].statements[0].rehearsed);
        QVERIFY(report.revisions[1].statements[1].rehearsed);
        // Neither index was created, even inside the rehearsal; the column was.
        QVERIFY(!report.after.relations[u"%1.t"_qs.arg(pg ? u"public"_qs : u"main"_qs)].index(
            u"ix_t_a"_qs));
        QVERIFY(!hasChange(report.diff, SchemaChange::Kind::IndexAdded, u".t"_qs, u"ix_t_a"_qs));
        QVERIFY(hasChange(report.diff, SchemaChange::Kind::ColumnAdded, u".t"_qs, u"b"_qs));
        QVERIFY(s.snapshot() == before);
        QCOMPARE(versionRows(s.url), QStringList{u"r1"_qs});
    }

    void diffOfKnownMigration_data() { dialects_data(); }
    void diffOfKnownMigration()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeRevision(project, u"r1"_qs, {},
                      u"CREATE TABLE t (id integer PRIMARY KEY, a integer, b varchar(10));\n"
                      "CREATE INDEX ix_t_b ON t (b);"_qs);
        // SQLite cannot change a column's type in place: the usual table rebuild.
        writeRevision(project, u"r2"_qs, u"r1"_qs,
                      dialect == u"postgresql"
                          ? u"ALTER TABLE t ADD COLUMN c integer;\n"
                            "ALTER TABLE t ALTER COLUMN a TYPE bigint;\nDROP INDEX ix_t_b;"_qs
                          : u"CREATE TABLE t_new (id integer PRIMARY KEY, a bigint, b "
                            "varchar(10), c integer);\nINSERT INTO t_new (id, a, b) SELECT id, "
                            "a, b FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;"_qs);
        const Session s{project.ini(), databaseFor(dialect)};
        s.upgrade(u"r1"_qs);
        const RehearsalReport report = s.rehearse(u"head"_qs);
        QVERIFY2(report.ok(), qPrintable(rehearsalReportText(report)));
        const SchemaDiff &d = report.diff;
        QVERIFY2(hasChange(d, SchemaChange::Kind::ColumnAdded, u".t"_qs, u"c"_qs),
                 qPrintable(schemaDiffText(d)));
        QVERIFY2(hasChange(d, SchemaChange::Kind::ColumnTypeChanged, u".t"_qs, u"a"_qs),
                 qPrintable(schemaDiffText(d)));
        QVERIFY2(hasChange(d, SchemaChange::Kind::IndexDropped, u".t"_qs, u"ix_t_b"_qs),
                 qPrintable(schemaDiffText(d)));
        QVERIFY(!hasChange(d, SchemaChange::Kind::TableAdded, u".t"_qs));
        const QString unified = unifiedDiffText(report.before, report.after);
        QVERIFY2(unified.contains(u"\n+ c "_qs), qPrintable(unified));
        QVERIFY2(unified.contains(u"\n-    \"ix_t_b\""_qs), qPrintable(unified));
        QCOMPARE(versionRows(s.url), QStringList{u"r1"_qs});
    }

    void mergeOrderFindsUnfixedMinirag_data() { dialects_data(); }
    void mergeOrderFindsUnfixedMinirag()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kUnfixed);
        const Session s{project.ini(), databaseFor(dialect)};
        const QVector<MergeOrderFinding> findings = s.checkAllMerges();
        QCOMPARE(findings.size(), 1);
        const MergeOrderFinding &f = findings.first();
        QVERIFY2(!f.ok(), qPrintable(f.message));
        QCOMPARE(f.merge, u"17c397cbdf9b"_qs);
        QCOMPARE(f.problem, MergeOrderFinding::Problem::OrderFails);
        QCOMPARE(f.runs.size(), 2);
        QCOMPARE(f.missingObject, u"column user_id"_qs);
        QCOMPARE(f.failingRevision, u"add_project_code"_qs);
        QCOMPARE(f.creatingRevision, u"add_auth_tables"_qs);
        QCOMPARE(f.suggestion, u"Depends On: add_auth_tables"_qs);
        QVERIFY2(f.message.contains(u"-- Depends On: add_auth_tables"_qs), qPrintable(f.message));
        // Alembic's own order is the one that fails.
        for (const MergeOrderRun &run : f.runs)
            QCOMPARE(run.failed, run.alembicOrder);
        qInfo().noquote() << f.message;
        QCOMPARE(userTables(s.url), QStringList());
        QCOMPARE(versionRows(s.url), QStringList());
    }

    void mergeOrderCleanOnFixedSample_data() { dialects_data(); }
    void mergeOrderCleanOnFixedSample()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const Session s{project.ini(), databaseFor(dialect)};
        const QVector<MergeOrderFinding> findings = s.checkAllMerges();
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().ok(), qPrintable(findings.first().message));
        // Depends On leaves one possible order.
        QCOMPARE(findings.first().runs.size(), 1);
        QCOMPARE(userTables(s.url), QStringList());
    }

    void mergeOrderCleanOnIndependentBranches_data() { dialects_data(); }
    void mergeOrderCleanOnIndependentBranches()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeRevision(project, u"base0"_qs, {}, u"CREATE TABLE t0 (id integer PRIMARY KEY);"_qs);
        writeRevision(project, u"left1"_qs, u"base0"_qs,
                      u"CREATE TABLE tl (id integer REFERENCES t0 (id));"_qs);
        writeRevision(project, u"left2"_qs, u"left1"_qs,
                      u"ALTER TABLE tl ADD COLUMN x integer;"_qs);
        writeRevision(project, u"right1"_qs, u"base0"_qs,
                      u"ALTER TABLE t0 ADD COLUMN y integer;"_qs);
        writeRevision(project, u"merge9"_qs, u"left2, right1"_qs, {});
        const Session s{project.ini(), databaseFor(dialect)};
        const QVector<MergeOrderFinding> findings = s.checkAllMerges();
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().ok(), qPrintable(findings.first().message));
        QCOMPARE(findings.first().runs.size(), 2);
        QCOMPARE(findings.first().runs[0].revisions.size(), 5);
        QCOMPARE(userTables(s.url), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestRehearsal)
#include "tst_rehearsal.moc"
