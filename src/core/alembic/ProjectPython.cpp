#include "alembic/ProjectPython.h"

#include "Error.h"
#include "script/ProjectConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace retort {

namespace {

QString venvPython(const QString &venv)
{
    const QString python = QDir(venv).filePath(u"bin/python"_qs);
    return QFileInfo(python).isExecutable() ? python : QString();
}

} // namespace

ProjectPython ProjectPython::find(const ProjectConfig &config, const QString &pythonFlag)
{
    const auto checked = [](const QString &path, const QString &source) {
        const QString found = QFileInfo(path).isAbsolute() || path.contains(u'/')
                                  ? path
                                  : QStandardPaths::findExecutable(path);
        if (found.isEmpty() || !QFileInfo(found).isExecutable())
            throw Error(
                u"the Python interpreter %1 (from %2) does not exist or cannot be run"_qs.arg(
                    path, source));
        return ProjectPython{found, source};
    };
    if (!pythonFlag.isEmpty())
        return checked(pythonFlag, u"--python"_qs);
    const QString env = qEnvironmentVariable("RETORT_PYTHON");
    if (!env.isEmpty())
        return checked(env, u"$RETORT_PYTHON"_qs);
    if (!config.python.isEmpty())
        return checked(config.python, u"python = in [retort] of %1"_qs.arg(config.iniPath));
    const QString virtualEnv = qEnvironmentVariable("VIRTUAL_ENV");
    if (!virtualEnv.isEmpty() && !venvPython(virtualEnv).isEmpty())
        return {venvPython(virtualEnv), u"$VIRTUAL_ENV"_qs};
    QDir dir(config.projectDir);
    bool beside = true;
    do {
        for (const QString &name : {u".venv"_qs, u"venv"_qs}) {
            const QString python = venvPython(dir.filePath(name));
            if (!python.isEmpty())
                return {python, u"%1/ %2 alembic.ini"_qs.arg(
                                    name, beside ? u"beside"_qs : u"in a folder above"_qs)};
        }
        beside = false;
    } while (dir.cdUp());
    return checked(u"python3"_qs, u"python3 on PATH"_qs);
}

QString ProjectPython::describeWithAlembic() const
{
    QProcess p;
    p.start(path, {u"-c"_qs, u"import alembic, sys; print(alembic.__version__)"_qs});
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        throw Error(u"%1 (from %2) did not answer: %3"_qs.arg(path, source, p.errorString()));
    }
    const QString version = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0 || version.isEmpty()) {
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        throw Error(u"%1 (from %2) has no Alembic (%3). Install Alembic in that environment, or "
                    "name the project's interpreter with --python PATH, $RETORT_PYTHON or "
                    "python = in the [retort] section of alembic.ini"_qs.arg(
                        path, source, err.section(u'\n', -1)));
    }
    return u"Alembic %1 in %2 (%3)"_qs.arg(version, path, source);
}

} // namespace retort
