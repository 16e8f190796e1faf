#include "alembic/PythonRevisionReader.h"

#include "Error.h"
#include "alembic/PythonTokens.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

namespace retort {

namespace {

const QStringList kNames = {u"revision"_qs, u"down_revision"_qs, u"branch_labels"_qs,
                            u"depends_on"_qs};

// What one assignment gave a name: a literal, or the text of an expression that is not.
struct Assigned {
    bool set = false;
    int line = 0;
    bool isNone = false;
    QStringList items;
    bool single = false; // a plain string, not a sequence
    QString nonLiteral;  // the expression, when it is not a literal
};

bool isPythonSpace(QChar c)
{
    const char16_t u = c.unicode();
    return c.isSpace() || (u >= 0x1c && u <= 0x1f);
}

// PEP 263: "coding[:=]name" in a comment on one of the first two lines.
QString decodeSource(const QByteArray &input, const QString &path)
{
    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QByteArray encoding = "utf-8";
    static const QRegularExpression cookie(u"^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)"_qs);
    const QList<QByteArray> firstLines = bytes.left(400).split('\n').mid(0, 2);
    for (const QByteArray &line : firstLines) {
        const auto m = cookie.match(QString::fromLatin1(line));
        if (m.hasMatch()) {
            encoding = m.captured(1).toLatin1().toLower();
            break;
        }
        if (!line.trimmed().startsWith('#') && !line.trimmed().isEmpty())
            break;
    }
    if (encoding.startsWith("utf-8") || encoding.startsWith("utf8"))
        encoding = "UTF-8";
    else if (encoding == "latin-1" || encoding == "iso-8859-1" || encoding == "latin1")
        encoding = "ISO-8859-1";
    QStringDecoder decoder(encoding.constData(), QStringDecoder::Flag::Stateless);
    if (!decoder.isValid())
        throw Error(
            u"%1:1: unknown source encoding '%2'"_qs.arg(path, QString::fromLatin1(encoding)));
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        throw Error(u"%1: the file is not valid %2"_qs.arg(path, QString::fromLatin1(encoding)));
    text.replace(u"\r\n"_qs, u"\n"_qs);
    text.replace(u'\r', u'\n');
    return text;
}

class Reader {
public:
    Reader(const QString &source, const QString &path)
        : m_src(source)
        , m_path(path)
    {}

    std::optional<MigrationScript> run()
    {
        const QVector<PythonStatement> statements = pythonStatements(m_src, m_path);
        for (qsizetype s = 0; s < statements.size(); ++s) {
            const PythonStatement &st = statements[s];
            if (!st.moduleLevel)
                continue;
            if (s == 0)
                readDocstring(st.tokens);
            readAssignment(st.tokens);
        }
        bool any = false;
        for (const Assigned &a : m_values)
            any = any || a.set;
        if (!any)
            return std::nullopt;
        return script();
    }

private:
    [[noreturn]] void fail(int line, const QString &what) const
    {
        throw Error(u"%1:%2: %3"_qs.arg(m_path).arg(line).arg(what));
    }

    QString source(const QVector<PythonToken> &t, qsizetype b, qsizetype e) const
    {
        if (b >= e)
            return {};
        return m_src.mid(t[b].begin, t[e - 1].end - t[b].begin).simplified();
    }

    // Adjacent string literals (implicit concatenation), optionally in parentheses.
    std::optional<QString> stringExpression(const QVector<PythonToken> &t, qsizetype b,
                                            qsizetype e) const
    {
        while (e - b >= 2 && t[b].isOp(m_src, u"(") && t[e - 1].isOp(m_src, u")") &&
               closes(t, b, e - 1))
            ++b, --e;
        if (b >= e)
            return std::nullopt;
        QString value;
        for (qsizetype i = b; i < e; ++i) {
            if (t[i].kind != PythonToken::Kind::String)
                return std::nullopt;
            bool text = true;
            value += pythonStringValue(t[i].text(m_src), &text);
            if (!text)
                return std::nullopt;
        }
        return value;
    }

    // True when the bracket at `open` is closed by the one at `close`.
    bool closes(const QVector<PythonToken> &t, qsizetype open, qsizetype close) const
    {
        for (qsizetype i = open + 1; i < close; ++i)
            if (t[i].depth <= t[open].depth)
                return false;
        return t[close].depth == t[open].depth;
    }

    void readDocstring(const QVector<PythonToken> &t)
    {
        if (const auto doc = stringExpression(t, 0, t.size()))
            m_doc = *doc;
    }

