// The schema-diff corpus: every case in tests/fixtures/diff, on each dialect it names,
// in both directions, run and checked by runCorpusCase (DiffCorpusRun.h). PostgreSQL runs
// go on a few worker threads, each with its own pair of databases (made once, emptied
// after each run as --dev-url databases are): a run mostly waits on the server and on
// pg_dump, so three at once take about a third of the time even on two cores.
#include "DiffCorpusRun.h"

#include <QMutex>
#include <QWaitCondition>
#include <QtTest>

#include <deque>
#include <optional>
#include <thread>

using namespace retort;
using namespace retort::diff;
using retort::test::countRows;

namespace {

constexpr int kWorkers = 3;

struct CorpusRun {
    QString path;
    QString dialect;
    bool reverse = false;
    QString name; // the data row's name
};

} // namespace

class TestDiffCorpus : public QObject {
    Q_OBJECT

    // PostgreSQL: each worker's two databases, and the results of the runs, by row name.
    std::vector<std::pair<ScratchDatabase, ScratchDatabase>> m_databases;
    std::vector<std::thread> m_workers;
    QMutex m_mutex;
    QWaitCondition m_done;
    std::deque<CorpusRun> m_queue;
    QHash<QString, QString> m_results; // row name -> failure (empty: passed)

    void work(int worker)
    {
        const QString devA = m_databases[worker].first.url().toText(DatabaseUrl::Password::Keep);
        const QString devB = m_databases[worker].second.url().toText(DatabaseUrl::Password::Keep);
        for (;;) {
            CorpusRun run;
            {
                QMutexLocker lock(&m_mutex);
                if (m_queue.empty())
                    return;
                run = m_queue.front();
                m_queue.pop_front();
            }
            const QString failure = test::runCorpusCase(run.path, run.dialect, run.reverse, devA,
                                                        devB, QString::number(worker));
            QMutexLocker lock(&m_mutex);
            m_results.insert(run.name, failure);
            m_done.wakeAll();
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (test::postgresTestUrl().isEmpty())
            return;
        const DatabaseUrl server = DatabaseUrl::parse(test::postgresTestUrl(), {});
        // The roles the privilege and policy cases grant to (roles belong to the server).
        ScopedConnection admin(server, QStringLiteral("corpus-roles"));
        for (const char *role : {"retort_corpus_reader", "retort_corpus_writer"})
            execOrThrow(admin.db(),
                        QStringLiteral("DO $$ BEGIN CREATE ROLE %1; EXCEPTION WHEN "
                                       "duplicate_object THEN NULL; END $$")
                            .arg(QString::fromLatin1(role)),
                        QStringLiteral("create role"));
        for (const QString &path : test::DiffCorpusCase::all())
            for (const bool reverse : {false, true}) {
                const auto c = test::DiffCorpusCase::load(path, QStringLiteral("postgresql"));
                if (c.dialects.contains(QStringLiteral("postgresql")))
                    m_queue.push_back({path, QStringLiteral("postgresql"), reverse,
                                       c.name + QStringLiteral("/postgresql") +
                                           (reverse ? QStringLiteral("/reverse") : QString())});
            }
        for (int i = 0; i < kWorkers; ++i)
            m_databases.emplace_back(ScratchDatabase::create(QStringLiteral("postgresql"), server),
                                     ScratchDatabase::create(QStringLiteral("postgresql"), server));
        for (int i = 0; i < kWorkers; ++i)
            m_workers.emplace_back([this, i] { work(i); });
    }

    void cleanupTestCase()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_queue.clear();
        }
        for (std::thread &t : m_workers)
            t.join();
        m_databases.clear();
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<bool>("reverse");
        const QStringList paths = test::DiffCorpusCase::all();
        QVERIFY(paths.size() > 0);
        for (const QString &path : paths)
            for (const QString &dialect : {QStringLiteral("postgresql"), QStringLiteral("sqlite")})
                for (const bool reverse : {false, true}) {
                    const auto c = test::DiffCorpusCase::load(path, dialect);
                    if (!c.dialects.contains(dialect))
                        continue;
                    QTest::addRow("%s/%s%s", qPrintable(c.name), qPrintable(dialect),
                                  reverse ? "/reverse" : "")
                        << path << dialect << reverse;
                }
    }

    void corpus()
    {
        QFETCH(QString, path);
        QFETCH(QString, dialect);
        QFETCH(bool, reverse);
        RETORT_REQUIRE_DIALECT(dialect);
        if (dialect == u"sqlite") { // in memory: quick, and on this thread
            const QString failure = test::runCorpusCase(path, dialect, reverse, {}, {}, {});
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
            return;
        }
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        QMutexLocker lock(&m_mutex);
        while (!m_results.contains(name))
            m_done.wait(&m_mutex);
        const QString failure = m_results.value(name);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    // serial -> identity and back: the new sequence continues after the rows' highest
    // value, so the next insert gets a free id instead of failing on the primary key.
    void serialAndIdentityContinueAfterTheRows()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
        const QString serial = QStringLiteral("CREATE TABLE t (id serial PRIMARY KEY, v text);");
        const QString identity = QStringLiteral(
            "CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);");
        for (const bool toIdentity : {true, false}) {
            ScratchDatabase a = ScratchDatabase::create(QStringLiteral("postgresql"), server);
            ScratchDatabase b = ScratchDatabase::create(QStringLiteral("postgresql"), server);
            ScopedConnection dbA(a.url(), QStringLiteral("serial-a"));
            ScopedConnection dbB(b.url(), QStringLiteral("serial-b"));
            const QString pg = QStringLiteral("postgresql");
            runSql(dbA.db(), pg, toIdentity ? serial : identity, QStringLiteral("from"));
            runSql(dbA.db(), pg,
                   QStringLiteral("INSERT INTO t (v) VALUES ('a'), ('b'), ('c'); "
                                  "INSERT INTO t (id, v) VALUES (10, 'ten')"),
                   QStringLiteral("rows"));
            runSql(dbB.db(), pg, toIdentity ? identity : serial, QStringLiteral("to"));
            const QStringList excluded;
            applyPlan(dbA.db(), diffSchemas(readSchema(dbA.db(), pg, excluded),
                                            readSchema(dbB.db(), pg, excluded)));
            QSqlQuery q = execOrThrow(
                dbA.db(), QStringLiteral("INSERT INTO t (v) VALUES ('next') RETURNING id"),
                QStringLiteral("insert after the plan"));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 11);
            QCOMPARE(countRows(dbA.db(), QStringLiteral("t")), 5);
        }
    }

    // A renamed table keeps its keys and their indexes: RENAME CONSTRAINT, not a drop and
    // an add (which would rebuild the index under a lock, and the foreign keys with it).
    void renamedTableKeepsItsKeys()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
        const QString pg = QStringLiteral("postgresql");
        const auto c = test::DiffCorpusCase::load(
            QStringLiteral(RETORT_SOURCE_DIR
                           "/tests/fixtures/diff/pg_renamed_table_keeps_keys.sql"),
            pg);
        ScratchDatabase a = ScratchDatabase::create(pg, server);
        ScratchDatabase b = ScratchDatabase::create(pg, server);
        ScopedConnection dbA(a.url(), QStringLiteral("keys-a"));
        ScopedConnection dbB(b.url(), QStringLiteral("keys-b"));
        runSql(dbA.db(), pg, c.from, QStringLiteral("from"));
        runSql(dbB.db(), pg, c.to, QStringLiteral("to"));
        const auto indexOid = [&](const QString &name) {
            QSqlQuery q =
                execOrThrow(dbA.db(), QStringLiteral("SELECT '%1'::regclass::oid").arg(name),
                            QStringLiteral("oid"));
            q.next();
            return q.value(0).toLongLong();
        };
        const qint64 key = indexOid(QStringLiteral("accounts_pkey"));
        const QStringList excluded;
        const DiffPlan plan =
            diffSchemas(readSchema(dbA.db(), pg, excluded), readSchema(dbB.db(), pg, excluded),
                        parseRenameHints(c.to, pg));
        const QString sql = plan.sqlText();
        QVERIFY2(sql.contains(QStringLiteral("RENAME CONSTRAINT accounts_pkey TO users_pkey")) &&
                     sql.contains(QStringLiteral("RENAME CONSTRAINT accounts_mail_key TO "
                                                 "users_mail_key")) &&
                     !sql.contains(QStringLiteral("DROP CONSTRAINT")),
                 qPrintable(sql));
        applyPlan(dbA.db(), plan);
        QCOMPARE(indexOid(QStringLiteral("users_pkey")), key);
    }

    // A --dev-url database is emptied after use by dropping its schemas; they come back
    // with the owner, privileges and comment they had (public's are not the defaults of a
    // CREATE SCHEMA: it is owned by pg_database_owner and PUBLIC may use it).
    void devDatabaseKeepsItsSchemas()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        const DatabaseUrl server = DatabaseUrl::parse(serverUrl, {});
        ScratchDatabase dev = ScratchDatabase::create(QStringLiteral("postgresql"), server);
        const QString devUrl = dev.url().toText(DatabaseUrl::Password::Keep);
        const QString describe = QStringLiteral(
            "SELECT string_agg(nspname || ' ' || pg_get_userbyid(nspowner) || ' ' || "
            "coalesce(nspacl::text, '-') || ' ' || coalesce(obj_description(oid, "
            "'pg_namespace'), '-'), '; ' ORDER BY nspname) FROM pg_namespace WHERE nspname "
            "!~ '^pg_' AND nspname <> 'information_schema'");
        QString before;
        {
            ScopedConnection conn(dev.url(), QStringLiteral("dev-setup"));
            for (const char *sql :
                 {"DO $$ BEGIN CREATE ROLE retort_corpus_reader; EXCEPTION WHEN duplicate_object "
                  "THEN NULL; END $$",
                  "CREATE SCHEMA app", "GRANT USAGE ON SCHEMA app TO retort_corpus_reader",
                  "GRANT CREATE ON SCHEMA public TO retort_corpus_reader",
                  "COMMENT ON SCHEMA app IS 'the app''s'"})
                execOrThrow(conn.db(), QString::fromLatin1(sql), QStringLiteral("setup"));
            QSqlQuery q = execOrThrow(conn.db(), describe, QStringLiteral("describe"));
            q.next();
            before = q.value(0).toString();
        }
        QVERIFY2(before.contains(QStringLiteral("public pg_database_owner")), qPrintable(before));
        {
            ScratchDatabase used =
                ScratchDatabase::create(QStringLiteral("postgresql"), server, devUrl);
            ScopedConnection conn(used.url(), QStringLiteral("dev-use"));
            runSql(conn.db(), QStringLiteral("postgresql"),
                   QStringLiteral("CREATE TABLE public.t (id int); CREATE TABLE app.u (id int);"),
                   QStringLiteral("use"));
        }
        ScopedConnection conn(dev.url(), QStringLiteral("dev-after"));
        QSqlQuery q = execOrThrow(conn.db(), describe, QStringLiteral("describe"));
        q.next();
        QCOMPARE(q.value(0).toString(), before);
        q = execOrThrow(conn.db(),
                        QStringLiteral("SELECT count(*) FROM pg_class c JOIN "
                                       "pg_namespace n ON n.oid = c.relnamespace "
                                       "WHERE n.nspname IN ('public', 'app')"),
                        QStringLiteral("count"));
        q.next();
        QCOMPARE(q.value(0).toInt(), 0);
    }

    // A rebuild of a table others reference, run with foreign keys on (as Retort's runs
    // are until they turn them off): DROP TABLE would cascade into the children, so the
    // plan refuses to run; it rolls back and every child row is still there.
    void sqliteRebuildRefusesForeignKeysOn()
    {
        const DatabaseUrl memory = DatabaseUrl::parse(QStringLiteral("sqlite://"), {});
        ScopedConnection from(memory, QStringLiteral("guard-from"));
        ScopedConnection to(memory, QStringLiteral("guard-to"));
        const QString child = QStringLiteral(
            "CREATE TABLE child (id integer PRIMARY KEY, p integer REFERENCES parent (id) ON "
            "DELETE CASCADE);");
        runSql(from.db(), QStringLiteral("sqlite"),
               QStringLiteral("CREATE TABLE parent (id integer PRIMARY KEY);") + child +
                   QStringLiteral("INSERT INTO parent VALUES (1), (2); INSERT INTO child "
                                  "VALUES (1, 1), (2, 2);"),
               QStringLiteral("from"));
        runSql(to.db(), QStringLiteral("sqlite"),
               QStringLiteral("CREATE TABLE parent (id integer PRIMARY KEY CHECK (id > 0));") +
                   child,
               QStringLiteral("to"));
        const QStringList excluded;
        const DiffPlan plan = diffSchemas(readSchema(from.db(), QStringLiteral("sqlite"), excluded),
                                          readSchema(to.db(), QStringLiteral("sqlite"), excluded));
        QVERIFY(plan.sqlText().contains(QStringLiteral("retort_rebuild_needs_foreign_keys_off")));
        execOrThrow(from.db(), QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("fk"));
        execOrThrow(from.db(), QStringLiteral("BEGIN"), QStringLiteral("begin"));
        QString failure;
        for (const PlannedStatement &s : plan.statements) {
            QSqlQuery q(from.db());
            if (!q.exec(s.sql)) {
                failure = serverMessage(q);
                break;
            }
        }
        execOrThrow(from.db(), QStringLiteral("ROLLBACK"), QStringLiteral("rollback"));
        QVERIFY2(failure.contains(QStringLiteral("retort_rebuild_needs_foreign_keys_off")),
                 qPrintable(failure));
        QCOMPARE(countRows(from.db(), QStringLiteral("child")), 2);
        // With foreign keys off (applyPlan) the same plan keeps every row.
        applyPlan(from.db(), plan);
        QCOMPARE(countRows(from.db(), QStringLiteral("child")), 2);
        QCOMPARE(countRows(from.db(), QStringLiteral("parent")), 2);
    }
};

QTEST_GUILESS_MAIN(TestDiffCorpus)
#include "tst_diffcorpus.moc"
