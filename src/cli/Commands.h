#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace retort::cli {

// Each command writes its normal output to `out` and throws retort::Error on failure.
void runInit(const CommandLine &cmd, QTextStream &out);
void runGraphCommand(const CommandLine &cmd, QTextStream &out); // heads, branches, history, show
// current, upgrade, downgrade, stamp, verify; progress goes to `log` (stderr) as Alembic logs
void runDatabaseCommand(const CommandLine &cmd, QTextStream &out, QTextStream &log);
void runRevisionCommand(const CommandLine &cmd, QTextStream &out); // revision, merge
void runSchemaCommand(const CommandLine &cmd, QTextStream &out);   // tables, describe

} // namespace retort::cli
