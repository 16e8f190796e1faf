// `revision [-m MSG] [--autogenerate]` and `merge` on an Alembic project: the project's own
// Alembic writes the file (its script.py.mako, file_template and post-write hooks), and
// what Alembic prints is printed.
#include "Commands.h"

#include "Error.h"
#include "UsageError.h"
#include "alembic/AlembicRun.h"
#include "alembic/AlembicScripts.h"

namespace retort::cli {

namespace {

std::optional<QString> messageOption(const CommandLine &cmd)
{
    if (!cmd.flag(u"--message"_qs))
        return std::nullopt;
    return cmd.value(u"--message"_qs);
}

} // namespace

bool runAlembicScriptCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log)
{
    const ProjectConfig config = ProjectConfig::load(cmd.config);
    if (!config.isAlembic())
        return false;
    for (const QString &option : {u"--from"_qs, u"--dev-url"_qs, u"--no-validate"_qs})
        if (cmd.flag(option))
            throw UsageError(u"%1 is for Retort's own SQL projects; on an Alembic project "
                             "--autogenerate runs Alembic's, which compares the database with "
                             "env.py's target_metadata"_qs.arg(option));
    const ProjectPython python = ProjectPython::find(config, cmd.python);
    AlembicOutcome outcome;
    if (cmd.verb == u"merge") {
        outcome =
            writeMergeWithAlembic(config, python, cmd.positional, messageOption(cmd),
                                  cmd.values(u"--branch-label"_qs), cmd.value(u"--rev-id"_qs));
    } else {
        AlembicRevisionRequest request;
        request.message = messageOption(cmd);
        request.autogenerate = cmd.flag(u"--autogenerate"_qs);
        if (request.autogenerate) {
            const QString blocker = autogenerateBlocker(config);
            if (!blocker.isEmpty())
                throw Error(u"revision --autogenerate: "_qs + blocker);
            request.url = sqlalchemyUrl(databaseUrlFor(config, cmd));
        }
        if (cmd.flag(u"--head"_qs))
            request.head = cmd.value(u"--head"_qs);
        request.splice = cmd.flag(u"--splice"_qs);
        request.branchLabels = cmd.values(u"--branch-label"_qs);
        request.dependsOn = cmd.values(u"--depends-on"_qs);
        request.revisionId = cmd.value(u"--rev-id"_qs);
        outcome = writeRevisionWithAlembic(config, python, request);
    }
    log << outcome.err; // Alembic's log: autogenerate's "Detected added table ..."
    log.flush();
    out << outcome.out;
    if (!outcome.ok())
        throw Error(
            outcome.failure.isEmpty()
                ? u"alembic %1 failed (exit status %2)"_qs.arg(cmd.verb).arg(outcome.exitCode)
                : outcome.failure);
    return true;
}

} // namespace retort::cli
