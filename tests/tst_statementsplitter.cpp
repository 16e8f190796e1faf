#include "sql/SqliteStatementScanner.h"
#include "sql/StatementSplitter.h"

#include <QRandomGenerator>
#include <QThread>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>
#include <vector>

using retort::splitStatements;
using retort::SqlStatement;

namespace {

QString sqlOf(const QVector<SqlStatement> &statements, int i)
{
    return statements.value(i).sql;
}

} // namespace

class TestStatementSplitter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void postgresSimple();
    void postgresDollarQuotes();
    void postgresEscapeStrings();
    void postgresComments();
    void postgresFunction();
    void postgresLineNumbersAfterMultibyte();
    void postgresSyntaxErrorLine();
    void postgresErrorWithoutPosition();
    void postgresEmptyAndCommentOnly();
    void postgresFromThreads();
    void sqliteSimple();
    void sqliteTrigger();
    void sqliteStringsAndComments();
    void sqliteUnterminatedLast();
    void sqliteLineNumbersAfterMultibyte();
    void unterminatedBlockComment_data();
    void unterminatedBlockComment();
    void nulCharacter_data();
    void nulCharacter();
    void sqliteEndsWhereSqlite3CompleteSays();
    void unknownDialect();
};

void TestStatementSplitter::postgresSimple()
{
    const auto s = splitStatements(u"CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n"_qs,
                                   u"postgresql"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"CREATE TABLE a (id int)"_qs);
    QCOMPARE(s[0].line, 1);
    QCOMPARE(s[1].sql, u"INSERT INTO a VALUES (1)"_qs);
    QCOMPARE(s[1].line, 2);
}

void TestStatementSplitter::postgresDollarQuotes()
{
    const QString sql = u"SELECT $$ a; b $$;\n"
                        u"SELECT $outer$ x; $inner$ y; $inner$ z; $outer$ AS nested;\n"
                        u"SELECT $q$;$q$"_qs;
    const auto s = splitStatements(sql, u"postgresql"_qs);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[0].sql, u"SELECT $$ a; b $$"_qs);
    QCOMPARE(s[1].sql, u"SELECT $outer$ x; $inner$ y; $inner$ z; $outer$ AS nested"_qs);
    QCOMPARE(s[1].line, 2);
    QCOMPARE(s[2].sql, u"SELECT $q$;$q$"_qs);
    QCOMPARE(s[2].line, 3);
}

void TestStatementSplitter::postgresEscapeStrings()
{
    // In an E'' string \' is a quote, so the ';' after it is still inside the string.
    const QString sql = u"INSERT INTO t VALUES (E'it\\'s; fine');\nSELECT 'plain '';'' too';"_qs;
    const auto s = splitStatements(sql, u"postgresql"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"INSERT INTO t VALUES (E'it\\'s; fine')"_qs);
    QCOMPARE(s[1].sql, u"SELECT 'plain '';'' too'"_qs);
    QCOMPARE(s[1].line, 2);
}

void TestStatementSplitter::postgresComments()
{
    const QString sql = u"-- header; with a semicolon\n"
                        u"/* block; comment\n   over two lines; */\n"
                        u"SELECT 1; -- trailing; comment\n"
                        u"/* outer /* nested; */ still comment; */\n"
                        u"\n"
                        u"SELECT /* inline; */ 2;\n"
                        u"-- the end;\n"_qs;
    const auto s = splitStatements(sql, u"postgresql"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"SELECT 1"_qs);
    QCOMPARE(s[0].line, 4);
    QCOMPARE(s[1].sql, u"SELECT /* inline; */ 2"_qs);
    QCOMPARE(s[1].line, 7);
}

