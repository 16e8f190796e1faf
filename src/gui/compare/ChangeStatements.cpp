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

// Whether `sql` creates, alters or drops the table `name` itself (not an index on it, not
// another table's foreign key to it).
bool targetsTable(const QString &sql, const QString &name)
{
    const QRegularExpression target(
        u"^\\s*(CREATE|ALTER|DROP|COMMENT\\s+ON)\\s+((UNLOGGED|TEMP|TEMPORARY)\\s+)?TABLE\\s+"
        "(IF\\s+(NOT\\s+)?EXISTS\\s+)?(ONLY\\s+)?(\"?[\\w$]+\"?\\.)?\"?"_qs +
            QRegularExpression::escape(name) + u"\"?(?![\\w$])"_qs,
        QRegularExpression::CaseInsensitiveOption);
    return target.match(sql).hasMatch();
}

// The statements `matches` accepts; when it accepts none (SQLite rebuilds a table through
// a new one, INSERT … SELECT and a rename), those that merely name the object.
template <typename Strict>
QVector<int> select(const diff::DiffPlan &plan, Strict matches, const QString &name)
{
    QVector<int> strict, loose;
    for (int i = 0; i < plan.statements.size(); ++i) {
        const QString &sql = plan.statements[i].sql;
        if (matches(sql))
            strict.append(i);
        else if (mentions(sql, name))
            loose.append(i);
    }
    return strict.isEmpty() ? loose : strict;
}

} // namespace

bool isTablePart(const QString &objectType)
{
    return objectType == u"column" || objectType == u"constraint";
}

QVector<int> statementsFor(const diff::Change &change, const diff::DiffPlan &plan)
{
    const QString leaf = lastPart(change.name);
    if (change.objectType == u"table")
        return statementsForTable(change.name, plan);
    if (isTablePart(change.objectType) && change.name.count(u'.') > 0) {
        // A column or constraint: the statements that alter its table and name it.
        const QString table = lastPart(change.name.section(u'.', 0, -2));
        return select(
            plan,
            [&](const QString &sql) { return targetsTable(sql, table) && mentions(sql, leaf); },
            leaf);
    }
    return select(
        plan, [&](const QString &sql) { return mentions(sql, leaf); }, leaf);
}

QVector<int> statementsForTable(const QString &table, const diff::DiffPlan &plan)
{
    const QString name = lastPart(table);
    return select(
        plan, [&](const QString &sql) { return targetsTable(sql, name); }, name);
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
