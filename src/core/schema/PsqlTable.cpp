#include "schema/PsqlTable.h"

namespace retort {

QString psqlAlignedTable(const QString &title, const QStringList &headers,
                         const QVector<QStringList> &rows, const QStringList &footers)
{
    QVector<qsizetype> widths;
    for (const QString &h : headers)
        widths.append(h.size());
    for (const QStringList &row : rows)
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = qMax(widths[c], row[c].size());
    qsizetype total = 0;
    for (const qsizetype w : widths)
        total += w + 3;
    total -= 1; // " a | b " less the last column's trailing space

    QString text;
    if (!title.isEmpty())
        text += QString(qMax<qsizetype>(0, (total - title.size()) / 2), u' ') + title + u'\n';
    QStringList cells;
    QStringList dashes;
    for (qsizetype c = 0; c < headers.size(); ++c) {
        const qsizetype pad = widths[c] - headers[c].size();
        cells.append(QString(pad / 2, u' ') + headers[c] + QString(pad - pad / 2, u' '));
        dashes.append(QString(widths[c] + 2, u'-'));
    }
    text += u' ' + cells.join(u" | "_qs) + u" \n" + dashes.join(u'+') + u'\n';
    for (const QStringList &row : rows) {
        cells.clear();
        for (qsizetype c = 0; c < widths.size(); ++c) {
            const QString cell = row.value(c);
            const bool last = c + 1 == widths.size();
            cells.append(last ? cell : cell.leftJustified(widths[c], u' '));
        }
        text += u' ' + cells.join(u" | "_qs) + u'\n';
    }
    for (const QString &footer : footers)
        text += footer + u'\n';
    return text + u'\n';
}

QString psqlRowCount(qsizetype n)
{
    return n == 1 ? u"(1 row)"_qs : u"(%1 rows)"_qs.arg(n);
}

} // namespace retort
