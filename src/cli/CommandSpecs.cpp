#include "CommandSpecs.h"

namespace retort::cli {

namespace {

using K = ArgumentKind;

OptionSpec verbose()
{
    return {u"--verbose"_qs, u"-v"_qs, {}, u"show every field of each revision"_qs};
}
OptionSpec sqlFlag()
{
    return {u"--sql"_qs, {}, {}, u"print the SQL script instead of running it (offline mode)"_qs};
}
OptionSpec lockTimeout()
{
    return {u"--lock-timeout"_qs,
            {},
            u"SECONDS"_qs,
            u"wait up to SECONDS for another run's lock instead of failing at once"_qs};
}
OptionSpec transactionPerMigration()
{
    return {u"--transaction-per-migration"_qs,
            {},
            {},
            u"commit after each revision instead of once for the whole run"_qs};
}
OptionSpec message()
{
    return {u"--message"_qs, u"-m"_qs, u"MSG"_qs, u"the revision's message"_qs};
}
OptionSpec branchLabel()
{
    return {u"--branch-label"_qs,
            {},
            u"LABEL"_qs,
            u"a branch label for the new revision"_qs,
            K::Text,
            true};
}
OptionSpec devUrl()
{
    return {u"--dev-url"_qs,
            {},
            u"URL"_qs,
            u"an empty PostgreSQL database to build schemas on, instead of a temporary "
            "database created on the server"_qs};
}
OptionSpec noValidate()
{
    return {u"--no-validate"_qs,
            {},
            {},
            u"do not try the generated SQL before printing or writing it"_qs};
}
OptionSpec revId()
{
    return {u"--rev-id"_qs, {}, u"ID"_qs, u"use ID instead of a generated revision id"_qs};
}

} // namespace

// Alembic's verbs and short options (-r for a range, -v verbose, -m message).
const QVector<CommandSpec> &commandSpecs()
{
    static const QVector<CommandSpec> specs = {
        {u"init"_qs,
         u"DIR"_qs,
         1,
         1,
         K::Path,
         u"create a project (retort.ini and versions/) in DIR"_qs,
         u"Create DIR with a retort.ini and an empty versions/ folder. DIR must be missing or "
         "empty."_qs,
         {}},
        {u"heads"_qs,
         {},
         0,
         0,
         K::None,
         u"show the heads of the revision graph"_qs,
         u"Print the revisions nothing revises, as alembic heads does."_qs,
         {verbose()}},
        {u"branches"_qs,
         {},
         0,
         0,
         K::None,
         u"show the branch points"_qs,
         u"Print the revisions more than one revision revises, with their children."_qs,
         {verbose()}},
        {u"history"_qs,
         {},
         0,
         0,
         K::None,
         u"list revisions, newest first"_qs,
         u"List the revisions from the heads down to the bases, in Alembic's order and text."_qs,
         {verbose(),
          {u"--rev-range"_qs, u"-r"_qs, u"RANGE"_qs,
           u"only the revisions in RANGE, like base:head or rev:current"_qs, K::Revision}}},
        {u"show"_qs,
         u"REV"_qs,
         1,
         1,
         K::Revision,
         u"show one revision"_qs,
         u"Print one revision: id, parents, path, labels and message."_qs,
         {}},
        {u"current"_qs,
         {},
         0,
         0,
         K::None,
         u"show the database's current revision(s)"_qs,
         u"Print the revisions the database's version table holds."_qs,
         {verbose()}},
        {u"upgrade"_qs,
         u"[REV]"_qs,
         0,
         1,
         K::Revision,
         u"upgrade the database to REV (default head)"_qs,
         u"Run the upgrade sections from the database's current revisions up to REV (default "
         "head), in one transaction that a failure rolls back."_qs,
         {sqlFlag(),
          lockTimeout(),
          transactionPerMigration(),
          {u"--backup"_qs, {}, {}, u"back up the database (verified) first, then upgrade"_qs}}},
        {u"downgrade"_qs,
         u"REV"_qs,
         1,
         1,
         K::Revision,
         u"downgrade the database to REV"_qs,
         u"Run the downgrade sections from the current revisions down to REV (base, -1, an id). "
         "With --sql, REV is FROM:TO."_qs,
         {sqlFlag(), lockTimeout(), transactionPerMigration()}},
        {u"stamp"_qs,
         u"REV..."_qs,
         1,
         -1,
         K::Revision,
         u"set the version table without running migrations"_qs,
         u"Write REV into the version table without running any migration."_qs,
         {sqlFlag(), {u"--purge"_qs, {}, {}, u"empty the version table first"_qs}, lockTimeout()}},
        {u"verify"_qs,
         {},
         0,
         0,
         K::None,
         u"check applied files are unchanged and at head"_qs,
         u"Compare the checksums in retort_ledger with the migration files and check the "
         "database is at head; exit status 1 when anything differs."_qs,
         {}},
        {u"revision"_qs,
         {},
         0,
         0,
         K::None,
         u"write a new migration file"_qs,
         u"Write a new migration file on top of the head (or --head), with a generated id."_qs,
         {message(),
          {u"--head"_qs,
           {},
           u"REV"_qs,
           u"the revision the new one revises (base for a new branch); one that is not a head "
           "needs --splice"_qs,
           K::Revision},
          branchLabel(),
          {u"--depends-on"_qs,
           {},
           u"REV"_qs,
           u"a revision the new one depends on"_qs,
           K::Revision,
           true},
          revId(),
          {u"--splice"_qs, {}, {}, u"allow --head to be a revision that is not a head"_qs},
          {u"--autogenerate"_qs,
           {},
           {},
           u"fill the revision with the SQL that takes head to the desired schema (`schema = "
           "path` in retort.ini, or --from), and its downgrade with the reverse"_qs},
          {u"--from"_qs,
           {},
           u"URL"_qs,
           u"with --autogenerate: the desired schema is this database's"_qs},
          devUrl(),
          noValidate()}},
        {u"merge"_qs,
         u"REVS..."_qs,
         1,
         -1,
         K::Revision,
         u"write a merge revision"_qs,
         u"Write a revision that revises all of REVS (or 'heads'), joining them into one "
         "head."_qs,
         {message(), branchLabel(), revId()}},
        {u"backup"_qs,
         {},
         0,
         0,
         K::None,
         u"back up the database into backup_dir"_qs,
         u"Dump the database into retort.ini's backup_dir and verify the dump."_qs,
         {{u"--list"_qs, {}, {}, u"list the backups instead of making one"_qs}}},
        {u"restore"_qs,
         u"FILE"_qs,
         1,
         1,
         K::Path,
         u"restore a backup"_qs,
         u"Verify FILE and restore it over the database, or into a new one with --into."_qs,
         {{u"--into"_qs, {}, u"TARGET"_qs, u"restore into this new database instead"_qs}}},
        {u"lint"_qs,
         u"[REV]"_qs,
         0,
         1,
         K::Revision,
         u"warn about risky PostgreSQL migration SQL"_qs,
         u"Check the SQL of every revision up to REV (default all) for statements that lock or "
         "rewrite big tables; exit status 1 when there are findings."_qs,
         {}},
        {u"rehearse"_qs,
         u"[REV]"_qs,
         0,
         1,
         K::Revision,
         u"dry-run an upgrade, rolled back"_qs,
         u"Run the upgrade to REV (default head) in a transaction that is always rolled back, "
         "and print each statement's time and locks, the schema diff and each merge's order; "
         "exit status 1 when it fails."_qs,
         {}},
        {u"diff"_qs,
         u"FROM TO"_qs,
         2,
         2,
         K::Path,
         u"print the SQL that turns FROM into TO"_qs,
         u"Compare two schemas and print the SQL that turns FROM into TO, in an order that "
         "runs, with hazards (data loss, long locks) as comments; nothing when they are the "
         "same. Each side is a database URL, a schema .sql file or folder, or a revision "
         "(head, current, an id). Files and revisions are built on a scratch database (a "
         "temporary PostgreSQL database, always dropped; SQLite in memory). The SQL is tried "
         "before it is printed: on FROM itself in a transaction that is rolled back (a "
         "scratch database, or a PostgreSQL database nobody else is connected to), on an "
         "in-memory copy of a SQLite file, or else on FROM rebuilt on a scratch database."_qs,
         {{u"--format"_qs, {}, u"FORMAT"_qs, u"sql (default) or text: the list of changes"_qs},
          devUrl(),
          noValidate()}},
        {u"check"_qs,
         {},
         0,
         0,
         K::None,
         u"find drift and schema changes with no migration"_qs,
         u"Compare the database with the schema its version table says it should have "
         "(drift: a change made by hand), and the desired schema (`schema = path` in "
         "retort.ini) with head; print what differs, exit status 1 when anything does."_qs,
         {devUrl()}},
        {u"convert"_qs,
         u"OUTDIR"_qs,
         1,
         1,
         K::Path,
         u"write an Alembic project out as a Retort SQL project"_qs,
         u"Write the Alembic project as a Retort SQL project in OUTDIR (new, or an earlier "
         "conversion): each revision's SQL as the project's own Alembic renders it offline, "
         "with the same ids, parents, labels, dependencies and messages, so a database at any "
         "revision goes on with it. A revision that cannot be rendered offline (it needs a "
         "live connection, or fails) is written as a stub that refuses to run and names the "
         "original file; exit status 1 when one failed."_qs,
         {{u"--dialect"_qs,
           {},
           u"DIALECT"_qs,
           u"postgresql or sqlite (default: the project's database's, else postgresql)"_qs}}},
        {u"tables"_qs,
         {},
         0,
         0,
         K::None,
         u"list tables, views and sequences"_qs,
         u"List the database's tables, views and sequences, like psql's \\d."_qs,
         {}},
        {u"describe"_qs,
         u"TABLE"_qs,
         1,
         1,
         K::Table,
         u"show a table's columns, indexes, keys"_qs,
         u"Show a table's columns, indexes, constraints, references and triggers, like psql's "
         "\\d TABLE."_qs,
         {}},
    };
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : commandSpecs())
        if (spec.name == name)
            return &spec;
    return nullptr;
}

const QVector<OptionSpec> &globalOptions()
{
    static const QVector<OptionSpec> options = {
        {u"--config"_qs, u"-c"_qs, u"INI"_qs,
         u"the project's retort.ini or alembic.ini, or its folder (default $RETORT_CONFIG, then "
         "./retort.ini, then ./alembic.ini)"_qs,
         K::Path},
        {u"--url"_qs,
         {},
         u"URL"_qs,
         u"the database (default $DATABASE_URL, then the url in retort.ini)"_qs},
        {u"--env"_qs,
         {},
         u"NAME"_qs,
         u"the database of retort.ini's [env NAME] section, instead of --url"_qs},
        {u"--python"_qs,
         {},
         u"PATH"_qs,
         u"an Alembic project's interpreter (default $RETORT_PYTHON, python = in [retort] of "
         "alembic.ini, $VIRTUAL_ENV, a .venv/ or venv/ beside or above alembic.ini, python3)"_qs,
         K::Path},
        {u"--graph-from-alembic"_qs,
         {},
         {},
         u"an Alembic project whose revision ids are not literals: let the project's own "
         "Alembic (in --python's interpreter) read the graph instead of Retort's reader"_qs},
    };
    return options;
}

} // namespace retort::cli
