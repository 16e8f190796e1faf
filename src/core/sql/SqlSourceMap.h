#pragma once

#include "sql/SqlTokenizer.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace retort {

// One SQL text seen three ways at once, for lint: the UTF-8 bytes libpg_query gives
// offsets into, the QString (UTF-16) offsets Qt works in, and lines. It also knows
// where the comments are (from SqlTokenizer, so quotes and dollar bodies are honoured),
// which is how statements are found past their leading comments and how
// `retort:lint-ignore` directives are attached to statements.
class SqlSourceMap {
public:
    explicit SqlSourceMap(const QString &sql);

    const QString &text() const { return m_text; }
    const QByteArray &utf8() const { return m_utf8; }

    // UTF-16 index of a byte offset (which must fall on a character boundary).
    qsizetype indexOfByte(qsizetype byteOffset) const;
    // UTF-16 index of a 1-based code point position counted from `from`, as the
    // PostgreSQL parser reports error positions.
    qsizetype indexOfCodePoint(int cursorPos, qsizetype from = 0) const;
    // 1-based line of a UTF-16 index.
    int lineOf(qsizetype index) const;
    int lineCount() const { return int(m_lineStarts.size()); }

    // The first code (not blank, not comment) in [from, to), or -1.
    qsizetype firstCode(qsizetype from, qsizetype to) const;
    // Just past the last code in [from, to), or -1.
    qsizetype endOfCode(qsizetype from, qsizetype to) const;

    // Lines holding comments and nothing else: a run of them right above a statement is
    // that statement's leading comment block.
    bool isCommentOnlyLine(int line) const;
    // The comment tokens (as text, `--` / `/* */` included) whose start is in [from, to).
    QStringList commentsIn(qsizetype from, qsizetype to) const;
    // The comment tokens on a line.
    QStringList commentsOnLine(int line) const;

private:
    QVector<SqlToken>::const_iterator firstTokenAt(qsizetype from) const;

    QString m_text;
    QByteArray m_utf8;
    QVector<qsizetype> m_lineStarts;     // UTF-16 index of each line's first char
    QVector<qsizetype> m_lineByteStarts; // byte offset of each line's first char
    QVector<SqlToken> m_tokens;          // in text order
    QVector<char> m_lineHasCode;
    QVector<char> m_lineHasComment;
};

} // namespace retort
