// Introspection (\d, \d TABLE) on the sample project upgraded to head, on a real SQLite
// file and a real PostgreSQL database, plus a few extra objects (a view, a trigger, check
// constraints, a collation, generated and identity columns) the sample does not have.
#include "Error.h"
#include "Project.h"
#include "TestProject.h"
#include "run/MigrationRunner.h"
#include "run/Planner.h"
#include "schema/Catalog.h"
#include "schema/DescribeText.h"
#include "schema/PostgresCatalog.h"
#include "schema/RelationName.h"
#include "schema/SchemaSnapshot.h"
#include "schema/SqliteTableSql.h"

#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

bool isPg(const QString &dialect)
{
    return dialect == u"postgresql";
}

// The extra objects, written for each dialect.
QStringList extraObjects(const QString &dialect)
{
    QStringList sql = {
        u"CREATE VIEW active_users AS SELECT id, email FROM users WHERE is_active"_qs,
        isPg(dialect)
            ? u"CREATE TABLE gauges (id integer PRIMARY KEY, reading integer CONSTRAINT "
              "ck_reading_positive CHECK (reading >= 0), label text COLLATE \"C\", doubled "
              "integer GENERATED ALWAYS AS (reading * 2) STORED, CHECK (reading < 1000))"_qs
            : u"CREATE TABLE gauges (id integer PRIMARY KEY, reading integer CONSTRAINT "
              "ck_reading_positive CHECK (reading >= 0), label text COLLATE NOCASE, doubled "
              "integer GENERATED ALWAYS AS (reading * 2) STORED, CHECK (reading < 1000))"_qs,
    };
    if (isPg(dialect)) {
        sql << u"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
               "NEW.updated_at = now(); RETURN NEW; END$$"_qs
            << u"CREATE TRIGGER trg_touch BEFORE UPDATE ON projects FOR EACH ROW EXECUTE "
               "FUNCTION touch()"_qs
            << u"CREATE SCHEMA other"_qs
            << u"CREATE TABLE other.tickets (n integer GENERATED ALWAYS AS IDENTITY)"_qs;
    } else {
        sql << u"CREATE TRIGGER trg_touch AFTER UPDATE ON projects BEGIN UPDATE projects "
               "SET updated_at = CURRENT_TIMESTAMP WHERE project_id = NEW.project_id; END"_qs;
    }
    return sql;
}

} // namespace

class TestSchema : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    TestProject m_project{kSample};
    QHash<QString, QString> m_urls; // dialect -> upgraded database

    // The sample upgraded to head plus the extra objects, once per dialect.
    QString database(const QString &dialect)
    {
        if (m_urls.contains(dialect))
            return m_urls.value(dialect);
        const QString url = freshDatabaseUrl(dialect, m_tmp.path());
        const Project project = Project::load(m_project.ini());
        const DatabaseUrl u = DatabaseUrl::parse(url, project.config.projectDir);
        ScopedConnection conn(u, u"test-schema-setup"_qs);
        RunSettings settings;
        settings.dialect = u.dialect();
        MigrationRunner runner(conn.db(), settings);
        Planner planner(project.graph, project.scripts, u.dialect(), settings.versionTable);
        runner.run([&](const QStringList &heads) { return planner.upgrade(heads, u"head"_qs); });
        for (const QString &sql : extraObjects(dialect))
            execOrThrow(conn.db(), sql, u"extra objects"_qs);
        m_urls.insert(dialect, url);
        return url;
    }

    // describeTable on a fresh read-only connection, as the CLI and the window do.
    TableDetail describe(const QString &dialect, const QString &name)
    {
        ScopedConnection conn(DatabaseUrl::parse(database(dialect), {}), u"test-describe"_qs,
                              Access::ReadOnly);
        return describeTable(conn.db(), dialect, name);
    }

    QVector<TableInfo> tables(const QString &dialect)
    {
        ScopedConnection conn(DatabaseUrl::parse(database(dialect), {}), u"test-list"_qs,
                              Access::ReadOnly);
        return listTables(conn.db(), dialect);
    }

    void dialectRows() { addDialectRows(); }