void TestStatementSplitter::postgresFunction()
{
    const QString function = u"CREATE FUNCTION bump(n int) RETURNS int LANGUAGE plpgsql AS $body$\n"
                             u"DECLARE\n"
                             u"    r int;\n"
                             u"BEGIN\n"
                             u"    r := n + 1; -- a comment; here\n"
                             u"    RAISE NOTICE 'bumped; %', r;\n"
                             u"    RETURN r;\n"
                             u"END;\n"
                             u"$body$"_qs;
    const QString sql =
        u"CREATE TABLE c (n int);\n\n"_qs + function +
        u";\nCREATE TRIGGER x AFTER INSERT ON c FOR EACH ROW EXECUTE FUNCTION f();"_qs;
    const auto s = splitStatements(sql, u"postgresql"_qs);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[1].sql, function);
    QCOMPARE(s[1].line, 3);
    QCOMPARE(s[2].line, 12);
}

void TestStatementSplitter::postgresLineNumbersAfterMultibyte()
{
    // libpg_query reports byte offsets; the text and lines must still come out right.
    const QString sql = u"INSERT INTO t VALUES ('héllo wörld ✓ 😀');\n"
                        u"-- commentaire: déjà vu 😀;\n"
                        u"INSERT INTO t VALUES ('ß');\n"
                        u"\n"
                        u"   SELECT 'ünïcødé'"_qs;
    const auto s = splitStatements(sql, u"postgresql"_qs);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[0].sql, u"INSERT INTO t VALUES ('héllo wörld ✓ 😀')"_qs);
    QCOMPARE(s[1].sql, u"INSERT INTO t VALUES ('ß')"_qs);
    QCOMPARE(s[1].line, 3);
    QCOMPARE(s[2].sql, u"SELECT 'ünïcødé'"_qs);
    QCOMPARE(s[2].line, 5);
}

void TestStatementSplitter::postgresSyntaxErrorLine()
{
    // The parser's cursor counts characters; the multibyte text before must not shift it.
    const QString sql = u"SELECT 'ééé 😀';\n"
                        u"SELECT 1;\n"
                        u"SELECT * FROM\n"
                        u"  WHERE broken;\n"
                        u"SELECT 2;"_qs;
    try {
        splitStatements(sql, u"postgresql"_qs);
        QFAIL("expected a syntax error");
    } catch (const retort::SqlSyntaxError &e) {
        QCOMPARE(e.line(), 4);
        QVERIFY2(e.detail().contains(u"syntax error at or near \"WHERE\""_qs),
                 qPrintable(e.detail()));
        QVERIFY(e.message().startsWith(u"line 4: "_qs));
    }

    try {
        splitStatements(u"SELECT 1;\n\nSELECT 'unterminated\n;"_qs, u"postgresql"_qs);
        QFAIL("expected a syntax error");
    } catch (const retort::SqlSyntaxError &e) {
        QCOMPARE(e.line(), 3);
        QVERIFY2(e.detail().contains(u"unterminated quoted string"_qs), qPrintable(e.detail()));
    }
}

void TestStatementSplitter::postgresErrorWithoutPosition()
{
    // libpg_query gives no position for a NUL made by an escape (found by
    // fuzz_split_postgres): the line was 0, so the Planner named the line above the section.
    const QString sql = u"SELECT 1;\nSELECT 2;\nSELECT E'a\\0b',\n 3;\nSELECT 4;\n"_qs;
    try {
        splitStatements(sql, u"postgresql"_qs);
        QFAIL("no error");
    } catch (const retort::SqlSyntaxError &e) {
        QVERIFY2(e.detail().contains(u"invalid byte sequence"_qs), qPrintable(e.detail()));
        QCOMPARE(e.line(), 3);
    }
}

void TestStatementSplitter::postgresEmptyAndCommentOnly()
{
    QVERIFY(splitStatements(QString(), u"postgresql"_qs).isEmpty());
    QVERIFY(splitStatements(u"  \n-- only a comment;\n/* and; this */\n"_qs, u"postgresql"_qs)
                .isEmpty());
    const auto s = splitStatements(u";;SELECT 1;;\n;SELECT 2"_qs, u"postgresql"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(sqlOf(s, 0), u"SELECT 1"_qs);
    QCOMPARE(sqlOf(s, 1), u"SELECT 2"_qs);
    QCOMPARE(s[1].line, 2);
}

void TestStatementSplitter::postgresFromThreads()
{
    // libpg_query keeps its memory per thread; parsing in several at once must work.
    std::atomic<int> failures{0};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back(QThread::create([&failures] {
            for (int i = 0; i < 200; ++i) {
                const auto s = splitStatements(
                    u"SELECT $$a;b$$;\nCREATE TABLE x%1 (id int);"_qs.arg(i), u"postgresql"_qs);
                if (s.size() != 2 || s[1].line != 2)
                    ++failures;
            }
        }));
        threads.back()->start();
    }
    for (auto &thread : threads)
        QVERIFY(thread->wait(30000));
    QCOMPARE(failures.load(), 0);
}

