#pragma once

#include "schema/SchemaDiff.h"

#include <QColor>

class QPalette;

namespace retort::gui {

// How a schema change reads at a glance: something added (green, "+"), removed (red,
// "−") or changed in place (amber, "~"). Colour is never the only cue: the marker says it
// too, for colour-blind users and for text copied out of the window.
enum class ChangeTone { Added, Removed, Changed };

ChangeTone toneOf(SchemaChange::Kind kind);
QString toneMarker(ChangeTone tone);

// A text colour for `tone` on the palette's base: darker hues on light bases and lighter
// ones on dark bases, each with at least 4.5:1 contrast (WCAG AA) against white or
// a #1e1e1e-like base.
QColor toneColour(ChangeTone tone, const QPalette &palette);

} // namespace retort::gui
