#include "CommandLine.h"

#include "Error.h"
#include "script/ProjectConfig.h"

#include <QFileInfo>

namespace retort::cli {

namespace {

struct OptionSpec {
    QString longName;
    QString shortName;
    bool takesValue;
    bool repeatable;
};

// Each verb's options. Short names follow Alembic's (-r for a range, -v verbose).
const QHash<QString, QVector<OptionSpec>> &verbOptions()
{
    static const QHash<QString, QVector<OptionSpec>> specs = {
        {u"init"_qs, {}},
        {u"heads"_qs, {{u"--verbose"_qs, u"-v"_qs, false, false}}},
        {u"branches"_qs, {{u"--verbose"_qs, u"-v"_qs, false, false}}},
        {u"history"_qs,
         {{u"--verbose"_qs, u"-v"_qs, false, false}, {u"--rev-range"_qs, u"-r"_qs, true, false}}},
        {u"show"_qs, {}},
        {u"current"_qs, {{u"--verbose"_qs, u"-v"_qs, false, false}}},
        {u"upgrade"_qs,
         {{u"--sql"_qs, {}, false, false},
          {u"--lock-timeout"_qs, {}, true, false},
          {u"--transaction-per-migration"_qs, {}, false, false},
          {u"--backup"_qs, {}, false, false}}},
        {u"downgrade"_qs,
         {{u"--sql"_qs, {}, false, false},
          {u"--lock-timeout"_qs, {}, true, false},
          {u"--transaction-per-migration"_qs, {}, false, false}}},
        {u"stamp"_qs,
         {{u"--sql"_qs, {}, false, false},
          {u"--purge"_qs, {}, false, false},
          {u"--lock-timeout"_qs, {}, true, false}}},
        {u"verify"_qs, {}},
        {u"lint"_qs, {}},
        {u"backup"_qs, {{u"--list"_qs, {}, false, false}}},
        {u"restore"_qs, {{u"--into"_qs, {}, true, false}}},
        {u"rehearse"_qs, {}},
        {u"tables"_qs, {}},
        {u"describe"_qs, {}},
        {u"revision"_qs,
         {{u"--message"_qs, u"-m"_qs, true, false},
          {u"--head"_qs, {}, true, false},
          {u"--branch-label"_qs, {}, true, true},
          {u"--depends-on"_qs, {}, true, true},
          {u"--rev-id"_qs, {}, true, false},
          {u"--splice"_qs, {}, false, false}}},
        {u"merge"_qs,
         {{u"--message"_qs, u"-m"_qs, true, false},
          {u"--branch-label"_qs, {}, true, true},
          {u"--rev-id"_qs, {}, true, false}}},
    };
    return specs;
}

} // namespace

QString usageText()
{
    return u"usage: retort [-c retort.ini|alembic.ini|FOLDER] [--url URL] [--python PATH] COMMAND "
           "[ARGS]\n"
           "\n"
           "commands:\n"
           "  init DIR                 create a project (retort.ini and versions/) in DIR\n"
           "  heads [-v]               show the heads of the revision graph\n"
           "  branches [-v]            show the branch points\n"
           "  history [-r RANGE] [-v]  list revisions, newest first (RANGE like base:head)\n"
           "  show REV                 show one revision\n"
           "  current [-v]             show the database's current revision(s)\n"
           "  upgrade [REV] [--sql]    upgrade to REV (default head); --sql prints the script\n"
           "  downgrade REV [--sql]    downgrade to REV (base, -1, an id); --sql needs FROM:TO\n"
           "  upgrade [REV] --backup   back up (verified) first, then upgrade\n"
           "  stamp REV... [--purge]   set the version table without running migrations\n"
           "  verify                   check applied files are unchanged and the database is at "
           "head\n"
           "  revision -m MSG [--head H] [--branch-label L] [--depends-on R] [--rev-id ID]\n"
           "                           write a new migration file\n"
           "  merge REVS... -m MSG     write a merge revision (REVS may be 'heads')\n"
           "  backup [--list]          back up the database into backup_dir (or list backups)\n"
           "  restore FILE [--into T]  restore a backup over the database, or into a new one\n"
           "  lint [REV]               warn about risky PostgreSQL migration SQL up to REV\n"
           "                           (default all); exit code 1 when there are findings\n"
           "  rehearse [REV]           dry-run the upgrade to REV (default head) in a rolled-back\n"
           "                           transaction: timings, locks, schema diff, merge order\n"
           "  tables                   list tables, views and sequences (like psql's \\d)\n"
           "  describe TABLE           show a table's columns, indexes and keys (like \\d TABLE)\n"
           "\n"
           "Database commands take --lock-timeout SECONDS (wait for another run's lock instead\n"
           "of failing) and upgrade/downgrade take --transaction-per-migration.\n"
           "The URL comes from --url, then $DATABASE_URL, then retort.ini.\n"
           "\n"
           "The configuration (-c FILE or FOLDER) defaults to $RETORT_CONFIG, then ./retort.ini,\n"
           "then ./alembic.ini: an Alembic project is read as it is (Python revision files are\n"
           "read without importing them; upgrade, downgrade, stamp and --sql run the project's\n"
           "own Alembic with --python PATH, $RETORT_PYTHON, python = in [retort], $VIRTUAL_ENV,\n"
           "a .venv/ or venv/ beside or above alembic.ini, or python3).\n"_qs;
}

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine cmd;
    // ./retort.ini, else ./alembic.ini: an Alembic project opens as it is.
    const bool alembicHere =
        !QFileInfo::exists(u"retort.ini"_qs) && QFileInfo::exists(u"alembic.ini"_qs);
    cmd.config =
        qEnvironmentVariable("RETORT_CONFIG", alembicHere ? u"alembic.ini"_qs : u"retort.ini"_qs);
    qsizetype i = 0;
    const auto needValue = [&](const QString &opt) -> QString {
        if (i + 1 >= arguments.size())
            throw Error(u"option %1 needs a value\n\n%2"_qs.arg(opt, usageText()));
        return arguments[++i];
    };
    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == u"-c" || arg == u"--config")
            cmd.config = projectIniPath(needValue(arg)); // a file, or a project folder
        else if (arg == u"--url")
            cmd.url = needValue(arg);
        else if (arg == u"--python")
            cmd.python = needValue(arg);
        else if (arg.startsWith(u'-'))
            throw Error(u"unknown option %1\n\n%2"_qs.arg(arg, usageText()));
        else
            break;
    }
    if (i >= arguments.size())
        throw Error(u"no command given\n\n%1"_qs.arg(usageText()));
    cmd.verb = arguments[i++];
    const auto specs = verbOptions().constFind(cmd.verb);
    if (specs == verbOptions().constEnd())
        throw Error(u"unknown command '%1'\n\n%2"_qs.arg(cmd.verb, usageText()));

    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
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
        const OptionSpec *spec = nullptr;
        for (const OptionSpec &s : *specs)
            if (s.longName == name || s.shortName == name)
                spec = &s;
        if (!spec)
            throw Error(u"unknown option %1 for '%2'\n\n%3"_qs.arg(arg, cmd.verb, usageText()));
        QStringList &values = cmd.options[spec->longName];
        if (spec->takesValue)
            values.append(eq > 0 ? inlineValue : needValue(arg));
    }
    return cmd;
}

} // namespace retort::cli
