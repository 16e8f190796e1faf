#include "diff/StatementBatch.h"

#include "db/SqlExec.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <libpq-fe.h>

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

// Through libpq on the driver's own connection: Qt's QPSQL looks only at the first result
// of a multi-statement string, so a later statement's error went unseen (and the COMMIT
// after it silently rolled everything back). PQexec returns the error where it stops.
bool runBatch(QSqlDatabase &db, const QStringList &statements, QString *message)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "PGconn*") != 0) {
        *message = u"not a PostgreSQL connection"_qs;
        return false;
    }
    PGconn *conn = *static_cast<PGconn *const *>(handle.constData());
    PGresult *result = PQexec(conn, statements.join(u"\n;\n"_qs).toUtf8().constData());
    const ExecStatusType status = PQresultStatus(result);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok)
        *message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    PQclear(result);
    return ok;
}

qsizetype runEach(QSqlDatabase &db, const QStringList &statements, QString *message,
                  QString *sqlState)
{
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery q(db);
        if (!q.exec(statements[i])) {
            *message = serverMessage(q);
            if (sqlState)
                *sqlState = q.lastError().nativeErrorCode();
            return i;
        }
    }
    return -1;
}

} // namespace retort::diff
