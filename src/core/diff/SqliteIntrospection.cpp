#include "diff/SqliteIntrospection.h"

#include "db/SqlExec.h"
#include "diff/SqliteText.h"

#include <QSqlQuery>
#include <QVariant>

namespace retort::diff {

namespace {

void readObjects(QSqlDatabase &db, Schema &schema, const QStringList &excludedTables)
{
    QSqlQuery q = execOrThrow(db,
                              u"SELECT type, name, tbl_name, sql, rootpage FROM sqlite_master "
                              "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"_qs,
                              u"cannot read sqlite_master"_qs);
    while (q.next()) {
        const QString type = q.value(0).toString();
        const QString name = q.value(1).toString();
        const QString tableName = q.value(2).toString();
        const QString sql = q.value(3).toString();
        if (excludedTables.contains(tableName))
            continue;
        const QString key = quoteIdentifier(name);
        if (type == u"table") {
            Table t;
            t.schema = u"main"_qs;
            t.name = key;
            t.key = key;
            t.oid = q.value(4).toLongLong();
            t.createSql = sql;
            schema.tables.insert(key, t);
        } else if (type == u"index" && !sql.isEmpty()) {
            // Autoindexes (sql NULL) belong to a table's UNIQUE/PRIMARY KEY.
            schema.indexes.insert(key, Index{key, key, quoteIdentifier(tableName), sql, {}});
        } else if (type == u"view") {
            View v;
            v.key = key;
            v.schema = u"main"_qs;
            v.name = key;
            v.definition = sql;
            schema.views.insert(key, v);
        } else if (type == u"trigger") {
            schema.triggers.insert(key, Trigger{key, quoteIdentifier(tableName), sql});
        }
    }
}

void readColumns(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
        "FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE m.type = 'table' AND "
        "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid"_qs,
        u"cannot read the columns of the tables"_qs);
    while (q.next()) {
        const auto it = schema.tables.find(quoteIdentifier(q.value(0).toString()));
        if (it == schema.tables.end())
            continue;
        Column c;
        c.attnum = q.value(1).toInt() + 1;
        c.name = quoteIdentifier(q.value(2).toString());
        c.type = q.value(3).toString();
        c.notNull = q.value(4).toBool();
        c.defaultExpr = q.value(5).toString();
        c.primaryKeyPosition = q.value(6).toInt();
        const int hidden = q.value(7).toInt();
        if (hidden == 2 || hidden == 3)
            c.generatedExpr = hidden == 3 ? u"stored"_qs : u"virtual"_qs;
        it->columns.append(c);
    }
}

void readForeignKeys(QSqlDatabase &db, Schema &schema)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete "
        "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table' "
        "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.id, p.seq"_qs,
        u"cannot read the foreign keys of the tables"_qs);
    QString lastKey;
    int lastId = -1;
    while (q.next()) {
        const auto it = schema.tables.find(quoteIdentifier(q.value(0).toString()));
        if (it == schema.tables.end())
            continue;
        if (it->key != lastKey || q.value(1).toInt() != lastId) {
            Constraint c;
            c.kind = Constraint::Kind::ForeignKey;
            c.referencedTable = quoteIdentifier(q.value(2).toString());
            c.definition = u"REFERENCES %1 ON UPDATE %2 ON DELETE %3"_qs.arg(
                c.referencedTable, q.value(5).toString(), q.value(6).toString());
            it->constraints.append(c);
            lastKey = it->key;
            lastId = q.value(1).toInt();
        }
        it->constraints.back().columns.append(quoteIdentifier(q.value(3).toString()));
    }
}

} // namespace

Schema readSqliteSchema(QSqlDatabase &db, const QStringList &excludedTables)
{
    Schema schema;
    schema.dialect = u"sqlite"_qs;
    readObjects(db, schema, excludedTables);
    readColumns(db, schema);
    readForeignKeys(db, schema);
    return schema;
}

} // namespace retort::diff
