// `retort tables` and `retort describe TABLE`: psql's \d and \d TABLE, on PostgreSQL
// and SQLite alike, over a read-only connection.
#include "Commands.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "schema/Catalog.h"
#include "schema/DescribeText.h"
#include "script/ProjectConfig.h"

namespace retort::cli {

void runSchemaCommand(const CommandLine &cmd, QTextStream &out)
{
    // Only the URL is needed, so a project whose versions folder is broken can still be
    // inspected.
    const ProjectConfig config = ProjectConfig::load(cmd.config);
    const DatabaseUrl url = databaseUrlFor(config, cmd);

    const bool describe = cmd.verb == u"describe";

    ScopedConnection conn(url, u"cli-schema"_qs, Access::ReadOnly);
    if (describe)
        out << describeTableText(describeTable(conn.db(), url.dialect(), cmd.positional[0]));
    else
        out << listTablesText(listTables(conn.db(), url.dialect()));
}

} // namespace retort::cli
