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

// As SQL: the name of the collation `collation` (an oid expression) as COLLATE takes it,
// `prefix` before it, when it is set and not `typeDefault` (the type's own); else NULL.
inline QString collationName(const QString &collation, const QString &typeDefault,
                             const QString &prefix = {})
{
    return u"CASE WHEN %1 <> 0 AND %1 <> %2 THEN (SELECT '%3' || CASE WHEN cn.nspname = "
           "'pg_catalog' THEN '' ELSE pg_catalog.quote_ident(cn.nspname) || '.' END || "
           "pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co JOIN "
           "pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = %1) END"_qs.arg(
               collation, typeDefault, prefix);
}

// Domains and composite types (PostgresTypes.cpp).
void readDomainsAndCompositeTypes(QSqlDatabase &db, Schema &schema);

} // namespace retort::diff::pgcatalog
