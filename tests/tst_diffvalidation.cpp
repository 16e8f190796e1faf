// Where a generated plan is validated (diff/SchemaComparison.h, InPlaceValidation.h), on a
// real PostgreSQL server: on the scratch database a built side already lives on, or on
// the user's own database in a transaction that is rolled back, when that disturbs
// nobody; otherwise on a new scratch database. Each case counts the scratch databases
// made, and checks that the user's database keeps its schema and every row.
#include "TestDatabases.h"
#include "TestProject.h"
#include "diff/SchemaComparison.h"
#include "diff/SchemaSource.h"
#include "diff/ScratchDatabase.h"
#include "diff/ScratchName.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

void exec(const QString &url, const QString &sql)
{
    ScopedConnection c(DatabaseUrl::parse(url, {}), u"test-exec"_qs);
    execOrThrow(c.db(), sql, u"test setup"_qs);
}

diff::DiffEnvironment environment(const QString &serverUrl)
{
    diff::DiffEnvironment env;
    env.dialect = DatabaseUrl::parse(serverUrl, {}).dialect();
    env.server = DatabaseUrl::parse(serverUrl, {});
    return env;
}

// This process's scratch databases still on the server.
QStringList ourScratchDatabases(const QString &serverUrl)
{
    QStringList ours;
    for (const QString &name :
         queryColumn(serverUrl, u"SELECT datname FROM pg_database WHERE datname LIKE "
                                "'retort\\_scratch\\_%'"_qs)) {
        const auto parsed = diff::ScratchName::parse(name);
        if (parsed && parsed->host == diff::ScratchName::thisHost() &&
            parsed->pid == QCoreApplication::applicationPid())
            ours << name;
    }
    return ours;
}

// users (3 rows, one without an email) on a new database.
QString databaseWithUsers(const QString &dialect = u"postgresql"_qs, const QString &folder = {})
{
    const QString url = freshDatabaseUrl(dialect, folder);
    exec(url, u"CREATE TABLE users (id integer PRIMARY KEY, email text)"_qs);
    exec(url, u"INSERT INTO users VALUES (1, 'a@x'), (2, NULL), (3, 'c@x')"_qs);
    return url;
}

// The target: users gains a column and posts appears; the plan runs with users' rows.
const char *kTarget = "CREATE TABLE users (id integer PRIMARY KEY, email text, name text NOT "
                      "NULL DEFAULT '');\n"
                      "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES "
                      "users (id));\n";

// What a user would see of the database: its tables, users' columns and row count.
QString shapeOf(const QString &url)
{
    const QString columns = DatabaseUrl::parse(url, {}).isSqlite()
                                ? u"SELECT name || ' ' || \"notnull\" FROM "
                                  "pragma_table_info('users') ORDER BY cid"_qs
                                : u"SELECT column_name || ' ' || is_nullable FROM "
                                  "information_schema.columns WHERE table_name = 'users' ORDER "
                                  "BY ordinal_position"_qs;
    return (userTables(url) + queryColumn(url, columns) +
            queryColumn(url, u"SELECT count(*) FROM users"_qs))
        .join(u", "_qs);
}

// Validates the plan from the database `fromUrl` to the schema in `toFile`, and returns
// how many scratch databases that made (loading the two sides aside).
int scratchMadeValidating(const QString &serverUrl, const QString &fromUrl, const QString &toFile)
{
    const diff::DiffEnvironment env = environment(serverUrl);
    const diff::LoadedSchema from = diff::loadSchema(fromUrl, env);
    const diff::LoadedSchema to = diff::loadSchema(toFile, env);
    const int made = diff::ScratchDatabase::madeInThisProcess();
    diff::validatePlan(diff::diffSchemas(from.schema, to.schema), from, to.schema, env);
    return diff::ScratchDatabase::madeInThisProcess() - made;
}

} // namespace

class DiffValidationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Both sides built from files: the plan is tried on FROM's scratch database, not on a
    // third one built again; both are gone when the sides are.
    void builtSideIsValidatedWhereItWasBuilt()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"from.sql"_qs,
                         "CREATE TABLE users (id integer PRIMARY KEY, email text);\n");
        project.writeRaw(u"to.sql"_qs, kTarget);
        const diff::DiffEnvironment env = environment(pg);
        {
            const diff::LoadedSchema from = diff::loadSchema(project.file(u"from.sql"_qs), env);
            const diff::LoadedSchema to = diff::loadSchema(project.file(u"to.sql"_qs), env);
            QVERIFY(from.builtOn && to.builtOn);
            QCOMPARE(ourScratchDatabases(pg).size(), 2);
            const diff::DiffPlan plan = diff::diffSchemas(from.schema, to.schema);
            QVERIFY(!plan.isEmpty());
            const int made = diff::ScratchDatabase::madeInThisProcess();
            diff::validatePlan(plan, from, to.schema, env);
            QCOMPARE(diff::ScratchDatabase::madeInThisProcess(), made);
            // ... and rolled back there: FROM's database still holds FROM.
            ScopedConnection c(from.builtOn->url(), u"test-read"_qs);
            QVERIFY(diff::diffSchemas(diff::readSchema(c.db(), env.dialect, env.excludedTables),
                                      from.schema)
                        .isEmpty());
        }
        QCOMPARE(ourScratchDatabases(pg), QStringList());
    }

    // An idle database: the plan runs on it, with its rows, and is rolled back.
    void idleDatabaseIsValidatedInPlaceAndKept()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"to.sql"_qs, kTarget);
        const QString url = databaseWithUsers();
        const QString before = shapeOf(url);
        QCOMPARE(scratchMadeValidating(pg, url, project.file(u"to.sql"_qs)), 0);
        QCOMPARE(shapeOf(url), before);
    }

    // Someone else connected: their work must not wait behind the plan's locks, so the
    // plan is tried on a scratch database built from FROM's schema instead.
    void busyDatabaseIsLeftAlone()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"to.sql"_qs, kTarget);
        const QString url = databaseWithUsers();
        const QString before = shapeOf(url);
        ScopedConnection someoneElse(DatabaseUrl::parse(url, {}), u"test-someone"_qs);
        QCOMPARE(scratchMadeValidating(pg, url, project.file(u"to.sql"_qs)), 1);
        QCOMPARE(shapeOf(url), before);
    }

    // A plan its rows break (NOT NULL over a NULL) is refused, naming the statement and
    // the database (never its password), and the database keeps its rows and its schema.
    void rowsThatBreakThePlanAreReportedAndKept()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"to.sql"_qs, "CREATE TABLE users (id integer PRIMARY KEY, email text "
                                       "NOT NULL);\n");
        QString url = databaseWithUsers();
        const QString before = shapeOf(url);
        // The test server trusts local users: the password is accepted and never checked.
        const QString user = DatabaseUrl::parse(pg, {}).user;
        url.replace(u"://"_qs + user + u'@', u"://"_qs + user + u":Sekr1t-pw@"_qs);
        QVERIFY(url.contains(u"Sekr1t"_qs));
        const diff::DiffEnvironment env = environment(pg);
        const diff::LoadedSchema from = diff::loadSchema(url, env);
        const diff::LoadedSchema to = diff::loadSchema(project.file(u"to.sql"_qs), env);
        const QString error = errorOf([&] {
            diff::validatePlan(diff::diffSchemas(from.schema, to.schema), from, to.schema, env);
        });
        QVERIFY2(error.contains(u"does not run on"_qs) && error.contains(u"SET NOT NULL"_qs) &&
                     error.contains(u"null values"_qs) && error.contains(u"rolled back"_qs),
                 qPrintable(error));
        QVERIFY2(!error.contains(u"Sekr1t"_qs), qPrintable(error));
        QCOMPARE(shapeOf(url), before);
    }

    // A user who may read FROM but not alter its tables: not "the plan is wrong", but
    // "not here": it is tried on a scratch database (this user may create one).
    void notTheOwnerIsValidatedOnAScratchDatabase()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        project.writeRaw(u"to.sql"_qs, kTarget);
        const QString url = databaseWithUsers();
        const QString before = shapeOf(url);
        const QString role = u"dv_reader_%1"_qs.arg(QRandomGenerator::global()->generate(), 0, 16);
        exec(pg, u"CREATE ROLE %1 LOGIN CREATEDB"_qs.arg(role));
        exec(url, u"GRANT SELECT ON users TO "_qs + role);
        QString asReader = url;
        asReader.replace(u"://"_qs + DatabaseUrl::parse(pg, {}).user + u'@',
                         u"://"_qs + role + u'@');
        QString serverAsReader = pg;
        serverAsReader.replace(u"://"_qs + DatabaseUrl::parse(pg, {}).user + u'@',
                               u"://"_qs + role + u'@');
        QCOMPARE(scratchMadeValidating(serverAsReader, asReader, project.file(u"to.sql"_qs)), 1);
        QCOMPARE(shapeOf(url), before);
        exec(url, u"REVOKE ALL ON users FROM "_qs + role);
        exec(pg, u"DROP ROLE "_qs + role);
    }

    // SQLite: the plan is tried on an in-memory copy of the file, rows and all, so rows
    // that break it (a NULL under a new NOT NULL, an orphan under a new foreign key) are
    // found before anyone runs it; the file keeps its rows either way.
    void sqliteFileIsValidatedWithItsRows()
    {
        QTemporaryDir dir;
        TestProject project;
        project.writeRaw(u"to.sql"_qs, kTarget);
        project.writeRaw(u"notnull.sql"_qs, "CREATE TABLE users (id integer PRIMARY KEY, email "
                                            "text NOT NULL);\n");
        project.writeRaw(u"orphans.sql"_qs,
                         "CREATE TABLE users (id integer PRIMARY KEY, email text);\n"
                         "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer "
                         "REFERENCES users (id));\n");
        const QString url = databaseWithUsers(u"sqlite"_qs, dir.path());
        exec(url, u"CREATE TABLE posts (id integer PRIMARY KEY, user_id integer)"_qs);
        exec(url, u"INSERT INTO posts VALUES (1, 1), (2, 99)"_qs);
        const QString before = shapeOf(url);
        const diff::DiffEnvironment env = environment(url);
        const diff::LoadedSchema from = diff::loadSchema(url, env);
        const auto validate = [&](const QString &file) {
            return errorOf([&] {
                const diff::LoadedSchema to = diff::loadSchema(project.file(file), env);
                diff::validatePlan(diff::diffSchemas(from.schema, to.schema), from, to.schema, env);
            });
        };
        const QString notNull = validate(u"notnull.sql"_qs);
        QVERIFY2(notNull.contains(u"on a copy of sqlite:///"_qs) &&
                     notNull.contains(u"NOT NULL constraint failed"_qs),
                 qPrintable(notNull));
        const QString orphans = validate(u"orphans.sql"_qs);
        QVERIFY2(orphans.contains(u"table posts row 2 breaks a foreign key to users"_qs),
                 qPrintable(orphans));
        exec(url, u"DELETE FROM posts WHERE id = 2"_qs);
        QCOMPARE(validate(u"orphans.sql"_qs), u"<no error>"_qs);
        exec(url, u"INSERT INTO posts VALUES (2, 1)"_qs);
        QCOMPARE(shapeOf(url), before);
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM posts"_qs), QStringList{u"2"_qs});
    }
};

QTEST_GUILESS_MAIN(DiffValidationTest)
#include "tst_diffvalidation.moc"
