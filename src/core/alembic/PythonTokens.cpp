#include "alembic/PythonTokens.h"

#include "Error.h"

namespace retort {

namespace {

bool isIdentStart(QChar c)
{
    return c == u'_' || c.isLetter();
}

bool isIdentChar(QChar c)
{
    return c == u'_' || c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing ||
           c.category() == QChar::Mark_SpacingCombining;
}

bool isStringPrefix(QStringView word)
{
    if (word.size() > 2)
        return false;
    bool r = false, u = false, b = false, f = false;
    for (const QChar c : word) {
        const char16_t l = c.toLower().unicode();
        bool *flag = l == u'r' ? &r : l == u'u' ? &u : l == u'b' ? &b : l == u'f' ? &f : nullptr;
        if (!flag || *flag)
            return false;
        *flag = true;
    }
    return !(u && (r || b || f)) && !(b && f);
}

const QStringView kOps3[] = {u"**=", u"//=", u">>=", u"<<=", u"..."};
const QStringView kOps2[] = {u"==", u"!=", u"<=", u">=", u":=", u"+=", u"-=", u"*=", u"/=", u"%=",
                             u"&=", u"|=", u"^=", u"@=", u"->", u"**", u"//", u"<<", u">>"};

class Tokenizer {
public:
    Tokenizer(const QString &source, const QString &path)
        : m_src(source)
        , m_path(path)
    {}

    QVector<PythonStatement> run()
    {
        const qsizetype n = m_src.size();
        qsizetype i = 0;
        bool lineStart = true;
        while (i < n) {
            const QChar c = m_src[i];
            if (lineStart && m_depth == 0) {
                // The indentation of a new logical line decides whether it is module level.
                qsizetype j = i;
                while (j < n && (m_src[j] == u' ' || m_src[j] == u'\t' || m_src[j] == u'\f'))
                    ++j;
                m_moduleLevel = j == i;
                lineStart = false;
                i = j;
                continue;
            }
            if (c == u' ' || c == u'\t' || c == u'\f') {
                ++i;
            } else if (c == u'\\' && i + 1 < n && m_src[i + 1] == u'\n') {
                i += 2;
                ++m_line;
            } else if (c == u'#') {
                while (i < n && m_src[i] != u'\n')
                    ++i;
            } else if (c == u'\n') {
                ++i;
                ++m_line;
                if (m_depth == 0) {
                    endStatement();
                    lineStart = true;
                }
            } else if (isIdentStart(c)) {
                qsizetype j = i + 1;
                while (j < n && isIdentChar(m_src[j]))
                    ++j;
                if (j < n && (m_src[j] == u'\'' || m_src[j] == u'"') &&
                    isStringPrefix(QStringView(m_src).mid(i, j - i))) {
                    i = string(i, j);
                } else {
                    push(PythonToken::Kind::Name, i, j);
                    i = j;
                }
            } else if (c == u'\'' || c == u'"') {
                i = string(i, i);
            } else if (c.isDigit() || (c == u'.' && i + 1 < n && m_src[i + 1].isDigit())) {
                qsizetype j = i + 1;
                while (j < n &&
                       (m_src[j].isLetterOrNumber() || m_src[j] == u'_' || m_src[j] == u'.' ||
                        ((m_src[j] == u'+' || m_src[j] == u'-') &&
                         (m_src[j - 1] == u'e' || m_src[j - 1] == u'E'))))
                    ++j;
                push(PythonToken::Kind::Number, i, j);
                i = j;
            } else {
                i = op(i);
            }
        }
        if (m_depth > 0)
            throw Error(u"%1:%2: a bracket opened on line %3 is never closed"_qs.arg(m_path)
                            .arg(m_line)
                            .arg(m_openLines.last()));
        endStatement();
        return std::move(m_out);
    }

private:
    void push(PythonToken::Kind kind, qsizetype begin, qsizetype end)
    {
        m_current.tokens.append(PythonToken{kind, begin, end, m_line, m_depth});
        if (m_current.tokens.size() == 1)
            m_current.moduleLevel = m_moduleLevel;
    }

    void endStatement()
    {
        if (!m_current.tokens.isEmpty())
            m_out.append(std::move(m_current));
        m_current = PythonStatement();
    }

    qsizetype op(qsizetype i)
    {
        const QStringView rest = QStringView(m_src).mid(i);
        qsizetype len = 1;
        for (const QStringView o : kOps3)
            if (rest.startsWith(o))
                len = 3;
        if (len == 1)
            for (const QStringView o : kOps2)
                if (rest.startsWith(o))
                    len = 2;
        const QChar c = m_src[i];
        if (len == 1 && (c == u')' || c == u']' || c == u'}')) {
            if (m_depth == 0)
                throw Error(u"%1:%2: '%3' closes no bracket"_qs.arg(m_path).arg(m_line).arg(c));
            --m_depth;
            m_openLines.removeLast();
        }
        if (len == 1 && c == u';' && m_depth == 0) {
            // A second statement on the same line keeps the line's module level.
            endStatement();
            return i + 1;
        }
        push(PythonToken::Kind::Op, i, i + len);
        if (len == 1 && (c == u'(' || c == u'[' || c == u'{')) {
            ++m_depth;
            m_openLines.append(m_line);
        }
        return i + len;
    }

