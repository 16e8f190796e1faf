#include "history/HistoryModel.h"

#include "graph/RevisionGraph.h"

#include <QFont>

namespace retort::gui {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryModel::setGraph(const RevisionGraph *graph)
{
    beginResetModel();
    m_graph = graph;
    m_rows = graph ? graph->walkRevisions() : QVector<int>();
    endResetModel();
}

void HistoryModel::clear()
{
    setGraph(nullptr);
}

QString HistoryModel::revisionAt(int row) const
{
    if (!m_graph || row < 0 || row >= m_rows.size())
        return {};
    return m_graph->id(m_rows[row]);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!m_graph || !index.isValid())
        return {};
    const int rev = m_rows[index.row()];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        const Revision &r = m_graph->revision(rev);
        switch (index.column()) {
        case RevisionColumn: {
            QString text = r.id;
            if (m_graph->isHead(rev))
                text += tr(" (head)");
            if (m_graph->isBranchPoint(rev))
                text += tr(" (branchpoint)");
            if (m_graph->isMergePoint(rev))
                text += tr(" (mergepoint)");
            return text;
        }
        case LabelsColumn:
            return m_graph->branchLabels(rev).join(u", "_qs);
        case MessageColumn:
            return role == Qt::ToolTipRole ? r.longDoc : r.message;
        case DateColumn:
            return r.createDate.left(19);
        }
    }
    if (role == Qt::FontRole && index.column() == RevisionColumn && m_graph->isHead(rev)) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RevisionColumn:
        return tr("Revision");
    case LabelsColumn:
        return tr("Branch labels");
    case MessageColumn:
        return tr("Message");
    case DateColumn:
        return tr("Created");
    }
    return {};
}

} // namespace retort::gui
