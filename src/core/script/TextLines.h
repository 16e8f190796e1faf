#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace retort {

// The lines of a text file Retort reads (a migration file, retort.ini, alembic.ini),
// decoded strictly: a file that is not UTF-8 would be read as something other than what
// its author saw, and a NUL ends a C string (the SQLite driver would silently drop the
// SQL after it; a setting would end there). Either is an Error naming path:line, and for
// a NUL its column. A leading BOM is dropped, "\r\n" ends a line like "\n", and a final
// newline makes no extra empty line. `what` names the kind of file ("a migration file").
QStringList decodeTextLines(const QByteArray &bytes, const QString &path, const QString &what);

} // namespace retort
