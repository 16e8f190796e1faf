#include "db/VersionTableSql.h"

namespace retort::VersionTableSql {

QString literal(const QString &value)
{
    QString escaped = value;
    escaped.replace(u'\'', u"''"_qs);
    return u'\'' + escaped + u'\'';
}

QString create(const QString &table)
{
    return u"CREATE TABLE %1 (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT %1_pkc "
           "PRIMARY KEY (version_num)\n)"_qs.arg(table);
}

QString select(const QString &table)
{
    return u"SELECT %1.version_num FROM %1"_qs.arg(table);
}

QString insert(const QString &table, const QString &revision)
{
    return u"INSERT INTO %1 (version_num) VALUES (%2)"_qs.arg(table, literal(revision));
}

QString update(const QString &table, const QString &from, const QString &to)
{
    return u"UPDATE %1 SET version_num=%2 WHERE %1.version_num = %3"_qs.arg(table, literal(to),
                                                                            literal(from));
}

QString remove(const QString &table, const QString &revision)
{
    return u"DELETE FROM %1 WHERE %1.version_num = %2"_qs.arg(table, literal(revision));
}

QString purge(const QString &table)
{
    return u"DELETE FROM %1"_qs.arg(table);
}

} // namespace retort::VersionTableSql
