#include "compare/ChangeStatements.h"

#include <algorithm>

namespace retort::gui {

bool isTablePart(const QString &objectType)
{
    return objectType == u"column" || objectType == u"constraint";
}

QVector<int> statementsOfParts(const QString &table, const diff::DiffPlan &plan)
{
    QVector<int> indexes;
    for (const diff::Change &c : plan.changes)
        if (isTablePart(c.objectType) && c.name.section(u'.', 0, -2) == table)
            for (const int i : c.statements)
                if (!indexes.contains(i))
                    indexes.append(i);
    std::sort(indexes.begin(), indexes.end());
    return indexes;
}

QString statementsText(const QVector<int> &indexes, const diff::DiffPlan &plan)
{
    QString out;
    for (const int i : indexes) {
        const diff::PlannedStatement &s = plan.statements[i];
        for (const QString &h : s.hazards)
            out += u"-- hazard: "_qs + h + u'\n';
        out += s.sql + u";\n"_qs;
    }
    return out;
}

} // namespace retort::gui
