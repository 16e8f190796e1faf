#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace retort::cli {

// The parsed command line: global options, the verb, and the verb's own options and
// positional arguments. Alembic's shape: `retort [-c INI] [--url URL] VERB [ARGS]`.
struct CommandLine {
    QString config;                // -c/--config; default $RETORT_CONFIG or ./retort.ini
    QString url;                   // --url
    bool graphFromAlembic = false; // --graph-from-alembic: the project's Alembic reads the graph
    QString python; // --python: an Alembic project's interpreter (alembic/ProjectPython.h)
    QString verb;
    bool help = false; // `retort VERB --help`
    QStringList positional;
    QHash<QString, QStringList> options; // "--rev-range" -> values; flags map to {}

    bool flag(const QString &name) const { return options.contains(name); }
    QString value(const QString &name) const { return options.value(name).value(0); }
    QStringList values(const QString &name) const { return options.value(name); }
};

// Throws UsageError naming the command's usage on unknown commands or options, missing
// values and the wrong number of arguments (CommandSpecs.h says what each verb takes).
CommandLine parseCommandLine(const QStringList &arguments);

} // namespace retort::cli
