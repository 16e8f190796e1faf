#include "schema/SqliteTableSql.h"

#include <QStringList>

namespace retort {

namespace {

// A token of the CREATE TABLE text: a word, a quoted identifier or string, a
// parenthesised group (kept whole, nested ones included) or one punctuation character.
struct Token {
    qsizetype begin = 0;
    qsizetype end = 0; // one past the last character
    QString text;
    bool isWord(const char16_t *word) const
    {
        return text.compare(QString::fromUtf16(word), Qt::CaseInsensitive) == 0;
    }
    bool isGroup() const { return text.startsWith(u'('); }
};

// Index one past a quoted token starting at `i` (closing quote doubled to escape it).
qsizetype skipQuoted(const QString &sql, qsizetype i)
{
    const QChar open = sql[i];
    const QChar close = open == u'[' ? QChar(u']') : open;
    for (++i; i < sql.size(); ++i) {
        if (sql[i] == close) {
            if (close != u']' && i + 1 < sql.size() && sql[i + 1] == close)
                ++i;
            else
                return i + 1;
        }
    }
    return sql.size();
}

// Index one past comments and whitespace starting at `i`.
qsizetype skipSpace(const QString &sql, qsizetype i)
{
    while (i < sql.size()) {
        if (sql[i].isSpace()) {
            ++i;
        } else if (sql.mid(i, 2) == u"--") {
            const qsizetype nl = sql.indexOf(u'\n', i);
            i = nl < 0 ? sql.size() : nl + 1;
        } else if (sql.mid(i, 2) == u"/*") {
            const qsizetype close = sql.indexOf(u"*/"_qs, i + 2);
            i = close < 0 ? sql.size() : close + 2;
        } else {
            break;
        }
    }
    return i;
}

// The tokens of sql[from, to), parenthesised groups kept as one token each.
QVector<Token> tokenize(const QString &sql, qsizetype from, qsizetype to)
{
    QVector<Token> tokens;
    qsizetype i = skipSpace(sql, from);
    while (i < to) {
        const QChar c = sql[i];
        qsizetype end = i + 1;
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            end = skipQuoted(sql, i);
        } else if (c == u'(') {
            int depth = 0;
            for (end = i; end < to; ++end) {
                end = skipSpace(sql, end);
                if (end >= to)
                    break;
                const QChar d = sql[end];
                if (d == u'\'' || d == u'"' || d == u'`' || d == u'[') {
                    end = skipQuoted(sql, end) - 1;
                } else if (d == u'(') {
                    ++depth;
                } else if (d == u')' && --depth == 0) {
                    ++end;
                    break;
                }
            }
        } else if (c.isLetterOrNumber() || c == u'_' || c == u'$') {
            while (end < to &&
                   (sql[end].isLetterOrNumber() || sql[end] == u'_' || sql[end] == u'$'))
                ++end;
        }
        end = qMin(end, to);
        tokens.append({i, end, sql.mid(i, end - i)});
        i = skipSpace(sql, end);
    }
    return tokens;
}

// "(a > 0)" -> "a > 0"
QString groupInner(const Token &group)
{
    return group.text.mid(1, group.text.size() - 2).trimmed();
}

void readItem(const QString &sql, const QVector<Token> &item, SqliteTableSql &out)
{
    if (item.isEmpty())
        return;
    static const QStringList tableConstraintWords = {u"constraint"_qs, u"check"_qs, u"primary"_qs,
                                                     u"unique"_qs, u"foreign"_qs};
    const bool isColumn = !tableConstraintWords.contains(item[0].text.toLower());
    const QString column = isColumn ? unquoteSqliteIdentifier(item[0].text).toLower() : QString();
    QString pendingName;
    for (qsizetype i = isColumn ? 1 : 0; i < item.size(); ++i) {
        const Token &t = item[i];
        const bool groupFollows = i + 1 < item.size() && item[i + 1].isGroup();
        if (t.isWord(u"constraint") && i + 1 < item.size()) {
            pendingName = unquoteSqliteIdentifier(item[++i].text);
        } else if (t.isWord(u"check") && groupFollows) {
            const Token &group = item[++i];
            out.checks.append(
                {pendingName, u"CHECK "_qs + sql.mid(group.begin, group.end - group.begin)});
            pendingName.clear();
        } else if (isColumn && t.isWord(u"collate") && i + 1 < item.size()) {
            out.collations.insert(column, unquoteSqliteIdentifier(item[++i].text));
        } else if (isColumn && t.isWord(u"as") && groupFollows) {
            SqliteTableSql::Generated gen;
            gen.expression = groupInner(item[++i]);
            gen.stored = i + 1 < item.size() && item[i + 1].isWord(u"stored");
            out.generated.insert(column, gen);
        } else if (t.isWord(u"primary") || t.isWord(u"unique") || t.isWord(u"references") ||
                   t.isWord(u"foreign") || t.isWord(u"not") || t.isWord(u"default")) {
            pendingName.clear(); // the CONSTRAINT name belonged to a non-CHECK constraint
        }
    }
}

} // namespace

QString unquoteSqliteIdentifier(const QString &token)
{
    if (token.size() < 2)
        return token;
    const QChar open = token.front();
    const QChar close = token.back();
    if (open == u'[' && close == u']')
        return token.mid(1, token.size() - 2);
    if ((open == u'"' || open == u'`' || open == u'\'') && close == open) {
        QString inner = token.mid(1, token.size() - 2);
        return inner.replace(QString(2, open), QString(open));
    }
    return token;
}

SqliteTableSql SqliteTableSql::parse(const QString &createTableSql)
{
    SqliteTableSql result;
    // The column list is the first parenthesised group at the top level.
    const QVector<Token> top = tokenize(createTableSql, 0, createTableSql.size());
    const Token *body = nullptr;
    for (const Token &t : top) {
        if (t.isGroup()) {
            body = &t;
            break;
        }
        if (t.isWord(u"as"))
            return result; // CREATE TABLE ... AS SELECT: no constraints to read
    }
    if (!body)
        return result;
    const QVector<Token> tokens = tokenize(createTableSql, body->begin + 1, body->end - 1);
    QVector<Token> item;
    for (const Token &t : tokens) {
        if (t.text == u",") {
            readItem(createTableSql, item, result);
            item.clear();
        } else {
            item.append(t);
        }
    }
    readItem(createTableSql, item, result);
    return result;
}

} // namespace retort
