#include "history/HistoryModel.h"

#include "graph/RevisionGraph.h"
#include "history/LaneRowRef.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace retort::gui {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryModel::setGraph(const RevisionGraph *graph)
{
    beginResetModel();
    m_graph = graph;
    m_rows = graph ? graph->walkRevisions() : QVector<int>();
    m_layout = graph ? LaneLayout(*graph, m_rows) : LaneLayout();
    const int n = graph ? graph->size() : 0;
    m_rowOf.fill(-1, n);
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOf[m_rows[row]] = row;
    m_applied.fill(0, n);
    m_current.fill(0, n);
    m_planned.fill(0, n);
    m_changed.fill(0, n);
    m_failed.fill(0, n);
    m_newestCurrentRow = -1;
    m_findings.clear();
    endResetModel();
}

int HistoryModel::rowOf(const QString &revision) const
{
    if (!m_graph)
        return -1;
    const int rev = m_graph->indexOf(revision);
    return rev < 0 ? -1 : m_rowOf.value(rev, -1);
}

void HistoryModel::emitAllChanged()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void HistoryModel::setDatabaseState(const QVector<char> &applied, const QVector<int> &current)
{
    if (!m_graph)
        return;
    m_applied = applied;
    m_applied.resize(m_graph->size());
    m_current.fill(0, m_graph->size());
    m_newestCurrentRow = -1;
    for (const int c : current) {
        m_current[c] = 1;
        const int row = m_rowOf.value(c, -1);
        if (row >= 0 && (m_newestCurrentRow < 0 || row < m_newestCurrentRow))
            m_newestCurrentRow = row;
    }
    emitAllChanged();
}

void HistoryModel::setDrift(const QStringList &changed, const QStringList &failed)
{
    if (!m_graph)
        return;
    m_changed.fill(0, m_graph->size());
    m_failed.fill(0, m_graph->size());
    for (const QString &id : changed)
        if (const int rev = m_graph->indexOf(id); rev >= 0)
            m_changed[rev] = 1;
    for (const QString &id : failed)
        if (const int rev = m_graph->indexOf(id); rev >= 0)
            m_failed[rev] = 1;
    emitAllChanged();
}

bool HistoryModel::isChanged(int row) const
{
    const int rev = graphIndexAt(row);
    return rev >= 0 && m_changed.value(rev);
}

bool HistoryModel::isFailed(int row) const
{
    const int rev = graphIndexAt(row);
    return rev >= 0 && m_failed.value(rev);
}

bool HistoryModel::isOutOfOrder(int row) const
{
    return m_newestCurrentRow >= 0 && row > m_newestCurrentRow && !isApplied(row);
}

QString HistoryModel::stateText(int row) const
{
    const int rev = graphIndexAt(row);
    if (rev < 0)
        return {};
    QStringList states;
    if (m_failed.value(rev))
        states << tr("failed");
    else if (m_current.value(rev))
        states << tr("current");
    else
        states << (m_applied.value(rev) ? tr("applied") : tr("pending"));
    if (m_graph->isHead(rev))
        states << tr("head");
    if (m_changed.value(rev))
        states << tr("changed since applied");
    if (isOutOfOrder(row))
        states << tr("out of order");
    return states.join(u", "_qs);
}

void HistoryModel::setAppliedRevisions(const QSet<QString> &applied, const QStringList &current)
{
    if (!m_graph)
        return;
    QVector<char> appliedFlags(m_graph->size(), 0);
    for (const QString &id : applied) {
        if (const int rev = m_graph->indexOf(id); rev >= 0)
            appliedFlags[rev] = 1;
    }
    QVector<int> currentRevs;
    for (const QString &id : current) {
        if (const int rev = m_graph->indexOf(id); rev >= 0)
            currentRevs << rev;
    }
    setDatabaseState(appliedFlags, currentRevs);
}

bool HistoryModel::isApplied(int row) const
{
    const int rev = graphIndexAt(row);
    return rev >= 0 && m_applied.value(rev);
}

bool HistoryModel::isCurrent(int row) const
{
    const int rev = graphIndexAt(row);
    return rev >= 0 && m_current.value(rev);
}

void HistoryModel::setPlanMarks(const QVector<int> &revisions)
{
    if (!m_graph)
        return;
    m_planned.fill(0, m_graph->size());
    for (const int r : revisions)
        if (r >= 0)
            m_planned[r] = 1;
    emitAllChanged();
}

void HistoryModel::setMergeFindings(const QVector<MergeOrderFinding> &findings)
{
    if (!m_graph)
        return;
    m_findings.clear();
    for (const MergeOrderFinding &f : findings)
        if (const int rev = m_graph->indexOf(f.merge); rev >= 0 && !f.ok())
            m_findings.insert(rev, f);
    emitAllChanged();
}

const MergeOrderFinding *HistoryModel::mergeFindingAt(int row) const
{
    const auto it = m_findings.constFind(graphIndexAt(row));
    return it == m_findings.constEnd() ? nullptr : &*it;
}

bool HistoryModel::matches(int row, const QString &text) const
{
    const int rev = graphIndexAt(row);
    if (rev < 0)
        return false;
    if (text.isEmpty())
        return true;
    const Revision &r = m_graph->revision(rev);
    return r.id.contains(text, Qt::CaseInsensitive) ||
           r.message.contains(text, Qt::CaseInsensitive) ||
           m_graph->branchLabels(rev).join(u' ').contains(text, Qt::CaseInsensitive);
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
    if (role == MergeFindingRole || role == MergeSuggestionRole ||
        (role == Qt::ToolTipRole && m_findings.contains(rev))) {
        const auto it = m_findings.constFind(rev);
        if (it == m_findings.constEnd())
            return QString();
        return role == MergeSuggestionRole ? it->suggestion : it->message.trimmed();
    }
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
        case StateColumn:
            return stateText(index.row());
        }
    }
    if (role == GraphRole)
        return QVariant::fromValue(LaneRowRef{&m_layout, index.row()});
    if (role == StateRole)
        return int(m_current.value(rev) ? Current : m_applied.value(rev) ? Applied : Pending);
    if (role == AppliedRole)
        return bool(m_applied.value(rev));
    if (role == CurrentRole)
        return bool(m_current.value(rev));
    if (role == PlannedRole)
        return bool(m_planned.value(rev));
    // Failed and changed files stand out in any palette (red and amber read on both).
    if (role == Qt::ForegroundRole && index.column() == StateColumn &&
        (m_failed.value(rev) || m_changed.value(rev)))
        return QColor(m_failed.value(rev) ? u"#e53935"_qs : u"#f57c00"_qs);
    if (role == Qt::FontRole && (m_current.value(rev) || m_graph->isHead(rev))) {
        QFont font;
        font.setBold(true);
        return font;
    }
    // Colours from the application palette so they read on light and dark themes.
    if (role == Qt::ForegroundRole && !m_applied.value(rev) && !m_planned.value(rev)) {
        const QPalette palette = QGuiApplication::palette(); // pending revisions recede
        const QColor text = palette.color(QPalette::Text), base = palette.color(QPalette::Base);
        return QColor::fromRgbF((text.redF() * 2 + base.redF()) / 3,
                                (text.greenF() * 2 + base.greenF()) / 3,
                                (text.blueF() * 2 + base.blueF()) / 3);
    }
    if (role == Qt::BackgroundRole && m_planned.value(rev)) {
        QColor mark = QGuiApplication::palette().color(QPalette::Highlight);
        mark.setAlpha(60); // the revisions a previewed plan touches
        return mark;
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
    case StateColumn:
        return tr("State");
    }
    return {};
}

} // namespace retort::gui
