#include "sql/SqlTokenizer.h"

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace retort {

namespace {

using Kind = SqlTokenKind;
using Mode = SqlLexState::Mode;

// Case-insensitive word lists, sorted once with the same comparison the look-up uses.
class WordList {
public:
    WordList(std::initializer_list<const char *> words)
    {
        for (const char *w : words)
            m_words.emplace_back(w);
        std::sort(m_words.begin(), m_words.end(), [](QLatin1String a, QLatin1String b) {
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
    }
    bool contains(QStringView word) const
    {
        auto it = std::lower_bound(m_words.begin(), m_words.end(), word,
                                   [](QLatin1String w, QStringView key) {
                                       return key.compare(w, Qt::CaseInsensitive) > 0;
                                   });
        return it != m_words.end() && word.compare(*it, Qt::CaseInsensitive) == 0;
    }

private:
    std::vector<QLatin1String> m_words;
};

const WordList &keywords()
{
    static const WordList list{
        "abort",        "action",       "add",          "after",        "all",
        "alter",        "always",       "analyze",      "and",          "any",
        "array",        "as",           "asc",          "attach",       "autoincrement",
        "before",       "begin",        "between",      "by",           "cascade",
        "case",         "cast",         "check",        "collate",      "column",
        "comment",      "commit",       "concurrently", "conflict",     "constraint",
        "copy",         "create",       "cross",        "current_date", "current_timestamp",
        "current_user", "cursor",       "declare",      "default",      "deferrable",
        "deferred",     "definer",      "delete",       "desc",         "detach",
        "distinct",     "do",           "drop",         "each",         "else",
        "elsif",        "end",          "enum",         "escape",       "except",
        "exception",    "exclude",      "exclusive",    "execute",      "exists",
        "exit",         "explain",      "extension",    "false",        "fetch",
        "filter",       "first",        "for",          "foreign",      "from",
        "full",         "function",     "generated",    "glob",         "grant",
        "group",        "having",       "if",           "ignore",       "ilike",
        "immediate",    "immutable",    "in",           "index",        "inherits",
        "initially",    "inner",        "insert",       "instead",      "intersect",
        "into",         "invoker",      "is",           "isnull",       "join",
        "key",          "language",     "last",         "lateral",      "leading",
        "left",         "like",         "limit",        "lock",         "loop",
        "match",        "materialized", "natural",      "new",          "no",
        "not",          "nothing",      "notnull",      "null",         "nulls",
        "of",           "offset",       "old",          "on",           "only",
        "or",           "order",        "outer",        "over",         "owned",
        "owner",        "partition",    "perform",      "plpgsql",      "policy",
        "pragma",       "primary",      "procedure",    "raise",        "recursive",
        "references",   "referencing",  "reindex",      "release",      "rename",
        "replace",      "restrict",     "return",       "returning",    "returns",
        "revoke",       "right",        "rollback",     "row",          "rows",
        "savepoint",    "schema",       "security",     "select",       "sequence",
        "set",          "show",         "similar",      "some",         "stable",
        "stored",       "strict",       "table",        "tablespace",   "temp",
        "temporary",    "then",         "to",           "transaction",  "trigger",
        "true",         "truncate",     "type",         "union",        "unique",
        "unlogged",     "update",       "using",        "vacuum",       "values",
        "view",         "virtual",      "volatile",     "when",         "where",
        "window",       "with",         "without"};
    return list;
}

const WordList &types()
{
    static const WordList list{
        "bigint",   "bigserial",   "bit",       "blob",     "bool",      "boolean",     "box",
        "bytea",    "char",        "character", "cidr",     "circle",    "date",        "daterange",
        "decimal",  "double",      "float",     "float4",   "float8",    "inet",        "int",
        "int2",     "int4",        "int4range", "int8",     "int8range", "integer",     "interval",
        "json",     "jsonb",       "macaddr",   "money",    "numeric",   "numrange",    "oid",
        "point",    "polygon",     "precision", "real",     "serial",    "serial4",     "serial8",
        "smallint", "smallserial", "text",      "time",     "timestamp", "timestamptz", "timetz",
        "tsquery",  "tsrange",     "tstzrange", "tsvector", "uuid",      "varbit",      "varchar",
        "varying",  "xml",         "zone"};
    return list;
}

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c.unicode() >= 0x80;
}
bool isIdentChar(QChar c)
{
    return isIdentStart(c) || c.isDigit() || c == u'$';
}
bool isOperatorChar(QChar c)
{
    return QStringView(u"+-*/<>=~!@#%^&|`?:").contains(c);
}

// Each endOf* returns the index just past the construct's end, or -1 when it runs on
// past the end of the line (the caller then carries the state to the next line).
int endOfBlockComment(QStringView s, int i, int &depth)
{
    const int n = int(s.size());
    while (i < n) {
        const QChar next = i + 1 < n ? s[i + 1] : QChar();
        if (s[i] == u'/' && next == u'*') {
            ++depth;
            i += 2;
        } else if (s[i] == u'*' && next == u'/') {
            i += 2;
            if (--depth == 0)
                return i;
        } else {
            ++i;
        }
    }
    return -1;
}

int endOfQuoted(QStringView s, int i, QChar quote, bool backslashEscapes)
{
    const int n = int(s.size());
    while (i < n) {
        if (backslashEscapes && s[i] == u'\\') {
            i += 2; // a backslash at the end of a line escapes the line break
        } else if (s[i] == quote) {
            if (i + 1 < n && s[i + 1] == quote)
                i += 2; // doubled quote
            else
                return i + 1;
        } else {
            ++i;
        }
    }
    return -1;
}

int endOfDollar(QStringView s, int i, QStringView tag)
{
    const qsizetype at = s.indexOf(tag, i);
    return at < 0 ? -1 : int(at + tag.size());
}

// The closing '$' of a dollar-quote opening at `i` ("$$" or "$tag$"), or -1.
int dollarTagEnd(QStringView s, int i)
{
    int j = i + 1;
    if (j < s.size() && (s[j].isLetter() || s[j] == u'_' || s[j].unicode() >= 0x80)) {
        while (j < s.size() && s[j] != u'$' && isIdentChar(s[j]))
            ++j;
    }
    return j < s.size() && s[j] == u'$' ? j : -1;
}

int endOfNumber(QStringView s, int i)
{
    const int n = int(s.size());
    auto digits = [&](int k, bool hex) {
        while (k < n && (s[k].isDigit() || s[k] == u'_' ||
                         (hex && QStringView(u"abcdefABCDEF").contains(s[k]))))
            ++k;
        return k;
    };
    if (s[i] == u'0' && i + 1 < n && (s[i + 1] == u'x' || s[i + 1] == u'X'))
        return digits(i + 2, true);
    i = digits(i, false);
    if (i < n && s[i] == u'.' && !(i + 1 < n && s[i + 1] == u'.'))
        i = digits(i + 1, false);
    if (i < n && (s[i] == u'e' || s[i] == u'E')) {
        int k = i + 1;
        if (k < n && (s[k] == u'+' || s[k] == u'-'))
            ++k;
        if (k < n && s[k].isDigit())
            i = digits(k, false);
    }
    return i;
}

} // namespace

bool SqlTokenizer::isKeyword(QStringView word)
{
    return keywords().contains(word);
}

bool SqlTokenizer::isType(QStringView word)
{
    return types().contains(word);
}

SqlLexState SqlTokenizer::tokenizeLine(QStringView s, const SqlLexState &state,
                                       QVector<SqlToken> &out)
{
    return scanLine(s, state, &out);
}

SqlLexState SqlTokenizer::stateAfterLine(QStringView line, const SqlLexState &state)
{
    // Every construct that can outlive a line opens with one of these (E'', U&'', $$,
    // /*); a "--" comment ends with the line. Most DDL lines have none of them.
    if (state.mode == Mode::Normal && std::none_of(line.begin(), line.end(), [](QChar c) {
            const char16_t u = c.unicode();
            return u == u'\'' || u == u'"' || u == u'$' || u == u'/';
        }))
        return state;
    return scanLine(line, state, nullptr);
}

// Without `out`, only the state is wanted: no tokens are made and no word is looked up.
SqlLexState SqlTokenizer::scanLine(QStringView s, const SqlLexState &state, QVector<SqlToken> *out)
{
    const int n = int(s.size());
    SqlLexState st = state;
    auto add = [out](int start, int end, Kind kind) {
        if (out && end > start)
            out->append(SqlToken{start, end - start, kind});
    };
    // Scans a construct from `from` (its body) and emits it from `start`. Returns false
    // when it does not end on this line: `st` then says what to carry over.
    auto finish = [&](int start, int from, Mode mode, Kind kind, int &i) {
        int end = -1;
        switch (mode) {
        case Mode::BlockComment:
            end = endOfBlockComment(s, from, st.commentDepth);
            break;
        case Mode::String:
            end = endOfQuoted(s, from, u'\'', false);
            break;
        case Mode::EscapeString:
            end = endOfQuoted(s, from, u'\'', true);
            break;
        case Mode::QuotedIdentifier:
            end = endOfQuoted(s, from, u'"', false);
            break;
        case Mode::DollarString:
            end = endOfDollar(s, from, st.dollarTag);
            break;
        case Mode::Normal:
            break;
        }
        add(start, end < 0 ? n : end, kind);
        st.mode = end < 0 ? mode : Mode::Normal;
        if (end >= 0) {
            st.commentDepth = 0;
            st.dollarTag.clear();
        }
        i = end < 0 ? n : end;
        return end >= 0;
    };

    int i = 0;
    switch (st.mode) {
    case Mode::Normal:
        break;
    case Mode::BlockComment:
        if (!finish(0, 0, st.mode, Kind::Comment, i))
            return st;
        break;
    case Mode::String:
    case Mode::EscapeString:
        if (!finish(0, 0, st.mode, Kind::String, i))
            return st;
        break;
    case Mode::QuotedIdentifier:
        if (!finish(0, 0, st.mode, Kind::QuotedIdentifier, i))
            return st;
        break;
    case Mode::DollarString:
        if (!finish(0, 0, st.mode, Kind::DollarString, i))
            return st;
        break;
    }

    while (i < n) {
        const QChar c = s[i];
        const QChar next = i + 1 < n ? s[i + 1] : QChar();
        const int start = i;
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && next == u'-') {
            add(start, n, Kind::Comment);
            i = n;
        } else if (c == u'/' && next == u'*') {
            st.commentDepth = 1;
            finish(start, i + 2, Mode::BlockComment, Kind::Comment, i);
        } else if (c == u'\'') {
            finish(start, i + 1, Mode::String, Kind::String, i);
        } else if ((c == u'E' || c == u'e') && next == u'\'') {
            finish(start, i + 2, Mode::EscapeString, Kind::String, i);
        } else if (QStringView(u"BbXxNn").contains(c) && next == u'\'') {
            finish(start, i + 2, Mode::String, Kind::String, i);
        } else if ((c == u'U' || c == u'u') && next == u'&' && i + 2 < n &&
                   (s[i + 2] == u'\'' || s[i + 2] == u'"')) {
            const bool ident = s[i + 2] == u'"';
            finish(start, i + 3, ident ? Mode::QuotedIdentifier : Mode::String,
                   ident ? Kind::QuotedIdentifier : Kind::String, i);
        } else if (c == u'"') {
            finish(start, i + 1, Mode::QuotedIdentifier, Kind::QuotedIdentifier, i);
        } else if (c == u'$' && next.isDigit()) {
            i += 2;
            while (i < n && s[i].isDigit())
                ++i;
            add(start, i, Kind::Parameter);
        } else if (c == u'$' && dollarTagEnd(s, i) > 0) {
            const int close = dollarTagEnd(s, i);
            st.dollarTag = s.mid(i, close + 1 - i).toString();
            finish(start, close + 1, Mode::DollarString, Kind::DollarString, i);
        } else if (c.isDigit() || (c == u'.' && next.isDigit())) {
            i = endOfNumber(s, i);
            add(start, i, Kind::Number);
        } else if (isIdentStart(c)) {
            while (i < n && isIdentChar(s[i]))
                ++i;
            if (out) {
                const QStringView word = s.mid(start, i - start);
                add(start, i,
                    isKeyword(word) ? Kind::Keyword
                    : isType(word)  ? Kind::Type
                                    : Kind::Identifier);
            }
        } else if (c == u':' && next != u':' && isIdentStart(next) &&
                   !(i > 0 && s[i - 1] == u':')) {
            ++i; // psql variable or SQLite named parameter
            while (i < n && isIdentChar(s[i]))
                ++i;
            add(start, i, Kind::Parameter);
        } else if (QStringView(u"()[],;.").contains(c)) {
            add(start, ++i, Kind::Punctuation);
        } else if (isOperatorChar(c)) {
            // A run of operator characters, stopping where a comment starts.
            ++i;
            while (i < n && isOperatorChar(s[i]) &&
                   !((s[i] == u'-' || s[i] == u'/') && i + 1 < n &&
                     s[i + 1] == (s[i] == u'-' ? u'-' : u'*')))
                ++i;
            add(start, i, Kind::Operator);
        } else {
            add(start, ++i, Kind::Operator); // anything else: shown, never an error
        }
    }
    return st;
}

QVector<SqlToken> SqlTokenizer::tokenize(QStringView text)
{
    QVector<SqlToken> out;
    SqlLexState state;
    int lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf(u'\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        const qsizetype first = out.size();
        state = tokenizeLine(text.mid(lineStart, lineEnd - lineStart), state, out);
        for (qsizetype k = first; k < out.size(); ++k)
            out[k].start += lineStart;
        lineStart = int(lineEnd) + 1;
    }
    return out;
}

} // namespace retort
