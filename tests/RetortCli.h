#pragma once

// Runs a program (the retort executable, a Python helper) as a user would, for tests of
// Alembic projects: Alembic from the system's Python, no $DATABASE_URL.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace retort::test {

struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
};

inline CliResult runProgram(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RETORT_PYTHON"), QStringLiteral("/usr/bin/python3"));
    env.remove(QStringLiteral("DATABASE_URL"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(300000))
        qFatal("%s did not finish", qPrintable(program));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace retort::test
