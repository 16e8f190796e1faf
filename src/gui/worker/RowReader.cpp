#include "worker/RowReader.h"

#include "Error.h"
#include "db/SqlExec.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

namespace retort::gui::RowReader {

namespace {

QString quoted(QString name)
{
    return u'"' + name.replace(u'"', u"\"\""_qs) + u'"';
}

QString relation(const QString &dialect, const RowQuery &q)
{
    // SQLite's schema is "main" (or an attached database's name): the same syntax works.
    Q_UNUSED(dialect)
    return quoted(q.schema) + u'.' + quoted(q.table);
}

QString whereClause(const RowQuery &q)
{
    return q.filter.trimmed().isEmpty() ? QString() : u" WHERE ("_qs + q.filter + u')';
}

QSqlQuery run(QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // prepare(): PostgreSQL refuses a second statement in a prepared one, SQLite compiles
    // only the first; a filter cannot smuggle in a command.
    if (!q.prepare(sql))
        throw Error(serverMessage(q));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        throw Error(serverMessage(q));
    return q;
}

// Reads in a transaction that cannot write, whatever the filter says.
template <typename Read> auto readOnly(QSqlDatabase &db, const QString &dialect, Read read)
{
    if (dialect != u"postgresql")
        return read(); // the SQLite connection is opened read-only
    // Transaction control is not prepared (PostgreSQL cannot prepare BEGIN).
    QSqlQuery begin(db);
    if (!begin.exec(u"BEGIN READ ONLY"_qs))
        throw Error(serverMessage(begin));
    try {
        auto result = read();
        QSqlQuery(db).exec(u"ROLLBACK"_qs);
        return result;
    } catch (...) {
        QSqlQuery(db).exec(u"ROLLBACK"_qs);
        throw;
    }
}

QStringList primaryKey(QSqlDatabase &db, const QString &dialect, const RowQuery &q)
{
    QStringList columns;
    if (dialect == u"postgresql") {
        QSqlQuery r = run(db,
                          u"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                          "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND "
                          "i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass "
                          "ORDER BY array_position(i.indkey::int2[], a.attnum)"_qs,
                          {q.schema, q.table});
        while (r.next())
            columns.append(r.value(0).toString());
        return columns;
    }
    QSqlQuery r =
        run(db, u"SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"_qs, {q.table});
    while (r.next())
        columns.append(r.value(0).toString());
    return columns;
}

} // namespace

RowPage readPage(QSqlDatabase &db, const QString &dialect, const RowQuery &query, int offset,
                 int limit)
{
    return readOnly(db, dialect, [&] {
        RowPage page;
        page.offset = offset;
        const QSqlRecord record =
            run(db, u"SELECT * FROM "_qs + relation(dialect, query) + u" t LIMIT 0"_qs).record();
        QStringList select;
        for (int c = 0; c < record.count(); ++c) {
            page.columns.append(record.fieldName(c));
            const QString column = u"t."_qs + quoted(record.fieldName(c));
            // PostgreSQL's own text for every value: timestamps with their zone as psql
            // shows them, numerics exactly, bytea as \x hex, json as written.
            select.append(dialect == u"postgresql"
                              ? column + u"::text AS "_qs + quoted(record.fieldName(c))
                              : column);
        }
        QStringList keys;
        if (!query.sortColumn.isEmpty() && page.columns.contains(query.sortColumn))
            keys.append(query.sortColumn);
        else
            keys = primaryKey(db, dialect, query);
        const QString direction =
            query.sortColumn.isEmpty() || !query.descending ? QString() : u" DESC"_qs;
        QStringList orderSql;
        QStringList shown; // as a user would write it: quotes only where needed
        static const QRegularExpression plain(u"^[a-z_][a-z0-9_]*$"_qs);
        for (const QString &key : std::as_const(keys)) {
            orderSql.append(u"t."_qs + quoted(key) + direction);
            shown.append((plain.match(key).hasMatch() ? key : quoted(key)) + direction);
        }
        page.order = shown.isEmpty() ? QString() : u"ORDER BY "_qs + shown.join(u", "_qs);
        const QString sql = u"SELECT %1 FROM %2 t%3%4 LIMIT %5 OFFSET %6"_qs.arg(
            select.join(u", "_qs), relation(dialect, query), whereClause(query),
            orderSql.isEmpty() ? QString() : u" ORDER BY "_qs + orderSql.join(u", "_qs),
            QString::number(limit), QString::number(offset));
        QSqlQuery rows = run(db, sql);
        while (rows.next()) {
            QVariantList row;
            row.reserve(record.count());
            for (int c = 0; c < record.count(); ++c)
                row.append(rows.value(c));
            page.rows.append(row);
        }
        return page;
    });
}

qint64 count(QSqlDatabase &db, const QString &dialect, const RowQuery &query, bool exact,
             bool *isExact)
{
    return readOnly(db, dialect, [&]() -> qint64 {
        if (!exact && dialect == u"postgresql" && query.filter.trimmed().isEmpty()) {
            QSqlQuery r = run(db,
                              u"SELECT reltuples::bigint FROM pg_class WHERE oid = "
                              "(quote_ident(?) || '.' || quote_ident(?))::regclass"_qs,
                              {query.schema, query.table});
            // -1 (never analysed) or 0 (maybe never vacuumed): no estimate to trust.
            if (r.next() && r.value(0).toLongLong() > 0) {
                *isExact = false;
                return r.value(0).toLongLong();
            }
        }
        QSqlQuery r = run(db, u"SELECT count(*) FROM "_qs + relation(dialect, query) + u" t"_qs +
                                  whereClause(query));
        *isExact = true;
        return r.next() ? r.value(0).toLongLong() : 0;
    });
}

} // namespace retort::gui::RowReader
