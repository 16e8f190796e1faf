#pragma once

class QAction;
class QMainWindow;
class QMenu;

namespace retort::gui {

// Every command of the window as a QAction with its shortcut and tooltip, in the menus
// and the toolbar. MainWindow connects them.
struct MainActions {
    QAction *open = nullptr;
    QMenu *recent = nullptr;
    QAction *connectDatabase = nullptr;
    QAction *quit = nullptr;
    QAction *refresh = nullptr;
    QAction *upgradeHead = nullptr;
    QAction *upgradeSelected = nullptr;
    QAction *downgradeOne = nullptr;
    QAction *downgradeSelected = nullptr;
    QAction *stampSelected = nullptr;
    QAction *rehearse = nullptr;
    QAction *cancelRun = nullptr;
    QAction *backupUpgrade = nullptr;
    QAction *restore = nullptr;
    QAction *backup = nullptr;
    QAction *verify = nullptr;
    QAction *environmentsOverview = nullptr;
    QAction *newRevision = nullptr;
    QAction *mergeHeads = nullptr;
    QAction *findRevision = nullptr;
    QAction *downgradeBase = nullptr;
    QAction *nextTab = nullptr;
    QAction *previousTab = nullptr;
    QAction *compare = nullptr;
    QMenu *revisions = nullptr; // for the history's own actions (find next, go to current)
    QMenu *view = nullptr;      // for the docks and toolbars, added as they are made

    static MainActions *create(QMainWindow *window);
};

} // namespace retort::gui
