#include "HelpText.h"

#include "CommandSpecs.h"

#include <QStringList>

namespace retort::cli {

namespace {

constexpr qsizetype kWidth = 80;

// Greedy word wrap to `width` columns; `indent` starts every line after the first and
// counts in its width. The first line starts at column `start`.
QString wrap(const QString &text, qsizetype width, const QString &indent = {}, qsizetype start = 0)
{
    QString result;
    qsizetype lineLength = start;
    bool lineEmpty = true;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!lineEmpty && lineLength + 1 + word.size() > width) {
            result += u'\n' + indent;
            lineLength = indent.size();
        } else if (!lineEmpty) {
            result += u' ';
            ++lineLength;
        }
        result += word;
        lineLength += word.size();
        lineEmpty = false;
    }
    return result;
}

// "  NAMES   help", the help wrapped and aligned in a second column.
QString twoColumns(const QString &names, const QString &help, qsizetype column)
{
    QString line = u"  "_qs + names;
    if (line.size() + 2 > column)
        line += u'\n' + QString(column, u' ');
    else
        line += QString(column - line.size(), u' ');
    return line + wrap(help, kWidth, QString(column, u' '), column) + u'\n';
}

} // namespace

QString optionNames(const OptionSpec &option)
{
    QString names = option.shortName.isEmpty() ? option.longName
                                               : option.shortName + u", "_qs + option.longName;
    if (option.takesValue())
        names += u' ' + option.valueName;
    return names;
}

QString commandSynopsis(const CommandSpec &command)
{
    QString text = command.name;
    if (!command.arguments.isEmpty())
        text += u' ' + command.arguments;
    for (const OptionSpec &option : command.options) {
        const QString name = option.shortName.isEmpty() ? option.longName : option.shortName;
        text +=
            u" ["_qs + name + (option.takesValue() ? u' ' + option.valueName : QString()) + u']';
    }
    return text;
}

QString environmentText()
{
    return u"The project comes from -c, then $RETORT_CONFIG, then ./retort.ini, then "
           "./alembic.ini (an Alembic project is read as it is: its Python revision files are "
           "read without importing them, and upgrade, downgrade, stamp and --sql run the "
           "project's own Alembic, in the interpreter --python, $RETORT_PYTHON or the project "
           "names). The database URL comes from --url, then $DATABASE_URL, then the url in "
           "retort.ini; --env NAME takes the url of the ini's [env NAME] section instead. Retort "
           "prints no colour, so NO_COLOR needs nothing."_qs;
}

QString exitStatusText()
{
    return u"0 when the command succeeded; 1 when it failed (the reason goes to standard error "
           "as FAILED: message); 2 when the command line is wrong (an unknown command or "
           "option, a missing value, the wrong number of arguments)."_qs;
}

QString usageText()
{
    QString text =
        u"usage: retort [-c INI] [--url URL | --env NAME] [--python PATH] COMMAND [ARGS]\n"
        "       retort COMMAND --help\n"
        "       retort --version\n"
        "\n"
        "commands:\n"_qs;
    for (const CommandSpec &command : commandSpecs())
        text += twoColumns(command.name +
                               (command.arguments.isEmpty() ? QString() : u' ' + command.arguments),
                           command.summary, 20);
    text += u"\noptions:\n"_qs;
    for (const OptionSpec &option : globalOptions())
        text += twoColumns(optionNames(option), option.help, 20);
    text += twoColumns(u"-h, --help"_qs, u"show this help (or a command's, after it)"_qs, 20);
    text += twoColumns(u"--version"_qs, u"show the version"_qs, 20);
    text += u'\n' + wrap(environmentText(), kWidth) + u"\n\n"_qs +
            wrap(u"Exit status: "_qs + exitStatusText(), kWidth) + u'\n';
    return text;
}

QString commandHelp(const CommandSpec &command)
{
    QString text = wrap(u"usage: retort [-c INI] [--url URL] "_qs + commandSynopsis(command),
                        kWidth, u"         "_qs) +
                   u"\n\n"_qs + wrap(command.description, kWidth) + u'\n';
    if (!command.options.isEmpty()) {
        text += u"\noptions:\n"_qs;
        for (const OptionSpec &option : command.options)
            text += twoColumns(optionNames(option), option.help, 30);
    }
    return text;
}

} // namespace retort::cli
