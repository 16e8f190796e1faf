#include "schema/Catalog.h"

#include "Error.h"
#include "schema/PostgresCatalog.h"
#include "schema/SqliteCatalog.h"

namespace retort {

namespace {

bool isPostgres(const QString &dialect)
{
    if (dialect == u"postgresql")
        return true;
    if (dialect == u"sqlite")
        return false;
    throw Error(u"cannot inspect a database of dialect '%1'"_qs.arg(dialect));
}

} // namespace

QVector<TableInfo> listTables(QSqlDatabase &db, const QString &dialect)
{
    return isPostgres(dialect) ? postgres_catalog::listTables(db) : sqlite_catalog::listTables(db);
}

TableDetail describeTable(QSqlDatabase &db, const QString &dialect, const QString &name)
{
    return isPostgres(dialect) ? postgres_catalog::describeTable(db, name)
                               : sqlite_catalog::describeTable(db, name);
}

} // namespace retort
