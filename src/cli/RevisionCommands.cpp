#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "graph/HistoryText.h"
#include "graph/RevisionError.h"
#include "script/ScriptWriter.h"

#include <QDir>

#include <optional>

namespace retort::cli {

namespace {

Project loadProject(const CommandLine &cmd)
{
    try {
        // An empty versions folder is fine: `revision` writes the first file.
        return Project::load(cmd.config, /*allowEmpty=*/true);
    } catch (const RevisionError &e) {
        throw Error(commandMessage(e));
    }
}

} // namespace

// `revision` and `merge`: Alembic's command.revision / command.merge, which both end in
// ScriptDirectory.generate_revision(); ScriptWriter is that function.
void runRevisionCommand(const CommandLine &cmd, QTextStream &out)
{
    const bool merge = cmd.verb == u"merge";

    const Project project = loadProject(cmd);
    const ScriptWriter writer(project);
    WrittenRevision written;
    if (merge) {
        written = writer.merge(cmd.positional, cmd.optional(u"--message"_qs),
                               cmd.values(u"--branch-label"_qs), cmd.value(u"--rev-id"_qs));
    } else {
        NewRevision request;
        request.message = cmd.optional(u"--message"_qs);
        if (cmd.flag(u"--head"_qs))
            request.heads = {cmd.value(u"--head"_qs)};
        request.splice = cmd.flag(u"--splice"_qs);
        request.branchLabels = cmd.values(u"--branch-label"_qs);
        request.dependsOn = cmd.values(u"--depends-on"_qs);
        request.revisionId = cmd.value(u"--rev-id"_qs);
        written = writer.revision(request);
    }
    out << "Generating " << QDir::toNativeSeparators(written.path) << " ...  done\n";
}

} // namespace retort::cli
