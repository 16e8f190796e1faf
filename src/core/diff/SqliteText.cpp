#include "diff/SqliteText.h"

namespace retort::diff {

namespace {

// Length of the quoted token or comment starting at i, or 0 when none starts there.
qsizetype skipQuotedOrComment(const QString &s, qsizetype i)
{
    const QChar c = s.at(i);
    if (c == u'-' && i + 1 < s.size() && s.at(i + 1) == u'-') {
        qsizetype j = s.indexOf(u'\n', i);
        return (j < 0 ? s.size() : j) - i;
    }
    if (c == u'/' && i + 1 < s.size() && s.at(i + 1) == u'*') {
        qsizetype j = s.indexOf(u"*/"_qs, i + 2);
        return (j < 0 ? s.size() : j + 2) - i;
    }
    QChar close;
    if (c == u'\'' || c == u'"' || c == u'`')
        close = c;
    else if (c == u'[')
        close = u']';
    else
        return 0;
    qsizetype j = i + 1;
    while (j < s.size()) {
        if (s.at(j) == close) {
            if (close != u']' && j + 1 < s.size() && s.at(j + 1) == close) {
                j += 2;
                continue;
            }
            return j + 1 - i;
        }
        ++j;
    }
    return s.size() - i;
}

bool isComment(const QString &s, qsizetype i)
{
    return (s.at(i) == u'-' || s.at(i) == u'/') && i + 1 < s.size() &&
           (s.at(i + 1) == u'-' || s.at(i + 1) == u'*');
}

// Index of the '(' that opens the body and of its matching ')', or -1.
std::pair<qsizetype, qsizetype> bodyRange(const QString &sql)
{
    qsizetype open = -1;
    int depth = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        if (const qsizetype n = skipQuotedOrComment(sql, i)) {
            i += n - 1;
            continue;
        }
        if (sql.at(i) == u'(') {
            if (depth++ == 0 && open < 0)
                open = i;
        } else if (sql.at(i) == u')' && --depth == 0 && open >= 0) {
            return {open, i};
        }
    }
    return {-1, -1};
}

// The text without its comments, trimmed (a comment after an item's comma belongs to
// the line, not to the next item).
QString withoutComments(const QString &sql)
{
    QString out;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        if (const qsizetype n = skipQuotedOrComment(sql, i)) {
            if (!isComment(sql, i))
                out += sql.mid(i, n);
            i += n - 1;
            continue;
        }
        out += sql.at(i);
    }
    return out.trimmed();
}

} // namespace

QString normalisedSql(const QString &sql)
{
    QString out;
    bool pendingSpace = false;
    const auto punct = [](QChar c) { return c == u'(' || c == u')' || c == u',' || c == u';'; };
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (const qsizetype n = skipQuotedOrComment(sql, i)) {
            if (isComment(sql, i)) {
                pendingSpace = true;
            } else {
                if (pendingSpace && !out.isEmpty() && !punct(out.back()))
                    out += u' ';
                pendingSpace = false;
                out += sql.mid(i, n);
            }
            i += n - 1;
            continue;
        }
        if (c.isSpace()) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !out.isEmpty() && !punct(out.back()) && !punct(c))
            out += u' ';
        pendingSpace = false;
        out += c;
    }
    while (out.endsWith(u';'))
        out.chop(1);
    return out;
}

QStringList tableBodyItems(const QString &createTableSql)
{
    const auto [open, close] = bodyRange(createTableSql);
    if (open < 0)
        return {};
    QStringList items;
    int depth = 0;
    qsizetype start = open + 1;
    for (qsizetype i = open + 1; i < close; ++i) {
        if (const qsizetype n = skipQuotedOrComment(createTableSql, i)) {
            i += n - 1;
            continue;
        }
        const QChar c = createTableSql.at(i);
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        else if (c == u',' && depth == 0) {
            items.append(withoutComments(createTableSql.mid(start, i - start)));
            start = i + 1;
        }
    }
    items.append(withoutComments(createTableSql.mid(start, close - start)));
    return items;
}

QString withName(const QString &createTableSql, const QString &name)
{
    const auto [open, close] = bodyRange(createTableSql);
    Q_UNUSED(close)
    return u"CREATE TABLE "_qs + name + u' ' + createTableSql.mid(open < 0 ? 0 : open);
}

QString withoutName(const QString &createTableSql)
{
    const auto [open, close] = bodyRange(createTableSql);
    Q_UNUSED(close)
    return open < 0 ? createTableSql : createTableSql.mid(open);
}

bool mentionsName(const QString &sql, const QString &name)
{
    const QString lower = name.toLower();
    const auto isWord = [](QChar c) { return c.isLetterOrNumber() || c == u'_' || c == u'$'; };
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (const qsizetype n = skipQuotedOrComment(sql, i)) {
            if (c == u'"' || c == u'`' || c == u'[') {
                const QString ident = sql.mid(i + 1, n - 2).toLower();
                if (ident == lower)
                    return true;
            }
            i += n - 1;
            continue;
        }
        if (!isWord(c) || (i > 0 && isWord(sql.at(i - 1))))
            continue;
        qsizetype j = i;
        while (j < sql.size() && isWord(sql.at(j)))
            ++j;
        if (sql.mid(i, j - i).toLower() == lower)
            return true;
        i = j - 1;
    }
    return false;
}

} // namespace retort::diff
