#include "diff/StatementBatch.h"

#include "db/SqlExec.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace retort::diff {

bool canBatch(const QString &dialect, const QStringList &statements)
{
    if (dialect != u"postgresql" || statements.size() < 2)
        return false;
    static const QRegularExpression transactionControl(
        u"^\\s*(BEGIN|COMMIT|END|ROLLBACK|START|SAVEPOINT|RELEASE|ABORT|PREPARE|VACUUM)\\b"_qs,
        QRegularExpression::CaseInsensitiveOption);
    for (const QString &s : statements)
        if (transactionControl.match(s).hasMatch())
            return false;
    return true;
}

bool runBatch(QSqlDatabase &db, const QStringList &statements, QString *message)
{
    QSqlQuery q(db);
    if (q.exec(statements.join(u"\n;\n"_qs)))
        return true;
    *message = serverMessage(q);
    return false;
}

qsizetype runEach(QSqlDatabase &db, const QStringList &statements, QString *message)
{
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery q(db);
        if (!q.exec(statements[i])) {
            *message = serverMessage(q);
            return i;
        }
    }
    return -1;
}

} // namespace retort::diff
