#include "run/OfflineScript.h"

#include "db/VersionTableSql.h"

namespace retort {

namespace {

void statement(QString &out, const QString &sql)
{
    out += sql;
    // A statement may end in a "--" comment; a ';' after it would be commented out.
    const QString lastLine = sql.section(u'\n', -1);
    if (lastLine.contains(u"--"_qs))
        out += u'\n';
    if (!sql.trimmed().endsWith(u';'))
        out += u';';
    out += u"\n\n"_qs;
}

} // namespace

QString renderOfflineScript(const MigrationPlan &plan, bool transactionPerMigration)
{
    QString out;
    const QString begin = plan.dialect == u"sqlite" ? u"BEGIN IMMEDIATE"_qs : u"BEGIN"_qs;
    statement(out, begin);
    // Alembic creates the table in offline mode when the script starts from nothing.
    if (plan.startHeads.isEmpty() && !plan.purge && !plan.versionTableExists)
        statement(out, VersionTableSql::create(plan.versionTable));
    if (plan.purge)
        statement(out, VersionTableSql::purge(plan.versionTable));
    for (qsizetype i = 0; i < plan.steps.size(); ++i) {
        const PlanStep &step = plan.steps[i];
        const bool ownTransaction = transactionPerMigration && i > 0;
        if (!step.transactional || ownTransaction) {
            statement(out, u"COMMIT"_qs);
            if (step.transactional)
                statement(out, begin);
        }
        out += u"-- Running "_qs + step.description() + u"\n"_qs;
        if (!step.path.isEmpty())
            out += u"-- "_qs + step.path + u"\n"_qs;
        if (!step.transactional)
            out += u"-- Transactional: false (runs outside a transaction)\n"_qs;
        out += u'\n';
        for (const SqlStatement &s : step.statements)
            statement(out, s.sql);
        if (!step.transactional)
            statement(out, begin);
        for (const QString &sql : step.versionSql)
            statement(out, sql);
        if (!step.transactional) { // the runner commits a non-transactional step at once
            statement(out, u"COMMIT"_qs);
            statement(out, begin);
        }
    }
    statement(out, u"COMMIT"_qs);
    return out;
}

} // namespace retort
