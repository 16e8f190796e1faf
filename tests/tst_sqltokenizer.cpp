#include "sql/SqlTokenizer.h"

#include <QtTest>

using namespace retort;
using K = SqlTokenKind;

namespace {

// "text|kind" pairs for compact expectations.
QStringList describe(QStringView text, const QVector<SqlToken> &tokens)
{
    static const char *names[] = {"kw",      "type", "id",    "qid", "str",  "dollar",
                                  "comment", "num",  "param", "op",  "punct"};
    QStringList out;
    for (const SqlToken &t : tokens)
        out << text.mid(t.start, t.length).toString() + u'|' +
                   QString::fromLatin1(names[int(t.kind)]);
    return out;
}

QStringList lex(const QString &text)
{
    return describe(text, SqlTokenizer::tokenize(text));
}

} // namespace

class TstSqlTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void basics();
    void keywordsIgnoreCase();
    void strings();
    void quotedIdentifiers();
    void numbers();
    void comments();
    void nestedBlockComment();
    void dollarQuoted();
    void dollarQuotedAcrossLines();
    void stateCarriesPerLine();
    void operators();
    void neverStalls();
};

void TstSqlTokenizer::basics()
{
    QCOMPARE(lex(u"CREATE TABLE users (id serial PRIMARY KEY);"_qs),
             (QStringList{u"CREATE|kw"_qs, u"TABLE|kw"_qs, u"users|id"_qs, u"(|punct"_qs,
                          u"id|id"_qs, u"serial|type"_qs, u"PRIMARY|kw"_qs, u"KEY|kw"_qs,
                          u")|punct"_qs, u";|punct"_qs}));
}

void TstSqlTokenizer::keywordsIgnoreCase()
{
    QVERIFY(SqlTokenizer::isKeyword(u"select"));
    QVERIFY(SqlTokenizer::isKeyword(u"SeLeCt"));
    QVERIFY(SqlTokenizer::isKeyword(u"current_timestamp"));
    QVERIFY(!SqlTokenizer::isKeyword(u"selects"));
    QVERIFY(!SqlTokenizer::isKeyword(u""));
    QVERIFY(SqlTokenizer::isType(u"TIMESTAMPTZ"));
    QVERIFY(!SqlTokenizer::isType(u"users"));
}

void TstSqlTokenizer::strings()
{
    QCOMPARE(lex(u"'it''s' E'a\\'b' x'1F' n'x'"_qs),
             (QStringList{u"'it''s'|str"_qs, u"E'a\\'b'|str"_qs, u"x'1F'|str"_qs, u"n'x'|str"_qs}));
    // A standard string does not treat backslash as an escape.
    QCOMPARE(lex(u"'a\\' b"_qs), (QStringList{u"'a\\'|str"_qs, u"b|id"_qs}));
    // Multi-line string: one token per line, then normal text again.
    QCOMPARE(
        lex(u"SELECT 'one\ntwo' AS x"_qs),
        (QStringList{u"SELECT|kw"_qs, u"'one|str"_qs, u"two'|str"_qs, u"AS|kw"_qs, u"x|id"_qs}));
    // E'' with a backslash-escaped quote across a line end.
    QCOMPARE(lex(u"E'a\\\n' b"_qs), (QStringList{u"E'a\\|str"_qs, u"'|str"_qs, u"b|id"_qs}));
}

void TstSqlTokenizer::quotedIdentifiers()
{
    QCOMPARE(lex(u"\"Weird \"\"Name\"\".x\" U&\"d\\0061t\""_qs),
             (QStringList{u"\"Weird \"\"Name\"\".x\"|qid"_qs, u"U&\"d\\0061t\"|qid"_qs}));
}

void TstSqlTokenizer::numbers()
{
    QCOMPARE(
        lex(u"1 2.5 .5 1e10 3E-2 0x1F 1_000 1..2"_qs),
        (QStringList{u"1|num"_qs, u"2.5|num"_qs, u".5|num"_qs, u"1e10|num"_qs, u"3E-2|num"_qs,
                     u"0x1F|num"_qs, u"1_000|num"_qs, u"1|num"_qs, u".|punct"_qs, u".2|num"_qs}));
    QCOMPARE(lex(u"t1 $1"_qs), (QStringList{u"t1|id"_qs, u"$1|param"_qs}));
}

void TstSqlTokenizer::comments()
{
    QCOMPARE(lex(u"a -- b 'c'\nd /* e */ f"_qs),
             (QStringList{u"a|id"_qs, u"-- b 'c'|comment"_qs, u"d|id"_qs, u"/* e */|comment"_qs,
                          u"f|id"_qs}));
    QCOMPARE(lex(u"a--b"_qs), (QStringList{u"a|id"_qs, u"--b|comment"_qs}));
    QCOMPARE(lex(u"1-/*x*/2"_qs),
             (QStringList{u"1|num"_qs, u"-|op"_qs, u"/*x*/|comment"_qs, u"2|num"_qs}));
}

