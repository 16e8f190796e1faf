// Lint: every rule with a case that fires and one that must not, silencing comments,
// unparsable SQL, file:line mapping, whole migration files, the minirag sample project
// and the `retort lint` command.
#include "Project.h"
#include "script/MigrationFileParser.h"
#include "sql/Lint.h"
#include "sql/LintRules.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using retort::LintFinding;
using retort::LintSource;

namespace {

QStringList rulesOf(const QVector<LintFinding> &findings)
{
    QStringList rules;
    for (const LintFinding &f : findings)
        rules.append(f.rule);
    return rules;
}

QStringList lintRules(const QString &sql, bool transactional = true)
{
    LintSource source;
    source.transactional = transactional;
    return rulesOf(retort::lintSql(sql, source));
}

QString minirag()
{
    return QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag/retort.ini");
}

retort::MigrationScript script(const QByteArray &text)
{
    return retort::parseMigrationText(text, u"/tmp/x_test.sql"_qs);
}

} // namespace

class TestLint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void everyRuleHasAWhy();
    void suppression_data();
    void suppression();
    void syntaxErrors();
    void lineNumbers();
    void findingFields();
    void downgradesOnlyCheckedForSyntax();
    void emptyDowngrade();
    void sqliteOnlySectionsSkipped();
    void miniragProject();
    void cliExitCodes();
    void pythonRevisionsAreNamedNotSkipped();
};

