#pragma once

#include <QAbstractTableModel>
#include <QVariantList>

namespace retort::gui {

// A read-only page through a table's rows that asks for more as the view scrolls
// (canFetchMore/fetchMore). It never touches the database: it emits pageWanted and the
// window's database thread answers with appendPage.
class RowPageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int PageSize = 200;

    explicit RowPageModel(QObject *parent = nullptr);

    void reset(const QString &schema, const QString &table);
    void appendPage(const QStringList &columns, const QVector<QVariantList> &rows, int offset);
    const QString &schema() const { return m_schema; }
    const QString &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void pageWanted(const QString &schema, const QString &table, int offset, int limit);

private:
    QString m_schema;
    QString m_table;
    QStringList m_columns;
    QVector<QVariantList> m_rows;
    bool m_atEnd = true;
    bool m_waiting = false;
};

} // namespace retort::gui
