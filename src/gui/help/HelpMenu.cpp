#include "help/HelpMenu.h"

#include "db/DatabaseUrl.h"
#include "help/AboutDialog.h"

#include <QAction>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenuBar>

namespace retort::gui {

QUrl documentationUrl()
{
    // Found from the executable, so any install prefix works (/usr/bin -> /usr/share).
    const QString installed =
        QCoreApplication::applicationDirPath() + u"/../share/doc/retort-gui/README.md"_qs;
    for (const QString &readme : {installed, QStringLiteral(RETORT_SOURCE_DIR "/README.md")}) {
        if (QFileInfo::exists(readme))
            return QUrl::fromLocalFile(readme);
    }
    return QUrl(QStringLiteral(RETORT_HOMEPAGE));
}

void addHelpMenu(QMainWindow *window, std::function<std::optional<DatabaseUrl>()> database)
{
    QMenu *help = window->menuBar()->addMenu(QObject::tr("&Help"));
    QAction *docs = help->addAction(QObject::tr("&Documentation"));
    docs->setShortcut(QKeySequence::HelpContents);
    docs->setObjectName(QStringLiteral("documentationAction"));
    QObject::connect(docs, &QAction::triggered, window,
                     [] { QDesktopServices::openUrl(documentationUrl()); });
    QAction *about = help->addAction(QObject::tr("&About Retort"));
    about->setMenuRole(QAction::AboutRole);
    about->setObjectName(QStringLiteral("aboutAction"));
    QObject::connect(about, &QAction::triggered, window, [window, database] {
        auto *dialog = new AboutDialog(database(), window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
}

} // namespace retort::gui
