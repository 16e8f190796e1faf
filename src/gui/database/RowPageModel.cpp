#include "database/RowPageModel.h"

#include <QColor>

namespace retort::gui {

RowPageModel::RowPageModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RowPageModel::reset(const QString &schema, const QString &table)
{
    beginResetModel();
    m_schema = schema;
    m_table = table;
    m_columns.clear();
    m_rows.clear();
    m_atEnd = table.isEmpty();
    m_waiting = false;
    endResetModel();
    if (!table.isEmpty()) {
        m_waiting = true;
        Q_EMIT pageWanted(m_schema, m_table, 0, PageSize);
    }
}

void RowPageModel::appendPage(const QStringList &columns, const QVector<QVariantList> &rows,
                              int offset)
{
    m_waiting = false;
    if (offset != m_rows.size())
        return; // an answer for a page we no longer want
    if (m_columns.isEmpty() && !columns.isEmpty()) {
        beginResetModel();
        m_columns = columns;
        endResetModel();
    }
    m_atEnd = rows.size() < PageSize;
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
    m_rows += rows;
    endInsertRows();
}

int RowPageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RowPageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant RowPageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QVariant &value = m_rows[index.row()].value(index.column());
    if (role == Qt::DisplayRole)
        return value.isNull() ? QVariant(u"NULL"_qs) : value;
    if (role == Qt::ForegroundRole && value.isNull())
        return QColor(0x90, 0x90, 0x90);
    return {};
}

QVariant RowPageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_columns.value(section);
    return section + 1;
}

bool RowPageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_waiting;
}

void RowPageModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_waiting = true;
    Q_EMIT pageWanted(m_schema, m_table, int(m_rows.size()), PageSize);
}

} // namespace retort::gui