void TestLint::rules_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("transactional");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *sql, QStringList expected,
                        bool transactional = true) {
        QTest::newRow(name) << QString::fromUtf8(sql) << transactional << expected;
    };
    row("drop-table", "DROP TABLE users;", {u"drop-table"_qs});
    row("drop-table: created in the same section", "CREATE TABLE tmp (id int); DROP TABLE tmp;",
        {});
    row("drop-table: a view is not a table", "DROP VIEW v;", {});
    row("drop-column", "ALTER TABLE t DROP COLUMN c;", {u"drop-column"_qs});
    row("drop-column: dropping a constraint", "ALTER TABLE t DROP CONSTRAINT c;", {});
    row("alter-column-type", "ALTER TABLE t ALTER COLUMN c TYPE bigint;",
        {u"alter-column-type"_qs});
    row("alter-column-type: set default", "ALTER TABLE t ALTER COLUMN c SET DEFAULT 0;", {});
    row("add-column-not-null-without-default", "ALTER TABLE t ADD COLUMN c int NOT NULL;",
        {u"add-column-not-null-without-default"_qs});
    row("add-column-not-null: with default", "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;",
        {});
    row("add-column-not-null: nullable", "ALTER TABLE t ADD COLUMN c int;", {});
    row("set-not-null", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;", {u"set-not-null"_qs});
    row("set-not-null: drop not null", "ALTER TABLE t ALTER COLUMN c DROP NOT NULL;", {});
    row("set-not-null: new table", "CREATE TABLE n (c int); ALTER TABLE n ALTER c SET NOT NULL;",
        {});
    row("create-index", "CREATE INDEX ix ON t (c);", {u"create-index-without-concurrently"_qs});
    row("create-index: unique", "CREATE UNIQUE INDEX ix ON t (c);",
        {u"create-index-without-concurrently"_qs});
    row("create-index: concurrently", "CREATE INDEX CONCURRENTLY ix ON t (c);", {}, false);
    row("create-index: on a new table", "CREATE TABLE n (c int);\nCREATE INDEX ix ON n (c);", {});
    row("drop-index", "DROP INDEX ix;", {u"drop-index-without-concurrently"_qs});
    row("drop-index: concurrently", "DROP INDEX CONCURRENTLY ix;", {}, false);
    row("concurrently-in-transaction", "CREATE INDEX CONCURRENTLY ix ON t (c);",
        {u"concurrently-in-transaction"_qs});
    row("concurrently-in-transaction: drop", "DROP INDEX CONCURRENTLY ix;",
        {u"concurrently-in-transaction"_qs});
    row("add-foreign-key", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id);",
        {u"add-foreign-key-without-not-valid"_qs});
    row("add-foreign-key: not valid",
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID;\n"
        "ALTER TABLE t VALIDATE CONSTRAINT fk;",
        {});
    // PostgreSQL skips validation for a column added without a default (all NULL).
    row("add-foreign-key: new column without default",
        "ALTER TABLE t ADD COLUMN u int REFERENCES users (id);", {});
    row("add-foreign-key: new column with default",
        "ALTER TABLE t ADD COLUMN u int DEFAULT 1 REFERENCES users (id);",
        {u"add-foreign-key-without-not-valid"_qs});
    row("add-check", "ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0);",
        {u"add-check-without-not-valid"_qs});
    row("add-check: not valid", "ALTER TABLE t ADD CONSTRAINT ck CHECK (c > 0) NOT VALID;", {});
    row("add-unique-constraint", "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (c);",
        {u"add-unique-constraint"_qs});
    row("add-unique-constraint: primary key", "ALTER TABLE t ADD PRIMARY KEY (id);",
        {u"add-unique-constraint"_qs});
    row("add-unique-constraint: column", "ALTER TABLE t ADD COLUMN c int UNIQUE;",
        {u"add-unique-constraint"_qs});
    row("add-unique-constraint: using index",
        "ALTER TABLE t ADD CONSTRAINT uq UNIQUE USING INDEX ix_uq;", {});
    row("rename-table", "ALTER TABLE t RENAME TO t2;", {u"rename-table"_qs});
    row("rename-table: an index", "ALTER INDEX ix RENAME TO ix2;", {});
    row("rename-column", "ALTER TABLE t RENAME COLUMN a TO b;", {u"rename-column"_qs});
    row("rename-column: a constraint", "ALTER TABLE t RENAME CONSTRAINT a TO b;", {});
    row("volatile-default: random", "ALTER TABLE t ADD COLUMN r float DEFAULT random();",
        {u"volatile-default"_qs});
    row("volatile-default: clock_timestamp",
        "ALTER TABLE t ADD COLUMN ts timestamptz DEFAULT clock_timestamp();",
        {u"volatile-default"_qs});
    row("volatile-default: gen_random_uuid",
        "ALTER TABLE t ADD COLUMN u uuid NOT NULL DEFAULT gen_random_uuid();",
        {u"volatile-default"_qs});
    row("volatile-default: qualified uuid_generate_v4",
        "ALTER TABLE t ADD COLUMN u uuid DEFAULT public.uuid_generate_v4();",
        {u"volatile-default"_qs});
    row("volatile-default: nested nextval",
        "ALTER TABLE t ADD COLUMN n int DEFAULT (nextval('s') * 2);", {u"volatile-default"_qs});
    row("volatile-default: serial", "ALTER TABLE t ADD COLUMN n bigserial;",
        {u"volatile-default"_qs});
    row("volatile-default: identity",
        "ALTER TABLE t ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;", {u"volatile-default"_qs});
    row("volatile-default: now() is stable",
        "ALTER TABLE t ADD COLUMN ts timestamptz NOT NULL DEFAULT now();", {});
    row("volatile-default: CURRENT_TIMESTAMP is stable",
        "ALTER TABLE t ADD COLUMN ts timestamptz DEFAULT CURRENT_TIMESTAMP;", {});
    row("volatile-default: constant", "ALTER TABLE t ADD COLUMN s text DEFAULT 'x';", {});
    row("volatile-default: in CREATE TABLE",
        "CREATE TABLE n (id uuid DEFAULT gen_random_uuid(), r float DEFAULT random());", {});
    row("volatile-default: SET DEFAULT does not rewrite",
        "ALTER TABLE t ALTER COLUMN r SET DEFAULT random();", {});
    row("several sub-commands",
        "ALTER TABLE t DROP COLUMN a, ALTER COLUMN b TYPE text, ALTER COLUMN c SET NOT NULL;",
        {u"drop-column"_qs, u"alter-column-type"_qs, u"set-not-null"_qs});
    row("harmless statements",
        "CREATE TABLE n (id serial PRIMARY KEY, u int REFERENCES users (id));\n"
        "INSERT INTO n (u) VALUES (1);\nUPDATE n SET u = 2;\nCREATE VIEW v AS SELECT 1;\n"
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC; SELECT 1; END;",
        {});
}

