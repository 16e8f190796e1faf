#include "diff/DriftCheck.h"

#include "Error.h"
#include "diff/SchemaComparison.h"

namespace retort::diff {

DriftReport checkDatabaseDrift(const DiffEnvironment &env)
{
    if (!env.project || env.projectUrl.url.isEmpty())
        throw Error(u"a drift check needs a project and its database"_qs);
    DriftReport report;
    report.expected = loadSchema(u"current"_qs, env);
    report.actual = loadSchema(env.projectUrl.url, env);
    report.drift = diffSchemas(report.expected.schema, report.actual.schema);
    return report;
}

} // namespace retort::diff
