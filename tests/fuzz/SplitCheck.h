#pragma once

// What both statement splitter targets check: every statement is non-empty text of the
// input, starts with code (not blank, not a comment), comes after the previous one, and
// its line is the line it starts on; a syntax error names a line of the input.
#include "FuzzCheck.h"
#include "sql/StatementSplitter.h"

namespace retort::fuzz {

inline int lineAt(const QString &text, qsizetype index)
{
    return int(QStringView(text).left(index).count(u'\n')) + 1;
}

inline QVector<SqlStatement> checkSplit(const QString &sql, const QString &dialect)
{
    const int lines = int(sql.count(u'\n')) + 1;
    QVector<SqlStatement> statements;
    try {
        statements = splitStatements(sql, dialect);
    } catch (const SqlSyntaxError &e) {
        FUZZ_CHECK(e.line() >= 1 && e.line() <= lines,
                   u"line %1 of %2: %3"_qs.arg(e.line()).arg(lines).arg(e.detail()));
        return {};
    }
    qsizetype from = 0;
    for (const SqlStatement &s : std::as_const(statements)) {
        const QString detail = u"statement at line %1: %2"_qs.arg(s.line).arg(s.sql);
        FUZZ_CHECK(!s.sql.isEmpty() && s.sql == s.sql.trimmed(), detail);
        FUZZ_CHECK(!s.sql.startsWith(u"--"_qs) && !s.sql.startsWith(u"/*"_qs), detail);
        // The first place at or after the previous statement where this text starts on
        // the line the splitter names.
        qsizetype at = sql.indexOf(s.sql, from);
        while (at >= 0 && lineAt(sql, at) < s.line)
            at = sql.indexOf(s.sql, at + 1);
        FUZZ_CHECK(at >= 0 && lineAt(sql, at) == s.line, detail);
        from = at + s.sql.size();
    }
    return statements;
}

} // namespace retort::fuzz