// Skips the PostgreSQL row without a server (fails under CI, as everywhere).
#define SCHEMA_DIALECT()                                                                           \
    QFETCH(QString, dialect);                                                                      \
    if (isPg(dialect)) {                                                                           \
        RETORT_REQUIRE_POSTGRES(pgUrl);                                                            \
    }

private Q_SLOTS:
    void relationNames()
    {
        const RelationName bare = RelationName::parse(u"Users"_qs);
        QCOMPARE(bare.schema, QString());
        QCOMPARE(bare.name, u"users"_qs);
        const RelationName quoted = RelationName::parse(u"\"My Schema\".\"Odd\"\"Name\""_qs);
        QCOMPARE(quoted.schema, u"My Schema"_qs);
        QCOMPARE(quoted.name, u"Odd\"Name"_qs);
    }

    void sqliteCreateTableScanner()
    {
        const SqliteTableSql parsed = SqliteTableSql::parse(
            u"CREATE TABLE t (a int CHECK (a > 0), -- a comment, with (parens\n"
            "\"b,c\" text DEFAULT 'x,(y' COLLATE nocase CHECK (\"b,c\" <> ')'),\n"
            "g int AS (a + 1) /* virtual */, s int GENERATED ALWAYS AS (a * 2) STORED,\n"
            "CONSTRAINT k UNIQUE (a), CONSTRAINT lim CHECK (a < 10))"_qs);
        QCOMPARE(parsed.checks.size(), 3);
        QCOMPARE(parsed.checks[0].expression, u"CHECK (a > 0)"_qs);
        QCOMPARE(parsed.checks[1].expression, u"CHECK (\"b,c\" <> ')')"_qs);
        QCOMPARE(parsed.checks[2].name, u"lim"_qs);
        QCOMPARE(parsed.checks[2].expression, u"CHECK (a < 10)"_qs);
        QCOMPARE(parsed.collations.value(u"b,c"_qs), u"nocase"_qs);
        QCOMPARE(parsed.generated.value(u"g"_qs).expression, u"a + 1"_qs);
        QVERIFY(!parsed.generated.value(u"g"_qs).stored);
        QVERIFY(parsed.generated.value(u"s"_qs).stored);
    }

    void listsRelations_data()
    {
        dialectRows();
    }
    void listsRelations()
    {
        SCHEMA_DIALECT();
        const QVector<TableInfo> all = tables(dialect);
        QHash<QString, TableInfo> byName;
        for (const TableInfo &t : all)
            byName.insert(t.name, t);
        for (const QString &name : {u"projects"_qs, u"users"_qs, u"assets"_qs, u"chunks"_qs,
                                    u"query_logs"_qs, u"alembic_version"_qs})
            QVERIFY2(byName.value(name).kind == RelationKind::Table && byName.contains(name),
                     qPrintable(name));
        QCOMPARE(byName.value(u"active_users"_qs).kind, RelationKind::View);
        QVERIFY(!byName.contains(u"sqlite_sequence"_qs));
        if (isPg(dialect)) {
            QCOMPARE(byName.value(u"users_id_seq"_qs).kind, RelationKind::Sequence);
            QCOMPARE(byName.value(u"tickets"_qs).schema, u"other"_qs);
            QVERIFY(!byName.value(u"users"_qs).owner.isEmpty());
            QVERIFY(byName.value(u"users"_qs).sizeBytes > 0); // its indexes at least
        } else {
            QCOMPARE(byName.value(u"users"_qs).schema, u"main"_qs);
        }
        const QString text = listTablesText(all);
        QVERIFY(text.startsWith(u" "_qs));
        QVERIFY(text.contains(u"List of relations\n Schema |"_qs));
        QVERIFY(text.contains(u"| users "_qs));
        QVERIFY(text.endsWith(u"(%1 rows)\n\n"_qs.arg(all.size())));
    }

    void describesUsers_data()
    {
        dialectRows();
    }
    void describesUsers()
    {
        SCHEMA_DIALECT();
        const TableDetail users = describe(dialect, u"users"_qs);
        QCOMPARE(users.kind, RelationKind::Table);
        QStringList names;
        for (const ColumnInfo &c : users.columns)
            names << c.name;
        QCOMPARE(names, (QStringList{u"id"_qs, u"email"_qs, u"hashed_password"_qs, u"is_active"_qs,
                                     u"created_at"_qs}));
        QVERIFY(users.column(u"id"_qs)->notNull);
        QVERIFY(users.column(u"email"_qs)->notNull);
        if (isPg(dialect)) {
            QCOMPARE(users.column(u"email"_qs)->type, u"character varying(255)"_qs);
            QCOMPARE(users.column(u"created_at"_qs)->type, u"timestamp with time zone"_qs);
            QCOMPARE(users.column(u"id"_qs)->defaultExpr, u"nextval('users_id_seq'::regclass)"_qs);
            QCOMPARE(users.column(u"is_active"_qs)->defaultExpr, u"true"_qs);
            QCOMPARE(users.index(u"users_email_key"_qs)->columns, QStringList{u"email"_qs});
            QVERIFY(users.index(u"users_email_key"_qs)->constraintBacked);
        } else {
            QCOMPARE(users.column(u"email"_qs)->type, u"VARCHAR(255)"_qs);
            QCOMPARE(users.column(u"is_active"_qs)->defaultExpr, u"1"_qs);
            QCOMPARE(users.column(u"created_at"_qs)->defaultExpr, u"CURRENT_TIMESTAMP"_qs);
        }
        QVERIFY(users.indexes.first().primary);
        QCOMPARE(users.indexes.first().columns, QStringList{u"id"_qs});
        QCOMPARE(users.constraintsOfKind(ConstraintInfo::Kind::Unique).size(), 1);
        QCOMPARE(users.constraintsOfKind(ConstraintInfo::Kind::Unique).first().columns,
                 QStringList{u"email"_qs});
        QCOMPARE(users.referencedBy.size(), 2);
        QCOMPARE(users.referencedBy[0].table, u"projects"_qs);
        QCOMPARE(users.referencedBy[0].columns, QStringList{u"user_id"_qs});
        QCOMPARE(users.referencedBy[0].definition,
                 u"FOREIGN KEY (user_id) REFERENCES users(id)"_qs);
        QCOMPARE(users.referencedBy[1].table, u"query_logs"_qs);
    }

    // The whole \d text, as psql 15 prints it for the same database.
    void usersTextMatchesPsql()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        QCOMPARE(describeTableText(describe(u"postgresql"_qs, u"public.users"_qs)),
                 uR"(                                         Table "public.users"
     Column      |           Type           | Collation | Nullable |              Default              
-----------------+--------------------------+-----------+----------+-----------------------------------
 id              | integer                  |           | not null | nextval('users_id_seq'::regclass)
 email           | character varying(255)   |           | not null | 
 hashed_password | character varying(255)   |           | not null | 
 is_active       | boolean                  |           | not null | true
 created_at      | timestamp with time zone |           | not null | now()
Indexes:
    "users_pkey" PRIMARY KEY, btree (id)
    "users_email_key" UNIQUE CONSTRAINT, btree (email)
Referenced by:
    TABLE "projects" CONSTRAINT "projects_user_id_fkey" FOREIGN KEY (user_id) REFERENCES users(id)
    TABLE "query_logs" CONSTRAINT "query_logs_user_id_fkey" FOREIGN KEY (user_id) REFERENCES users(id)

)"_qs);
    }

    void describesProjects_data()
    {
        dialectRows();
    }
    void describesProjects()
    {
        SCHEMA_DIALECT();
        const TableDetail projects = describe(dialect, u"projects"_qs);
        QVERIFY(!projects.column(u"user_id"_qs)->notNull);
        QVERIFY(!projects.column(u"project_code"_qs)->notNull);
        QCOMPARE(projects.column(u"project_code"_qs)->type,
                 isPg(dialect) ? u"character varying(64)"_qs : u"VARCHAR(64)"_qs);
        // add_project_code's unique key: a constraint on PostgreSQL, a unique index on SQLite.
        const IndexInfo *uq = projects.index(u"uq_projects_user_id_project_code"_qs);
        QVERIFY(uq);
        QVERIFY(uq->unique);
        QCOMPARE(uq->columns, (QStringList{u"user_id"_qs, u"project_code"_qs}));
        QCOMPARE(uq->description, u"btree (user_id, project_code)"_qs);
        QCOMPARE(uq->constraintBacked, isPg(dialect));
        if (isPg(dialect)) {
            bool found = false;
            for (const ConstraintInfo &c : projects.constraintsOfKind(ConstraintInfo::Kind::Unique))
                found = found || (c.name == u"uq_projects_user_id_project_code" &&
                                  c.definition == u"UNIQUE (user_id, project_code)");
            QVERIFY(found);
        }
        const QVector<ConstraintInfo> fks =
            projects.constraintsOfKind(ConstraintInfo::Kind::ForeignKey);
        QCOMPARE(fks.size(), 1);
        QCOMPARE(fks[0].referencedTable, u"users"_qs);
        QCOMPARE(fks[0].referencedColumns, QStringList{u"id"_qs});
        QStringList referrers;
        for (const ConstraintInfo &r : projects.referencedBy)
            referrers << r.table;
        QCOMPARE(referrers, (QStringList{u"assets"_qs, u"chunks"_qs, u"query_logs"_qs}));
        QCOMPARE(projects.triggers.size(), 1);
        QCOMPARE(projects.triggers[0].name, u"trg_touch"_qs);
        const QString text = describeTableText(projects);
        QVERIFY(text.contains(u"\nTriggers:\n    trg_touch "_qs));
        QVERIFY(text.contains(u"UNIQUE"_qs));
    }

    void describesAssets_data()
    {
        dialectRows();
    }
    void describesAssets()
    {
        SCHEMA_DIALECT();
        const TableDetail assets = describe(dialect, u"ASSETS"_qs); // unquoted names fold
        QCOMPARE(assets.name, u"assets"_qs);
        QCOMPARE(assets.columns.size(), 8);
        QVERIFY(assets.column(u"asset_project_id"_qs)->notNull);
        QVERIFY(!assets.column(u"asset_config"_qs)->notNull);
        QCOMPARE(assets.column(u"asset_config"_qs)->type, isPg(dialect) ? u"jsonb"_qs : u"TEXT"_qs);
        QCOMPARE(assets.index(u"ix_asset_project_id"_qs)->columns,
                 QStringList{u"asset_project_id"_qs});
        QVERIFY(!assets.index(u"ix_asset_type"_qs)->unique);
        const QVector<ConstraintInfo> fks =
            assets.constraintsOfKind(ConstraintInfo::Kind::ForeignKey);
        QCOMPARE(fks.size(), 1);
        QCOMPARE(fks[0].definition, u"FOREIGN KEY (asset_project_id) REFERENCES "
                                    "projects(project_id) ON DELETE CASCADE"_qs);
        QCOMPARE(assets.referencedBy.size(), 1);
        QCOMPARE(assets.referencedBy[0].table, u"chunks"_qs);
        const QString text = describeTableText(assets);
        QVERIFY(text.contains(u"\nForeign-key constraints:\n    "_qs));
        QVERIFY(text.contains(u"\nReferenced by:\n    TABLE \"chunks\" "_qs));
    }

    void describesChecksCollationsGenerated_data()
    {
        dialectRows();
    }
    void describesChecksCollationsGenerated()
    {
        SCHEMA_DIALECT();
        const TableDetail gauges = describe(dialect, u"gauges"_qs);
        const QVector<ConstraintInfo> checks =
            gauges.constraintsOfKind(ConstraintInfo::Kind::Check);
        QCOMPARE(checks.size(), 2);
        bool named = false;
        for (const ConstraintInfo &c : checks)
            named = named ||
                    (c.name == u"ck_reading_positive" && c.definition == u"CHECK (reading >= 0)");
        QVERIFY(named);
        QCOMPARE(gauges.column(u"label"_qs)->collation, isPg(dialect) ? u"C"_qs : u"NOCASE"_qs);
        QVERIFY(gauges.column(u"doubled"_qs)->generatedStored);
        QVERIFY(gauges.column(u"doubled"_qs)->generatedExpr.contains(u"reading"_qs));
        const QString text = describeTableText(gauges);
        QVERIFY(text.contains(u"\nCheck constraints:\n    "_qs));
        QVERIFY(text.contains(u"| generated always as ("_qs));
    }

    void describesView_data()
    {
        dialectRows();
    }
    void describesView()
    {
        SCHEMA_DIALECT();
        const TableDetail view = describe(dialect, u"active_users"_qs);
        QCOMPARE(view.kind, RelationKind::View);
        QCOMPARE(view.columns.size(), 2);
        QCOMPARE(view.columns[1].name, u"email"_qs);
        QVERIFY(view.viewDefinition.contains(u"users"_qs));
        QVERIFY(view.indexes.isEmpty());
        QVERIFY(describeTableText(view).contains(u"View \""_qs));
    }

    void unknownRelation_data()
    {
        dialectRows();
    }
    void unknownRelation()
    {
        SCHEMA_DIALECT();
        QCOMPARE(errorOf([&] { describe(dialect, u"nope"_qs); }),
                 u"Did not find any relation named \"nope\"."_qs);
        QCOMPARE(errorOf([&] { describe(dialect, u"elsewhere.users"_qs); }),
                 u"Did not find any relation named \"elsewhere.users\"."_qs);
    }

    void postgresSchemasAndIdentity()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        // Not on search_path: found qualified, and bare because it is the only "tickets".
        for (const QString &name : {u"other.tickets"_qs, u"tickets"_qs}) {
            const TableDetail t = describe(u"postgresql"_qs, name);
            QCOMPARE(t.schema, u"other"_qs);
            QCOMPARE(t.columns[0].identity, ColumnInfo::Identity::Always);
            QVERIFY(describeTableText(t).contains(u"| generated always as identity\n"_qs));
        }
    }

    // The bulk read schema snapshots use (one query per kind of detail for the whole
    // database) gives exactly what describeTable gives relation by relation.
    void bulkDescribeMatchesDescribeTable()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        ScopedConnection conn(DatabaseUrl::parse(database(u"postgresql"_qs), {}), u"test-bulk"_qs,
                              Access::ReadOnly);
        const QMap<QString, TableDetail> all = postgres_catalog::describeAllTables(conn.db());
        const QVector<TableInfo> listed = listTables(conn.db(), u"postgresql"_qs);
        QCOMPARE(all.size(), listed.size());
        QVERIFY(all.size() > 8);
        for (const TableInfo &info : listed) {
            const QString key = info.schema + u'.' + info.name;
            QVERIFY2(all.contains(key), qPrintable(key));
            const TableDetail one = describeTable(conn.db(), u"postgresql"_qs,
                                                  u"\"%1\".\"%2\""_qs.arg(info.schema, info.name));
            QVERIFY2(all.value(key) == one, qPrintable(describeTableText(all.value(key)) +
                                                       u"\n---\n"_qs + describeTableText(one)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
