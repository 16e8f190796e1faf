#include "rehearse/ChangeTone.h"

#include <QPalette>

namespace retort::gui {

ChangeTone toneOf(SchemaChange::Kind kind)
{
    using Kind = SchemaChange::Kind;
    switch (kind) {
    case Kind::TableAdded:
    case Kind::ColumnAdded:
    case Kind::IndexAdded:
    case Kind::ConstraintAdded:
    case Kind::TriggerAdded:
    case Kind::EnumAdded:
        return ChangeTone::Added;
    case Kind::TableRemoved:
    case Kind::ColumnRemoved:
    case Kind::IndexDropped:
    case Kind::ConstraintDropped:
    case Kind::TriggerDropped:
    case Kind::EnumRemoved:
        return ChangeTone::Removed;
    case Kind::ColumnTypeChanged:
    case Kind::ColumnNullabilityChanged:
    case Kind::ColumnDefaultChanged:
    case Kind::ColumnOtherChanged:
    case Kind::ViewChanged:
    case Kind::EnumChanged:
        break;
    }
    return ChangeTone::Changed;
}

QString toneMarker(ChangeTone tone)
{
    switch (tone) {
    case ChangeTone::Added:
        return u"+"_qs;
    case ChangeTone::Removed:
        return u"−"_qs;
    case ChangeTone::Changed:
        break;
    }
    return u"~"_qs;
}

QColor toneColour(ChangeTone tone, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (tone) {
    case ChangeTone::Added:
        return QColor(dark ? 0x3fb950 : 0x1a7f37);
    case ChangeTone::Removed:
        return QColor(dark ? 0xf85149 : 0xc0271b);
    case ChangeTone::Changed:
        break;
    }
    return QColor(dark ? 0xd29922 : 0x9a6700);
}

} // namespace retort::gui
