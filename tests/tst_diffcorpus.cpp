// The schema-diff corpus, checked the way stripe's pg-schema-diff checks its acceptance
// cases: for every case in tests/fixtures/diff and each dialect it names, in both
// directions (FROM -> TO and TO -> FROM):
//   build FROM (and load its rows), build TO, diff, apply the plan to FROM;
//   the result dumps like TO (pg_dump --schema-only; SQLite: its CREATE text normalised);
//   every table on both sides kept its identity (pg_class oid) and each kept column its
//   attnum, and every kept table its rows (counted);
//   diffing the result against TO again gives nothing.
#include "DiffCorpusCase.h"
#include "TestDatabases.h"
#include "backup/PgClientTools.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/RenameHints.h"
#include "diff/SchemaComparison.h"
#include "diff/ScratchDatabase.h"
#include "diff/SqliteText.h"

#include <QSqlQuery>
#include <QtTest>

#include <future>
#include <optional>

using namespace retort;
using namespace retort::diff;

namespace {

QString pgDump(const DatabaseUrl &url)
{
    const auto result = PgClientTools::run(
        PgClientTools::find(QStringLiteral("pg_dump")),
        QStringList{QStringLiteral("--schema-only"), QStringLiteral("--no-owner")} +
            PgClientTools::connectionArguments(url),
        PgClientTools::environment(url));
    if (result.exitCode != 0)
        throw Error(QStringLiteral("pg_dump failed: ") + result.errors);
    QStringList kept;
    for (const QString &line : result.output.split(u'\n'))
        if (!line.startsWith(QStringLiteral("--")) && !line.startsWith(QStringLiteral("SET ")) &&
            !line.startsWith(QStringLiteral("SELECT pg_catalog.set_config")) &&
            // pg_dump 15.14+ fences a dump with a random key
            !line.startsWith(QStringLiteral("\\restrict ")) &&
            !line.startsWith(QStringLiteral("\\unrestrict ")) && !line.isEmpty())
            kept << line;
    return kept.join(u'\n');
}

// A dump with the column lines of each CREATE TABLE sorted (and their commas dropped),
// for a table that gained a column mid-table in TO and at its end by the plan.
QStringList withColumnOrderIgnored(QStringList lines)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QStringLiteral("CREATE TABLE ")) && lines[i].endsWith(u'(')) {
            start = i + 1;
        } else if (start >= 0 && lines[i].startsWith(u')')) {
            for (qsizetype j = start; j < i; ++j)
                if (lines[j].endsWith(u','))
                    lines[j].chop(1);
            std::sort(lines.begin() + start, lines.begin() + i);
            start = -1;
        }
    }
    return lines;
}

// SQLite's .schema, normalised: each object's CREATE text without layout, tables without
// their own name (a rebuilt table's text names it "t" in quotes), sorted.
QString sqliteSchemaText(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(db,
                              QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE sql "
                                             "IS NOT NULL AND name NOT LIKE 'sqlite_%'"),
                              QStringLiteral("schema"));
    QStringList lines;
    while (q.next()) {
        const QString sql = q.value(2).toString();
        lines << q.value(0).toString() + u' ' + q.value(1).toString() + u' ' +
                     normalisedSql(q.value(0).toString() == u"table" ? withoutName(sql) : sql);
    }
    lines.sort();
    return lines.join(u'\n');
}

// Both databases' dumps; PostgreSQL's two pg_dump runs side by side.
std::pair<QString, QString> dumpsOf(QSqlDatabase &a, const DatabaseUrl &urlA, QSqlDatabase &b,
                                    const DatabaseUrl &urlB, const QString &dialect)
{
    if (dialect == u"sqlite")
        return {sqliteSchemaText(a), sqliteSchemaText(b)};
    auto dumpB = std::async(std::launch::async, [&] { return pgDump(urlB); });
    const QString dumpA = pgDump(urlA);
    return {dumpA, dumpB.get()};
}

// The table's own rows (PostgreSQL: not its partitions' or children's).
qint64 countRows(QSqlDatabase &db, const QString &table)
{
    const bool postgres = db.driverName() == u"QPSQL";
    QSqlQuery q = execOrThrow(db,
                              QStringLiteral("SELECT count(*) FROM ") +
                                  (postgres ? QStringLiteral("ONLY ") : QString()) + table,
                              QStringLiteral("count"));
    q.next();
    return q.value(0).toLongLong();
}

} // namespace

class TestDiffCorpus : public QObject {
    Q_OBJECT

    // PostgreSQL: two databases made once and emptied after each run (as --dev-url
    // databases are), instead of two CREATE DATABASE and DROP DATABASE per run.
    std::optional<ScratchDatabase> m_pgA;
    std::optional<ScratchDatabase> m_pgB;

