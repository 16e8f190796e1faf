#pragma once

#include "database/RowQuery.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace retort::gui {

// A read-only grid over a table of any size: the row count comes first (PostgreSQL's
// estimate, exact on demand or once the end is reached), and pages of rows are asked for
// where the view looks, so Ctrl+End reaches the last row of 300,000 at once. Sorting and
// filtering run on the server. It never touches the database: it emits pageWanted and
// countWanted and the database thread answers with onPage and onCount. At most
// kPagesKept pages are held; those far from where the view looks are dropped.
class RowPageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int PageSize = 200;
    static constexpr int kPagesKept = 64;

    explicit RowPageModel(QObject *parent = nullptr);

    void reset(const QString &schema, const QString &table);
    void setFilter(const QString &filter);
    void requestExactCount();
    void onPage(const RowQuery &query, const RowPage &page);
    void onCount(const RowQuery &query, qint64 count, bool exact, const QString &error);

    const RowQuery &query() const { return m_query; }
    const QString &schema() const { return m_query.schema; }
    const QString &table() const { return m_query.table; }
    qint64 totalRows() const { return m_total; }
    bool isCountExact() const { return m_exact; }
    bool isCountKnown() const { return m_countKnown; }
    QString orderText() const { return m_order; }
    QStringList columns() const { return m_columns; }
    QVariant value(int row, int column) const; // invalid while its page is on its way
    bool isLoaded(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

Q_SIGNALS:
    void pageWanted(const retort::gui::RowQuery &query, int offset, int limit);
    void countWanted(const retort::gui::RowQuery &query, bool exact);
    void countChanged(); // total, exactness or order changed: the caption follows
    void pageArrived(int offset);
    void failed(const QString &error);

private:
    void restart();
    void want(int page) const;
    void setTotal(qint64 total, bool exact);

    RowQuery m_query;
    QStringList m_columns;
    QHash<int, QVector<QVariantList>> m_pages;
    mutable QSet<int> m_requested;
    qint64 m_total = 0;
    bool m_exact = false;
    bool m_countKnown = false;
    QString m_order;
};

} // namespace retort::gui
