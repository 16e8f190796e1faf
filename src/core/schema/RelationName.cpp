#include "schema/RelationName.h"

#include <QStringList>

namespace retort {

RelationName RelationName::parse(const QString &text)
{
    QStringList parts{QString()};
    bool quoted = false;
    const QString trimmed = text.trimmed();
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed[i];
        if (quoted) {
            if (c == u'"' && i + 1 < trimmed.size() && trimmed[i + 1] == u'"') {
                parts.last().append(c);
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                parts.last().append(c);
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u'.') {
            parts.append(QString());
        } else {
            parts.last().append(c.toLower());
        }
    }
    RelationName result;
    result.name = parts.last();
    if (parts.size() > 1)
        result.schema = parts[parts.size() - 2];
    return result;
}

} // namespace retort