void TstSqlTokenizer::nestedBlockComment()
{
    const QString text = u"/* a /* b */ still\n comment */ x"_qs;
    QCOMPARE(lex(text), (QStringList{u"/* a /* b */ still|comment"_qs, u" comment */|comment"_qs,
                                     u"x|id"_qs}));
}

void TstSqlTokenizer::dollarQuoted()
{
    QCOMPARE(
        lex(u"AS $$ SELECT 'x' $$ LANGUAGE sql"_qs),
        (QStringList{u"AS|kw"_qs, u"$$ SELECT 'x' $$|dollar"_qs, u"LANGUAGE|kw"_qs, u"sql|id"_qs}));
    // A tagged body ends only at its own tag; $$ inside does not close it.
    QCOMPARE(lex(u"$fn$ a $$ b $fn$;"_qs),
             (QStringList{u"$fn$ a $$ b $fn$|dollar"_qs, u";|punct"_qs}));
    // '$' inside an identifier is part of it, not a quote.
    QCOMPARE(lex(u"a$b$ c"_qs), (QStringList{u"a$b$|id"_qs, u"c|id"_qs}));
}

void TstSqlTokenizer::dollarQuotedAcrossLines()
{
    const QString text =
        u"CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  -- not a comment\n"
        "END;\n$body$ LANGUAGE plpgsql;"_qs;
    const QStringList got = lex(text);
    QVERIFY(got.contains(u"$body$|dollar"_qs));
    QVERIFY(got.contains(u"  -- not a comment|dollar"_qs));
    QVERIFY(got.contains(u"$body$|dollar"_qs));
    QCOMPARE(got.mid(got.size() - 3),
             (QStringList{u"LANGUAGE|kw"_qs, u"plpgsql|kw"_qs, u";|punct"_qs}));
}

void TstSqlTokenizer::stateCarriesPerLine()
{
    QVector<SqlToken> out;
    SqlLexState s = SqlTokenizer::tokenizeLine(u"SELECT $q$ open", {}, out);
    QCOMPARE(s.mode, SqlLexState::DollarString);
    QCOMPARE(s.dollarTag, u"$q$"_qs);
    out.clear();
    s = SqlTokenizer::tokenizeLine(u"/* deeper /* still", s, out);
    QCOMPARE(s.mode, SqlLexState::DollarString); // inside the body, comments are text
    QCOMPARE(out.size(), 1);
    out.clear();
    s = SqlTokenizer::tokenizeLine(u"end $q$ /* a /* b */", s, out);
    QCOMPARE(s.mode, SqlLexState::BlockComment);
    QCOMPARE(s.commentDepth, 1);
    out.clear();
    s = SqlTokenizer::tokenizeLine(u"*/ 'x", s, out);
    QCOMPARE(s.mode, SqlLexState::String);
    out.clear();
    s = SqlTokenizer::tokenizeLine(u"' \"id", s, out);
    QCOMPARE(s.mode, SqlLexState::QuotedIdentifier);
    out.clear();
    s = SqlTokenizer::tokenizeLine(u"\" done", s, out);
    QCOMPARE(s, SqlLexState{});
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0], (SqlToken{0, 1, K::QuotedIdentifier}));
}

void TstSqlTokenizer::operators()
{
    QCOMPARE(lex(u"a::text <> b || 'x' >= :name ?"_qs),
             (QStringList{u"a|id"_qs, u"::|op"_qs, u"text|type"_qs, u"<>|op"_qs, u"b|id"_qs,
                          u"|||op"_qs, u"'x'|str"_qs, u">=|op"_qs, u":name|param"_qs, u"?|op"_qs}));
}

void TstSqlTokenizer::neverStalls()
{
    // Odd input ends; every character is covered or whitespace; offsets increase.
    for (const QString &text :
         {u"$"_qs, u"'"_qs, u"E'"_qs, u"U&"_qs, u"/*"_qs, u"\"\\"_qs, u"$a"_qs, u"$a$"_qs, u"0x"_qs,
          u"1e"_qs, u"\u00e9t\u00e9 \u2260 x"_qs, u"\\"_qs, u"{}"_qs, u":"_qs}) {
        const QVector<SqlToken> tokens = SqlTokenizer::tokenize(text);
        int pos = 0;
        for (const SqlToken &t : tokens) {
            QVERIFY(t.start >= pos);
            QVERIFY(t.length > 0);
            pos = t.start + t.length;
        }
        QVERIFY(pos <= text.size());
    }
}

QTEST_APPLESS_MAIN(TstSqlTokenizer)
#include "tst_sqltokenizer.moc"