    Assigned literal(const QVector<PythonToken> &t, qsizetype b, qsizetype e) const
    {
        Assigned a;
        a.set = true;
        a.line = t[b].line;
        if (e - b == 1 && t[b].kind == PythonToken::Kind::Name && t[b].text(m_src) == u"None") {
            a.isNone = true;
            return a;
        }
        if (const auto s = stringExpression(t, b, e)) {
            a.items = {*s};
            a.single = true;
            return a;
        }
        const int base = t[b].depth;
        // "( X )" around a tuple or list is just X.
        if (e - b > 2 && t[b].isOp(m_src, u"(") && t[e - 1].isOp(m_src, u")") &&
            closes(t, b, e - 1)) {
            bool comma = false;
            for (qsizetype i = b + 1; i < e - 1; ++i)
                comma = comma || (t[i].depth == base + 1 && t[i].isOp(m_src, u","));
            if (!comma) {
                Assigned inner = literal(t, b + 1, e - 1);
                if (!inner.nonLiteral.isEmpty())
                    inner.nonLiteral = source(t, b, e);
                return inner;
            }
        }
        qsizetype from = b, to = e;
        const bool bracketed = e - b >= 2 &&
                               ((t[b].isOp(m_src, u"(") && t[e - 1].isOp(m_src, u")")) ||
                                (t[b].isOp(m_src, u"[") && t[e - 1].isOp(m_src, u"]"))) &&
                               closes(t, b, e - 1);
        int itemDepth = base;
        if (bracketed) {
            ++from, --to;
            itemDepth = base + 1;
        } else {
            bool comma = false;
            for (qsizetype i = b; i < e; ++i)
                comma = comma || (t[i].depth == base && t[i].isOp(m_src, u","));
            if (!comma) {
                a.nonLiteral = source(t, b, e);
                return a;
            }
        }
        // Items between commas at the sequence's own depth; one trailing comma is fine.
        QVector<std::pair<qsizetype, qsizetype>> segments;
        qsizetype itemStart = from;
        for (qsizetype i = from; i <= to; ++i) {
            if (i == to || (t[i].depth == itemDepth && t[i].isOp(m_src, u","))) {
                segments.append({itemStart, i});
                itemStart = i + 1;
            }
        }
        if (segments.last().first == segments.last().second)
            segments.removeLast();
        for (const auto &[sb, se] : std::as_const(segments)) {
            const auto s = sb < se ? stringExpression(t, sb, se) : std::nullopt;
            if (!s) {
                a.nonLiteral = source(t, b, e);
                return a;
            }
            a.items.append(*s);
        }
        return a;
    }

    void readAssignment(const QVector<PythonToken> &t)
    {
        const int base = t.first().depth;
        QVector<qsizetype> equals;
        for (qsizetype i = 0; i < t.size(); ++i) {
            if (t[i].depth != base || t[i].kind != PythonToken::Kind::Op)
                continue;
            const QStringView op = t[i].text(m_src);
            if (op == u"=")
                equals.append(i);
            else if (op.size() >= 2 && op.endsWith(u'=') && op != u"==" && op != u"!=" &&
                     op != u"<=" && op != u">=" && i == 1 && isOurs(t[0]))
                fail(t[0].line, u"'%1' changes %2 with %3; Retort reads revision files "
                                "without running them, so the value must be assigned as a "
                                "literal"_qs.arg(source(t, 0, t.size()),
                                                 t[0].text(m_src).toString(), op.toString()));
        }
        if (equals.isEmpty())
            return;
        const qsizetype valueStart = equals.last() + 1;
        if (valueStart >= t.size())
            return;
        qsizetype targetStart = 0;
        for (const qsizetype eq : std::as_const(equals)) {
            readTarget(t, targetStart, eq, valueStart);
            targetStart = eq + 1;
        }
    }

    bool isOurs(const PythonToken &tok) const
    {
        return tok.kind == PythonToken::Kind::Name && kNames.contains(tok.text(m_src).toString());
    }

    void readTarget(const QVector<PythonToken> &t, qsizetype b, qsizetype e, qsizetype valueStart)
    {
        const bool simple =
            e - b == 1 || (e - b >= 2 && t[b + 1].isOp(m_src, u":") && b == 0); // annotated
        if (simple && t[b].kind == PythonToken::Kind::Name) {
            const qsizetype which = kNames.indexOf(t[b].text(m_src).toString());
            if (which >= 0) {
                Assigned a = literal(t, valueStart, t.size());
                a.line = t[b].line;
                m_values[which] = a;
            }
            return;
        }
        for (qsizetype i = b; i < e; ++i)
            if (isOurs(t[i]) && (i == b || !t[i - 1].isOp(m_src, u".")))
                fail(t[i].line,
                     u"'%1' assigns %2 by unpacking; Retort reads revision files "
                     "without running them: write '%2 = ...' with a literal "
                     "value"_qs.arg(source(t, 0, t.size()), t[i].text(m_src).toString()));
    }

