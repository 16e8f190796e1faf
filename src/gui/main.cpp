// retort-gui: the desktop window. With no argument it opens the sample project, so a
// new user sees a real revision graph at once.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Retort"));
    QApplication::setOrganizationName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Retort migration manager"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("A project folder or its retort.ini"));
    parser.process(app);

    QString project = parser.positionalArguments().value(0);
    if (project.isEmpty())
        project = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

    retort::gui::MainWindow window;
    window.openProject(project);
    window.show();
    return QApplication::exec();
}
