#include "CommandLine.h"

#include "CommandSpecs.h"
#include "HelpText.h"
#include "UsageError.h"
#include "script/ProjectConfig.h"

#include <QFileInfo>

namespace retort::cli {

namespace {

QString argumentCountMessage(const CommandSpec &spec)
{
    if (spec.maxArguments == 0)
        return u"%1 takes no arguments"_qs.arg(spec.name);
    if (spec.minArguments == spec.maxArguments)
        return (spec.maxArguments == 1 ? u"%1 takes one argument: %2"_qs
                                       : u"%1 takes two arguments: %2"_qs)
            .arg(spec.name, spec.arguments);
    if (spec.maxArguments < 0)
        return u"%1 needs at least one argument: %2"_qs.arg(spec.name, spec.arguments);
    return u"%1 takes at most one argument: %2"_qs.arg(spec.name, spec.arguments);
}

} // namespace

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine cmd;
    // ./retort.ini, else ./alembic.ini: an Alembic project opens as it is.
    const bool alembicHere =
        !QFileInfo::exists(u"retort.ini"_qs) && QFileInfo::exists(u"alembic.ini"_qs);
    cmd.config =
        qEnvironmentVariable("RETORT_CONFIG", alembicHere ? u"alembic.ini"_qs : u"retort.ini"_qs);
    qsizetype i = 0;
    const CommandSpec *spec = nullptr;
    const auto usageError = [&](const QString &message) {
        return UsageError(message + u"\n\n"_qs + (spec ? commandHelp(*spec) : usageText()));
    };
    const auto needValue = [&](const QString &opt) -> QString {
        if (i + 1 >= arguments.size())
            throw usageError(u"option %1 needs a value"_qs.arg(opt));
        return arguments[++i];
    };
    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == u"-c" || arg == u"--config")
            cmd.config = projectIniPath(needValue(arg)); // a file, or a project folder
        else if (arg.startsWith(u"--config="))
            cmd.config = projectIniPath(arg.mid(9));
        else if (arg == u"--url")
            cmd.url = needValue(arg);
        else if (arg.startsWith(u"--url=")) // never "unknown option --url=postgresql://u:pw@..."
            cmd.url = arg.mid(6);
        else if (arg == u"--env")
            cmd.env = needValue(arg);
        else if (arg.startsWith(u"--env="))
            cmd.env = arg.mid(6);
        else if (arg == u"--python")
            cmd.python = needValue(arg);
        else if (arg.startsWith(u"--python="))
            cmd.python = arg.mid(9);
        else if (arg == u"--graph-from-alembic")
            cmd.graphFromAlembic = true;
        else if (arg.startsWith(u'-'))
            throw usageError(u"unknown option %1"_qs.arg(arg));
        else
            break;
    }
    if (i >= arguments.size())
        throw usageError(u"no command given"_qs);
    cmd.verb = arguments[i++];
    spec = findCommand(cmd.verb);
    if (!spec)
        throw usageError(u"unknown command '%1'"_qs.arg(cmd.verb));

    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == u"-h" || arg == u"--help") {
            cmd.help = true;
            return cmd;
        }
        // "-1" style relative revisions are arguments, not options.
        const bool looksLikeOption = arg.startsWith(u'-') && arg.size() > 1 && !arg[1].isDigit();
        if (!looksLikeOption) {
            cmd.positional.append(arg);
            continue;
        }
        QString name = arg;
        QString inlineValue;
        const qsizetype eq = arg.indexOf(u'=');
        if (arg.startsWith(u"--") && eq > 0) {
            name = arg.left(eq);
            inlineValue = arg.mid(eq + 1);
        }
        const OptionSpec *option = nullptr;
        for (const OptionSpec &o : spec->options)
            if (o.longName == name || o.shortName == name)
                option = &o;
        if (!option)
            throw usageError(u"unknown option %1 for '%2'"_qs.arg(arg, cmd.verb));
        QStringList &values = cmd.options[option->longName];
        if (option->takesValue())
            values.append(eq > 0 ? inlineValue : needValue(arg));
    }
    const qsizetype count = cmd.positional.size();
    if (count < spec->minArguments || (spec->maxArguments >= 0 && count > spec->maxArguments))
        throw usageError(argumentCountMessage(*spec));
    return cmd;
}

} // namespace retort::cli
