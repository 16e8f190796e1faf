#include "db/SqlExec.h"

#include "Error.h"

#include <QSqlError>

namespace retort {

QString serverMessage(const QSqlQuery &query)
{
    const QSqlError err = query.lastError();
    QString text = err.databaseText().trimmed();
    if (text.isEmpty())
        text = err.driverText().trimmed();
    // QPSQL gives "ERROR:  message\n(SQLSTATE)": one line reads better in a log.
    text.replace(u'\n', u' ');
    return text.simplified();
}

QSqlQuery execOrThrow(QSqlDatabase &db, const QString &sql, const QString &context,
                      const QVariantList &bound)
{
    QSqlQuery query(db);
    bool ok = false;
    if (bound.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (const QVariant &v : bound)
            query.addBindValue(v);
        ok = ok && query.exec();
    }
    if (!ok)
        throw Error(u"%1: %2"_qs.arg(context, serverMessage(query)));
    return query;
}

bool tableExists(QSqlDatabase &db, const QString &dialect, const QString &table)
{
    const QString sql =
        dialect == u"postgresql"
            ? u"SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND "
              "tablename = ?"_qs
            : u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"_qs;
    QSqlQuery q = execOrThrow(db, sql, u"cannot look up table %1"_qs.arg(table), {table});
    return q.next();
}

} // namespace retort