    QString reused(const std::optional<ScratchDatabase> &db, const QString &dialect) const
    {
        return dialect == u"postgresql" && db ? db->url().toText(DatabaseUrl::Password::Keep)
                                              : QString();
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
        m_pgA.emplace(ScratchDatabase::create(QStringLiteral("postgresql"), server));
        m_pgB.emplace(ScratchDatabase::create(QStringLiteral("postgresql"), server));
    }

    void cleanupTestCase()
    {
        m_pgA.reset();
        m_pgB.reset();
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
        const auto c = test::DiffCorpusCase::load(path, dialect);
        const QString fromSql = reverse ? c.to : c.from;
        const QString toSql = reverse ? c.from : c.to;
        const DatabaseUrl server = DatabaseUrl::parse(
            dialect == u"sqlite" ? QStringLiteral("sqlite://") : test::postgresTestUrl(), {});
        const QStringList excluded = {QStringLiteral("alembic_version")};
        try {
            ScratchDatabase a = ScratchDatabase::create(dialect, server, reused(m_pgA, dialect));
            ScratchDatabase b = ScratchDatabase::create(dialect, server, reused(m_pgB, dialect));
            ScopedConnection dbA(a.url(), QStringLiteral("corpus-a"));
            ScopedConnection dbB(b.url(), QStringLiteral("corpus-b"));
            runSql(dbA.db(), dialect, fromSql, c.name + QStringLiteral(" (from)"));
            if (!c.rows.isEmpty() && !reverse)
                runSql(dbA.db(), dialect, c.rows, c.name + QStringLiteral(" (rows)"));
            runSql(dbB.db(), dialect, toSql, c.name + QStringLiteral(" (to)"));
            const Schema from = readSchema(dbA.db(), dialect, excluded);
            const Schema to = readSchema(dbB.db(), dialect, excluded);
            const Renames forward = parseRenameHints(c.to, dialect);
            const Renames renames = reverse ? reversedRenames(forward) : forward;

            QHash<QString, qint64> rowsBefore;
            for (const Table &t : from.tables)
                rowsBefore.insert(t.key, countRows(dbA.db(), t.key));

            const DiffPlan plan = diffSchemas(from, to, renames);
            applyPlan(dbA.db(), plan);
            const Schema after = readSchema(dbA.db(), dialect, excluded);

            const DiffPlan again = diffSchemas(after, to);
            QVERIFY2(again.isEmpty(), qPrintable(QStringLiteral("plan:\n") + plan.sqlText() +
                                                 QStringLiteral("\nstill different:\n") +
                                                 again.changesText() + again.sqlText()));
            const auto [dumpA, dumpB] = dumpsOf(dbA.db(), a.url(), dbB.db(), b.url(), dialect);
            QStringList migrated = dumpA.split(u'\n');
            QStringList built = dumpB.split(u'\n');
            if (c.columnsAppended && dialect == u"postgresql") {
                QVERIFY2(reverse || plan.sqlText().contains(
                                        QStringLiteral("is added at the end of the table")),
                         qPrintable(plan.sqlText()));
                migrated = withColumnOrderIgnored(migrated);
                built = withColumnOrderIgnored(built);
            }
            for (qsizetype i = 0; i < std::max(migrated.size(), built.size()); ++i)
                QVERIFY2(migrated.value(i) == built.value(i),
                         qPrintable(QStringLiteral("dumps differ at line %1:\n  migrated: %2\n  "
                                                   "built:    %3\nplan:\n%4")
                                        .arg(i + 1)
                                        .arg(migrated.value(i), built.value(i), plan.sqlText())));

            // Identity and rows of everything on both sides.
            for (const Table &t : after.tables) {
                const QString old = renames.tables.value(t.key, t.key);
                const auto f = from.tables.constFind(old);
                if (f == from.tables.constEnd())
                    continue;
                QCOMPARE(countRows(dbA.db(), t.key), rowsBefore.value(old));
                if (dialect == u"sqlite")
                    continue; // a rebuilt SQLite table is a new b-tree, by design
                QVERIFY2(t.oid == f->oid, qPrintable(t.key + QStringLiteral(" lost its oid")));
                const auto columnRenames = renames.columns.value(t.key);
                for (const Column &col : t.columns) {
                    const Column *fc = f->column(columnRenames.value(col.name, col.name));
                    if (fc && fc->generatedExpr == col.generatedExpr)
                        QVERIFY2(fc->attnum == col.attnum,
                                 qPrintable(t.key + u'.' + col.name +
                                            QStringLiteral(" was dropped and added again\n") +
                                            plan.sqlText()));
                }
            }
        } catch (const Error &e) {
            QFAIL(qPrintable(e.message()));
        }
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
