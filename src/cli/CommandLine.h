#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort::cli {

// The parsed command line: global options, the verb, and the verb's own options and
// positional arguments. Alembic's shape: `retort [-c INI] [--url URL] VERB [ARGS]`.
struct CommandLine {
    QString config;                // -c/--config; default $RETORT_CONFIG or ./retort.ini
    QString url;                   // --url
    bool graphFromAlembic = false; // --graph-from-alembic: the project's Alembic reads the graph
    QString python; // --python: an Alembic project's interpreter (alembic/ProjectPython.h)
    QString env;    // --env: an [env NAME] section of the project's ini
    QString verb;
    bool help = false; // `retort VERB --help`
    QStringList positional;
    QHash<QString, QStringList> options; // "--rev-range" -> values; flags map to {}

    bool flag(const QString &name) const { return options.contains(name); }
    QString value(const QString &name) const { return options.value(name).value(0); }
    QStringList values(const QString &name) const { return options.value(name); }
    // An option's value, or none when it was not given (-m "" is an empty message).
    std::optional<QString> optional(const QString &name) const
    {
        return flag(name) ? std::optional<QString>(value(name)) : std::nullopt;
    }
};

// Throws UsageError naming the command's usage on unknown commands or options, missing
// values and the wrong number of arguments (CommandSpecs.h says what each verb takes).
CommandLine parseCommandLine(const QStringList &arguments);

} // namespace retort::cli
