#include "DiffSetup.h"

#include "Commands.h"
#include "Error.h"
#include "diff/ScratchDatabase.h"

#include <QFileInfo>

namespace retort::cli {

DiffSetup::DiffSetup(const CommandLine &cmd, const QStringList &sides, bool needProject)
{
    diff::installInterruptCleanup();
    if (needProject || QFileInfo::exists(cmd.config))
        project = Project::load(cmd.config, /*allowEmpty=*/true);
    const QString baseDir = project ? project->config.projectDir : QString();
    std::optional<DatabaseUrl> projectUrl;
    if (project) {
        const QString url = project->config.effectiveUrl(cmd.url);
        if (!url.isEmpty())
            projectUrl = DatabaseUrl::parse(url, baseDir);
    } else if (!cmd.url.isEmpty()) {
        projectUrl = DatabaseUrl::parse(cmd.url, {});
    }
    env.devUrl = cmd.value(u"--dev-url"_qs);
    std::optional<DatabaseUrl> server;
    for (const QString &side : sides) {
        const QString dialect = diff::sideDialect(side, baseDir);
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
        env.project = &*project;
        env.excludedTables = {project->config.versionTable, u"retort_ledger"_qs};
    }
}

} // namespace retort::cli
