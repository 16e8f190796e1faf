#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace retort::cli {

// The parsed command line: global options, the verb, and the verb's own options and
// positional arguments. Alembic's shape: `retort [-c INI] [--url URL] VERB [ARGS]`.
struct CommandLine {
    QString config; // -c/--config; default $RETORT_CONFIG or ./retort.ini
    QString url;    // --url
    QString python; // --python: an Alembic project's interpreter (alembic/ProjectPython.h)
    QString verb;
    QStringList positional;
    QHash<QString, QStringList> options; // "--rev-range" -> values; flags map to {}

    bool flag(const QString &name) const { return options.contains(name); }
    QString value(const QString &name) const { return options.value(name).value(0); }
    QStringList values(const QString &name) const { return options.value(name); }
};

// Throws retort::Error with a usage message on unknown options or missing values.
CommandLine parseCommandLine(const QStringList &arguments);

QString usageText();

} // namespace retort::cli
