#pragma once

#include <QString>
#include <QVector>

namespace retort::cli {

// What a command-line argument is, so completion can offer the right words.
enum class ArgumentKind { None, Revision, Path, Table, Text };

struct OptionSpec {
    QString longName;  // "--rev-range"
    QString shortName; // "-r", or empty
    QString valueName; // "RANGE"; empty for a flag
    QString help;
    ArgumentKind valueKind = ArgumentKind::Text;
    bool repeatable = false;

    bool takesValue() const { return !valueName.isEmpty(); }
};

// One verb of `retort`. This table is the one place a command's arguments, options and
// help live: the parser, `retort --help`, `retort COMMAND --help`, the man page and the
// shell completion are all made from it.
struct CommandSpec {
    QString name;
    QString arguments; // "[REV]", "REVS...", as shown in the synopsis
    int minArguments = 0;
    int maxArguments = 0; // -1: any number
    ArgumentKind argumentKind = ArgumentKind::None;
    QString summary;     // one line for the command list
    QString description; // the paragraph `retort COMMAND --help` and the man page show
    QVector<OptionSpec> options;
};

const QVector<CommandSpec> &commandSpecs();
const CommandSpec *findCommand(const QString &name);
// -c/--config and --url, taken before the command.
const QVector<OptionSpec> &globalOptions();

} // namespace retort::cli
