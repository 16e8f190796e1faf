#pragma once

#include "alembic/ProjectPython.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace retort {

struct ProjectConfig;

// The project's own Alembic as a child process: `alembic -c alembic.ini VERB ARGS` run by
// the project's interpreter, in the ini's folder, through a small driver (Python, given
// with -c) that takes the database URL on standard input, so a password never reaches
// argv, a file or a log. Standard error is streamed line by line to `log`.
struct AlembicCall {
    QString verb;     // upgrade, downgrade, stamp; revision, merge (AlembicScripts.h)
    QStringList args; // revisions and flags: "head", "a:b", "--sql", "--purge"; for
                      // revision and merge, their keyword arguments as one JSON object
    QString url;      // SQLAlchemy URL overriding sqlalchemy.url; empty keeps the ini's
    // Another driver (Python source) than the one for the verbs above, taking the same
    // argv (alembic.ini VERB ARGS...) and stdin: `retort convert`'s (AlembicConvert.cpp).
    const char *driver = nullptr;
    // After this long (0: never) the child is stopped as Cancel stops it, and the outcome
    // says timedOut: for work that must not hold a thread forever (the Plan tab's preview).
    qint64 timeoutMs = 0;
    // Parents the child's Alembic must not see, as JSON {"merge": ["parent", ...]}: a
    // merge's redundant parents (graph/RedundantParents.h), which Retort treats as implied
    // and on which Alembic's head bookkeeping fails (AlembicImpliedParents.h). Empty: none.
    QString impliedParents = {};
};

struct AlembicOutcome {
    int exitCode = 0;
    bool cancelled = false;
    bool timedOut = false; // AlembicCall::timeoutMs passed; cancelled is false
    QString out;           // standard output (the script, for --sql)
    QString err;           // standard error
    QString failure;       // Alembic's "FAILED: ..." message or the last line of a traceback
    qint64 elapsedMs = 0;
    bool ok() const { return exitCode == 0 && !cancelled && !timedOut; }
};

// Alembic's "FAILED: ..." line in a child's standard error, else a traceback's last
// exception line (with the "[SQL: ...]" line SQLAlchemy adds after it), else the last line.
QString alembicFailure(const QString &err);

AlembicOutcome runAlembic(const ProjectConfig &config, const ProjectPython &python,
                          const AlembicCall &call,
                          const std::function<void(const QString &line)> &log = {},
                          const std::atomic<bool> *cancel = nullptr);

} // namespace retort
