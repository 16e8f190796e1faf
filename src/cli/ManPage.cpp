#include "ManPage.h"

#include "CommandSpecs.h"
#include "HelpText.h"

namespace retort::cli {

namespace {

// Text as roff shows it literally: backslashes escaped, minus signs as \-, and no line
// starting with a control character.
QString roff(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\e"_qs).replace(u'-', u"\\-"_qs);
    if (escaped.startsWith(u'.') || escaped.startsWith(u'\''))
        escaped.prepend(u"\\&"_qs);
    return escaped;
}

QString bold(const QString &text)
{
    return u"\\fB"_qs + roff(text) + u"\\fR"_qs;
}

QString optionItem(const OptionSpec &option)
{
    QString names = option.shortName.isEmpty()
                        ? bold(option.longName)
                        : bold(option.shortName) + u", "_qs + bold(option.longName);
    if (option.takesValue())
        names += u" \\fI"_qs + roff(option.valueName) + u"\\fR"_qs;
    return u".TP\n"_qs + names + u'\n' + roff(option.help) + u'\n';
}

} // namespace

QString manPage(const QString &version)
{
    QString page = u".TH RETORT 1 \"\" \"retort "_qs + roff(version) +
                   u"\" \"User Commands\"\n"
                   ".SH NAME\n"
                   "retort \\- manage Alembic\\-style SQL migrations of PostgreSQL and SQLite "
                   "databases\n"
                   ".SH SYNOPSIS\n"
                   ".B retort\n"
                   "[\\fB\\-c\\fR \\fIINI\\fR] [\\fB\\-\\-url\\fR \\fIURL\\fR] \\fICOMMAND\\fR "
                   "[\\fIARGS\\fR]\n"
                   ".br\n"
                   ".B retort\n"
                   "\\fICOMMAND\\fR \\fB\\-\\-help\\fR\n"
                   ".br\n"
                   ".B retort \\-\\-version\n"
                   ".SH DESCRIPTION\n"
                   "Retort reads an Alembic\\-style revision graph written as plain SQL files "
                   "(a retort.ini and a versions/ folder), answers heads, history, branches "
                   "and show as Alembic does, and applies, previews, rehearses, lints, backs up "
                   "and restores migrations on PostgreSQL and SQLite. It shares Alembic's "
                   "alembic_version table and keeps an audit trail in retort_ledger. "
                   "The window is \\fBretort\\-gui\\fR(1).\n"
                   ".SH OPTIONS\n"_qs;
    for (const OptionSpec &option : globalOptions())
        page += optionItem(option);
    page += u".SH COMMANDS\n"_qs;
    for (const CommandSpec &command : commandSpecs()) {
        page += u".TP\n"_qs + bold(command.name);
        if (!command.arguments.isEmpty())
            page += u" \\fI"_qs + roff(command.arguments) + u"\\fR"_qs;
        page += u'\n' + roff(command.description) + u'\n';
        if (!command.options.isEmpty()) {
            page += u".RS\n"_qs;
            for (const OptionSpec &option : command.options)
                page += optionItem(option);
            page += u".RE\n"_qs;
        }
    }
    page += u".SH ENVIRONMENT\n"_qs + roff(environmentText()) + u"\n.SH EXIT STATUS\n"_qs +
            roff(exitStatusText()) +
            u"\n.SH EXAMPLES\n"
            ".nf\n"
            "retort init myproject && cd myproject\n"
            "retort revision \\-m \"create users\"\n"
            "retort upgrade head \\-\\-sql\n"
            "retort upgrade\n"
            "retort history\n"
            ".fi\n"
            ".SH FILES\n"
            ".TP\n"
            ".I /usr/share/retort/minirag\n"
            "The sample project: a graph with two branches and a merge.\n"
            ".SH SEE ALSO\n"
            "\\fBretort\\-gui\\fR(1), \\fBalembic\\fR(1), \\fBpsql\\fR(1)\n"_qs;
    return page;
}

} // namespace retort::cli
