#include "sql/StatementSplitter.h"

#include "sql/SqliteStatementScanner.h"

#include <pg_query.h>

#include <cstring>

namespace retort {

SqlSyntaxError::SqlSyntaxError(int line, const QString &detail)
    : Error(line > 0 ? u"line %1: %2"_qs.arg(line).arg(detail) : detail)
    , m_line(line)
    , m_detail(detail)
{}

namespace {

// Index of the first char of `s` at or after `from` that is neither blank nor inside a
// comment. PostgreSQL nests /* */ comments, SQLite does not. An unterminated block
// comment runs to the end.
qsizetype skipBlankAndComments(const QString &s, qsizetype from, bool nestedComments)
{
    qsizetype i = from;
    const qsizetype n = s.size();
    while (i < n) {
        if (s.at(i).isSpace()) {
            ++i;
        } else if (s.at(i) == u'-' && i + 1 < n && s.at(i + 1) == u'-') {
            const qsizetype eol = s.indexOf(u'\n', i);
            i = eol < 0 ? n : eol + 1;
        } else if (s.at(i) == u'/' && i + 1 < n && s.at(i + 1) == u'*') {
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (s.at(i) == u'*' && i + 1 < n && s.at(i + 1) == u'/') {
                    --depth;
                    i += 2;
                } else if (nestedComments && s.at(i) == u'/' && i + 1 < n && s.at(i + 1) == u'*') {
                    ++depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else {
            break;
        }
    }
    return i;
}

// Walks forward through the UTF-8 input counting newlines, so each statement's line costs
// only the bytes since the previous one. Newline is one byte in UTF-8, so byte offsets do.
class LineCounter {
public:
    explicit LineCounter(const QByteArray &utf8)
        : m_utf8(utf8)
    {}
    int lineAt(qsizetype byteOffset)
    {
        for (; m_pos < byteOffset && m_pos < m_utf8.size(); ++m_pos) {
            if (m_utf8.at(m_pos) == '\n')
                ++m_line;
        }
        return m_line;
    }

private:
    const QByteArray &m_utf8;
    qsizetype m_pos = 0;
    int m_line = 1;
};

// Adds the statement in utf8[begin, end) to `out` unless it is blank or only comments.
void addStatement(QVector<SqlStatement> &out, const QByteArray &utf8, qsizetype begin,
                  qsizetype end, bool nestedComments, LineCounter &lines)
{
    const QString text = QString::fromUtf8(utf8.constData() + begin, end - begin);
    const qsizetype first = skipBlankAndComments(text, 0, nestedComments);
    if (first >= text.size())
        return;
    // The skipped prefix is what lies before the statement; count its newlines too.
    const int line = lines.lineAt(begin) + int(QStringView(text).left(first).count(u'\n'));
    out.append(SqlStatement{text.mid(first).trimmed(), line});
}

// Line of a 1-based character (code point) position, as the PostgreSQL parser counts.
int lineOfCharPosition(const QString &sql, int cursorPos)
{
    int line = 1;
    int chars = 0;
    for (qsizetype i = 0; i < sql.size() && chars < cursorPos - 1; ++i) {
        if (sql.at(i).isHighSurrogate() && i + 1 < sql.size() && sql.at(i + 1).isLowSurrogate())
            ++i; // one code point, two UTF-16 units
        else if (sql.at(i) == u'\n')
            ++line;
        ++chars;
    }
    return line;
}

// libpg_query's C strings are pointers into a result that must be freed exactly once.
class SplitResult {
public:
    explicit SplitResult(const char *input)
        : r(pg_query_split_with_parser(input))
    {}
    ~SplitResult() { pg_query_free_split_result(r); }
    SplitResult(const SplitResult &) = delete;
    SplitResult &operator=(const SplitResult &) = delete;
    PgQuerySplitResult r;
};

// Some errors come without a position (E'\0' is "invalid byte sequence for encoding
// \"UTF8\": 0x00", raised when the string ends). The first line whose end makes the
// text so far fail with the same message is where the error is: a shorter prefix either
// parses or fails differently (cut inside the string), and every longer one holds it. A
// binary search over line ends, on the error path only.
int lineOfPositionlessError(const QByteArray &utf8, const char *message)
{
    QVector<qsizetype> lineEnds;
    for (qsizetype i = utf8.indexOf('\n'); i >= 0; i = utf8.indexOf('\n', i + 1))
        lineEnds.append(i);
    lineEnds.append(utf8.size());
    const auto failsAlike = [&](qsizetype end) {
        const SplitResult prefix(utf8.left(end).constData());
        return prefix.r.error && std::strcmp(prefix.r.error->message, message) == 0;
    };
    qsizetype lo = 0;
    qsizetype hi = lineEnds.size() - 1; // the whole text fails alike
    while (lo < hi) {
        const qsizetype mid = (lo + hi) / 2;
        if (failsAlike(lineEnds[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    return int(lo) + 1;
}

// Both parsers take C strings, and so does SQLite: a NUL would silently cut the SQL short.
void rejectNul(const QByteArray &utf8)
{
    if (const qsizetype nul = utf8.indexOf('\0'); nul >= 0)
        throw SqlSyntaxError(LineCounter(utf8).lineAt(nul), u"the SQL contains a NUL character"_qs);
}

QVector<SqlStatement> splitPostgres(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    rejectNul(utf8);

    const SplitResult split(utf8.constData());
    if (const PgQueryError *error = split.r.error) {
        const QString message = QString::fromUtf8(error->message);
        throw SqlSyntaxError(error->cursorpos > 0 ? lineOfCharPosition(sql, error->cursorpos)
                                                  : lineOfPositionlessError(utf8, error->message),
                             message);
    }

    QVector<SqlStatement> statements;
    LineCounter lines(utf8);
    for (int i = 0; i < split.r.n_stmts; ++i) {
        // Byte offsets into the UTF-8 text. The first statement starts at 0 and so carries
        // any leading comments; a last statement without ';' runs to the end.
        const qsizetype begin = split.r.stmts[i]->stmt_location;
        const qsizetype len = split.r.stmts[i]->stmt_len;
        const qsizetype end = len > 0 ? qMin(begin + len, utf8.size()) : utf8.size();
        addStatement(statements, utf8, begin, end, true, lines);
    }
    return statements;
}

QVector<SqlStatement> splitSqlite(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    rejectNul(utf8);
    const SqliteStatementEnds ends = scanSqliteStatements(utf8);
    if (ends.unterminatedComment >= 0)
        throw SqlSyntaxError(LineCounter(utf8).lineAt(ends.unterminatedComment),
                             u"unterminated /* comment (SQLite would ignore everything after "
                             "it)"_qs);
    QVector<SqlStatement> statements;
    LineCounter lines(utf8);
    qsizetype start = 0;
    for (const qsizetype semicolon : ends.semicolons) {
        addStatement(statements, utf8, start, semicolon, false, lines);
        start = semicolon + 1;
    }
    addStatement(statements, utf8, start, utf8.size(), false, lines);
    return statements;
}

} // namespace

QVector<SqlStatement> splitStatements(const QString &sql, const QString &dialect)
{
    if (dialect == u"postgresql")
        return splitPostgres(sql);
    if (dialect == u"sqlite")
        return splitSqlite(sql);
    throw Error(
        u"cannot split SQL for the unknown dialect '%1' (supported: postgresql, sqlite)"_qs.arg(
            dialect));
}

} // namespace retort