void TestLint::rules()
{
    QFETCH(QString, sql);
    QFETCH(bool, transactional);
    QFETCH(QStringList, expected);
    QCOMPARE(lintRules(sql, transactional), expected);
}

void TestLint::everyRuleHasAWhy()
{
    QVERIFY(retort::lintRuleCatalog().size() >= 17);
    for (const retort::LintRuleInfo &rule : retort::lintRuleCatalog()) {
        QVERIFY2(rule.why.size() > 40, qPrintable(rule.id));
        QVERIFY(retort::isLintRule(rule.id));
    }
    QVERIFY(!retort::isLintRule(u"drop-tabel"_qs));
}

void TestLint::suppression_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *sql, QStringList expected) {
        QTest::newRow(name) << QString::fromUtf8(sql) << expected;
    };
    row("same line", "DROP TABLE a; -- retort:lint-ignore drop-table", {});
    row("line before", "-- retort:lint-ignore drop-table\nDROP TABLE a;", {});
    row("lines before",
        "-- retort:lint-ignore drop-table\n-- legacy, unused since v2\nDROP TABLE a;", {});
    row("other rule", "-- retort:lint-ignore drop-column\nDROP TABLE a;", {u"drop-table"_qs});
    row("all rules", "-- retort:lint-ignore\nDROP TABLE a;", {});
    row("list with colon",
        "-- retort:lint-ignore: drop-column, alter-column-type\n"
        "ALTER TABLE t DROP COLUMN a, ALTER COLUMN b TYPE text;",
        {});
    row("one of two",
        "-- retort:lint-ignore drop-column\nALTER TABLE t DROP COLUMN a, ALTER b TYPE text;",
        {u"alter-column-type"_qs});
    row("reason after --", "-- retort:lint-ignore drop-table -- nobody reads it\nDROP TABLE a;",
        {});
    row("block comment", "/* retort:lint-ignore drop-table */ DROP TABLE a;", {});
    row("trailing a multi-line statement",
        "ALTER TABLE t\n    DROP COLUMN c; -- retort:lint-ignore drop-column", {});
    row("inside a multi-line statement",
        "ALTER TABLE t\n    -- retort:lint-ignore drop-column\n    DROP COLUMN c;", {});
    row("a blank line breaks the link", "-- retort:lint-ignore\n\nDROP TABLE a;",
        {u"drop-table"_qs});
    row("trailing comment stays with its statement",
        "DROP TABLE a; -- retort:lint-ignore\nDROP TABLE b;", {u"drop-table"_qs});
    row("comment above applies to one statement only",
        "-- retort:lint-ignore\nDROP TABLE a;\nDROP TABLE b;", {u"drop-table"_qs});
    row("not inside a string", "INSERT INTO x VALUES ('-- retort:lint-ignore');\nDROP TABLE a;",
        {u"drop-table"_qs});
    row("unknown rule is reported", "-- retort:lint-ignore drop-tabel\nDROP TABLE a;",
        {u"unknown-lint-rule"_qs, u"drop-table"_qs});
    row("other tools' comments", "-- noqa\n-- lint-ignore\nDROP TABLE a;", {u"drop-table"_qs});
    row("syntax error", "-- retort:lint-ignore syntax-error\nMERGE INTO x USING y ON true WHEN;",
        {});
}

void TestLint::suppression()
{
    QFETCH(QString, sql);
    QFETCH(QStringList, expected);
    QCOMPARE(lintRules(sql), expected);
}

