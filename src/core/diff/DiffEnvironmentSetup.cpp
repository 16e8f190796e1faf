#include "diff/DiffEnvironmentSetup.h"

#include "Error.h"
#include "Project.h"

namespace retort::diff {

DiffEnvironment makeDiffEnvironment(const Project *project,
                                    const std::optional<DatabaseUrl> &projectUrl,
                                    const QStringList &sides, const QString &devUrl)
{
    DiffEnvironment env;
    const QString baseDir = project ? project->config.projectDir : QString();
    env.devUrl = devUrl;
    std::optional<DatabaseUrl> server;
    for (const QString &side : sides) {
        const QString dialect = sideDialect(side, baseDir);
        if (dialect.isEmpty())
            continue;
        if (!env.dialect.isEmpty() && env.dialect != dialect)
            throw Error(u"cannot diff a %1 database against a %2 one"_qs.arg(env.dialect, dialect));
        env.dialect = dialect;
        if (!server && dialect == u"postgresql")
            server = DatabaseUrl::parse(side, baseDir);
    }
    if (env.dialect.isEmpty() && !env.devUrl.isEmpty())
        env.dialect = DatabaseUrl::parse(env.devUrl, baseDir).dialect();
    if (env.dialect.isEmpty() && projectUrl)
        env.dialect = projectUrl->dialect();
    if (env.dialect.isEmpty())
        throw Error(u"cannot tell the dialect: neither side is a database URL and there is no "
                    "project URL (--url, $DATABASE_URL or retort.ini) or --dev-url"_qs);
    if (!server && projectUrl && projectUrl->isPostgres())
        server = projectUrl;
    if (env.dialect == u"postgresql" && !server && env.devUrl.isEmpty())
        throw Error(u"a PostgreSQL diff needs a server for its scratch database: give "
                    "--dev-url URL, --url URL or a database URL as one side"_qs);
    if (server)
        env.server = *server;
    if (projectUrl)
        env.projectUrl = *projectUrl;
    if (project) {
        env.project = project;
        env.excludedTables = {project->config.versionTable, u"retort_ledger"_qs};
    }
    return env;
}

} // namespace retort::diff
