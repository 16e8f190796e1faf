#include "database/RowPageModel.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

#include <limits>

namespace retort::gui {

namespace {

quint64 nextGeneration()
{
    static quint64 generation = 0;
    return ++generation;
}

// A cell shows one line; the cell viewer shows all of it.
QString oneLine(const QVariant &value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return u"\\x"_qs + QString::fromLatin1(value.toByteArray().left(64).toHex()) +
               (value.toByteArray().size() > 64 ? u"…"_qs : QString());
    QString text = value.toString();
    if (text.size() > 200)
        text = text.left(200) + u'…';
    return text.replace(u'\n', u' ');
}

} // namespace

RowPageModel::RowPageModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RowPageModel::reset(const QString &schema, const QString &table)
{
    m_query = RowQuery{};
    m_query.schema = schema;
    m_query.table = table;
    restart();
}

void RowPageModel::setFilter(const QString &filter)
{
    m_query.filter = filter.trimmed();
    restart();
}

void RowPageModel::sort(int column, Qt::SortOrder order)
{
    // Column -1 (no sort indicator) is the primary key's order, the default.
    m_query.sortColumn = m_columns.value(column);
    m_query.descending = order == Qt::DescendingOrder;
    restart();
}

void RowPageModel::restart()
{
    beginResetModel();
    m_query.generation = nextGeneration();
    m_pages.clear();
    m_requested.clear();
    m_total = 0;
    m_exact = false;
    m_countKnown = false;
    m_order.clear();
    if (m_query.table.isEmpty())
        m_columns.clear();
    endResetModel();
    Q_EMIT countChanged();
    if (m_query.table.isEmpty())
        return;
    Q_EMIT countWanted(m_query, false);
    want(0);
}

void RowPageModel::requestExactCount()
{
    if (!m_query.table.isEmpty())
        Q_EMIT countWanted(m_query, true);
}

void RowPageModel::want(int page) const
{
    if (m_requested.contains(page) || m_query.table.isEmpty())
        return;
    m_requested.insert(page);
    Q_EMIT const_cast<RowPageModel *>(this)->pageWanted(m_query, page * PageSize, PageSize);
}

void RowPageModel::setTotal(qint64 total, bool exact)
{
    m_exact = exact;
    m_countKnown = true;
    const int now = rowCount();
    const int next = int(qMin<qint64>(total, std::numeric_limits<int>::max()));
    m_total = total;
    if (m_columns.isEmpty() || next == now) {
        Q_EMIT countChanged();
        return;
    }
    if (next > now) {
        beginInsertRows({}, now, next - 1);
        endInsertRows();
    } else {
        beginRemoveRows({}, next, now - 1);
        endRemoveRows();
    }
    Q_EMIT countChanged();
}

void RowPageModel::onCount(const RowQuery &query, qint64 count, bool exact, const QString &error)
{
    if (query.generation != m_query.generation)
        return;
    if (!error.isEmpty()) {
        Q_EMIT failed(error);
        return;
    }
    // A page that ended early already knows better than an estimate.
    if (!exact && m_exact)
        return;
    setTotal(count, exact);
}

void RowPageModel::onPage(const RowQuery &query, const RowPage &page)
{
    if (query.generation != m_query.generation)
        return;
    const int pageIndex = page.offset / PageSize;
    if (!page.error.isEmpty()) {
        m_requested.remove(pageIndex);
        Q_EMIT failed(page.error);
        return;
    }
    if (m_columns != page.columns) {
        beginResetModel();
        m_columns = page.columns;
        endResetModel();
    }
    if (m_order != page.order) {
        m_order = page.order;
        Q_EMIT countChanged();
    }
    // Keep the pages near this one; the view asks again for any it scrolls back to.
    while (m_pages.size() >= kPagesKept) {
        int farthest = m_pages.constBegin().key();
        for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it)
            if (qAbs(it.key() - pageIndex) > qAbs(farthest - pageIndex))
                farthest = it.key();
        m_pages.remove(farthest);
        m_requested.remove(farthest);
    }
    m_pages.insert(pageIndex, page.rows);
    const qint64 end = qint64(page.offset) + page.rows.size();
    if (page.rows.size() < PageSize && (!page.rows.isEmpty() || page.offset == 0)) {
        setTotal(end, true); // the last page: the count is exact now
    } else if (page.rows.isEmpty() || (!m_exact && end >= m_total)) {
        // Past the end of an estimate, or short of it: count for real.
        requestExactCount();
        if (!m_countKnown || end > m_total)
            setTotal(end, false);
    } else if (!m_countKnown && end > m_total) {
        setTotal(end, false); // the count is still on its way
    }
    const int last = int(qMin<qint64>(end, rowCount())) - 1;
    if (last >= page.offset)
        Q_EMIT dataChanged(index(page.offset, 0), index(last, int(m_columns.size()) - 1));
    Q_EMIT pageArrived(page.offset);
}

bool RowPageModel::isLoaded(int row) const
{
    return m_pages.contains(row / PageSize);
}

QVariant RowPageModel::value(int row, int column) const
{
    const auto it = m_pages.constFind(row / PageSize);
    if (it == m_pages.constEnd())
        return {};
    return it->value(row % PageSize).value(column);
}

int RowPageModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || m_columns.isEmpty())
        return 0;
    return int(qMin<qint64>(m_total, std::numeric_limits<int>::max()));
}

int RowPageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant RowPageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto page = m_pages.constFind(index.row() / PageSize);
    if (page == m_pages.constEnd()) {
        if (role == Qt::DisplayRole) {
            want(index.row() / PageSize);
            return u"…"_qs;
        }
        return {};
    }
    const QVariant value = page->value(index.row() % PageSize).value(index.column());
    if (role == Qt::DisplayRole)
        return value.isNull() ? QVariant(u"NULL"_qs) : QVariant(oneLine(value));
    if (role == Qt::ToolTipRole && !value.isNull() && value.toString().size() > 200)
        return tr("Double-click to see all of it");
    if (role == Qt::ForegroundRole && value.isNull()) {
        QColor dim = QGuiApplication::palette().color(QPalette::Text);
        dim.setAlphaF(0.45f);
        return dim;
    }
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

} // namespace retort::gui
