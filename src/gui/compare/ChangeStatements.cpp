#include "compare/ChangeStatements.h"

#include <QRegularExpression>

namespace retort::gui {

namespace {

// `name` as an identifier in SQL text: quoted or not, not part of a longer word.
bool mentions(const QString &sql, const QString &name)
{
    if (name.isEmpty())
        return false;
    const QRegularExpression word(u"(?<![\\w$])\"?"_qs + QRegularExpression::escape(name) +
                                      u"\"?(?![\\w$])"_qs,
                                  QRegularExpression::CaseInsensitiveOption);
    return word.match(sql).hasMatch();
}

QString lastPart(const QString &qualified)
{
    return qualified.section(u'.', -1);
}

} // namespace

bool isTablePart(const QString &objectType)
{
    return objectType == u"column" || objectType == u"constraint";
}

QVector<int> statementsFor(const diff::Change &change, const diff::DiffPlan &plan)
{
    const bool part = isTablePart(change.objectType) && change.name.count(u'.') > 0;
    const QString leaf = lastPart(change.name);
    const QString table = part ? lastPart(change.name.section(u'.', 0, -2)) : QString();
    QVector<int> found;
    for (int i = 0; i < plan.statements.size(); ++i) {
        const QString &sql = plan.statements[i].sql;
        if (mentions(sql, leaf) && (table.isEmpty() || mentions(sql, table)))
            found.append(i);
    }
    return found;
}

QVector<int> statementsForTable(const QString &table, const diff::DiffPlan &plan)
{
    QVector<int> found;
    for (int i = 0; i < plan.statements.size(); ++i)
        if (mentions(plan.statements[i].sql, lastPart(table)))
            found.append(i);
    return found;
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
