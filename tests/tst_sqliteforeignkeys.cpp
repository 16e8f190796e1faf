// SQLite table rebuilds must keep child rows. SQLite's documented way to change a table
// (its ALTER TABLE page: create users_new, copy, DROP TABLE users, rename) deletes or
// nulls every child row when foreign keys are on during the DROP; Retort turns them off
// for the run and runs PRAGMA foreign_key_check before committing instead.
#include "TestProject.h"
#include "TestSession.h"
#include "db/SqliteForeignKeys.h"

#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

QByteArray migration(const QByteArray &id, const QByteArray &parent, const QByteArray &upgrade)
{
    return "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + parent +
           "\n\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\n";
}

// users with two children: posts (ON DELETE CASCADE) and comments (ON DELETE SET NULL),
// three rows each.
void writeParentAndChildren(const TestProject &project)
{
    project.writeRaw(u"versions/r1_tables.sql"_qs,
                     migration("r1", "",
                               "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                               "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER "
                               "REFERENCES users(id) ON DELETE CASCADE);\n"
                               "CREATE TABLE comments (id INTEGER PRIMARY KEY, user_id INTEGER "
                               "REFERENCES users(id) ON DELETE SET NULL);\n"
                               "INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                               "INSERT INTO posts VALUES (1, 1), (2, 2), (3, 3);\n"
                               "INSERT INTO comments VALUES (1, 1), (2, 2), (3, 3);\n"));
}

// SQLite's "Making Other Kinds Of Table Schema Changes" procedure, the steps a migration
// writes (steps 1, 2, 10-12 - foreign keys off, BEGIN, the check, COMMIT, back on - are
// the runner's): new table, copy, drop, rename, recreate the index.
const QByteArray kRebuildUsers = "CREATE TABLE users_new (id INTEGER PRIMARY KEY, name TEXT NOT "
                                 "NULL DEFAULT '', email TEXT);\n"
                                 "INSERT INTO users_new (id, name) SELECT id, name FROM users;\n"
                                 "DROP TABLE users;\n"
                                 "ALTER TABLE users_new RENAME TO users;\n"
                                 "CREATE INDEX users_name ON users (name);\n";

QString count(const QString &url, const QString &sql)
{
    return queryColumn(url, sql).value(0);
}

} // namespace

class TestSqliteForeignKeys : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void tableRebuildKeepsChildRows()
    {
        TestProject project;
        writeParentAndChildren(project);
        project.writeRaw(u"versions/r2_rebuild.sql"_qs, migration("r2", "r1", kRebuildUsers));
        const TestSession s{project.ini(), freshDatabaseUrl(u"sqlite"_qs, m_tmp.path())};
        s.upgrade(u"r1"_qs);
        QCOMPARE(count(s.url, u"SELECT count(*) FROM posts"_qs), u"3"_qs);

        s.upgrade(u"head"_qs);
        QCOMPARE(s.heads(), QStringList{u"r2"_qs});
        QCOMPARE(count(s.url, u"SELECT count(*) FROM users"_qs), u"3"_qs);
        QCOMPARE(count(s.url, u"SELECT count(*) FROM posts"_qs), u"3"_qs); // CASCADE
        QCOMPARE(count(s.url, u"SELECT count(*) FROM comments WHERE user_id IS NOT NULL"_qs),
                 u"3"_qs); // SET NULL
        QCOMPARE(
            count(s.url, u"SELECT count(*) FROM users JOIN posts ON posts.user_id = users.id"_qs),
            u"3"_qs);
        // Enforcement is back on for the connection after the run, and still works.
        ScopedConnection c(DatabaseUrl::parse(s.url, {}), u"test-fk"_qs);
        QVERIFY(SqliteForeignKeys::enabled(c.db()));
        QSqlQuery q(c.db());
        QVERIFY(!q.exec(u"INSERT INTO posts VALUES (4, 99)"_qs));
    }

    void violationFailsTheRunAndChangesNothing()
    {
        TestProject project;
        writeParentAndChildren(project);
        project.writeRaw(u"versions/r2_rebuild.sql"_qs, migration("r2", "r1", kRebuildUsers));
        // With foreign keys off, deleting a parent row leaves posts 2 and comments 2 orphaned.
        project.writeRaw(u"versions/r3_orphan.sql"_qs,
                         migration("r3", "r2", "DELETE FROM users WHERE id = 2;\n"));
        const TestSession s{project.ini(), freshDatabaseUrl(u"sqlite"_qs, m_tmp.path())};
        s.upgrade(u"r1"_qs);

        const QString error = errorOf([&] { s.upgrade(u"head"_qs); });
        QVERIFY2(error.contains(u"foreign_key_check"_qs), qPrintable(error));
        QVERIFY2(
            error.contains(u"posts rowid 2: user_id -> users(id) has no matching row in users"_qs),
            qPrintable(error));
        QVERIFY2(error.contains(u"comments rowid 2"_qs), qPrintable(error));
        QVERIFY2(error.contains(u"alembic_version is unchanged (r1)"_qs), qPrintable(error));
        // Rolled back as a whole: r2's rebuild too.
        QCOMPARE(s.heads(), QStringList{u"r1"_qs});
        QCOMPARE(count(s.url, u"SELECT count(*) FROM users"_qs), u"3"_qs);
        QCOMPARE(count(s.url, u"SELECT count(*) FROM posts"_qs), u"3"_qs);
        QCOMPARE(count(s.url, u"SELECT count(*) FROM pragma_table_info('users') WHERE name = "
                              "'email'"_qs),
                 u"0"_qs);
    }

    void violationsFromBeforeTheRunDoNotFailIt()
    {
        TestProject project;
        writeParentAndChildren(project);
        project.writeRaw(u"versions/r2_rebuild.sql"_qs, migration("r2", "r1", kRebuildUsers));
        const TestSession s{project.ini(), freshDatabaseUrl(u"sqlite"_qs, m_tmp.path())};
        s.upgrade(u"r1"_qs);
        {
            // An orphan written by a tool that leaves foreign keys off (the sqlite3 shell).
            ScopedConnection c(DatabaseUrl::parse(s.url, {}), u"test-orphan"_qs);
            execOrThrow(c.db(), u"PRAGMA foreign_keys=OFF"_qs, u"fk off"_qs);
            execOrThrow(c.db(), u"INSERT INTO posts VALUES (4, 99)"_qs, u"orphan"_qs);
        }
        s.upgrade(u"head"_qs);
        QCOMPARE(s.heads(), QStringList{u"r2"_qs});
        QCOMPARE(count(s.url, u"SELECT count(*) FROM posts"_qs), u"4"_qs);
    }
};

QTEST_GUILESS_MAIN(TestSqliteForeignKeys)
#include "tst_sqliteforeignkeys.moc"