    QStringList listOf(int which, const QString &name) const
    {
        const Assigned &a = m_values[which];
        if (!a.set || a.isNone)
            return {};
        if (!a.nonLiteral.isEmpty())
            fail(a.line, u"%1 = %2 is not a literal: Retort reads revision files without "
                         "running them, so %1 must be a string, a tuple or list of strings, "
                         "or None. Write the value out, or let the project's own Alembic "
                         "read the graph (--graph-from-alembic)"_qs.arg(name, a.nonLiteral));
        return a.items;
    }

    MigrationScript script() const
    {
        MigrationScript s;
        s.pythonSource = m_src;
        s.language = ScriptLanguage::Python;
        s.sqlLoaded = true; // its source is: the preview shows it
        Revision &rev = s.revision;
        rev.path = m_path;
        const Assigned &id = m_values[0];
        if (!id.set)
            fail(1, u"the file sets %1 but not 'revision'; a revision file declares "
                    "revision = '<id>'"_qs.arg(
                        m_values[1].set ? u"down_revision"_qs : u"branch_labels or depends_on"_qs));
        const QStringList ids = listOf(0, u"revision"_qs);
        if (!id.single || ids.size() != 1 || ids.first().isEmpty())
            fail(id.line, u"revision must be a non-empty string"_qs);
        rev.id = ids.first();
        s.revisionLine = id.line;
        if (!m_values[1].set)
            fail(id.line, u"revision '%1' has no down_revision (write down_revision = None for "
                          "a base)"_qs.arg(rev.id));
        rev.downRevisions = listOf(1, u"down_revision"_qs);
        s.revisesLine = m_values[1].line;
        rev.branchLabels = listOf(2, u"branch_labels"_qs);
        s.labelsLine = m_values[2].line;
        rev.dependsOn = listOf(3, u"depends_on"_qs);
        rev.longDoc = pythonStripped(m_doc);
        const qsizetype para = rev.longDoc.indexOf(u"\n\n"_qs);
        rev.message = para < 0 ? rev.longDoc : rev.longDoc.left(para);
        static const QRegularExpression date(u"^Create Date:[ \\t]*(.*?)[ \\t]*$"_qs,
                                             QRegularExpression::MultilineOption);
        const auto m = date.match(rev.longDoc);
        if (m.hasMatch())
            rev.createDate = m.captured(1);
        return s;
    }

    const QString &m_src;
    const QString &m_path;
    QString m_doc;
    Assigned m_values[4];
};

} // namespace

QString pythonStripped(const QString &text)
{
    qsizetype b = 0, e = text.size();
    while (b < e && isPythonSpace(text[b]))
        ++b;
    while (e > b && isPythonSpace(text[e - 1]))
        --e;
    return text.mid(b, e - b);
}

QString pythonFunction(const QString &source, const QString &name)
{
    QVector<PythonStatement> statements;
    try {
        statements = pythonStatements(source, {});
    } catch (const Error &) {
        return {};
    }
    const auto lineStart = [&](qsizetype offset) {
        return source.lastIndexOf(u'\n', offset - 1) + 1; // 0 when on the first line
    };
    for (qsizetype s = 0; s < statements.size(); ++s) {
        const QVector<PythonToken> &t = statements[s].tokens;
        if (!statements[s].moduleLevel || t.size() < 2 || t[0].text(source) != u"def" ||
            t[1].text(source) != name)
            continue;
        qsizetype begin = lineStart(t[0].begin);
        // Decorators just above belong to it.
        for (qsizetype d = s - 1;
             d >= 0 && statements[d].moduleLevel && statements[d].tokens[0].isOp(source, u"@"); --d)
            begin = lineStart(statements[d].tokens[0].begin);
        qsizetype end = source.size();
        for (qsizetype n = s + 1; n < statements.size(); ++n)
            if (statements[n].moduleLevel) {
                end = lineStart(statements[n].tokens[0].begin);
                break;
            }
        // The body ends at its last token's line, not at the comments or blank lines after it.
        qsizetype last = t.last().end;
        for (qsizetype n = s + 1; n < statements.size() && !statements[n].moduleLevel; ++n)
            last = statements[n].tokens.last().end;
        const qsizetype eol = source.indexOf(u'\n', last);
        end = std::min(end, eol < 0 ? source.size() : eol);
        return source.mid(begin, end - begin);
    }
    return {};
}

std::optional<MigrationScript> readPythonRevisionSource(const QByteArray &bytes,
                                                        const QString &path)
{
    const QString source = decodeSource(bytes, path);
    std::optional<MigrationScript> script = Reader(source, path).run();
    if (script)
        script->pythonFileSha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    return script;
}

std::optional<MigrationScript> readPythonRevision(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"%1: cannot read: %2"_qs.arg(path, file.errorString()));
    return readPythonRevisionSource(file.readAll(), path);
}

} // namespace retort
