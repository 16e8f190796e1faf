#include "schema/SqliteCatalog.h"

#include "Error.h"
#include "db/SqlExec.h"
#include "schema/RelationName.h"
#include "schema/SqliteTableSql.h"

#include <QHash>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace retort::sqlite_catalog {

namespace {

const QString kMain = u"main"_qs;

struct Relation {
    QString name;
    RelationKind kind = RelationKind::Table;
    QString sql;
};

Relation findRelation(QSqlDatabase &db, const QString &text)
{
    const RelationName rel = RelationName::parse(text);
    QSqlQuery q = execOrThrow(db,
                              u"SELECT name, type, sql FROM sqlite_master WHERE type IN "
                              "('table', 'view') AND name = ? COLLATE NOCASE"_qs,
                              u"cannot look up relation %1"_qs.arg(text), {rel.name});
    if ((!rel.schema.isEmpty() && rel.schema != kMain) || !q.next())
        throw Error(u"Did not find any relation named \"%1\"."_qs.arg(text));
    return {q.value(0).toString(),
            q.value(1).toString() == u"view" ? RelationKind::View : RelationKind::Table,
            q.value(2).toString()};
}

// The columns of the table's primary key in key order (for REFERENCES t without columns).
QStringList primaryKeyColumns(QSqlDatabase &db, const QString &table)
{
    QSqlQuery q =
        execOrThrow(db, u"SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"_qs,
                    u"cannot read the primary key of %1"_qs.arg(table), {table});
    QStringList cols;
    while (q.next())
        cols.append(q.value(0).toString());
    return cols;
}

void readColumns(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    const SqliteTableSql parsed = SqliteTableSql::parse(rel.sql);
    // SQLite enforces NOT NULL on a primary key only for the rowid alias (INTEGER PRIMARY
    // KEY) and in WITHOUT ROWID tables; other primary key columns accept NULL.
    static const QRegularExpression withoutRowid(uR"(\bWITHOUT\s+ROWID\s*;?\s*$)"_qs,
                                                 QRegularExpression::CaseInsensitiveOption);
    const bool noRowid = withoutRowid.match(rel.sql).hasMatch();
    const QStringList pk = primaryKeyColumns(db, rel.name);
    QSqlQuery q = execOrThrow(db,
                              u"SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                              "FROM pragma_table_xinfo(?) ORDER BY cid"_qs,
                              u"cannot read the columns of %1"_qs.arg(rel.name), {rel.name});
    while (q.next()) {
        if (q.value(5).toInt() == 1)
            continue; // a hidden column of a virtual table
        ColumnInfo col;
        col.name = q.value(0).toString();
        col.type = q.value(1).toString();
        const bool inPk = q.value(4).toInt() > 0;
        const bool rowidAlias =
            inPk && pk.size() == 1 && col.type.compare(u"INTEGER"_qs, Qt::CaseInsensitive) == 0;
        col.notNull = q.value(2).toBool() || (inPk && (rowidAlias || noRowid));
        col.defaultExpr = q.value(3).toString();
        const QString key = col.name.toLower();
        col.collation = parsed.collations.value(key);
        if (parsed.generated.contains(key)) {
            col.generatedExpr = parsed.generated.value(key).expression;
            col.generatedStored = parsed.generated.value(key).stored;
        }
        detail.columns.append(col);
    }
}

IndexInfo readIndex(QSqlDatabase &db, const QString &name, bool unique, const QString &origin)
{
    IndexInfo idx;
    idx.name = name;
    idx.unique = unique;
    idx.primary = origin == u"pk";
    idx.constraintBacked = origin != u"c";
    QSqlQuery q = execOrThrow(db,
                              u"SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key "
                              "ORDER BY seqno"_qs,
                              u"cannot read index %1"_qs.arg(name), {name});
    QStringList keys;
    while (q.next()) {
        const QString column = q.value(0).isNull() ? u"(expression)"_qs : q.value(0).toString();
        idx.columns.append(column);
        QString key = column;
        if (q.value(2).toString().compare(u"BINARY"_qs, Qt::CaseInsensitive) != 0)
            key += u" COLLATE "_qs + q.value(2).toString();
        if (q.value(1).toBool())
            key += u" DESC"_qs;
        keys.append(key);
    }
    QSqlQuery sql = execOrThrow(db, u"SELECT sql FROM sqlite_master WHERE name = ?"_qs,
                                u"cannot read index %1"_qs.arg(name), {name});
    idx.definition = sql.next() ? sql.value(0).toString() : QString();
    // SQLite's indexes are B-trees; a partial index keeps its WHERE clause from the SQL.
    idx.description = u"btree (%1)"_qs.arg(keys.join(u", "_qs));
    static const QRegularExpression where(uR"(\bWHERE\b)"_qs,
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = where.match(idx.definition);
    if (m.hasMatch())
        idx.description += u" "_qs + idx.definition.mid(m.capturedStart()).simplified();
    return idx;
}

void readIndexesAndKeys(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    QSqlQuery q = execOrThrow(
        db, u"SELECT name, \"unique\", origin FROM pragma_index_list(?) ORDER BY name"_qs,
        u"cannot read the indexes of %1"_qs.arg(rel.name), {rel.name});
    bool pkIndex = false;
    while (q.next()) {
        const IndexInfo idx =
            readIndex(db, q.value(0).toString(), q.value(1).toBool(), q.value(2).toString());
        pkIndex = pkIndex || idx.primary;
        if (idx.constraintBacked) {
            ConstraintInfo con;
            con.kind =
                idx.primary ? ConstraintInfo::Kind::PrimaryKey : ConstraintInfo::Kind::Unique;
            con.table = rel.name;
            con.columns = idx.columns;
            con.definition = (idx.primary ? u"PRIMARY KEY (%1)"_qs : u"UNIQUE (%1)"_qs)
                                 .arg(idx.columns.join(u", "_qs));
            detail.constraints.append(con);
        }
        detail.indexes.append(idx);
    }
    // A rowid table's INTEGER PRIMARY KEY is the table's own B-tree key, with no index
    // in pragma_index_list: show it nameless so the primary key is still listed.
    const QStringList pk = primaryKeyColumns(db, rel.name);
    if (!pkIndex && !pk.isEmpty() && rel.kind == RelationKind::Table) {
        IndexInfo idx;
        idx.primary = idx.unique = idx.constraintBacked = true;
        idx.columns = pk;
        idx.description = u"btree (%1)"_qs.arg(pk.join(u", "_qs));
        detail.indexes.append(idx);
        detail.constraints.append({QString(), ConstraintInfo::Kind::PrimaryKey,
                                   u"PRIMARY KEY (%1)"_qs.arg(pk.join(u", "_qs)), rel.name, pk,
                                   QString(), QStringList()});
    }
    std::stable_sort(detail.indexes.begin(), detail.indexes.end(),
                     [](const IndexInfo &a, const IndexInfo &b) { return a.primary > b.primary; });
}

// Foreign keys from pragma_foreign_key_list over every table, filtered by `where`
// (m is sqlite_master, f the pragma row), one ConstraintInfo per key.
QVector<ConstraintInfo> readForeignKeys(QSqlDatabase &db, const QString &where,
                                        const QString &table, const QString &context)
{
    QSqlQuery q = execOrThrow(
        db,
        u"SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
        "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
        "WHERE m.type = 'table' AND "_qs +
            where + u" ORDER BY m.name, f.id DESC, f.seq"_qs,
        context, {table});
    QVector<ConstraintInfo> keys;
    QString lastKey;
    QString onUpdate;
    QString onDelete;
    const auto finish = [&]() {
        if (keys.isEmpty())
            return;
        ConstraintInfo &fk = keys.last();
        if (fk.referencedColumns.isEmpty())
            fk.referencedColumns = primaryKeyColumns(db, fk.referencedTable);
        fk.definition = u"FOREIGN KEY (%1) REFERENCES %2(%3)"_qs.arg(
            fk.columns.join(u", "_qs), fk.referencedTable, fk.referencedColumns.join(u", "_qs));
        // pg_get_constraintdef's order and its habit of leaving out the default NO ACTION.
        if (onUpdate != u"NO ACTION")
            fk.definition += u" ON UPDATE "_qs + onUpdate;
        if (onDelete != u"NO ACTION")
            fk.definition += u" ON DELETE "_qs + onDelete;
    };
    while (q.next()) {
        const QString key = q.value(0).toString() + u'\x1f' + q.value(1).toString();
        if (key != lastKey) {
            finish();
            lastKey = key;
            keys.append({QString(),
                         ConstraintInfo::Kind::ForeignKey,
                         QString(),
                         q.value(0).toString(),
                         {},
                         q.value(2).toString(),
                         {}});
            onUpdate = q.value(5).toString();
            onDelete = q.value(6).toString();
        }
        keys.last().columns.append(q.value(3).toString());
        if (!q.value(4).isNull())
            keys.last().referencedColumns.append(q.value(4).toString());
    }
    finish();
    return keys;
}

void readTriggers(QSqlDatabase &db, const Relation &rel, TableDetail &detail)
{
    QSqlQuery q = execOrThrow(db,
                              u"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                              "tbl_name = ? COLLATE NOCASE ORDER BY name"_qs,
                              u"cannot read the triggers of %1"_qs.arg(rel.name), {rel.name});
    while (q.next())
        detail.triggers.append(
            {q.value(0).toString(), q.value(1).toString(), TriggerInfo::Firing::Enabled});
}

// The SELECT of a CREATE VIEW: everything after its first AS keyword.
QString viewSelect(const QString &sql)
{
    static const QRegularExpression as(uR"(\bAS\b\s*)"_qs,
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = as.match(sql);
    return m.hasMatch() ? sql.mid(m.capturedEnd()).trimmed() : sql;
}

} // namespace

QVector<TableInfo> listTables(QSqlDatabase &db)
{
    QHash<QString, qint64> sizes; // table name -> bytes of the table and its indexes
    {
        QSqlQuery q(db);
        if (q.exec(u"SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m "
                   "ON m.name = d.name GROUP BY m.tbl_name"_qs)) {
            while (q.next())
                sizes.insert(q.value(0).toString(), q.value(1).toLongLong());
        }
    }
    QHash<QString, qint64> rows; // from ANALYZE's sqlite_stat1: "nrow [per-column ...]"
    if (tableExists(db, u"sqlite"_qs, u"sqlite_stat1"_qs)) {
        QSqlQuery q = execOrThrow(db, u"SELECT tbl, stat FROM sqlite_stat1"_qs,
                                  u"cannot read sqlite_stat1"_qs);
        while (q.next()) {
            const qint64 n = q.value(1).toString().section(u' ', 0, 0).toLongLong();
            rows.insert(q.value(0).toString(), qMax(n, rows.value(q.value(0).toString())));
        }
    }
    QSqlQuery q = execOrThrow(db,
                              u"SELECT name, type FROM sqlite_master WHERE type IN ('table', "
                              "'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"_qs,
                              u"cannot list relations"_qs);
    QVector<TableInfo> tables;
    while (q.next()) {
        TableInfo t;
        t.schema = kMain;
        t.name = q.value(0).toString();
        t.kind = q.value(1).toString() == u"view" ? RelationKind::View : RelationKind::Table;
        t.sizeBytes = t.kind == RelationKind::View ? 0 : sizes.value(t.name, -1);
        t.rowEstimate = rows.value(t.name, -1);
        tables.append(t);
    }
    return tables;
}

TableDetail describeTable(QSqlDatabase &db, const QString &name)
{
    const Relation rel = findRelation(db, name);
    TableDetail detail;
    detail.schema = kMain;
    detail.name = rel.name;
    detail.kind = rel.kind;
    readColumns(db, rel, detail);
    readTriggers(db, rel, detail); // views may have INSTEAD OF triggers
    if (rel.kind == RelationKind::View) {
        detail.viewDefinition = viewSelect(rel.sql);
        return detail;
    }
    readIndexesAndKeys(db, rel, detail);
    for (const SqliteTableSql::Check &check : SqliteTableSql::parse(rel.sql).checks)
        detail.constraints.append({check.name,
                                   ConstraintInfo::Kind::Check,
                                   check.expression,
                                   rel.name,
                                   {},
                                   QString(),
                                   {}});
    detail.constraints += readForeignKeys(db, u"m.name = ?"_qs, rel.name,
                                          u"cannot read the foreign keys of %1"_qs.arg(rel.name));
    detail.referencedBy = readForeignKeys(db, u"f.\"table\" = ? COLLATE NOCASE"_qs, rel.name,
                                          u"cannot read the references to %1"_qs.arg(rel.name));
    return detail;
}

} // namespace retort::sqlite_catalog
