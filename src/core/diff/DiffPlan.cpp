#include "diff/DiffPlan.h"

#include <algorithm>

namespace retort::diff {

QString DiffPlan::sqlText() const
{
    QString out;
    for (const PlannedStatement &s : statements) {
        for (const QString &h : s.hazards)
            out += u"-- hazard: "_qs + h + u'\n';
        out += s.sql + u";\n"_qs;
    }
    return out;
}

QString DiffPlan::changesText() const
{
    QString out;
    for (const Change &c : changes) {
        const char *sign = c.kind == Change::Kind::Added     ? "+"
                           : c.kind == Change::Kind::Removed ? "-"
                           : c.kind == Change::Kind::Renamed ? ">"
                                                             : "~";
        out += QString::fromLatin1(sign) + u' ' + c.objectType + u' ' + c.name;
        if (!c.detail.isEmpty())
            out += u": "_qs + c.detail;
        out += u'\n';
    }
    return out;
}

QStringList DiffPlan::hazards() const
{
    QStringList all;
    for (const PlannedStatement &s : statements)
        for (const QString &h : s.hazards)
            if (!all.contains(h))
                all.append(h);
    return all;
}

void PlanBuilder::add(int phase, const QString &sql, const QStringList &hazards)
{
    m_statements.append({phase, PlannedStatement{sql, hazards}});
}

void PlanBuilder::change(Change::Kind kind, const QString &objectType, const QString &name,
                         const QString &detail)
{
    m_changes.append(Change{kind, objectType, name, detail});
}

DiffPlan PlanBuilder::finish()
{
    std::stable_sort(m_statements.begin(), m_statements.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    DiffPlan plan;
    plan.dialect = m_dialect;
    plan.changes = m_changes;
    for (auto &s : m_statements)
        plan.statements.append(std::move(s.second));
    return plan;
}

} // namespace retort::diff