void TestLint::syntaxErrors()
{
    // One bad statement: one finding at its line; the statements around it still linted.
    const QVector<LintFinding> findings =
        retort::lintSql(u"CREATE TABLE a (id int);\nDROP TABLEE b;\nDROP TABLE c;"_qs);
    QCOMPARE(rulesOf(findings), (QStringList{u"syntax-error"_qs, u"drop-table"_qs}));
    QCOMPARE(findings[0].line, 2);
    QVERIFY2(findings[0].message.contains(u"syntax error at or near \"TABLEE\""_qs),
             qPrintable(findings[0].message));
    QCOMPARE(findings[0].statement, u"DROP TABLEE b"_qs);
    QCOMPARE(findings[1].line, 3);

    // The error's own line inside a multi-line statement, after multibyte text.
    const QVector<LintFinding> deep =
        retort::lintSql(u"SELECT 'é😀';\n\nSELECT 1\n  FRM x;\nDROP TABLE c;"_qs);
    QCOMPARE(rulesOf(deep), (QStringList{u"syntax-error"_qs, u"drop-table"_qs}));
    QCOMPARE(deep[0].line, 4);
    QCOMPARE(deep[1].line, 5);

    // The lexer gives up: one finding, no crash.
    QCOMPARE(lintRules(u"DROP TABLE a;\nSELECT 'unterminated"_qs), QStringList{u"syntax-error"_qs});
    QCOMPARE(lintRules(u"SELECT 1;\nSELECT $$ body"_qs), QStringList{u"syntax-error"_qs});
    // A NUL would cut the C string short: reported, not swallowed.
    const QVector<LintFinding> nul = retort::lintSql(u"SELECT 1;\nSELECT 2\u0000;"_qs);
    QCOMPARE(rulesOf(nul), QStringList{u"syntax-error"_qs});
    QCOMPARE(nul[0].line, 2);
    // Nothing to lint.
    QVERIFY(retort::lintSql(QString()).isEmpty());
    QVERIFY(retort::lintSql(u"-- only a comment\n/* and another */"_qs).isEmpty());
}

void TestLint::lineNumbers()
{
    const QString sql = u"-- a comment\n"
                        "/* a block\n   comment */\n"
                        "CREATE TABLE x (\n    a int\n);\n"
                        "INSERT INTO x VALUES (1); -- ünïcödé 😀\n"
                        "INSERT INTO x VALUES ('hé\n😀');\n"
                        "\n"
                        "ALTER TABLE t\n"
                        "    DROP COLUMN c;  DROP TABLE u;\n"
                        "DROP INDEX\n  ix;"_qs;
    const QVector<LintFinding> findings = retort::lintSql(sql);
    QCOMPARE(rulesOf(findings), (QStringList{u"drop-column"_qs, u"drop-table"_qs,
                                             u"drop-index-without-concurrently"_qs}));
    QCOMPARE(findings[0].line, 11);
    QCOMPARE(findings[0].statement, u"ALTER TABLE t\n    DROP COLUMN c"_qs);
    QCOMPARE(findings[1].line, 12);
    QCOMPARE(findings[1].statement, u"DROP TABLE u"_qs);
    QCOMPARE(findings[2].line, 13);

    // firstLine shifts everything to file lines.
    LintSource source;
    source.firstLine = 20;
    QCOMPARE(retort::lintSql(u"\n\nDROP TABLE a;"_qs, source).value(0).line, 22);
}

void TestLint::findingFields()
{
    LintSource source{u"abc123"_qs, u"/p/versions/abc123_x.sql"_qs, 8, u"upgrade"_qs, true};
    const QVector<LintFinding> findings = retort::lintSql(u"DROP TABLE users;"_qs, source);
    QCOMPARE(findings.size(), 1);
    const LintFinding &f = findings[0];
    QCOMPARE(f.rule, u"drop-table"_qs);
    QCOMPARE(f.revision, u"abc123"_qs);
    QCOMPARE(f.path, u"/p/versions/abc123_x.sql"_qs);
    QCOMPARE(f.line, 8);
    QCOMPARE(f.direction, u"upgrade"_qs);
    QCOMPARE(f.statement, u"DROP TABLE users"_qs);
    QVERIFY2(f.message.startsWith(u"DROP TABLE users: "_qs), qPrintable(f.message));
    QVERIFY(f.message.contains(u"data"_qs));
}

