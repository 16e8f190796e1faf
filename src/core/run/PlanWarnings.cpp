#include "run/PlanWarnings.h"

#include <QRegularExpression>

namespace retort {

QStringList destructiveChanges(const MigrationPlan &plan)
{
    static const QRegularExpression dropObject(u"\\bDROP\\s+(TABLE|SCHEMA|VIEW|MATERIALIZED\\s+"
                                               u"VIEW|SEQUENCE|TYPE)\\s+(?:IF\\s+EXISTS\\s+)?"
                                               "([\\w\".]+)"_qs,
                                               QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dropColumn(
        u"\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?([\\w\".]+)[^;]*?\\bDROP\\s+"
        "(?:COLUMN\\s+)?(?!(?:CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)\\b)(?:IF\\s+EXISTS\\s+)?([\\w\"]+)"_qs,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression truncate(u"^\\s*TRUNCATE\\s+(?:TABLE\\s+)?([\\w\".]+)"_qs,
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression deleteAll(u"^\\s*DELETE\\s+FROM\\s+([\\w\".]+)\\s*$"_qs,
                                              QRegularExpression::CaseInsensitiveOption);

    QStringList changes;
    for (const PlanStep &step : plan.steps) {
        const QString where = u" (%1, %2:%3)"_qs;
        for (const SqlStatement &s : step.statements) {
            const QString at = where.arg(step.revision, step.path).arg(s.line);
            auto objects = dropObject.globalMatch(s.sql);
            while (objects.hasNext()) {
                const auto m = objects.next();
                changes.append(u"drops %1 %2"_qs.arg(m.captured(1).toLower(), m.captured(2)) + at);
            }
            const auto col = dropColumn.match(s.sql);
            if (col.hasMatch() && col.captured(2).compare(u"INDEX"_qs, Qt::CaseInsensitive) != 0)
                changes.append(u"drops column %1.%2"_qs.arg(col.captured(1), col.captured(2)) + at);
            if (const auto m = truncate.match(s.sql); m.hasMatch())
                changes.append(u"empties table %1"_qs.arg(m.captured(1)) + at);
            if (const auto m = deleteAll.match(s.sql); m.hasMatch())
                changes.append(u"deletes every row of %1"_qs.arg(m.captured(1)) + at);
        }
    }
    return changes;
}

} // namespace retort
