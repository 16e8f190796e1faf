#include "diff/PlanTransaction.h"

#include "db/SqlExec.h"
#include "diff/StatementBatch.h"

#include <QSqlQuery>

namespace retort::diff {

namespace {

void begin(QSqlDatabase &db, const QStringList &setup)
{
    execOrThrow(db, u"BEGIN"_qs, u"cannot begin a transaction"_qs);
    for (const QString &sql : setup)
        execOrThrow(db, sql, u"cannot prepare the transaction"_qs);
}

} // namespace

std::optional<PlanFailure> beginPlan(QSqlDatabase &db, const DiffPlan &plan,
                                     const QStringList &setup)
{
    QStringList statements;
    for (const PlannedStatement &s : plan.statements)
        statements.append(s.sql);
    begin(db, setup);
    QString message;
    const bool batch = canBatch(plan.dialect, statements);
    if (batch && runBatch(db, statements, &message))
        return std::nullopt;
    if (batch) { // the failed batch aborted the transaction: again one at a time, to name it
        QSqlQuery(db).exec(u"ROLLBACK"_qs);
        begin(db, setup);
    }
    QString sqlState;
    const qsizetype failed = runEach(db, statements, &message, &sqlState);
    if (failed < 0)
        return std::nullopt;
    QSqlQuery(db).exec(u"ROLLBACK"_qs);
    return PlanFailure{statements[failed], message, sqlState};
}

} // namespace retort::diff