void TestLint::downgradesOnlyCheckedForSyntax()
{
    const QVector<LintFinding> findings =
        retort::lintScript(script("-- m\n--\n-- Revision ID: a1\n-- Revises:\n\n"
                                  "-- migrate:upgrade\nCREATE TABLE t (id int);\n\n"
                                  "-- migrate:downgrade\nDROP TABLE t;\nDROP TABLEE u;\n"));
    QCOMPARE(rulesOf(findings), QStringList{u"syntax-error"_qs});
    QCOMPARE(findings[0].direction, u"downgrade"_qs);
    QCOMPARE(findings[0].line, 11);
    QCOMPARE(findings[0].revision, u"a1"_qs);
    QCOMPARE(findings[0].path, u"/tmp/x_test.sql"_qs);
}

void TestLint::emptyDowngrade()
{
    const QByteArray header = "-- m\n--\n-- Revision ID: a1\n-- Revises:\n\n";
    const QVector<LintFinding> empty = retort::lintScript(
        script(header + "-- migrate:upgrade\nCREATE TABLE t (id int);\n\n-- migrate:downgrade\n"
                        "-- nothing here\n"));
    QCOMPARE(rulesOf(empty), QStringList{u"empty-downgrade"_qs});
    QCOMPARE(empty[0].line, 9); // the "-- migrate:downgrade" marker
    QCOMPARE(empty[0].direction, u"downgrade"_qs);

    const QVector<LintFinding> missing =
        retort::lintScript(script(header + "-- migrate:upgrade\nCREATE TABLE t (id int);\n"));
    QCOMPARE(rulesOf(missing), QStringList{u"empty-downgrade"_qs});
    QCOMPARE(missing[0].line, 6); // the upgrade marker: no downgrade marker to point at

    // Not when the upgrade is empty too (a merge revision), nor when silenced, nor when
    // the downgrade has SQL.
    QVERIFY(retort::lintScript(script(header + "-- migrate:upgrade\n\n-- migrate:downgrade\n"))
                .isEmpty());
    QVERIFY(retort::lintScript(script(header + "-- migrate:upgrade\nCREATE TABLE t (id int);\n"
                                               "-- migrate:downgrade\n"
                                               "-- retort:lint-ignore empty-downgrade\n"))
                .isEmpty());
    QVERIFY(retort::lintScript(script(header + "-- migrate:upgrade\nCREATE TABLE t (id int);\n"
                                               "-- migrate:downgrade\nDROP TABLE t;\n"))
                .isEmpty());
}

void TestLint::sqliteOnlySectionsSkipped()
{
    const QByteArray header = "-- m\n--\n-- Revision ID: a1\n-- Revises:\n\n";
    // SQLite's dialect in its own section is never parsed as PostgreSQL.
    const retort::MigrationScript sqliteOnly =
        script(header + "-- migrate:upgrade:sqlite\nCREATE TABLE t (id INTEGER PRIMARY KEY "
                        "AUTOINCREMENT);\n-- migrate:downgrade:sqlite\nDROP TABLE t;\n");
    QVERIFY(!retort::hasPostgresSql(sqliteOnly));
    QVERIFY(retort::lintScript(sqliteOnly).isEmpty());
    // The PostgreSQL section replaces the generic one.
    const QVector<LintFinding> findings = retort::lintScript(
        script(header + "-- migrate:upgrade\nDROP TABLE generic;\n-- migrate:downgrade\nSELECT 1;\n"
                        "-- migrate:upgrade:postgresql\nDROP TABLE pg;\n"));
    QCOMPARE(rulesOf(findings), QStringList{u"drop-table"_qs});
    QVERIFY(findings[0].message.contains(u"DROP TABLE pg"_qs));
    QCOMPARE(findings[0].line, 11);
}

