#pragma once

#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QMainWindow;

namespace retort {
struct DatabaseUrl;
}

namespace retort::gui {

// The Help menu: Documentation (the README, installed or beside the build) and About.
// `database` answers which database the window uses now, for the About dialog.
void addHelpMenu(QMainWindow *window, std::function<std::optional<DatabaseUrl>()> database);

// The README the package installs (beside the executable's ../share), else the one in the
// source tree this was built from, else the project's homepage.
QUrl documentationUrl();

} // namespace retort::gui
