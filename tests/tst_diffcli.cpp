// `retort diff`, `revision --autogenerate` and `check` through the real binary, on SQLite
// and PostgreSQL: what they print, the files they write, their exit codes, and that a
// scratch database never outlives the command (not even a failed or interrupted one).
#include "TestDatabases.h"
#include "TestProject.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/ScratchName.h"

#include <QDateTime>
#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QtTest>

#include <csignal>

using namespace retort;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// The retort processes these tests started: the scratch databases that count are theirs
// (a scratch database's name carries its process id, ScratchName.h).
QSet<qint64> g_ours;

void startRetort(QProcess &p, const QStringList &args)
{
    p.start(QStringLiteral(RETORT_CLI), args);
    if (p.waitForStarted())
        g_ours.insert(p.processId());
}

Run retortRun(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    startRetort(p, args);
    if (!p.waitForFinished(timeoutMs))
        qFatal("retort %s did not finish", qPrintable(args.join(u' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

const char *kInitial = "-- Initial\n--\n-- Revision ID: aaa111\n-- Revises:\n-- Create Date: "
                       "2024-01-01 00:00:00\n\n-- migrate:upgrade\n"
                       "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n"
                       "\n-- migrate:downgrade\nDROP TABLE users;\n";

const char *kDesired = "CREATE TABLE users (\n    id integer PRIMARY KEY,\n"
                       "    address text NOT NULL -- retort:renamed-from email\n);\n"
                       "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES "
                       "users (id), title text);\nCREATE INDEX posts_user ON posts (user_id);\n";

QStringList allScratchDatabases(const QString &serverUrl)
{
    ScopedConnection conn(DatabaseUrl::parse(serverUrl, {}), QStringLiteral("diffcli-list"));
    QSqlQuery q = execOrThrow(conn.db(),
                              QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE "
                                             "'retort\\_scratch\\_%'"),
                              QStringLiteral("list"));
    QStringList names;
    while (q.next())
        names << q.value(0).toString();
    return names;
}

// The scratch databases of the retort processes these tests started: others' (another
// test's running beside, one a killed run left) are none of their business.
QStringList scratchDatabases(const QString &serverUrl)
{
    QStringList names = allScratchDatabases(serverUrl);
    names.removeIf([](const QString &n) {
        const auto name = diff::ScratchName::parse(n);
        return !name || name->host != diff::ScratchName::thisHost() || !g_ours.contains(name->pid);
    });
    return names;
}

void createDatabase(QSqlDatabase &admin, const QString &name, const QString &comment)
{
    execOrThrow(admin, QStringLiteral("CREATE DATABASE \"%1\"").arg(name),
                QStringLiteral("create"));
    if (!comment.isEmpty())
        execOrThrow(admin, QStringLiteral("COMMENT ON DATABASE \"%1\" IS '%2'").arg(name, comment),
                    QStringLiteral("comment"));
}

// Revision aaa111, the project's first, with these sections.
QByteArray firstRevision(const QByteArray &upgrade, const QByteArray &downgrade)
{
    return "-- Initial\n--\n-- Revision ID: aaa111\n-- Revises:\n\n-- migrate:upgrade\n" + upgrade +
           "-- migrate:downgrade\n" + downgrade;
}

// Writes the project's retort.ini (on `url`, with `schema = schema.sql` when asked) and its
// first revision; returns the `-c INI` arguments.
QStringList writeProject(const test::TestProject &project, const QString &url,
                         const QByteArray &firstRevision, bool withSchema)
{
    project.writeRaw(QStringLiteral("retort.ini"),
                     "[retort]\nscript_location = versions\n" +
                         QByteArray(withSchema ? "schema = schema.sql\n" : "") +
                         "url = " + url.toUtf8() + "\n");
    project.writeRaw(QStringLiteral("versions/aaa111_initial.sql"), firstRevision);
    return {QStringLiteral("-c"), project.ini()};
}

// The single number `sql` selects on the database at `url`.
int countOf(const QString &url, const QString &baseDir, const QString &sql)
{
    ScopedConnection conn(DatabaseUrl::parse(url, baseDir), QStringLiteral("diffcli-count"));
    QSqlQuery q = execOrThrow(conn.db(), sql, QStringLiteral("count"));
    return q.next() ? q.value(0).toInt() : -1;
}

} // namespace

class TestDiffCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A scratch database whose process was killed outright (SIGKILL) is dropped by the next
    // Retort that makes one: only when its name and comment say Retort made it on this
    // host, its process is gone and nobody is connected. Everything else is left alone.
    void staleScratchDatabasesDroppedOthersKept()
    {
        RETORT_REQUIRE_POSTGRES(url);
        QProcess dead;
        dead.start(QStringLiteral("true"), {});
        QVERIFY(dead.waitForStarted());
        const qint64 deadPid = dead.processId();
        QVERIFY(dead.waitForFinished());
        QProcess alive;
        alive.start(QStringLiteral("sleep"), {QStringLiteral("120")});
        QVERIFY(alive.waitForStarted());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QString host = diff::ScratchName::thisHost();
        const diff::ScratchName stale{host, deadPid, now - 60, 1};
        const diff::ScratchName busy{host, deadPid, now - 60, 2};
        const diff::ScratchName live{host, alive.processId(), now + 5, 3};
        const diff::ScratchName unmarked{host, deadPid, now - 60, 4};
        const diff::ScratchName elsewhere{QStringLiteral("0badc0de"), deadPid, now - 60, 5};
        const QString oldForm = QStringLiteral("retort_scratch_%1_7").arg(deadPid);
        const DatabaseUrl server = DatabaseUrl::parse(url, {});
        {
            ScopedConnection admin(server, QStringLiteral("stale-setup"));
            for (const diff::ScratchName &n : {stale, busy, live, elsewhere})
                createDatabase(admin.db(), n.text(), n.marker());
            createDatabase(admin.db(), unmarked.text(), {});
            createDatabase(admin.db(), oldForm, stale.marker());
        }
        DatabaseUrl busyUrl = server;
        busyUrl.database = busy.text();
        {
            ScopedConnection connected(busyUrl, QStringLiteral("stale-busy"));
            QTemporaryDir dir;
            QFile empty(dir.filePath(QStringLiteral("empty.sql")));
            QVERIFY(empty.open(QIODevice::WriteOnly));
            empty.close();
            const Run r = retortRun({QStringLiteral("--url"), url, QStringLiteral("diff"),
                                     empty.fileName(), empty.fileName()});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        const QStringList left = allScratchDatabases(url);
        QVERIFY2(!left.contains(stale.text()), qPrintable(left.join(u' ')));
        for (const QString &kept :
             {busy.text(), live.text(), unmarked.text(), elsewhere.text(), oldForm})
            QVERIFY2(left.contains(kept), qPrintable(kept));
        ScopedConnection admin(server, QStringLiteral("stale-cleanup"));
        for (const QString &name :
             {busy.text(), live.text(), unmarked.text(), elsewhere.text(), oldForm})
            execOrThrow(admin.db(), QStringLiteral("DROP DATABASE \"%1\" WITH (FORCE)").arg(name),
                        QStringLiteral("drop"));
        alive.kill();
        alive.waitForFinished();
    }

    void autogenerateUpgradeAndCheck_data() { test::addDialectRows(); }
    void autogenerateUpgradeAndCheck()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(dialect, project.path());
        const QStringList c = writeProject(project, url, kInitial, true);
        project.writeRaw(QStringLiteral("schema.sql"), kDesired);

        // diff head -> schema: the rename is a rename, the new table and index are created.
        Run r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"),
                                          project.file(QStringLiteral("schema.sql"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("RENAME COLUMN email TO address")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("CREATE INDEX posts_user")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("DROP")), qPrintable(r.out));
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"),
                                      project.file(QStringLiteral("schema.sql")),
                                      QStringLiteral("--format"), QStringLiteral("text")});
        QVERIFY2(r.out.contains(QStringLiteral("+ table ")) &&
                     r.out.contains(QStringLiteral("> column ")),
                 qPrintable(r.out + r.err));
        // The same schema on both sides: nothing.
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"),
                                      QStringLiteral("head")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString());

        // check before any migration of the model: head differs from the desired schema.
        QCOMPARE(
            retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode,
            0);
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("matches its revision")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("no migration makes yet")), qPrintable(r.out));

        // autogenerate writes the revision; upgrading keeps the users' rows.
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("rows"));
            execOrThrow(conn.db(),
                        QStringLiteral("INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x')"),
                        QStringLiteral("rows"));
        }
        r = retortRun(c + QStringList{QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                      QStringLiteral("-m"), QStringLiteral("posts and address"),
                                      QStringLiteral("--rev-id"), QStringLiteral("bbb222")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("bbb222_posts_and_address.sql")), qPrintable(r.out));
        r = retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("rows"));
            QSqlQuery q = execOrThrow(conn.db(),
                                      QStringLiteral("SELECT count(*) FROM users WHERE address "
                                                     "LIKE '%@x'"),
                                      QStringLiteral("count"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 2);
        }
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));

        // Nothing left to generate: a message, no file, exit 0.
        r = retortRun(c + QStringList{QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                      QStringLiteral("-m"), QStringLiteral("again")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("No changes in schema detected")),
                 qPrintable(r.out));
        QCOMPARE(QDir(project.file(QStringLiteral("versions"))).entryList(QDir::Files).size(), 2);

        // Someone changes the database by hand: check reports the drift and exits 1.
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("drift"));
            execOrThrow(conn.db(), QStringLiteral("ALTER TABLE posts ADD COLUMN hotfix text"),
                        QStringLiteral("drift"));
        }
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("Drift")) &&
                     r.out.contains(QStringLiteral("hotfix")),
                 qPrintable(r.out));
        // And the downgrade the autogenerate wrote takes the database back, rows kept.
        r = retortRun(c + QStringList{QStringLiteral("downgrade"), QStringLiteral("aaa111")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("rows"));
            QSqlQuery q = execOrThrow(conn.db(), QStringLiteral("SELECT count(email) FROM users"),
                                      QStringLiteral("count"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 2);
        }
        if (dialect == u"postgresql")
            QCOMPARE(scratchDatabases(test::postgresTestUrl()), QStringList());
    }

    void badDesiredSchemaNamesFileAndLine_data() { test::addDialectRows(); }
    void badDesiredSchemaNamesFileAndLine()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(dialect, project.path());
        project.writeRaw(QStringLiteral("empty.sql"), "");
        project.writeRaw(QStringLiteral("bad.sql"),
                         "CREATE TABLE a (id integer);\n\nCREATE TABLE b (id integer,);\n");
        const auto diffFromEmpty = [&](const QString &file) {
            return retortRun({QStringLiteral("--url"), url, QStringLiteral("diff"),
                              project.file(QStringLiteral("empty.sql")), project.file(file)});
        };
        const Run r = diffFromEmpty(QStringLiteral("bad.sql"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("bad.sql:3:")), qPrintable(r.err));
        // A statement that parses but fails when it runs, after one that works: the error
        // is not lost in the batch (PostgreSQL runs the file in one round trip).
        project.writeRaw(QStringLiteral("runtime.sql"),
                         "CREATE TABLE a (id integer);\n\nCREATE INDEX a_x ON a (missing);\n");
        const Run runtime = diffFromEmpty(QStringLiteral("runtime.sql"));
        QCOMPARE(runtime.exitCode, 1);
        QVERIFY2(runtime.err.contains(QStringLiteral("runtime.sql:3:")) &&
                     runtime.err.contains(QStringLiteral("missing")),
                 qPrintable(runtime.err));
        if (dialect == u"postgresql")
            QCOMPARE(scratchDatabases(test::postgresTestUrl()), QStringList());
    }

    // A side that is nothing says which kind of nothing: a schema file that is not there
    // is named as a missing file, a database not made yet as such, an unknown revision in Alembic's
    // words (resolveRevisions').
    void unknownSideSaysWhatIsMissing()
    {
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(QStringLiteral("sqlite"), project.path());
        const QStringList c = writeProject(project, url, kInitial, false);
        const QString missing = project.file(QStringLiteral("schema/missing.sql"));
        Run r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"), missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no such schema file or folder: ") + missing),
                 qPrintable(r.err));
        // check on a project whose SQLite file is not made yet says it did not look for
        // drift (it said nothing, as if the database had been checked).
        project.writeRaw(QStringLiteral("schema.sql"), kDesired);
        writeProject(project, url, kInitial, true);
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("No drift check")) &&
                     r.out.contains(QStringLiteral("does not exist yet")),
                 qPrintable(r.out + r.err));
        // A SQLite database file given as a path is not read as SQL ("contains a NUL").
        QCOMPARE(
            retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode,
            0);
        const QString dbFile = DatabaseUrl::parse(url, project.path()).sqlitePath;
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"), dbFile});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is a SQLite database, not a schema file")) &&
                     r.err.contains(QStringLiteral("sqlite:///")),
                 qPrintable(r.err));
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("deadbeef"),
                                      QStringLiteral("head")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("No such revision or branch 'deadbeef'")),
                 qPrintable(r.err));
        // A revision that is there but fails on the scratch database: its own error.
        project.writeRaw(QStringLiteral("versions/bbb222_broken.sql"),
                         "-- Broken\n--\n-- Revision ID: bbb222\n-- Revises: aaa111\n\n"
                         "-- migrate:upgrade\nSELECT * FROM nowhere_at_all;\n"
                         "-- migrate:downgrade\n");
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("bbb222"),
                                      QStringLiteral("aaa111")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("nowhere_at_all")) &&
                     !r.err.contains(QStringLiteral("is not a database URL")),
                 qPrintable(r.err));
    }

    // The desired schema as the dump tools write it: `pg_dump -s DB > schema.sql` (its
    // search_path = '' left the scratch session reading every name qualified, so each
    // default and foreign key "changed"; its \restrict fence failed to parse) and sqlite3's
    // `.schema` (its CREATE TABLE sqlite_sequence was refused). Diffed against the database
    // dumped: nothing.
    void dumpedSchemaFileDiffsEmpty_data() { test::addDialectRows(); }
    void dumpedSchemaFileDiffsEmpty()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(dialect, project.path());
        const DatabaseUrl db = DatabaseUrl::parse(url, project.path());
        const QString serial = dialect == u"sqlite"
                                   ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                   : QStringLiteral("serial PRIMARY KEY");
        {
            ScopedConnection conn(db, QStringLiteral("dump-setup"));
            for (const QString &sql :
                 {u"CREATE TABLE users (id %1, email text NOT NULL)"_qs.arg(serial),
                  u"CREATE TABLE posts (id %1, user_id integer REFERENCES users (id))"_qs.arg(
                      serial),
                  u"CREATE INDEX posts_user ON posts (user_id)"_qs})
                execOrThrow(conn.db(), sql, QStringLiteral("setup"));
        }
        QProcess dump;
        dump.setStandardOutputFile(project.file(QStringLiteral("schema.sql")));
        if (dialect == u"sqlite")
            dump.start(QStringLiteral("sqlite3"), {db.sqlitePath, QStringLiteral(".schema")});
        else
            dump.start(QStringLiteral("pg_dump"), {QStringLiteral("--schema-only"), url});
        QVERIFY(dump.waitForFinished(60000));
        QCOMPARE(dump.exitCode(), 0);
        for (const QStringList &sides :
             {QStringList{url, project.file(QStringLiteral("schema.sql"))},
              QStringList{project.file(QStringLiteral("schema.sql")), url}}) {
            const Run r = retortRun(QStringList{QStringLiteral("diff")} + sides);
            QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), qPrintable(r.out + r.err));
        }
        if (dialect == u"postgresql")
            QCOMPARE(scratchDatabases(test::postgresTestUrl()), QStringList());
    }

    // SQLite: a plain column the desired schema no longer has is dropped in place (ALTER
    // TABLE DROP COLUMN, SQLite 3.35+), not by rebuilding the table (which needs foreign
    // keys off and copies every row); the list of changes names the column and its data
    // loss (`diff --format text` and `check` showed no hazard at all). A change only a
    // rebuild can make says which columns it is for. Every row survives the upgrade.
    void sqliteDropsColumnInPlace()
    {
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(QStringLiteral("sqlite"), project.path());
        const QStringList c = writeProject(
            project, url,
            firstRevision("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL,\n"
                          "    scratch TEXT, tag TEXT DEFAULT 'x');\n"
                          "CREATE TABLE links (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL "
                          "REFERENCES notes (id) ON DELETE CASCADE);\n",
                          "DROP TABLE links;\nDROP TABLE notes;\n"),
            true);
        project.writeRaw(QStringLiteral("schema.sql"),
                         "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL,\n"
                         "    tag TEXT DEFAULT 'x');\n"
                         "CREATE TABLE links (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL "
                         "REFERENCES notes (id) ON DELETE CASCADE);\n");
        QCOMPARE(
            retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode,
            0);
        const auto count = [&](const QString &table) {
            return countOf(url, project.path(), u"SELECT count(*) FROM "_qs + table);
        };
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("rows"));
            execOrThrow(conn.db(),
                        u"INSERT INTO notes (id, body, scratch) VALUES (1, 'a', 's'), (2, 'b', "
                        "NULL), (3, 'c', 't')"_qs,
                        u"rows"_qs);
            execOrThrow(conn.db(), u"INSERT INTO links VALUES (1, 1), (2, 1), (3, 3)"_qs,
                        u"rows"_qs);
        }
        const QString schema = project.file(QStringLiteral("schema.sql"));
        Run r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"), schema});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("ALTER TABLE notes DROP COLUMN scratch")) &&
                     !r.out.contains(QStringLiteral("_retort_new_")) &&
                     r.out.contains(QStringLiteral("data loss")),
                 qPrintable(r.out));
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"), schema,
                                      QStringLiteral("--format"), QStringLiteral("text")});
        // The list says what the drop loses, as the SQL's hazard comment does.
        QCOMPARE(r.out,
                 QStringLiteral("- column notes.scratch\n    hazard: data loss: drops column "
                                "notes.scratch and its values\n"));
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 1 && r.out.contains(QStringLiteral("hazard: data loss")),
                 qPrintable(r.out + r.err));

        // A default removed: only a rebuild does it, and the list says for which column.
        project.writeRaw(QStringLiteral("schema.sql"),
                         "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL,\n"
                         "    tag TEXT);\n"
                         "CREATE TABLE links (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL "
                         "REFERENCES notes (id) ON DELETE CASCADE);\n");
        r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"), schema,
                                      QStringLiteral("--format"), QStringLiteral("text")});
        QVERIFY2(r.out.contains(QStringLiteral("~ table notes: rebuilt")) &&
                     r.out.contains(QStringLiteral("- scratch")) &&
                     r.out.contains(QStringLiteral("~ tag")),
                 qPrintable(r.out + r.err));

        r = retortRun(c + QStringList{QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                      QStringLiteral("-m"), QStringLiteral("slim notes")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(count(u"notes"_qs), 3);
        QCOMPARE(count(u"links"_qs), 3);
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }

    // SQLite: a table renamed with `-- retort:renamed-from` is ALTER TABLE RENAME, which
    // also points the foreign keys of the tables that reference it at the new name: those
    // tables are left alone (each was rebuilt, rows copied, foreign keys off), every row
    // stays, and the database then matches the desired schema.
    void sqliteRenamedTableLeavesItsChildren()
    {
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(QStringLiteral("sqlite"), project.path());
        const QStringList c = writeProject(
            project, url,
            firstRevision("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
                          "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
                          "REFERENCES users (id) ON DELETE CASCADE);\n",
                          "DROP TABLE posts;\nDROP TABLE users;\n"),
            true);
        project.writeRaw(QStringLiteral("schema.sql"),
                         "-- retort:renamed-from users\n"
                         "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
                         "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
                         "REFERENCES accounts (id) ON DELETE CASCADE);\n");
        QCOMPARE(
            retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")}).exitCode,
            0);
        {
            ScopedConnection conn(DatabaseUrl::parse(url, project.path()), QStringLiteral("rows"));
            execOrThrow(conn.db(), u"INSERT INTO users VALUES (1, 'a'), (2, 'b')"_qs, u"rows"_qs);
            execOrThrow(conn.db(), u"INSERT INTO posts VALUES (1, 1), (2, 2), (3, 2)"_qs,
                        u"rows"_qs);
        }
        Run r = retortRun(c + QStringList{QStringLiteral("diff"), QStringLiteral("head"),
                                          project.file(QStringLiteral("schema.sql")),
                                          QStringLiteral("--format"), QStringLiteral("text")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("> table accounts: from users\n"));
        r = retortRun(c + QStringList{QStringLiteral("revision"), QStringLiteral("--autogenerate"),
                                      QStringLiteral("-m"), QStringLiteral("accounts")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // Written, not applied: nothing differs, but check says the database is behind
        // (where `alembic check` would stop).
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("is at aaa111, head is ")),
                 qPrintable(r.out + r.err));
        r = retortRun(c + QStringList{QStringLiteral("upgrade"), QStringLiteral("head")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(countOf(url, project.path(), u"SELECT count(*) FROM accounts"_qs), 2);
        QCOMPARE(countOf(url, project.path(), u"SELECT count(*) FROM posts"_qs), 3);
        r = retortRun(c + QStringList{QStringLiteral("check")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }

    // An idle, small FROM database is validated on itself, rows and all, in a transaction
    // rolled back, not on its schema rebuilt empty: a plan its rows break (a NULL where the
    // target says NOT NULL) is refused, naming the statement, and FROM is untouched.
    void validationRunsOnFromWithItsRows()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(QStringLiteral("postgresql"), project.path());
        {
            ScopedConnection conn(DatabaseUrl::parse(url, {}), QStringLiteral("copy-setup"));
            execOrThrow(conn.db(),
                        QStringLiteral("CREATE TABLE users (id integer PRIMARY KEY, email text); "
                                       "INSERT INTO users VALUES (1, NULL), (2, 'b@x')"),
                        QStringLiteral("setup"));
        }
        project.writeRaw(QStringLiteral("desired.sql"),
                         "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n");
        const Run r =
            retortRun({QStringLiteral("diff"), url, project.file(QStringLiteral("desired.sql"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the generated plan does not run on")) &&
                     r.err.contains(QStringLiteral("rolled back")) &&
                     r.err.contains(QStringLiteral("SET NOT NULL")) &&
                     r.err.contains(QStringLiteral("null values")),
                 qPrintable(r.err));
        const Run unchecked =
            retortRun({QStringLiteral("diff"), url, project.file(QStringLiteral("desired.sql")),
                       QStringLiteral("--no-validate")});
        QCOMPARE(unchecked.exitCode, 0);
        QVERIFY2(unchecked.out.contains(QStringLiteral("SET NOT NULL")), qPrintable(unchecked.out));
        ScopedConnection conn(DatabaseUrl::parse(url, {}), QStringLiteral("copy-after"));
        QSqlQuery q =
            execOrThrow(conn.db(), QStringLiteral("SELECT count(*) FROM users WHERE email IS NULL"),
                        QStringLiteral("count"));
        q.next();
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(scratchDatabases(serverUrl), QStringList());
    }

    // kill -9 while the plan is being validated on FROM itself (a CHECK whose function
    // sleeps on each row): the server rolls the transaction back within seconds, not when
    // the sleeping statement would have ended, and FROM keeps its schema and rows.
    void killedMidValidationLeavesFromAsItWas()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        test::TestProject project;
        const QString url = test::freshDatabaseUrl(QStringLiteral("postgresql"), project.path());
        const char *schema = "CREATE FUNCTION slow(integer) RETURNS boolean LANGUAGE sql AS "
                             "'SELECT pg_sleep(120) IS NOT NULL';\n"
                             "CREATE TABLE items (id integer PRIMARY KEY%1);\n";
        {
            ScopedConnection conn(DatabaseUrl::parse(url, {}), QStringLiteral("kill-setup"));
            execOrThrow(conn.db(), QString::fromUtf8(schema).arg(QString()),
                        QStringLiteral("setup"));
            execOrThrow(conn.db(), QStringLiteral("INSERT INTO items VALUES (1), (2)"),
                        QStringLiteral("rows"));
        }
        project.writeRaw(QStringLiteral("desired.sql"),
                         QString::fromUtf8(schema)
                             .arg(QStringLiteral(", CONSTRAINT items_slow CHECK (slow(id))"))
                             .toUtf8());
        const QString database = DatabaseUrl::parse(url, {}).database;
        const auto backends = [&](const QString &extra) {
            return test::queryColumn(
                serverUrl, QStringLiteral("SELECT pid FROM pg_stat_activity WHERE datname = '%1' "
                                          "AND backend_type = 'client backend'%2")
                               .arg(database, extra));
        };
        QProcess p;
        startRetort(p, {QStringLiteral("diff"), url, project.file(QStringLiteral("desired.sql"))});
        QTRY_VERIFY_WITH_TIMEOUT(
            !backends(QStringLiteral(" AND state = 'active' AND query LIKE '%items_slow%'"))
                 .isEmpty(),
            60000);
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(backends({}).isEmpty(), 10000);
        QCOMPARE(test::queryColumn(url, QStringLiteral("SELECT conname FROM pg_constraint WHERE "
                                                       "conrelid = 'items'::regclass AND contype "
                                                       "= 'c'")),
                 QStringList());
        QCOMPARE(test::queryColumn(url, QStringLiteral("SELECT count(*) FROM items")),
                 QStringList{QStringLiteral("2")});
        // The desired schema's scratch database stayed (kill -9 runs no cleanup): the next
        // Retort drops it, as stale.
        QCOMPARE(
            retortRun({QStringLiteral("diff"), url, project.file(QStringLiteral("desired.sql")),
                       QStringLiteral("--no-validate")})
                .exitCode,
            0);
        QCOMPARE(scratchDatabases(serverUrl), QStringList());
    }

    // `retort diff head` names the two sides it wants (it said "takes one argument"). The
    // help's wrapping is checked for every command by tests/packaging/cli_conventions.py.
    void usageSaysTwoSides()
    {
        const Run one = retortRun({QStringLiteral("diff"), QStringLiteral("head")});
        QCOMPARE(one.exitCode, 2);
        QVERIFY2(one.err.contains(QStringLiteral("diff takes two arguments: FROM TO")),
                 qPrintable(one.err));
    }

    // With --dev-url the database is emptied after use without the server's NOTICEs
    // ("drop cascades to ...") on stderr: clean-up is no news.
    void devUrlIsEmptiedQuietly()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        test::TestProject project;
        const QString dev = test::freshDatabaseUrl(QStringLiteral("postgresql"), project.path());
        project.writeRaw(QStringLiteral("desired.sql"),
                         "CREATE TABLE a (id integer PRIMARY KEY);\n"
                         "CREATE TABLE b (id integer REFERENCES a (id));\n"
                         "CREATE VIEW v AS SELECT * FROM b;\n");
        const Run r =
            retortRun({QStringLiteral("diff"), project.file(QStringLiteral("desired.sql")),
                       serverUrl, QStringLiteral("--dev-url"), dev});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("DROP TABLE")), qPrintable(r.out));
        QVERIFY2(!r.err.contains(QStringLiteral("NOTICE")), qPrintable(r.err));
        QCOMPARE(test::userTables(dev), QStringList());
    }

    // Ctrl+C while the desired schema runs on the scratch database: it is dropped anyway.
    void interruptDropsScratchDatabase()
    {
        RETORT_REQUIRE_POSTGRES(url);
        QTemporaryDir dir;
        QFile slow(dir.filePath(QStringLiteral("slow.sql")));
        QVERIFY(slow.open(QIODevice::WriteOnly));
        slow.write("CREATE TABLE a (id integer);\nSELECT pg_sleep(300);\n");
        slow.close();
        QProcess p;
        startRetort(p, {QStringLiteral("diff"), url, slow.fileName()});
        QVERIFY(p.state() == QProcess::Running);
        QTRY_VERIFY_WITH_TIMEOUT(!scratchDatabases(url).isEmpty(), 60000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 130);
        QCOMPARE(scratchDatabases(url), QStringList());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(!err.contains(QStringLiteral("NOTICE")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestDiffCli)
#include "tst_diffcli.moc"