void TestLint::miniragProject()
{
    const retort::Project project = retort::Project::load(minirag());
    const QVector<LintFinding> findings =
        retort::lintRevisions(project, project.graph.upgradeRevisions(u"heads"_qs, {}));
    // fee4cd54bd38 and add_auth_tables only index tables they create; their downgrades'
    // DROP TABLEs are undo by design; the merge is empty both ways. What is left is the
    // unique constraint added straight onto the existing projects table.
    QCOMPARE(rulesOf(findings), QStringList{u"add-unique-constraint"_qs});
    const LintFinding &f = findings[0];
    QCOMPARE(f.revision, u"add_project_code"_qs);
    QVERIFY(f.path.endsWith(u"versions/add_project_code_add_project_code.sql"_qs));
    QCOMPARE(f.line, 11);
    QCOMPARE(f.direction, u"upgrade"_qs);
    QVERIFY(f.message.contains(u"uq_projects_user_id_project_code"_qs));
    QVERIFY(f.message.contains(u"CONCURRENTLY"_qs));
}

void TestLint::cliExitCodes()
{
    // Findings: exit code 1, compiler-style lines and a summary.
    QProcess lint;
    lint.start(QStringLiteral(RETORT_CLI), {u"-c"_qs, minirag(), u"lint"_qs});
    QVERIFY(lint.waitForFinished(30000));
    const QString out = QString::fromUtf8(lint.readAllStandardOutput());
    QCOMPARE(lint.exitCode(), 1);
    QVERIFY2(out.contains(u"add_project_code_add_project_code.sql:11: [add-unique-constraint] "
                          "add_project_code: ALTER TABLE projects ADD CONSTRAINT"_qs),
             qPrintable(out));
    QVERIFY2(out.contains(u"1 finding in 4 revisions"_qs), qPrintable(out));

    // Up to a revision before the finding: clean, exit code 0.
    lint.start(QStringLiteral(RETORT_CLI),
               {u"-c"_qs, minirag(), u"lint"_qs, u"add_auth_tables"_qs});
    QVERIFY(lint.waitForFinished(30000));
    QCOMPARE(QString::fromUtf8(lint.readAllStandardOutput()), u"0 findings in 2 revisions\n"_qs);
    QCOMPARE(lint.exitCode(), 0);

    // A bad revision is an error, not a lint result.
    lint.start(QStringLiteral(RETORT_CLI), {u"-c"_qs, minirag(), u"lint"_qs, u"nosuchrev"_qs});
    QVERIFY(lint.waitForFinished(30000));
    QVERIFY(QString::fromUtf8(lint.readAllStandardError()).startsWith(u"FAILED: "_qs));
}

// An Alembic project: lint says which Python revisions it did not lint and why, and how
// to lint their SQL, instead of counting them as "skipped".
void TestLint::pythonRevisionsAreNamedNotSkipped()
{
    QProcess lint;
    lint.start(QStringLiteral(RETORT_CLI),
               {u"-c"_qs, QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_alembic"),
                u"lint"_qs});
    QVERIFY(lint.waitForFinished(30000));
    const QString out = QString::fromUtf8(lint.readAllStandardOutput());
    QCOMPARE(lint.exitCode(), 0);
    QVERIFY2(out.startsWith(u"0 findings in 0 revisions\n"
                            "4 Python revisions not linted: fee4cd54bd38, "_qs),
             qPrintable(out));
    for (const QString &id : {u"add_auth_tables"_qs, u"add_project_code"_qs, u"17c397cbdf9b"_qs})
        QVERIFY2(out.contains(id), qPrintable(out));
    QVERIFY2(out.contains(u"retort -c OUTDIR/retort.ini lint"_qs), qPrintable(out));
    QVERIFY2(!out.contains(u"skipped"_qs), qPrintable(out));
}

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
