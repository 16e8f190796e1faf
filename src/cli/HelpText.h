#pragma once

#include <QString>

namespace retort::cli {

struct CommandSpec;
struct OptionSpec;

// `retort --help`: the synopsis, every command with its summary, the global options.
QString usageText();
// `retort COMMAND --help`: its synopsis, description and options.
QString commandHelp(const CommandSpec &command);
// "upgrade [REV] [--sql] [--lock-timeout SECONDS] ..." (the man page shows it too)
QString commandSynopsis(const CommandSpec &command);
// "-r, --rev-range RANGE"
QString optionNames(const OptionSpec &option);

// The prose both `retort --help` and the man page end with.
QString environmentText();
QString exitStatusText();

} // namespace retort::cli