    // A string literal whose prefix starts at `begin` and whose quote is at `quote`.
    qsizetype string(qsizetype begin, qsizetype quote)
    {
        const qsizetype n = m_src.size();
        const QChar q = m_src[quote];
        const bool triple = quote + 2 < n && m_src[quote + 1] == q && m_src[quote + 2] == q;
        const int startLine = m_line;
        qsizetype i = quote + (triple ? 3 : 1);
        while (true) {
            if (i >= n || (!triple && m_src[i] == u'\n'))
                throw Error(
                    u"%1:%2: a string starting here is never closed"_qs.arg(m_path).arg(startLine));
            const QChar c = m_src[i];
            if (c == u'\\') {
                if (i + 1 < n && m_src[i + 1] == u'\n')
                    ++m_line;
                i += 2;
                continue;
            }
            if (c == u'\n')
                ++m_line;
            if (c == q) {
                if (!triple)
                    break;
                if (i + 2 < n && m_src[i + 1] == q && m_src[i + 2] == q) {
                    i += 2;
                    break;
                }
            }
            ++i;
        }
        m_current.tokens.append(
            PythonToken{PythonToken::Kind::String, begin, i + 1, startLine, m_depth});
        if (m_current.tokens.size() == 1)
            m_current.moduleLevel = m_moduleLevel;
        return i + 1;
    }

    const QString &m_src;
    const QString &m_path;
    int m_line = 1;
    int m_depth = 0;
    QVector<int> m_openLines;
    bool m_moduleLevel = true;
    PythonStatement m_current;
    QVector<PythonStatement> m_out;
};

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

void appendCodePoint(QString &out, char32_t cp)
{
    out += QString::fromUcs4(&cp, 1);
}

} // namespace

QVector<PythonStatement> pythonStatements(const QString &source, const QString &path)
{
    return Tokenizer(source, path).run();
}

QString pythonStringValue(QStringView token, bool *isText)
{
    qsizetype q = 0;
    bool raw = false, text = true;
    while (q < token.size() && token[q] != u'\'' && token[q] != u'"') {
        const char16_t l = token[q].toLower().unicode();
        raw = raw || l == u'r';
        text = text && l != u'b' && l != u'f';
        ++q;
    }
    if (isText)
        *isText = text;
    const QChar quote = token[q];
    const bool triple = token.size() - q >= 6 && token[q + 1] == quote && token[q + 2] == quote;
    const qsizetype width = triple ? 3 : 1;
    const QStringView body = token.mid(q + width, token.size() - q - 2 * width);
    if (raw)
        return body.toString();
    QString out;
    out.reserve(body.size());
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c != u'\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        const QChar e = body[++i];
        switch (e.unicode()) {
        case u'\n':
            break;
        case u'\\':
            out += u'\\';
            break;
        case u'\'':
            out += u'\'';
            break;
        case u'"':
            out += u'"';
            break;
        case u'a':
            out += u'\a';
            break;
        case u'b':
            out += u'\b';
            break;
        case u'f':
            out += u'\f';
            break;
        case u'n':
            out += u'\n';
            break;
        case u'r':
            out += u'\r';
            break;
        case u't':
            out += u'\t';
            break;
        case u'v':
            out += u'\v';
            break;
        case u'x':
        case u'u':
        case u'U': {
            const int digits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
            char32_t cp = 0;
            int k = 0;
            for (; k < digits && i + 1 < body.size() && hexValue(body[i + 1]) >= 0; ++k)
                cp = cp * 16 + char32_t(hexValue(body[++i]));
            if (k == digits)
                appendCodePoint(out, cp);
            else
                out += u'\\' + QString(e) + QString::number(uint(cp), 16);
            break;
        }
        default:
            if (e >= u'0' && e <= u'7') {
                char32_t cp = char32_t(e.unicode() - u'0');
                for (int k = 1;
                     k < 3 && i + 1 < body.size() && body[i + 1] >= u'0' && body[i + 1] <= u'7';
                     ++k)
                    cp = cp * 8 + char32_t(body[++i].unicode() - u'0');
                appendCodePoint(out, cp);
            } else {
                // Unknown escapes (and \N{...}, kept as written) stay as written.
                out += u'\\';
                out += e;
            }
        }
    }
    return out;
}

} // namespace retort
