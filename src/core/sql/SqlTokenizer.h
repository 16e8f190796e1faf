#pragma once

#include <QString>
#include <QStringView>
#include <QVector>

namespace retort {

// A small hand-written SQL scanner for highlighting (PostgreSQL and SQLite lexical
// rules), not a parser: it never fails, and any character it does not know becomes an
// operator. It works a line at a time with a carried state so that strings, quoted
// identifiers, nested /* */ comments and dollar-quoted bodies can span lines — the shape
// QSyntaxHighlighter wants (one block at a time, an int of state between blocks).
enum class SqlTokenKind : quint8 {
    Keyword,
    Type, // built-in type names (integer, text, timestamptz, ...)
    Identifier,
    QuotedIdentifier, // "Name"
    String,           // '...', E'...', B'...', X'...'
    DollarString,     // $tag$ ... $tag$, delimiters included
    Comment,          // -- and /* */ (nested, as PostgreSQL nests them)
    Number,
    Parameter, // $1, :name, ?
    Operator,
    Punctuation, // ( ) [ ] , ; .
};

struct SqlToken {
    int start = 0;
    int length = 0;
    SqlTokenKind kind = SqlTokenKind::Identifier;
    friend bool operator==(const SqlToken &a, const SqlToken &b)
    {
        return a.start == b.start && a.length == b.length && a.kind == b.kind;
    }
};

// Where a line ends: inside which multi-line construct.
struct SqlLexState {
    enum Mode : quint8 {
        Normal,
        BlockComment,
        String,           // standard string: '' escapes a quote
        EscapeString,     // E'...': backslash escapes too
        QuotedIdentifier, // "": "" escapes a quote
        DollarString,
    };
    Mode mode = Normal;
    int commentDepth = 0; // in BlockComment: how many /* are open
    QString dollarTag;    // in DollarString: the delimiter, "$$" or "$tag$"

    friend bool operator==(const SqlLexState &a, const SqlLexState &b)
    {
        return a.mode == b.mode && a.commentDepth == b.commentDepth && a.dollarTag == b.dollarTag;
    }
    friend bool operator!=(const SqlLexState &a, const SqlLexState &b) { return !(a == b); }
};

class SqlTokenizer {
public:
    // Scans one line (without its line break) starting in `state`; appends its tokens
    // (offsets within the line) to `out` and returns the state at the end of the line.
    // Whitespace yields no token. A construct spanning lines yields one token per line.
    static SqlLexState tokenizeLine(QStringView line, const SqlLexState &state,
                                    QVector<SqlToken> &out);
    // The same state, without the tokens (cheaper: no word is looked up), for callers
    // that only ask whether a line ends inside a string, comment or dollar body.
    static SqlLexState stateAfterLine(QStringView line, const SqlLexState &state);
    // Whole text, offsets in the text; lines split at '\n'.
    static QVector<SqlToken> tokenize(QStringView text);

    static bool isKeyword(QStringView word);
    static bool isType(QStringView word);

private:
    static SqlLexState scanLine(QStringView line, const SqlLexState &state, QVector<SqlToken> *out);
};

} // namespace retort
