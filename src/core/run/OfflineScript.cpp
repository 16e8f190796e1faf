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

// `text` as "--   " comment lines of at most about 90 characters, broken at spaces.
void commentWrapped(QString &out, const QString &text)
{
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > 86) {
            out += u"--   "_qs + line + u'\n';
            line.clear();
        }
        line += (line.isEmpty() ? QString() : u" "_qs) + word;
    }
    if (!line.isEmpty())
        out += u"--   "_qs + line + u'\n';
}

// A Python revision: Alembic's own offline text for it (its version-table update
// included), or why it has none.
void pythonStep(QString &out, const PlanStep &step)
{
    if (!step.offlineSql.isEmpty() && step.offlineError.isEmpty()) {
        out += step.offlineSql + u"\n\n"_qs;
        return;
    }
    static const QString notRendered = u"not rendered: "_qs;
    if (step.offlineError.startsWith(notRendered)) {
        // Retort's reason (several heads, a timeout, Cancel, no interpreter), not Alembic's.
        out += u"-- NOT RENDERED:\n"_qs;
        commentWrapped(out, step.offlineError.mid(notRendered.size()));
    } else if (!step.offlineError.isEmpty()) {
        out += u"-- CANNOT RENDER OFFLINE: this revision's SQL is known only when it runs (it "
               "reads the database, or env.py refuses offline mode). Alembic said:\n"_qs;
        for (const QString &line : step.offlineError.split(u'\n'))
            out += u"--   "_qs + line + u'\n';
    } else {
        out += u"-- Python revision: its SQL comes from the project's Alembic when it runs\n"_qs;
    }
    out += u'\n';
    for (const QString &sql : step.versionSql)
        statement(out, sql);
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
        if (step.python) {
            pythonStep(out, step);
            continue;
        }
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
