#pragma once

#include "graph/LaneLayout.h"

#include <QMetaType>

namespace retort::gui {

// What HistoryModel::GraphRole returns: a reference to one row of the model's lane
// layout. Two words, so QVariant keeps it inline (no allocation per paint); the
// delegate fills its own reusable LaneLayout::Row from it.
struct LaneRowRef {
    const LaneLayout *layout = nullptr;
    int row = -1;
    bool isValid() const { return layout && row >= 0 && row < layout->rowCount(); }
};

} // namespace retort::gui

Q_DECLARE_TYPEINFO(retort::gui::LaneRowRef, Q_PRIMITIVE_TYPE);
Q_DECLARE_METATYPE(retort::gui::LaneRowRef)
