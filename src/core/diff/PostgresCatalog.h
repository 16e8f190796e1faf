#pragma once

// Internal to the PostgreSQL introspection (PostgresIntrospection.cpp, PostgresTypes.cpp):
// the pieces its bulk catalog queries share.
#include "db/SqlExec.h"
#include "db/SqlRow.h"
#include "diff/SchemaObjects.h"

#include <QSqlQuery>
#include <QString>

namespace retort::diff::pgcatalog {

// User schemas: not the system ones, not another session's temporary schema.
inline const QString kUserSchema =
    u"n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
    "AND n.nspname !~ '^pg_temp_'"_qs;

// Not created by an extension (CREATE EXTENSION owns its tables, types, functions).
inline QString notFromExtension(const QString &classTable, const QString &oid)
{
    return u"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = "
           "'%1'::regclass AND e.objid = %2 AND e.deptype = 'e')"_qs.arg(classTable, oid);
}

// Runs one catalog query and hands each row to `onRow`, read column by column.
template <typename OnRow>
void forEachRow(QSqlDatabase &db, const QString &sql, const char *what, OnRow onRow)
{
    QSqlQuery q = execOrThrow(db, sql, u"cannot list "_qs + QString::fromLatin1(what));
    while (q.next()) {
        SqlRow row(q);
        onRow(row);
    }
}

// The COLLATE clause of a column or attribute `a` of type `t` when its collation is not
// the type's default, as SQL: empty otherwise.
inline QString collationClause(const QString &a, const QString &t)
{
    return u"CASE WHEN %1.attcollation <> 0 AND %1.attcollation <> %2.typcollation THEN "
           "(SELECT ' COLLATE ' || CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE "
           "pg_catalog.quote_ident(cn.nspname) || '.' END || pg_catalog.quote_ident(co.collname) "
           "FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = "
           "co.collnamespace WHERE co.oid = %1.attcollation) ELSE '' END"_qs.arg(a, t);
}

// Domains and composite types (PostgresTypes.cpp).
void readDomainsAndCompositeTypes(QSqlDatabase &db, Schema &schema);

} // namespace retort::diff::pgcatalog
