// `retort check`: exits 1 when the live database has drifted from the schema its
// alembic_version says it should have (someone changed it by hand), or when the desired
// schema (`schema = path` in retort.ini) differs from head (a model change with no
// migration yet). Prints what differs.
#include "Commands.h"

#include "DiffSetup.h"
#include "Error.h"
#include "diff/DriftCheck.h"
#include "diff/SchemaComparison.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace retort::cli {

int runCheckCommand(const CommandLine &cmd, QTextStream &out)
{
    if (!cmd.positional.isEmpty())
        throw Error(u"check takes no arguments"_qs);
    DiffSetup setup(cmd, {}, true);
    const Project &project = *setup.project;
    bool different = false;
    int checks = 0;

    const DatabaseUrl &live = setup.env.projectUrl;
    const bool haveDatabase = !live.url.isEmpty() && (live.isPostgres() || live.inMemory ||
                                                      QFileInfo::exists(live.sqlitePath));
    if (haveDatabase) {
        ++checks;
        const diff::DiffPlan drift = diff::checkDatabaseDrift(setup.env).drift;
        if (drift.isEmpty()) {
            out << "Database " << live.masked() << " matches its revision.\n";
        } else {
            different = true;
            out << "Drift: database " << live.masked()
                << " differs from the schema its version table implies:\n"
                << drift.reviewText();
        }
    }
    if (haveDatabase) {
        // Not a difference check reports (the database has what its revision says), but
        // what `alembic check` would stop at first: a database behind head.
        const QStringList at = diff::databaseHeads(setup.env);
        const QStringList heads = project.graph.ids(project.graph.heads());
        if (QSet<QString>(at.begin(), at.end()) != QSet<QString>(heads.begin(), heads.end()))
            out << "Note: database " << live.masked() << " is at "
                << (at.isEmpty() ? u"base"_qs : at.join(u", "_qs)) << ", head is "
                << (heads.isEmpty() ? u"base"_qs : heads.join(u", "_qs))
                << " (retort upgrade heads applies the rest).\n";
    }
    if (!live.url.isEmpty() && !haveDatabase)
        out << "No drift check: the SQLite file " << QDir::toNativeSeparators(live.sqlitePath)
            << " of " << live.masked() << " does not exist yet (the first upgrade makes it).\n";
    if (!project.config.schemaPath.isEmpty()) {
        ++checks;
        const QString head = project.graph.heads().isEmpty() ? u"base"_qs : u"heads"_qs;
        const diff::LoadedSchema atHead = diff::loadSchema(head, setup.env);
        const diff::LoadedSchema desired = diff::loadSchema(project.config.schemaPath, setup.env);
        const diff::DiffPlan pending =
            diff::diffSchemas(atHead.schema, desired.schema, desired.renames);
        if (pending.isEmpty()) {
            out << "Head matches the desired schema " << desired.description << ".\n";
        } else {
            different = true;
            out << "The desired schema " << desired.description
                << " has changes no migration makes yet (retort revision --autogenerate -m "
                   "MSG writes one):\n"
                << pending.reviewText();
        }
    }
    if (checks == 0)
        throw Error(u"nothing to check: no database URL (--url, $DATABASE_URL or retort.ini) "
                    "and no `schema = path` in %1"_qs.arg(project.config.iniPath));
    return different ? 1 : 0;
}

} // namespace retort::cli
