#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace retort::cli {

// Each command writes its normal output to `out` and throws retort::Error on failure.
void runInit(const CommandLine &cmd, QTextStream &out);
void runGraphCommand(const CommandLine &cmd, QTextStream &out); // heads, branches, history, show

} // namespace retort::cli
