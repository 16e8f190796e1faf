#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace retort {

// psql's default "aligned" output with border 1, for text that reads like psql's own:
//
//                 Title, centred over the table
//   Header | Header      (headers centred, cells left-aligned, the last cell unpadded)
//  --------+--------
//   cell   | cell
//  footer lines, as given
//  <empty line>
//
// Widths count UTF-16 code units, so wide (CJK) characters misalign where psql would not.
QString psqlAlignedTable(const QString &title, const QStringList &headers,
                         const QVector<QStringList> &rows, const QStringList &footers);

// psql's "(N rows)" footer.
QString psqlRowCount(qsizetype n);

} // namespace retort
