#include "schema/LineDiff.h"

#include <QVector>

namespace retort {

namespace {

struct Edit {
    char op;        // ' ', '-', '+'
    int beforeLine; // 0-based index into before (for ' ' and '-')
    int afterLine;  // 0-based index into after (for ' ' and '+')
};

QVector<Edit> editScript(const QStringList &a, const QStringList &b)
{
    const int n = int(a.size());
    const int m = int(b.size());
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    QVector<QVector<int>> lcs(n + 1, QVector<int>(m + 1, 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : qMax(lcs[i + 1][j], lcs[i][j + 1]);
    QVector<Edit> edits;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        // On a tie, removal first: a replaced block reads "-old" then "+new", as diff -u
        // prints it.
        if (i < n && j < m && a[i] == b[j]) {
            edits.append({' ', i++, j++});
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            edits.append({'-', i++, j});
        } else {
            edits.append({'+', i, j++});
        }
    }
    return edits;
}

// What IgnoreAlignment compares: whitespace runs as one space, dash runs as one dash.
QString alignmentKey(const QString &line)
{
    QString key;
    key.reserve(line.size());
    for (const QChar c : line) {
        const QChar folded = c.isSpace() ? QChar(u' ') : c;
        if ((folded == u' ' || folded == u'-') && !key.isEmpty() && key.back() == folded)
            continue;
        key.append(folded);
    }
    return key.trimmed();
}

QStringList keysOf(const QStringList &lines, LineMatch match)
{
    if (match == LineMatch::Exact)
        return lines;
    QStringList keys;
    keys.reserve(lines.size());
    for (const QString &line : lines)
        keys.append(alignmentKey(line));
    return keys;
}

// diff -u's range: "start,count", where an empty range starts at the line before it.
QString range(int firstLine, int count)
{
    const int start = count == 0 ? firstLine : firstLine + 1;
    return count == 1 ? QString::number(start) : u"%1,%2"_qs.arg(start).arg(count);
}

} // namespace

QString unifiedLineDiff(const QStringList &before, const QStringList &after,
                        const QString &beforeLabel, const QString &afterLabel, int context,
                        LineMatch match)
{
    const QVector<Edit> edits = editScript(keysOf(before, match), keysOf(after, match));
    QString out;
    int k = 0;
    const int total = int(edits.size());
    while (k < total) {
        // Find the next change, then grow the hunk while changes are within 2*context.
        while (k < total && edits[k].op == ' ')
            ++k;
        if (k == total)
            break;
        int start = qMax(0, k - context);
        int end = k; // one past the last change in the hunk
        int scan = k;
        while (scan < total) {
            if (edits[scan].op != ' ') {
                end = scan + 1;
            } else if (scan - end >= 2 * context) {
                break;
            }
            ++scan;
        }
        const int stop = qMin(total, end + context);
        int beforeCount = 0;
        int afterCount = 0;
        QString body;
        for (int e = start; e < stop; ++e) {
            const Edit &ed = edits[e];
            if (ed.op != '+')
                ++beforeCount;
            if (ed.op != '-')
                ++afterCount;
            const QString &line = ed.op == '-' ? before[ed.beforeLine] : after[ed.afterLine];
            body += QLatin1Char(ed.op) + line + u'\n';
        }
        if (out.isEmpty())
            out = u"--- %1\n+++ %2\n"_qs.arg(beforeLabel, afterLabel);
        out += u"@@ -%1 +%2 @@\n"_qs.arg(range(edits[start].beforeLine, beforeCount),
                                         range(edits[start].afterLine, afterCount));
        out += body;
        k = stop;
    }
    return out;
}

} // namespace retort
