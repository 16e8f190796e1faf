#pragma once

#include <QString>

namespace retort {
struct MergeOrderFinding;
}

namespace retort::gui {

// A merge-order problem in a few lines of rich text, for a warning box: which order
// fails and why, what is missing and who creates it, and the fix. The core's full
// message (every order tried, with files and statements) is long for a box; show it in
// the box's tooltip. A problem of differing schemas has no short form: it is the message.
QString mergeFindingHtml(const MergeOrderFinding &finding);

} // namespace retort::gui
