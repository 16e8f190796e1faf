#include "diff/DiffPlan.h"

#include <algorithm>
#include <numeric>

namespace retort::diff {

namespace {

void appendStatement(QString &out, const PlannedStatement &s)
{
    for (const QString &h : s.hazards)
        out += u"-- hazard: "_qs + h + u'\n';
    out += s.sql + u";\n"_qs;
}

} // namespace

QString DiffPlan::sqlText() const
{
    QString out;
    for (const PlannedStatement &s : statements)
        appendStatement(out, s);
    return out;
}

QString DiffPlan::sqlText(const Change &change) const
{
    QString out;
    for (const int i : change.statements)
        appendStatement(out, statements[i]);
    return out;
}

QStringList DiffPlan::hazards(const Change &change) const
{
    QStringList all;
    for (const int i : change.statements)
        for (const QString &h : statements[i].hazards)
            if (!all.contains(h))
                all.append(h);
    return all;
}

namespace {

// "+ table public.users", "~ column public.t.c: type ..."
QString changeLine(const Change &c)
{
    const char *sign = c.kind == Change::Kind::Added     ? "+"
                       : c.kind == Change::Kind::Removed ? "-"
                       : c.kind == Change::Kind::Renamed ? ">"
                                                         : "~";
    QString line = QString::fromLatin1(sign) + u' ' + c.objectType + u' ' + c.name;
    if (!c.detail.isEmpty())
        line += u": "_qs + c.detail;
    return line + u'\n';
}

} // namespace

QString DiffPlan::changesText() const
{
    QString out;
    for (const Change &c : changes)
        out += changeLine(c);
    return out;
}

QString DiffPlan::reviewText() const
{
    QString out;
    QStringList shown;
    for (const Change &c : changes) {
        out += changeLine(c);
        for (const QString &h : hazards(c)) {
            out += u"    hazard: "_qs + h + u'\n';
            shown.append(h);
        }
    }
    for (const QString &h : hazards())
        if (!shown.contains(h))
            out += u"  hazard: "_qs + h + u'\n';
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

int PlanBuilder::add(int phase, const QString &sql, const QStringList &hazards)
{
    m_statements.append(Pending{phase, PlannedStatement{sql, hazards}, {}});
    return int(m_statements.size()) - 1;
}

int PlanBuilder::change(Change::Kind kind, const QString &objectType, const QString &name,
                        const QString &detail)
{
    m_changes.append(Change{kind, objectType, name, detail, {}});
    const int id = int(m_changes.size()) - 1;
    if (!m_scopes.isEmpty())
        m_scopes.last().changes.append(id);
    return id;
}

void PlanBuilder::claim(int change, int statement)
{
    QVector<int> &changes = m_statements[statement].changes;
    if (!changes.contains(change))
        changes.append(change);
}

int PlanBuilder::changeOf(const QString &name) const
{
    for (qsizetype i = m_changes.size() - 1; i >= 0; --i)
        if (m_changes[i].name == name)
            return int(i);
    return -1;
}

void PlanBuilder::open()
{
    m_scopes.append(Scope{int(m_statements.size()), {}});
}

void PlanBuilder::close()
{
    const Scope scope = m_scopes.takeLast();
    if (scope.changes.isEmpty())
        return; // its statements go to the scope around it, if that records a change
    for (qsizetype i = scope.firstStatement; i < m_statements.size(); ++i)
        if (m_statements[i].changes.isEmpty())
            m_statements[i].changes = scope.changes;
}

DiffPlan PlanBuilder::finish()
{
    QVector<int> order(m_statements.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return m_statements[a].phase < m_statements[b].phase; });
    DiffPlan plan;
    plan.dialect = m_dialect;
    plan.changes = m_changes;
    for (const int i : order) {
        for (const int c : m_statements[i].changes)
            plan.changes[c].statements.append(int(plan.statements.size()));
        plan.statements.append(m_statements[i].statement);
    }
    return plan;
}

} // namespace retort::diff
