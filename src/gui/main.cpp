// retort-gui: the desktop window. With no argument it opens the sample project, so a
// new user sees a real revision graph at once.
#include "MainWindow.h"
#include "memory/HugePageHeap.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QStandardPaths>
#include <QTimer>

namespace {

bool copyFolder(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    const QDir source(from);
    for (const QFileInfo &entry :
         source.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = to + u'/' + entry.fileName();
        const bool ok = entry.isDir() ? copyFolder(entry.filePath(), target)
                                      : QFile::copy(entry.filePath(), target);
        if (!ok)
            return false;
    }
    return true;
}

// The sample project: the source tree's when this binary runs from its build folder;
// when installed, a copy of /usr/share/retort/minirag in the user's data folder, since
// its SQLite database is created beside retort.ini and /usr/share is read-only.
QString sampleProject()
{
    const QString binary = QCoreApplication::applicationDirPath();
    if (binary.startsWith(QStringLiteral(RETORT_BINARY_DIR)))
        return QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");
    const QString installed = binary + QStringLiteral("/../share/retort/minirag");
    const QString copy = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                         u"/retort/minirag"_qs;
    if (!QFileInfo::exists(copy + u"/retort.ini"_qs) && !copyFolder(installed, copy))
        return installed; // shown read-only; the window reports what it cannot write
    return copy;
}

} // namespace

int main(int argc, char **argv)
{
    // Opening a 20,000-revision project allocates 60-250 MB in small pieces, on a pool
    // thread (see HugePageHeap.h).
    retort::reserveHugePageHeap(512u << 20, retort::Arenas::Single);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Retort"));
    QApplication::setOrganizationName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    // The task bar finds the icon and the launcher through the .desktop file's name.
    QApplication::setDesktopFileName(QStringLiteral("io.github.retort.Retort"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/retort.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Retort migration manager"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once the project is shown, then quit"),
        QStringLiteral("file.png"));
    parser.addOption(screenshot);
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QStringLiteral("A project folder, its retort.ini, or an Alembic project's alembic.ini"));
    parser.process(app);

    QString project = parser.positionalArguments().value(0);
    if (project.isEmpty())
        project = sampleProject();

    retort::gui::MainWindow window;
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QObject::connect(&window, &retort::gui::MainWindow::projectLoaded, &window,
                         [&window, file] {
                             // Let layout and painting settle before grabbing.
                             QTimer::singleShot(300, &window, [&window, file] {
                                 const bool saved = window.grab().save(file);
                                 QCoreApplication::exit(saved ? 0 : 1);
                             });
                         });
    }
    window.openProject(project);
    window.show();
    return QApplication::exec();
}
