#pragma once

#include <QString>

namespace retort {

struct ProjectConfig;

// The interpreter that runs an Alembic project's own Alembic, and why that one:
// --python PATH, then $RETORT_PYTHON, then `python =` in alembic.ini's [retort] section,
// then $VIRTUAL_ENV/bin/python, then a .venv/ or venv/ folder beside alembic.ini or in a
// folder above it, then python3 on PATH.
struct ProjectPython {
    QString path;   // the executable
    QString source; // "--python", "$RETORT_PYTHON", ".venv beside alembic.ini", ...

    // Throws Error when the chosen interpreter does not exist (naming where it came from).
    static ProjectPython find(const ProjectConfig &config, const QString &pythonFlag);

    // "Alembic 1.8.1 in /usr/bin/python3 (python3 on PATH)". Runs the interpreter once;
    // throws Error saying clearly that it has no Alembic (and how to pick another).
    QString describeWithAlembic() const;
};

} // namespace retort