void TestStatementSplitter::sqliteSimple()
{
    const auto s = splitStatements(u"CREATE TABLE a (id INTEGER);\n\nINSERT INTO a VALUES (1);"_qs,
                                   u"sqlite"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"CREATE TABLE a (id INTEGER)"_qs);
    QCOMPARE(s[1].sql, u"INSERT INTO a VALUES (1)"_qs);
    QCOMPARE(s[1].line, 3);
}

void TestStatementSplitter::sqliteTrigger()
{
    const QString trigger = u"CREATE TRIGGER audit AFTER INSERT ON a\n"
                            u"BEGIN\n"
                            u"    INSERT INTO log VALUES ('inserted; yes');\n"
                            u"    UPDATE counter SET n = n + 1;\n"
                            u"END"_qs;
    const QString sql =
        u"CREATE TABLE a (id INTEGER);\n"_qs + trigger + u";\nINSERT INTO a VALUES (1);\n"_qs;
    const auto s = splitStatements(sql, u"sqlite"_qs);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[1].sql, trigger);
    QCOMPARE(s[1].line, 2);
    QCOMPARE(s[2].line, 7);
}

void TestStatementSplitter::sqliteStringsAndComments()
{
    const QString sql = u"-- lead; comment\n"
                        u"INSERT INTO t VALUES ('a;b', \"c;d\"); /* after; */\n"
                        u"/* before;\n */ SELECT 1 -- x;\n"
                        u";\n"
                        u"-- trailing; comment only\n"_qs;
    const auto s = splitStatements(sql, u"sqlite"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"INSERT INTO t VALUES ('a;b', \"c;d\")"_qs);
    QCOMPARE(s[0].line, 2);
    QCOMPARE(s[1].sql, u"SELECT 1 -- x;"_qs);
    QCOMPARE(s[1].line, 4);
}

void TestStatementSplitter::sqliteUnterminatedLast()
{
    const auto s = splitStatements(u"SELECT 1;;\nSELECT 2"_qs, u"sqlite"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[1].sql, u"SELECT 2"_qs);
    QCOMPARE(s[1].line, 2);
    // An unterminated string swallows the rest; SQLite reports it when it runs.
    const auto open = splitStatements(u"SELECT 1;\nSELECT 'open; SELECT 3;"_qs, u"sqlite"_qs);
    QCOMPARE(open.size(), 2);
    QCOMPARE(open[1].sql, u"SELECT 'open; SELECT 3;"_qs);
}

void TestStatementSplitter::sqliteLineNumbersAfterMultibyte()
{
    const auto s =
        splitStatements(u"INSERT INTO t VALUES ('😀 é');\n-- ü;\nSELECT 'ß';"_qs, u"sqlite"_qs);
    QCOMPARE(s.size(), 2);
    QCOMPARE(s[0].sql, u"INSERT INTO t VALUES ('😀 é')"_qs);
    QCOMPARE(s[1].sql, u"SELECT 'ß'"_qs);
    QCOMPARE(s[1].line, 3);
}

