#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVector>

namespace retort::gui {

// Which rows of a table the grid shows: a filter (a SQL condition, as DBeaver's filter
// row takes it) and a sort column, else the primary key's order.
struct RowQuery {
    QString schema;
    QString table;
    QString filter;     // empty: every row
    QString sortColumn; // empty: primary key order
    bool descending = false;
    quint64 generation = 0; // answers for an older query are dropped
};

// One page of rows, read on the database thread. Values are the database's own text
// (PostgreSQL: ::text, so timestamps read as psql prints them, with their zone).
struct RowPage {
    QStringList columns;
    QVector<QVariantList> rows;
    int offset = 0;
    QString order; // "ORDER BY id" as run, for the grid's caption
    QString error;
};

} // namespace retort::gui

Q_DECLARE_METATYPE(retort::gui::RowQuery)
Q_DECLARE_METATYPE(retort::gui::RowPage)
