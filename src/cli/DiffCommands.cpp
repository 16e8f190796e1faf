// `retort diff FROM TO`: the SQL that turns one schema into another (or the list of
// changes with --format text), from the schema diff engine in core/diff.
#include "Commands.h"

#include "DiffSetup.h"
#include "Error.h"
#include "diff/SchemaComparison.h"

namespace retort::cli {

int runDiffCommand(const CommandLine &cmd, QTextStream &out)
{
    if (cmd.positional.size() != 2)
        throw Error(u"diff takes two sides, like: retort diff head schema.sql (each a database "
                    "URL, a schema file or folder, or a revision)"_qs);
    const QString format = cmd.flag(u"--format"_qs) ? cmd.value(u"--format"_qs) : u"sql"_qs;
    if (format != u"sql" && format != u"text")
        throw Error(u"--format is sql or text, not '%1'"_qs.arg(format));
    const DiffSetup setup(cmd, cmd.positional);
    const diff::LoadedSchema from = diff::loadSchema(cmd.positional[0], setup.env);
    const diff::LoadedSchema to = diff::loadSchema(cmd.positional[1], setup.env);
    const diff::DiffPlan plan = diff::diffSchemas(from.schema, to.schema, to.renames);
    if (!plan.statements.isEmpty() && !cmd.flag(u"--no-validate"_qs))
        diff::validatePlan(plan, from, to.schema, setup.env);
    out << (format == u"text" ? plan.reviewText() : plan.sqlText());
    return 0;
}

} // namespace retort::cli
