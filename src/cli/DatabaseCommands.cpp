#include "Commands.h"

#include "Error.h"
#include "Project.h"
#include "UsageError.h"
#include "alembic/AlembicGraph.h"
#include "alembic/AlembicImpliedParents.h"
#include "alembic/AlembicProcess.h"
#include "alembic/AlembicRun.h"
#include "backup/Backup.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "graph/HistoryText.h"
#include "graph/RevisionError.h"
#include "run/MigrationRunner.h"
#include "run/OfflineScript.h"
#include "run/Planner.h"
#include "run/Verification.h"

#include <cmath>
#include <limits>

namespace retort::cli {

namespace {

// Alembic logs each step as "Running upgrade a -> b, message" on standard error.
class LoggingObserver : public RunObserver {
public:
    explicit LoggingObserver(QTextStream &log)
        : m_log(log)
    {}
    void stepStarted(int, int, const PlanStep &step) override
    {
        m_log << "INFO  [retort] Running " << step.description() << '\n';
        m_log.flush();
    }

private:
    QTextStream &m_log;
};

struct Context {
    Project project;
    DatabaseUrl url;
    RunSettings settings;
};

} // namespace

DatabaseUrl databaseUrlFor(const ProjectConfig &config, const CommandLine &cmd)
{
    const QString urlText = config.effectiveUrl(cmd.url, cmd.env);
    if (urlText.isEmpty())
        throw Error(u"no database URL: pass --url, set DATABASE_URL, or set url in %1"_qs.arg(
            config.iniPath));
    return DatabaseUrl::parse(urlText, config.projectDir);
}

namespace {

// --lock-timeout SECONDS in milliseconds (0 without it). PostgreSQL's lock_timeout and
// SQLite's busy timeout are ints of milliseconds: anything that is not a finite number
// from 0 to INT_MAX ms is a usage error, not a wait that overflows into "fail at once".
int lockTimeoutMs(const CommandLine &cmd)
{
    if (!cmd.flag(u"--lock-timeout"_qs))
        return 0;
    constexpr double maxSeconds = std::numeric_limits<int>::max() / 1000;
    const QString text = cmd.value(u"--lock-timeout"_qs);
    bool ok = false;
    const double seconds = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > maxSeconds)
        throw UsageError(u"--lock-timeout takes a number of seconds from 0 to %1, not '%2'"_qs
                             .arg(maxSeconds, 0, 'f', 0)
                             .arg(text));
    return int(std::ceil(seconds * 1000));
}

Context loadContext(const CommandLine &cmd)
{
    const int lockTimeout = lockTimeoutMs(cmd); // a usage error before any file is read
    // `current` reads the graph and the version table, never SQL: skip decoding it (50 MB
    // on a 20,000-revision project with real migrations: 0.7 s).
    Project project = [&] {
        if (cmd.graphFromAlembic) {
            ProjectConfig config = ProjectConfig::load(cmd.config);
            if (config.isAlembic()) {
                ScriptDirectory scripts =
                    loadScriptsFromAlembic(config, ProjectPython::find(config, cmd.python));
                return Project::fromScripts(std::move(config), std::move(scripts));
            }
        }
        return Project::load(cmd.config, /*allowEmpty=*/false,
                             cmd.verb == u"current" ? ScriptParts::Headers
                                                    : ScriptParts::HeadersAndSql);
    }();
    printWarnings(project.warnings);
    DatabaseUrl url = databaseUrlFor(project.config, cmd);
    RunSettings settings;
    settings.dialect = url.dialect();
    settings.versionTable = project.config.versionTable;
    settings.lockTimeoutMs = lockTimeout;
    settings.transactionPerMigration = cmd.flag(u"--transaction-per-migration"_qs);
    return Context{std::move(project), std::move(url), settings};
}

// "--sql FROM:TO": the rows the offline script starts from.
QStringList offlineStart(const RevisionGraph &graph, const QString &from)
{
    if (from.isEmpty() || from == u"base")
        return {};
    return graph.ids(graph.resolveRevisions(from));
}

void printCurrent(Context &ctx, bool verbose, QTextStream &out)
{
    ScopedConnection conn(ctx.url, u"cli-current"_qs, Access::ReadOnly);
    MigrationRunner runner(conn.db(), ctx.settings);
    const QStringList heads = runner.currentHeads();
    if (verbose)
        out << "Current revision(s) for " << ctx.url.masked() << ":\n";
    const RevisionGraph &graph = ctx.project.graph;
    QVector<int> rows;
    for (const QString &head : heads) {
        const int rev = graph.indexOf(head);
        if (rev == RevisionGraph::None)
            throw Error(u"Can't locate revision identified by '%1'"_qs.arg(head));
        rows.append(rev);
    }
    // Alembic's get_all_current: the rows and everything below them, reduced to the
    // revisions with no versioned child in that set (so a dependency's branch shows up
    // as an "effective head"). Alembic prints a set; we print in file order.
    const QVector<char> all = graph.reach(rows, RevisionGraph::Edges::NormalizedDown);
    for (int rev = 0; rev < graph.size(); ++rev) {
        if (!all[rev])
            continue;
        bool childInSet = false;
        for (const int child : graph.nextRevisions(rev))
            childInSet = childInSet || all[child];
        if (!childInSet)
            out << (verbose ? logEntry(graph, rev) + u'\n' : headOnly(graph, rev, {}) + u'\n');
    }
}

// An Alembic project: the project's own Alembic runs its Python revisions
// (alembic/AlembicRun.h); --sql prints what `alembic ... --sql` prints.
void runAlembicCommand(Context &ctx, const CommandLine &cmd, const QStringList &targets,
                       const QString &start, QTextStream &out, QTextStream &log)
{
    if (cmd.flag(u"--backup"_qs)) { // Alembic's own log says what runs: no observer
        runBackupThenUpgrade(cmd, ctx.project, ctx.url, ctx.settings, targets.first(), nullptr,
                             log);
        return;
    }
    const ProjectPython python = ProjectPython::find(ctx.project.config, cmd.python);
    const QString which = python.describeWithAlembic();
    log << "INFO  [retort] " << which << '\n';
    log.flush();
    const auto logLine = [&](const QString &line) {
        log << line << '\n';
        log.flush();
    };
    if (cmd.flag(u"--sql"_qs)) {
        QStringList args = targets;
        if (!start.isEmpty())
            args[0] = start + u':' + args[0];
        args.append(u"--sql"_qs);
        AlembicCall call{cmd.verb, args, sqlalchemyUrl(ctx.url)};
        call.impliedParents = impliedParentsJson(ctx.project.graph);
        const AlembicOutcome o = runAlembic(ctx.project.config, python, call, logLine);
        out << o.out;
        if (!o.ok())
            throw Error(u"alembic %1 --sql failed: %2"_qs.arg(cmd.verb, o.failure));
        return;
    }
    runThroughAlembic(ctx.project, ctx.url, ctx.settings, python,
                      {cmd.verb, targets, cmd.flag(u"--purge"_qs)}, logLine);
}

void runMigrationCommand(Context &ctx, const CommandLine &cmd, QTextStream &out, QTextStream &log)
{
    const QString &verb = cmd.verb;
    const bool sql = cmd.flag(u"--sql"_qs);
    QStringList targets = cmd.positional;
    if (verb == u"upgrade" && targets.isEmpty())
        targets = {u"head"_qs};

    QString start;
    for (QString &t : targets) {
        const qsizetype colon = t.indexOf(u':');
        if (colon < 0)
            continue;
        if (!sql)
            throw Error(u"Range revision not allowed"_qs);
        if (!start.isEmpty() && start != t.left(colon))
            throw Error(u"Stamp operation with --sql only supports a single starting revision "
                        "at a time"_qs);
        start = t.left(colon);
        t = t.mid(colon + 1);
    }
    if (sql && verb == u"downgrade" && start.isEmpty())
        throw Error(u"downgrade with --sql requires <fromrev>:<torev>"_qs);
    if (cmd.flag(u"--backup"_qs) && sql)
        throw Error(u"Can't use --backup with --sql mode"_qs);
    if (cmd.flag(u"--purge"_qs) && sql)
        throw Error(u"Can't use --purge with --sql mode"_qs);

    const Project &p = ctx.project;
    if (p.config.isAlembic()) {
        runAlembicCommand(ctx, cmd, targets, start, out, log);
        return;
    }
    Planner planner(p.graph, p.scripts, ctx.settings.dialect, ctx.settings.versionTable);
    const auto makePlan = [&](const QStringList &heads) {
        if (verb == u"upgrade")
            return planner.upgrade(heads, targets.first());
        if (verb == u"downgrade")
            return planner.downgrade(heads, targets.first());
        return planner.stamp(heads, targets, cmd.flag(u"--purge"_qs));
    };
    try {
        if (sql) {
            const MigrationPlan plan = makePlan(offlineStart(p.graph, start));
            out << renderOfflineScript(plan, ctx.settings.transactionPerMigration);
            return;
        }
        LoggingObserver observer(log);
        if (cmd.flag(u"--backup"_qs)) {
            runBackupThenUpgrade(cmd, p, ctx.url, ctx.settings, targets.first(), &observer, log);
            return;
        }
        ScopedConnection conn(ctx.url, u"cli-"_qs + verb);
        MigrationRunner runner(conn.db(), ctx.settings);
        runner.run(makePlan, &observer);
    } catch (const RevisionError &e) {
        if (e.kind() == RevisionError::Kind::RangeNotAncestor && verb != u"stamp")
            throw Error(u"Destination %1 is not a valid %2 target from current head(s)"_qs.arg(
                targets.first(), verb));
        throw Error(commandMessage(e, start, targets.first()));
    }
}

} // namespace

void runDatabaseCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log)
{
    Context ctx = loadContext(cmd);
    if (cmd.verb == u"current") {
        printCurrent(ctx, cmd.flag(u"--verbose"_qs), out);
    } else if (cmd.verb == u"verify") {
        ScopedConnection conn(ctx.url, u"cli-verify"_qs, Access::ReadOnly);
        const Verification v = verifyDatabase(ctx.project, conn.db(), ctx.settings);
        out << v.report();
        if (!v.ok())
            throw Error(u"verify found %1 problem(s)"_qs.arg(v.problems.size()));
    } else {
        runMigrationCommand(ctx, cmd, out, log);
    }
}

} // namespace retort::cli
