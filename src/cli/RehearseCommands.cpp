// `retort rehearse [REV]`: runs the upgrade to REV in a transaction that is rolled back,
// prints what each statement did and the schema diff, then rehearses every merge the
// plan applies in each order its branches could run.
#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "alembic/AlembicRehearsal.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "run/MergeOrderCheck.h"
#include "run/Rehearsal.h"

namespace retort::cli {

namespace {

// Python revisions rehearse through the project's own Alembic on throwaway copies of the
// database (alembic/AlembicRehearsal.h); the live database is never touched.
int rehearseAlembicProject(const CommandLine &cmd, const Project &project, const DatabaseUrl &url,
                           const RunSettings &settings, const QString &target, QTextStream &out)
{
    const ProjectPython python = ProjectPython::find(project.config, cmd.python);
    out << "Rehearsing through " << python.describeWithAlembic() << " on a throwaway copy of "
        << url.masked() << '\n';
    const RehearsalReport report =
        rehearseThroughAlembic(project, url, settings, python, {u"upgrade"_qs, {target}});
    out << rehearsalReportText(report);
    bool mergeProblem = false;
    const QVector<int> merges = mergesInPlan(report.plan, project.graph);
    if (!merges.isEmpty()) {
        out << "\nMerge order:\n";
        for (const MergeOrderFinding &f : checkMergeOrdersThroughAlembic(
                 project, url, settings, python, report.startHeads, merges)) {
            out << f.message;
            mergeProblem = mergeProblem || !f.ok();
        }
    }
    out.flush();
    return report.ok() && !mergeProblem ? 0 : 1;
}

} // namespace

int runRehearseCommand(const CommandLine &cmd, QTextStream &out)
{
    const QString target = cmd.positional.value(0, u"head"_qs);
    const Project project = Project::load(cmd.config);
    const DatabaseUrl url = databaseUrlFor(project.config, cmd);
    RunSettings settings;
    settings.dialect = url.dialect();
    settings.versionTable = project.config.versionTable;
    if (project.config.isAlembic())
        return rehearseAlembicProject(cmd, project, url, settings, target, out);
    const Planner planner(project.graph, project.scripts, settings.dialect, settings.versionTable);

    ScopedConnection conn(rehearsalUrl(url), u"cli-rehearse"_qs);
    const RehearsalReport report = rehearse(conn.db(), settings, [&](const QStringList &heads) {
        return planner.upgrade(heads, target);
    });
    out << rehearsalReportText(report);

    bool mergeProblem = false;
    const QVector<int> merges = mergesInPlan(report.plan, project.graph);
    if (!merges.isEmpty()) {
        out << "\nMerge order:\n";
        for (const MergeOrderFinding &f : checkMergeOrders(conn.db(), settings, project.graph,
                                                           planner, report.startHeads, merges)) {
            out << f.message;
            mergeProblem = mergeProblem || !f.ok();
        }
    }
    out.flush();
    return report.ok() && !mergeProblem ? 0 : 1;
}

} // namespace retort::cli