void TestStatementSplitter::unterminatedBlockComment_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("line");
    for (const QString &dialect : {u"sqlite"_qs, u"postgresql"_qs}) {
        // SQLite reads an open comment as running to the end: b and c were silently dropped.
        QTest::newRow(qPrintable(dialect + u" swallowing statements"_qs))
            << dialect
            << u"CREATE TABLE a (x int);\n/* oops\nCREATE TABLE b (y int);\n"
               "CREATE TABLE c (z int);\n"_qs
            << 2;
        QTest::newRow(qPrintable(dialect + u" at the end"_qs))
            << dialect << u"SELECT 1;\nSELECT 2;\n\n/* trailing"_qs << 4;
        QTest::newRow(qPrintable(dialect + u" inside a statement"_qs))
            << dialect << u"SELECT 1;\nSELECT 'é' /* still open;\nFROM t;\n"_qs << 2;
    }
}

void TestStatementSplitter::unterminatedBlockComment()
{
    QFETCH(QString, dialect);
    QFETCH(QString, sql);
    QFETCH(int, line);
    try {
        const auto s = splitStatements(sql, dialect);
        QFAIL(qPrintable(u"no error; %1 statements"_qs.arg(s.size())));
    } catch (const retort::SqlSyntaxError &e) {
        QCOMPARE(e.line(), line);
        QVERIFY2(e.detail().contains(u"unterminated /* comment"_qs), qPrintable(e.detail()));
    }
}

void TestStatementSplitter::nulCharacter_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addRow("sqlite") << u"sqlite"_qs;
    QTest::addRow("postgresql") << u"postgresql"_qs;
}

void TestStatementSplitter::nulCharacter()
{
    // The SQLite driver stops at a NUL: only a would have been created.
    QFETCH(QString, dialect);
    const QString sql =
        u"SELECT 1;\nCREATE TABLE a (x int)"_qs + QChar(u'\0') + u"; CREATE TABLE b (y int);\n"_qs;
    try {
        splitStatements(sql, dialect);
        QFAIL("no error");
    } catch (const retort::SqlSyntaxError &e) {
        QCOMPARE(e.line(), 2);
        QCOMPARE(e.detail(), u"the SQL contains a NUL character"_qs);
    }
}

// The scanner runs sqlite3_complete's state machine once; the reference asks
// sqlite3_complete itself at every ';' (what the splitter did before, quadratically).
// Random texts built from the pieces that move the machine must end in the same places.
void TestStatementSplitter::sqliteEndsWhereSqlite3CompleteSays()
{
    static const char *const pieces[] = {
        ";",       ";",       ";",    " ",         "\n",   "\t",     "x",
        "1",       "'",       "\"",   "`",         "[",    "]",      "/*",
        "*/",      "/",       "*",    "--",        "-",    "CREATE", "create",
        "TRIGGER", "trigger", "TEMP", "temporary", "END",  "end",    "EXPLAIN",
        "BEGIN",   "_",       "$",    "\xC3\xA9",  "endx", "xend",   "CREATE TRIGGER",
        "END;"};
    QRandomGenerator random(20261202);
    for (int round = 0; round < 20000; ++round) {
        QByteArray text;
        const int count = int(random.bounded(1, 40));
        for (int k = 0; k < count; ++k)
            text += pieces[random.bounded(int(std::size(pieces)))];
        QVector<qsizetype> expected;
        qsizetype start = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i] != ';')
                continue;
            if (sqlite3_complete(text.mid(start, i + 1 - start).constData())) {
                expected.append(i);
                start = i + 1;
            }
        }
        const retort::SqliteStatementEnds ends = retort::scanSqliteStatements(text);
        QVERIFY2(ends.semicolons == expected, text.constData());
        if (ends.unterminatedComment >= 0) {
            // The comment opens after the last end and is really open there.
            QVERIFY(expected.isEmpty() || expected.last() < ends.unterminatedComment);
            QVERIFY(text.mid(ends.unterminatedComment, 2) == "/*");
            QVERIFY(!text.mid(ends.unterminatedComment + 2).contains("*/"));
        }
    }
}

void TestStatementSplitter::unknownDialect()
{
    QVERIFY_THROWS_EXCEPTION(retort::Error, splitStatements(u"SELECT 1"_qs, u"mysql"_qs));
}

QTEST_GUILESS_MAIN(TestStatementSplitter)
#include "tst_statementsplitter.moc"
