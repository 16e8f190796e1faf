// retort-gui: the desktop window. With no argument it opens the sample project, so a
// new user sees a real revision graph at once.
#include "MainWindow.h"
#include "memory/HugePageHeap.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

int main(int argc, char **argv)
{
    // Opening a 20,000-revision project allocates 60-250 MB in small pieces, on a pool
    // thread (see HugePageHeap.h).
    retort::reserveHugePageHeap(512u << 20, retort::Arenas::Single);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Retort"));
    QApplication::setOrganizationName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));

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
        project = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

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
