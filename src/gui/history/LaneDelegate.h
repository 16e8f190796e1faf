#pragma once

#include "graph/LaneLayout.h"

#include <QColor>
#include <QStyledItemDelegate>

#include <array>

namespace retort::gui {

// Paints the revision graph's lanes at the left of the history's first column, then the
// cell's text after them. Reads HistoryModel::GraphRole (a LaneRowRef), StateRole,
// PlannedRole, MergeFindingRole.
//
// Legend (also in the window's tooltip for the column):
//   shape    circle = ordinary revision, square = branch point, diamond = merge point
//            (a merge point that is also a branch point is a diamond)
//   fill     filled = applied, hollow = pending, filled with an outer ring = current
//   outline  thin, lane colour = not a head; thick, text colour = head
//   halo     soft highlight behind the node = touched by the previewed plan
//   lines    solid = down_revision, dashed = depends_on; one colour per lane
//   warning  amber triangle after the graph = Rehearse found that the order of this merge
//            point's branches matters (HistoryModel::MergeFindingRole; the tooltip says why)
// When lanes are hidden (filtered list: neighbours are no longer parent and child) only
// the node glyphs are drawn, each still in its lane and colour.
//
// Painting reuses one LaneLayout::Row and a precomputed colour table: nothing is
// allocated per paint and the work per row is proportional to the lanes it crosses.
class LaneDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit LaneDelegate(QObject *parent = nullptr);

    // For views that hide rows themselves (QTreeView::setRowHidden) instead of using
    // While the history is filtered, lines would join unrelated rows: draw nodes only.
    void setLanesVisible(bool visible) { m_lanesVisible = visible; }
    bool lanesVisible() const { return m_lanesVisible; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Width of one lane for a font height: lanes scale with the font, not in pixels.
    static int laneWidth(int fontHeight) { return qMax(10, fontHeight * 9 / 10); }

private:
    void updateColours(const QPalette &palette) const;
    void paintLanes(QPainter *painter, const QRectF &rect, qreal lane) const;
    void paintNode(QPainter *painter, QPointF centre, qreal radius, quint8 flags, int state,
                   bool planned, const QPalette &palette) const;
    const QColor &laneColour(int lane) const { return m_colours[size_t(lane) % m_colours.size()]; }

    bool m_lanesVisible = true;
    mutable LaneLayout::Row m_row;
    mutable std::array<QColor, 8> m_colours;
    mutable int m_coloursForLightness = -1;
};

} // namespace retort::gui
