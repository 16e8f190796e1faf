#include "MainActions.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

namespace retort::gui {

namespace {

QAction *make(QMainWindow *window, const QString &text, const QKeySequence &shortcut,
              const QString &tip, QStyle::StandardPixmap icon = QStyle::SP_CustomBase)
{
    auto *action = new QAction(text, window);
    action->setShortcut(shortcut);
    action->setToolTip(shortcut.isEmpty()
                           ? tip
                           : u"%1 (%2)"_qs.arg(tip, shortcut.toString(QKeySequence::NativeText)));
    action->setStatusTip(tip);
    if (icon != QStyle::SP_CustomBase)
        action->setIcon(window->style()->standardIcon(icon));
    return action;
}

} // namespace

MainActions *MainActions::create(QMainWindow *w)
{
    auto *a = new MainActions;
    a->open = make(w, QObject::tr("&Open Project…"), QKeySequence::Open,
                   QObject::tr("Open a folder with retort.ini or alembic.ini"),
                   QStyle::SP_DialogOpenButton);
    a->connectDatabase = make(w, QObject::tr("&Connect to Database…"), QKeySequence(u"Ctrl+K"_qs),
                              QObject::tr("Choose the database for this project (PostgreSQL, "
                                          "SQLite or a URL)"),
                              QStyle::SP_DriveNetIcon);
    a->quit = make(w, QObject::tr("&Quit"), QKeySequence::Quit, QObject::tr("Quit Retort"));
    a->refresh = make(w, QObject::tr("&Refresh"), QKeySequence::Refresh,
                      QObject::tr("Reload the project and read the database's revision again"),
                      QStyle::SP_BrowserReload);
    a->upgradeHead =
        make(w, QObject::tr("Upgrade to &Head"), QKeySequence(u"Ctrl+U"_qs),
             QObject::tr("Show the plan to upgrade to head, then run it"), QStyle::SP_ArrowUp);
    a->upgradeSelected =
        make(w, QObject::tr("&Upgrade to Selected"), QKeySequence(u"Ctrl+Shift+U"_qs),
             QObject::tr("Upgrade to the revision selected in the history"));
    a->downgradeOne = make(w, QObject::tr("Downgrade &One Step"), QKeySequence(u"Ctrl+D"_qs),
                           QObject::tr("Downgrade by one revision (-1)"), QStyle::SP_ArrowDown);
    a->downgradeSelected =
        make(w, QObject::tr("&Downgrade to Selected"), QKeySequence(u"Ctrl+Shift+D"_qs),
             QObject::tr("Downgrade to the revision selected in the history"));
    a->downgradeBase = make(w, QObject::tr("Downgrade to &Base…"), QKeySequence(),
                            QObject::tr("Downgrade every revision: an empty schema (base)"));
    a->nextTab = make(w, QObject::tr("&Next Tab"), QKeySequence(u"Ctrl+Tab"_qs),
                      QObject::tr("Show the next tab on the right"));
    a->previousTab = make(w, QObject::tr("&Previous Tab"), QKeySequence(u"Ctrl+Shift+Tab"_qs),
                          QObject::tr("Show the previous tab on the right"));
    a->compare = make(w, QObject::tr("&Compare Schemas"), QKeySequence(u"Ctrl+Shift+K"_qs),
                      QObject::tr("Compare two schemas (a database, a revision, a schema file) "
                                  "and write the difference as a revision"));
    a->stampSelected = make(w, QObject::tr("&Stamp Selected…"), QKeySequence(u"Ctrl+T"_qs),
                            QObject::tr("Set the version table to the selected revision without "
                                        "running any migration"));
    a->rehearse = make(w, QObject::tr("Re&hearse"), QKeySequence(u"Ctrl+Shift+R"_qs),
                       QObject::tr("Dry-run the plan chosen in the Plan tab (upgrade to head by "
                                   "default) in a transaction that is rolled back, check the "
                                   "order of its merges, and show the schema diff"),
                       QStyle::SP_FileDialogContentsView);
    a->cancelRun =
        make(w, QObject::tr("&Cancel Run"), QKeySequence(u"Ctrl+."_qs),
             QObject::tr("Stop the running migration and roll it back"), QStyle::SP_BrowserStop);
    a->backupUpgrade = make(w, QObject::tr("&Backup && Upgrade"), QKeySequence(u"Ctrl+Shift+B"_qs),
                            QObject::tr("Back up the database, verify the backup, then upgrade "
                                        "to head"),
                            QStyle::SP_DialogSaveButton);
    a->backup = make(w, QObject::tr("&Backup…"), QKeySequence(u"Ctrl+B"_qs),
                     QObject::tr("Back up the database into the project's backup folder and "
                                 "verify the backup (retort backup)"));
    a->environmentsOverview =
        make(w, QObject::tr("&Environments Overview…"), QKeySequence(u"Ctrl+Shift+E"_qs),
             QObject::tr("Every environment's revision, lag behind head, drift and last run"));
    a->verify = make(w, QObject::tr("&Verify…"), QKeySequence(),
                     QObject::tr("Show drift: applied revisions whose file changed since they "
                                 "ran, or went missing (retort verify)"));
    a->restore = make(w, QObject::tr("&Restore…"), QKeySequence(),
                      QObject::tr("Restore the database from one of the project's backups"));
    a->newRevision = make(w, QObject::tr("&New Revision…"), QKeySequence::New,
                          QObject::tr("Write a new migration file"), QStyle::SP_FileIcon);
    a->mergeHeads = make(w, QObject::tr("&Merge Heads…"), QKeySequence(u"Ctrl+M"_qs),
                         QObject::tr("Write a merge revision of all heads"));
    a->findRevision = make(w, QObject::tr("&Find Revision"), QKeySequence::Find,
                           QObject::tr("Filter the history by id, label or message"));

    QMenu *file = w->menuBar()->addMenu(QObject::tr("&File"));
    file->addAction(a->open);
    a->recent = file->addMenu(QObject::tr("Open &Recent"));
    file->addActions({a->connectDatabase, a->environmentsOverview});
    file->addSeparator();
    file->addActions({a->backup, a->restore});
    file->addSeparator();
    file->addAction(a->quit);

    QMenu *migrate = w->menuBar()->addMenu(QObject::tr("&Migrate"));
    migrate->addActions({a->upgradeHead, a->upgradeSelected, a->downgradeOne, a->downgradeSelected,
                         a->downgradeBase, a->stampSelected});
    migrate->addSeparator();
    migrate->addActions({a->rehearse, a->verify});
    migrate->addSeparator();
    migrate->addAction(a->backupUpgrade);
    migrate->addSeparator();
    migrate->addAction(a->cancelRun);

    QMenu *revisions = w->menuBar()->addMenu(QObject::tr("&Revisions"));
    revisions->addActions({a->newRevision, a->mergeHeads, a->findRevision, a->refresh});
    a->revisions = revisions;
    a->view = w->menuBar()->addMenu(QObject::tr("&View"));
    a->view->addActions({a->compare, a->nextTab, a->previousTab});
    a->view->addSeparator();

    // Icons that say it alone leave their text to the tooltip, so the toolbar fits a
    // 1280-pixel window (low priority hides the text beside the icon).
    // Text beside the icon only where the icon cannot say it: the toolbar fits 1024 pixels.
    for (QAction *iconOnly : {a->open, a->refresh, a->connectDatabase, a->rehearse, a->downgradeOne,
                              a->cancelRun, a->newRevision, a->mergeHeads})
        iconOnly->setPriority(QAction::LowPriority);
    QToolBar *bar = w->addToolBar(QObject::tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    a->view->addAction(bar->toggleViewAction());
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({a->open, a->connectDatabase, a->refresh});
    bar->addSeparator();
    bar->addActions({a->upgradeHead, a->rehearse, a->backupUpgrade, a->downgradeOne, a->cancelRun});
    bar->addSeparator();
    bar->addActions({a->newRevision, a->mergeHeads});
    return a;
}

} // namespace retort::gui
