#include "script/MigrationScript.h"

#include <QCryptographicHash>

namespace retort {

SqlSection MigrationScript::sectionFor(const QString &direction, const QString &dialect) const
{
    const auto specific = sections.constFind(direction + u':' + dialect);
    if (specific != sections.constEnd())
        return *specific;
    return sections.value(direction);
}

QString MigrationScript::checksum(const QString &direction, const QString &dialect) const
{
    return QString::fromLatin1(QCryptographicHash::hash(sectionFor(direction, dialect).sql.toUtf8(),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

} // namespace retort
