// `retort`: Alembic's verbs and output over plain-SQL migrations. A thin layer: every
// command is a call into retort-core, so the window and the command line agree.
#include "Commands.h"
#include "Error.h"
#include "memory/HugePageHeap.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

void retort::cli::printWarnings(const QStringList &warnings)
{
    QTextStream err(stderr);
    for (const QString &w : warnings)
        err << "WARNING: " << w << '\n';
}

int main(int argc, char **argv)
{
    retort::reserveHugePageHeap(64u << 20);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == u"-h" || args.first() == u"--help") {
        out << retort::cli::usageText();
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == u"--version") {
        out << "retort " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    try {
        const retort::cli::CommandLine cmd = retort::cli::parseCommandLine(args);
        const QString &verb = cmd.verb;
        if (verb == u"init")
            retort::cli::runInit(cmd, out);
        else if (verb == u"revision" || verb == u"merge")
            retort::cli::runRevisionCommand(cmd, out);
        else if (verb == u"current" || verb == u"upgrade" || verb == u"downgrade" ||
                 verb == u"stamp" || verb == u"verify")
            retort::cli::runDatabaseCommand(cmd, out, err);
        else if (verb == u"backup" || verb == u"restore")
            retort::cli::runBackupCommand(cmd, out, err);
        else if (verb == u"lint")
            return retort::cli::runLintCommand(cmd, out);
        else if (verb == u"rehearse")
            return retort::cli::runRehearseCommand(cmd, out);
        else if (verb == u"tables" || verb == u"describe")
            retort::cli::runSchemaCommand(cmd, out);
        else
            retort::cli::runGraphCommand(cmd, out);
    } catch (const retort::Error &e) {
        out.flush();
        err << "FAILED: " << e.message() << '\n';
        return 1;
    }
    return 0;
}
