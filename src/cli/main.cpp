// `retort`: Alembic's verbs and output over plain-SQL migrations. A thin layer: every
// command is a call into retort-core, so the window and the command line agree.
#include "CommandSpecs.h"
#include "Commands.h"
#include "Completion.h"
#include "Error.h"
#include "HelpText.h"
#include "ManPage.h"
#include "UsageError.h"
#include "db/DatabaseUrl.h"
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

namespace {

// Exit statuses, as documented in `retort --help` and retort(1).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int runCommand(const retort::cli::CommandLine &cmd, QTextStream &out, QTextStream &err)
{
    const QString &verb = cmd.verb;
    if (verb == u"init")
        retort::cli::runInit(cmd, out);
    else if ((verb == u"revision" || verb == u"merge") &&
             retort::cli::runAlembicScriptCommand(cmd, out, err))
        return kExitOk;
    else if (verb == u"revision" && cmd.flag(u"--autogenerate"_qs))
        retort::cli::runAutogenerate(cmd, out);
    else if (verb == u"revision" || verb == u"merge")
        retort::cli::runRevisionCommand(cmd, out);
    else if (verb == u"current" || verb == u"upgrade" || verb == u"downgrade" || verb == u"stamp" ||
             verb == u"verify")
        retort::cli::runDatabaseCommand(cmd, out, err);
    else if (verb == u"backup" || verb == u"restore")
        retort::cli::runBackupCommand(cmd, out, err);
    else if (verb == u"lint")
        return retort::cli::runLintCommand(cmd, out);
    else if (verb == u"rehearse")
        return retort::cli::runRehearseCommand(cmd, out);
    else if (verb == u"tables" || verb == u"describe")
        retort::cli::runSchemaCommand(cmd, out);
    else if (verb == u"diff")
        return retort::cli::runDiffCommand(cmd, out);
    else if (verb == u"check")
        return retort::cli::runCheckCommand(cmd, out);
    else if (verb == u"convert")
        return retort::cli::runConvertCommand(cmd, out);
    else
        retort::cli::runGraphCommand(cmd, out);
    return kExitOk;
}

} // namespace

int main(int argc, char **argv)
{
    retort::reserveHugePageHeap(64u << 20);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        err << retort::cli::usageText();
        return kExitUsage;
    }
    const QString &first = args.first();
    if (first == u"-h" || first == u"--help") {
        out << retort::cli::usageText();
        return kExitOk;
    }
    if (first == u"--version") {
        out << "retort " << QCoreApplication::applicationVersion() << '\n';
        return kExitOk;
    }
    // Hidden verbs for the shell completion and the build (packaging/).
    if (first == u"__complete") {
        for (const QString &word : retort::cli::completions(args.mid(1)))
            out << word << '\n';
        return kExitOk;
    }
    if (first == u"__manpage") {
        out << retort::cli::manPage(QCoreApplication::applicationVersion());
        return kExitOk;
    }
    try {
        const retort::cli::CommandLine cmd = retort::cli::parseCommandLine(args);
        if (cmd.help) {
            out << retort::cli::commandHelp(*retort::cli::findCommand(cmd.verb));
            return kExitOk;
        }
        return runCommand(cmd, out, err);
    } catch (const retort::cli::UsageError &e) {
        out.flush();
        // Messages mask URLs where they quote them; this catches any that quotes one raw
        // (an unknown option, a revision argument that was a URL by mistake).
        err << "FAILED: " << retort::DatabaseUrl::maskPasswordsIn(e.message()) << '\n';
        return kExitUsage;
    } catch (const retort::Error &e) {
        out.flush();
        err << "FAILED: " << retort::DatabaseUrl::maskPasswordsIn(e.message()) << '\n';
        return kExitFailure;
    }
}
