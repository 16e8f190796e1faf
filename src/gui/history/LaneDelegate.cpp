#include "history/LaneDelegate.h"

#include "history/HistoryModel.h"
#include "history/LaneRowRef.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace retort::gui {

namespace {

using Kind = LaneLayout::EdgeKind;

LaneRowRef laneRowOf(const QModelIndex &index)
{
    const QVariant v = index.data(HistoryModel::GraphRole);
    return v.metaType() == QMetaType::fromType<LaneRowRef>() ? v.value<LaneRowRef>() : LaneRowRef{};
}

// Half a lane of margin each side keeps lane 0's ring off the cell's edge.
int graphWidth(const LaneRowRef &ref, int lane)
{
    return (ref.layout->laneCount() + 1) * lane;
}

bool hasFinding(const QModelIndex &index)
{
    return !index.data(HistoryModel::MergeFindingRole).toString().isEmpty();
}

// The warning glyph's width, with a little room after it, for a font height.
int warningWidth(int fontHeight)
{
    return fontHeight + fontHeight / 3;
}

// A road-sign warning triangle with a "!": amber with a dark outline, so it reads on
// light and dark bases alike.
void paintWarning(QPainter *painter, const QRectF &box)
{
    const qreal w = box.width();
    const QPointF top(box.center().x(), box.top() + w * 0.06);
    QPainterPath triangle(top);
    triangle.lineTo(box.left() + w * 0.02, box.top() + w * 0.92);
    triangle.lineTo(box.right() - w * 0.02, box.top() + w * 0.92);
    triangle.closeSubpath();
    painter->setPen(QPen(QColor(0x8a5a00), qMax(1.0, w / 14)));
    painter->setBrush(QColor(0xf2b705));
    painter->drawPath(triangle);
    QPen mark(QColor(0x2b1d00), qMax(1.5, w / 8), Qt::SolidLine, Qt::RoundCap);
    painter->setPen(mark);
    const qreal x = box.center().x();
    painter->drawLine(QPointF(x, box.top() + w * 0.36), QPointF(x, box.top() + w * 0.62));
    painter->drawPoint(QPointF(x, box.top() + w * 0.77));
}

} // namespace

LaneDelegate::LaneDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

// One hue per lane (cycling through eight), lighter on dark palettes so lines keep
// their contrast against the base colour either way.
void LaneDelegate::updateColours(const QPalette &palette) const
{
    const int lightness = palette.color(QPalette::Base).lightness();
    if (lightness == m_coloursForLightness)
        return;
    m_coloursForLightness = lightness;
    const bool dark = lightness < 128;
    static constexpr int hues[] = {212, 28, 135, 330, 268, 178, 48, 0};
    for (size_t i = 0; i < m_colours.size(); ++i)
        m_colours[i] = QColor::fromHsl(hues[i], dark ? 170 : 190, dark ? 160 : 100);
}

void LaneDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    const LaneRowRef ref = laneRowOf(index);
    if (!ref.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    const int lane = laneWidth(opt.fontMetrics.height());
    const int width = graphWidth(ref, lane);

    // Background, selection and focus across the whole cell, then the graph over it.
    QStyleOptionViewItem background = opt;
    background.text.clear();
    background.features &= ~QStyleOptionViewItem::HasDisplay;
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    updateColours(opt.palette);
    ref.layout->row(ref.row, m_row);
    const bool lanes = m_lanesVisible;
    const QRectF area(opt.rect.left() + lane / 2, opt.rect.top(), width - lane, opt.rect.height());
    painter->save();
    painter->setClipRect(opt.rect);
    painter->setRenderHint(QPainter::Antialiasing);
    if (lanes)
        paintLanes(painter, area, lane);
    const QPointF centre(area.left() + (m_row.nodeLane + 0.5) * lane, area.center().y());
    paintNode(painter, centre, lane * 0.32, m_row.flags,
              index.data(HistoryModel::StateRole).toInt(),
              index.data(HistoryModel::PlannedRole).toBool(), opt.palette);
    // A merge point where Rehearse found the order of its branches matters.
    int textLeft = opt.rect.left() + width;
    if (hasFinding(index)) {
        const int size = opt.fontMetrics.height();
        paintWarning(painter, QRectF(textLeft, opt.rect.center().y() - size / 2.0, size, size));
        textLeft += warningWidth(size);
    }
    painter->restore();

    // The text after the graph (its background is already painted).
    opt.rect.setLeft(textLeft);
    opt.state &= ~QStyle::State_HasFocus;
    opt.backgroundBrush = Qt::NoBrush;
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

void LaneDelegate::paintLanes(QPainter *painter, const QRectF &rect, qreal lane) const
{
    const qreal top = rect.top();
    const qreal mid = rect.center().y();
    const qreal bottom = rect.bottom();
    auto x = [&](int l) { return rect.left() + (l + 0.5) * lane; };
    QPen pen;
    pen.setWidthF(qMax(1.5, lane / 8.0));
    pen.setCapStyle(Qt::FlatCap);
    auto usePen = [&](int colourLane, Kind kind) {
        pen.setColor(laneColour(colourLane));
        if (kind == Kind::Dependency)
            pen.setDashPattern({2.5, 2.0});
        else
            pen.setStyle(Qt::SolidLine);
        painter->setPen(pen);
    };
    painter->setBrush(Qt::NoBrush);
    for (const LaneLayout::Segment &s : std::as_const(m_row.through)) {
        usePen(s.fromLane, s.kind);
        painter->drawLine(QPointF(x(s.fromLane), top), QPointF(x(s.fromLane), bottom));
    }
    // Edges bend with a quarter curve: down their lane, then sideways into the node
    // (upper half); out of the node sideways, then down their lane (lower half).
    for (const LaneLayout::Segment &s : std::as_const(m_row.upper)) {
        usePen(s.fromLane, s.kind);
        const QPointF from(x(s.fromLane), top), to(x(s.toLane), mid);
        if (s.fromLane == s.toLane) {
            painter->drawLine(from, to);
        } else {
            QPainterPath path(from);
            path.quadTo(QPointF(from.x(), mid), to);
            painter->drawPath(path);
        }
    }
    for (const LaneLayout::Segment &s : std::as_const(m_row.lower)) {
        usePen(s.toLane, s.kind);
        const QPointF from(x(s.fromLane), mid), to(x(s.toLane), bottom);
        if (s.fromLane == s.toLane) {
            painter->drawLine(from, to);
        } else {
            QPainterPath path(from);
            path.quadTo(QPointF(to.x(), mid), to);
            painter->drawPath(path);
        }
    }
}

void LaneDelegate::paintNode(QPainter *painter, QPointF c, qreal r, quint8 flags, int state,
                             bool planned, const QPalette &palette) const
{
    const QColor &colour = laneColour(m_row.nodeLane);
    if (planned) {
        QColor halo = palette.color(QPalette::Highlight);
        halo.setAlpha(110);
        painter->setPen(Qt::NoPen);
        painter->setBrush(halo);
        painter->drawEllipse(c, r * 2.3, r * 2.3);
    }
    const bool filled = state != HistoryModel::Pending;
    const bool head = flags & LaneLayout::Head;
    if (state == HistoryModel::Current) {
        painter->setPen(QPen(palette.color(QPalette::Text), 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(c, r + 3.5, r + 3.5);
    }
    painter->setPen(head ? QPen(palette.color(QPalette::Text), 2.4)
                         : QPen(filled ? colour.darker(125) : colour, 1.6));
    painter->setBrush(filled ? colour : palette.color(QPalette::Base));
    if (flags & LaneLayout::MergePoint) {
        const qreal d = r * 1.35;
        const QPointF diamond[] = {
            {c.x(), c.y() - d}, {c.x() + d, c.y()}, {c.x(), c.y() + d}, {c.x() - d, c.y()}};
        painter->drawPolygon(diamond, 4);
    } else if (flags & LaneLayout::BranchPoint) {
        const qreal d = r * 0.95;
        painter->drawRect(QRectF(c.x() - d, c.y() - d, 2 * d, 2 * d));
    } else {
        painter->drawEllipse(c, r, r);
    }
}

QSize LaneDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const LaneRowRef ref = laneRowOf(index);
    if (ref.isValid()) {
        const int lane = laneWidth(option.fontMetrics.height());
        size.rwidth() += graphWidth(ref, lane);
        if (hasFinding(index))
            size.rwidth() += warningWidth(option.fontMetrics.height());
        // Room for the node's ring and for bends to read as curves, not kinks.
        size.setHeight(qMax(size.height(), option.fontMetrics.height() * 3 / 2));
    }
    return size;
}

} // namespace retort::gui
