#pragma once

#include "CommandLine.h"
#include "db/DatabaseUrl.h"
#include "script/ProjectConfig.h"

#include <QTextStream>

namespace retort {
struct Project;
struct DatabaseUrl;
struct RunSettings;
class RunObserver;
} // namespace retort

namespace retort::cli {

// The database a command works on: --url, then $DATABASE_URL, then retort.ini; an error
// naming all three when none is set.
DatabaseUrl databaseUrlFor(const ProjectConfig &config, const CommandLine &cmd);

// Warnings about the project (RedundantParents.h) go to standard error as Alembic's do.
void printWarnings(const QStringList &warnings);

// Each command writes its normal output to `out` and throws retort::Error on failure.
void runInit(const CommandLine &cmd, QTextStream &out);
void runGraphCommand(const CommandLine &cmd, QTextStream &out); // heads, branches, history, show
// current, upgrade, downgrade, stamp, verify; progress goes to `log` (stderr) as Alembic logs
void runDatabaseCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log);
void runRevisionCommand(const CommandLine &cmd, QTextStream &out); // revision, merge
// revision [--autogenerate] and merge on an Alembic project, by the project's own Alembic;
// false (nothing done) for a Retort project. Alembic's log goes to `log`.
bool runAlembicScriptCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log);
void runSchemaCommand(const CommandLine &cmd, QTextStream &out); // tables, describe
// lint [REV]: returns the exit code, 1 when there are findings
int runLintCommand(const CommandLine &cmd, QTextStream &out);
// backup [--list], restore FILE [--into TARGET]; progress goes to `log`
void runBackupCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log);
// upgrade --backup: runDatabaseCommand hands over its loaded project and observer; a failed
// upgrade's message ends with the `retort ... restore FILE` command that puts the backup back
void runBackupThenUpgrade(const CommandLine &cmd, const Project &project, const DatabaseUrl &url,
                          const RunSettings &settings, const QString &target, RunObserver *observer,
                          QTextStream &log);
// rehearse [REV]: returns the exit code, 1 when the rehearsal or a merge-order check fails
int runRehearseCommand(const CommandLine &cmd, QTextStream &out);

// diff FROM TO [--format sql|text] [--dev-url URL] [--no-validate]
int runDiffCommand(const CommandLine &cmd, QTextStream &out);
// revision --autogenerate -m MSG [--from URL] [--no-validate] [--dev-url URL]
void runAutogenerate(const CommandLine &cmd, QTextStream &out);
// convert [--dialect postgresql|sqlite] OUTDIR: exit 1 when a revision failed to convert
int runConvertCommand(const CommandLine &cmd, QTextStream &out);
// check: exit 1 on drift or on a desired schema head does not have yet
int runCheckCommand(const CommandLine &cmd, QTextStream &out);

} // namespace retort::cli
