#include "sql/SqlSourceMap.h"

#include <algorithm>

namespace retort {

SqlSourceMap::SqlSourceMap(const QString &sql)
    : m_text(sql)
    , m_utf8(sql.toUtf8())
    , m_tokens(SqlTokenizer::tokenize(sql))
{
    m_lineStarts.append(0);
    for (qsizetype i = 0; i < m_text.size(); ++i)
        if (m_text.at(i) == u'\n')
            m_lineStarts.append(i + 1);
    m_lineByteStarts.append(0);
    for (qsizetype i = 0; i < m_utf8.size(); ++i)
        if (m_utf8.at(i) == '\n')
            m_lineByteStarts.append(i + 1);

    m_lineHasCode.fill(0, m_lineStarts.size() + 1);
    m_lineHasComment.fill(0, m_lineStarts.size() + 1);
    // SqlTokenizer yields one token per line for constructs spanning lines, so a
    // token's start line is the only line it touches.
    for (const SqlToken &token : m_tokens) {
        const int line = lineOf(token.start);
        (token.kind == SqlTokenKind::Comment ? m_lineHasComment : m_lineHasCode)[line] = 1;
    }
}

qsizetype SqlSourceMap::indexOfByte(qsizetype byteOffset) const
{
    byteOffset = qBound(qsizetype(0), byteOffset, m_utf8.size());
    // Newline is one byte in UTF-8 and one unit in UTF-16, so lines line up in both;
    // only the part of the line before the offset needs decoding.
    const auto it =
        std::upper_bound(m_lineByteStarts.cbegin(), m_lineByteStarts.cend(), byteOffset);
    const qsizetype line = (it - m_lineByteStarts.cbegin()) - 1;
    const qsizetype lineByte = m_lineByteStarts[line];
    return m_lineStarts[line] +
           QString::fromUtf8(m_utf8.constData() + lineByte, byteOffset - lineByte).size();
}

qsizetype SqlSourceMap::indexOfCodePoint(int cursorPos, qsizetype from) const
{
    qsizetype i = from;
    for (int chars = 1; chars < cursorPos && i < m_text.size(); ++chars) {
        const bool pair = m_text.at(i).isHighSurrogate() && i + 1 < m_text.size() &&
                          m_text.at(i + 1).isLowSurrogate();
        i += pair ? 2 : 1;
    }
    return i;
}

int SqlSourceMap::lineOf(qsizetype index) const
{
    const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), index);
    return int(it - m_lineStarts.cbegin());
}

// Tokens are in text order, so each range query starts with a binary search: a file
// with thousands of statements stays linear-ish instead of quadratic.
QVector<SqlToken>::const_iterator SqlSourceMap::firstTokenAt(qsizetype from) const
{
    return std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), from,
                            [](const SqlToken &t, qsizetype pos) { return t.start < pos; });
}

qsizetype SqlSourceMap::firstCode(qsizetype from, qsizetype to) const
{
    for (auto it = firstTokenAt(from); it != m_tokens.cend() && it->start < to; ++it)
        if (it->kind != SqlTokenKind::Comment)
            return it->start;
    return -1;
}

qsizetype SqlSourceMap::endOfCode(qsizetype from, qsizetype to) const
{
    qsizetype end = -1;
    for (auto it = firstTokenAt(from); it != m_tokens.cend() && it->start < to; ++it)
        if (it->kind != SqlTokenKind::Comment)
            end = qMin(qsizetype(it->start + it->length), to);
    return end;
}

bool SqlSourceMap::isCommentOnlyLine(int line) const
{
    return line >= 1 && line <= lineCount() && m_lineHasComment[line] && !m_lineHasCode[line];
}

QStringList SqlSourceMap::commentsIn(qsizetype from, qsizetype to) const
{
    QStringList out;
    for (auto it = firstTokenAt(from); it != m_tokens.cend() && it->start < to; ++it)
        if (it->kind == SqlTokenKind::Comment)
            out.append(m_text.mid(it->start, it->length));
    return out;
}

QStringList SqlSourceMap::commentsOnLine(int line) const
{
    if (line < 1 || line > lineCount())
        return {};
    const qsizetype end = line < lineCount() ? m_lineStarts[line] : m_text.size() + 1;
    return commentsIn(m_lineStarts[line - 1], end);
}

} // namespace retort
