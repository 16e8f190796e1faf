#include "compare/CompareJobs.h"

#include "Error.h"
#include "Project.h"
#include "diff/DiffEnvironmentSetup.h"
#include "diff/DriftCheck.h"
#include "diff/GeneratedMigration.h"
#include "diff/SchemaComparison.h"
#include "script/ScriptWriter.h"

#include <QFileInfo>

#include <exception>

namespace retort::gui {

namespace {

diff::DiffEnvironment environmentFor(const CompareInput &input)
{
    return diff::makeDiffEnvironment(input.project.get(), input.projectUrl, {input.from, input.to});
}

// Proves a non-empty plan on a scratch database; a failure is kept, not thrown: the
// changes are still worth seeing.
void validate(CompareResult &result, const diff::DiffEnvironment &env)
{
    if (result.plan.statements.isEmpty())
        return;
    try {
        diff::validatePlan(result.plan, result.from, result.to.schema, env);
    } catch (const Error &e) {
        result.validationError = e.message();
    }
}

template <typename Work> CompareResult guarded(const CompareInput &input, Work work)
{
    CompareResult result;
    result.input = input;
    try {
        work(result);
    } catch (const Error &e) {
        result.error = e.message();
    } catch (const std::exception &e) {
        result.error = QString::fromLocal8Bit(e.what());
    }
    // The scratch databases the sides were built on are dropped here, on the worker: the
    // result goes to the GUI thread, which must not wait on the server.
    result.from.builtOn.reset();
    result.to.builtOn.reset();
    return result;
}

} // namespace

CompareResult compareSchemas(const CompareInput &input)
{
    return guarded(input, [&](CompareResult &result) {
        const diff::DiffEnvironment env = environmentFor(input);
        result.from = diff::loadSchema(input.from, env);
        result.to = diff::loadSchema(input.to, env);
        result.plan = diff::diffSchemas(result.from.schema, result.to.schema, result.to.renames);
        validate(result, env);
    });
}

CompareResult checkDrift(const CompareInput &input)
{
    return guarded(input, [&](CompareResult &result) {
        result.drift = true;
        // A SQLite file not made yet (the first upgrade creates it) has nothing to drift.
        const std::optional<DatabaseUrl> &url = input.projectUrl;
        if (url && url->isSqlite() && !url->inMemory && !QFileInfo::exists(url->sqlitePath))
            return;
        const diff::DiffEnvironment env = environmentFor(input);
        diff::DriftReport report = diff::checkDatabaseDrift(env);
        result.from = std::move(report.expected);
        result.to = std::move(report.actual);
        result.plan = std::move(report.drift);
        validate(result, env);
    });
}

WrittenRevision writeRevisionFrom(const CompareResult &result, const QString &message)
{
    if (!result.fromHead || !result.input.project)
        throw Error(QObject::tr("a revision is written on top of head: compare from the head "
                                "revision"));
    const diff::DiffEnvironment env = environmentFor(result.input);
    const diff::GeneratedMigration migration =
        diff::generateMigration(result.from, result.to, env, /*validate=*/true);
    if (migration.isEmpty())
        throw Error(QObject::tr("No changes in schema detected: head already matches %1; no "
                                "revision written.")
                        .arg(result.to.description));
    return diff::writeGeneratedRevision(*result.input.project, migration, message);
}

} // namespace retort::gui
