// `retort revision --autogenerate -m MSG [--from URL]`: a revision whose upgrade takes the
// project's head to the desired schema (`schema = path` in retort.ini, or a development
// database someone changed by hand) and whose downgrade is the reverse diff
// (core/diff/GeneratedMigration, shared with the window's Compare view).
#include "Commands.h"

#include "DiffSetup.h"
#include "Error.h"
#include "diff/GeneratedMigration.h"
#include "script/ScriptWriter.h"

#include <QDir>

namespace retort::cli {

void runAutogenerate(const CommandLine &cmd, QTextStream &out)
{
    if (!cmd.flag(u"--message"_qs))
        throw Error(u"revision --autogenerate needs a message: -m MSG"_qs);
    const QString fromUrl = cmd.value(u"--from"_qs);
    DiffSetup setup(cmd, fromUrl.isEmpty() ? QStringList() : QStringList{fromUrl}, true);
    const Project &project = *setup.project;
    const QString desired = fromUrl.isEmpty() ? project.config.schemaPath : fromUrl;
    if (desired.isEmpty())
        throw Error(u"revision --autogenerate needs the desired schema: `schema = path` in %1, "
                    "or --from URL of a development database"_qs.arg(project.config.iniPath));

    const diff::LoadedSchema current = diff::loadHeadSchema(setup.env);
    const diff::LoadedSchema target = diff::loadSchema(desired, setup.env);
    const diff::GeneratedMigration migration =
        diff::generateMigration(current, target, setup.env, !cmd.flag(u"--no-validate"_qs));
    if (migration.isEmpty()) {
        out << "No changes in schema detected: head already matches " << target.description
            << "; no revision written.\n";
        return;
    }
    const WrittenRevision written = diff::writeGeneratedRevision(
        project, migration, cmd.value(u"--message"_qs), cmd.value(u"--rev-id"_qs));
    out << "Generating " << QDir::toNativeSeparators(written.path) << " ...  done\n";
    out << migration.up.changesText();
    for (const QString &h : migration.up.hazards())
        out << "  hazard: " << h << '\n';
}

} // namespace retort::cli
