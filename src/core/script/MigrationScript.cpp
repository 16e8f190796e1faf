#include "script/MigrationScript.h"

namespace retort {

SqlSection MigrationScript::sectionFor(const QString &direction, const QString &dialect) const {
    const auto specific = sections.constFind(direction + u':' + dialect);
    if (specific != sections.constEnd())
        return *specific;
    return sections.value(direction);
}

} // namespace retort
