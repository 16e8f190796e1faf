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
    file->addAction(a->connectDatabase);
    file->addSeparator();
    file->addAction(a->quit);

    QMenu *migrate = w->menuBar()->addMenu(QObject::tr("&Migrate"));
    migrate->addActions({a->upgradeHead, a->upgradeSelected, a->downgradeOne, a->downgradeSelected,
                         a->stampSelected});
    migrate->addSeparator();
    migrate->addAction(a->rehearse);
    migrate->addSeparator();
    migrate->addActions({a->backupUpgrade, a->restore});
    migrate->addSeparator();
    migrate->addAction(a->cancelRun);

    QMenu *revisions = w->menuBar()->addMenu(QObject::tr("&Revisions"));
    revisions->addActions({a->newRevision, a->mergeHeads, a->findRevision, a->refresh});

    // Icons that say it alone leave their text to the tooltip, so the toolbar fits a
    // 1280-pixel window (low priority hides the text beside the icon).
    a->open->setPriority(QAction::LowPriority);
    a->refresh->setPriority(QAction::LowPriority);
    QToolBar *bar = w->addToolBar(QObject::tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({a->open, a->connectDatabase, a->refresh});
    bar->addSeparator();
    bar->addActions({a->upgradeHead, a->rehearse, a->backupUpgrade, a->downgradeOne, a->cancelRun});
    bar->addSeparator();
    bar->addActions({a->newRevision, a->mergeHeads});
    return a;
}

} // namespace retort::gui
