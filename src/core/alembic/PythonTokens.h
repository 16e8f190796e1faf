#pragma once

#include <QString>
#include <QVector>

namespace retort {

// Just enough of Python's tokenizer to find a module's top-level statements without
// running it: names, strings (every prefix and quoting), numbers, operators, comments
// and bracket nesting skipped, statements split on newlines and ';' at bracket depth 0.
struct PythonToken {
    enum class Kind { Name, String, Number, Op };
    Kind kind;
    qsizetype begin = 0; // offsets into the source text
    qsizetype end = 0;
    int line = 0;  // 1-based
    int depth = 0; // bracket nesting before the token
    QStringView text(const QString &source) const
    {
        return QStringView(source).mid(begin, end - begin);
    }
    bool isOp(const QString &source, QStringView op) const
    {
        return kind == Kind::Op && text(source) == op;
    }
};

// One simple statement: its tokens, and whether it starts at column 0 (module level).
struct PythonStatement {
    QVector<PythonToken> tokens;
    bool moduleLevel = false;
};

// Splits `source` (decoded, newlines normalised to '\n') into statements. Throws Error
// naming path:line for an unterminated string or unbalanced brackets.
QVector<PythonStatement> pythonStatements(const QString &source, const QString &path);

// The value of one string-literal token (prefixes r/u/b/f in any case), with Python's
// escape sequences applied unless raw. `isText` is false for bytes and f-strings, which
// are not plain str constants.
QString pythonStringValue(QStringView token, bool *isText);

} // namespace retort
