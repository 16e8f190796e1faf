#include "backup/PgClientTools.h"

#include "Error.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace retort::PgClientTools {

QString find(const QString &tool)
{
    const QString path = QStandardPaths::findExecutable(tool);
    if (path.isEmpty())
        throw Error(u"%1 was not found on PATH: install the PostgreSQL client tools (Debian "
                    u"package postgresql-client) or add their folder to PATH"_qs.arg(tool));
    return path;
}

int majorVersion(const QString &toolPath)
{
    const Result r = run(toolPath, {u"--version"_qs}, QProcessEnvironment::systemEnvironment());
    static const QRegularExpression version(u"\\(PostgreSQL\\)\\s+(\\d+)"_qs);
    const QRegularExpressionMatch m = version.match(r.output);
    if (r.exitCode != 0 || !m.hasMatch())
        throw Error(u"%1 --version did not report a PostgreSQL version: %2"_qs.arg(
            toolPath, QString(r.output + r.errors).trimmed()));
    return m.captured(1).toInt();
}

void checkNotOlderThanServer(const QString &toolPath, int serverVersionNum)
{
    // Since PostgreSQL 10 the major version is server_version_num / 10000.
    const int serverMajor = serverVersionNum / 10000;
    const int toolMajor = majorVersion(toolPath);
    if (toolMajor < serverMajor)
        throw Error(u"%1 is version %2 but the server runs PostgreSQL %3: a dump needs a "
                    u"pg_dump at least as new as the server (install postgresql-client-%3 and "
                    u"put its bin folder first on PATH)"_qs.arg(QFileInfo(toolPath).fileName())
                        .arg(toolMajor)
                        .arg(serverMajor));
}

QProcessEnvironment environment(const DatabaseUrl &url)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!url.password.isEmpty())
        env.insert(u"PGPASSWORD"_qs, url.password);
    if (!env.contains(u"PGCONNECT_TIMEOUT"_qs))
        env.insert(u"PGCONNECT_TIMEOUT"_qs, u"10"_qs);
    env.insert(u"PGAPPNAME"_qs, u"retort-backup"_qs);
    return env;
}

QStringList connectionArguments(const DatabaseUrl &url, const QString &database)
{
    QStringList args;
    if (!url.host.isEmpty())
        args << u"--host"_qs << url.host;
    if (url.port > 0)
        args << u"--port"_qs << QString::number(url.port);
    if (!url.user.isEmpty())
        args << u"--username"_qs << url.user;
    const QString db = database.isEmpty() ? url.database : database;
    if (url.query.isEmpty()) {
        if (!db.isEmpty())
            args << u"--dbname"_qs << db;
        return args;
    }
    // Query parameters (sslmode, ...) only travel in a conninfo string; it never holds the
    // password, which stays in PGPASSWORD.
    const auto quote = &DatabaseUrl::libpqQuoted;
    QStringList conninfo;
    if (!db.isEmpty())
        conninfo << u"dbname="_qs + quote(db);
    for (const auto &[key, value] : url.query)
        conninfo << key + u'=' + quote(value);
    args << u"--dbname"_qs << conninfo.join(u' ');
    return args;
}

Result run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
           const BackupProgress &progress, const QString &watchedFile)
{
    if (progress.cancelled())
        throw Error(u"cancelled before %1 started"_qs.arg(QFileInfo(program).fileName()));
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        throw Error(u"cannot start %1: %2"_qs.arg(program, process.errorString()));
    process.closeWriteChannel();
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    QByteArray err;
    while (!process.waitForFinished(100)) {
        if (process.state() == QProcess::NotRunning)
            break;
        // Drained as we go, so a chatty child never blocks on a full pipe.
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        progress.notify(watchedFile.isEmpty() ? -1 : QFileInfo(watchedFile).size(),
                        timer.elapsed());
        if (progress.cancelled()) {
            process.kill();
            process.waitForFinished(5000);
            throw Error(u"cancelled: %1 was stopped"_qs.arg(QFileInfo(program).fileName()));
        }
    }
    out += process.readAllStandardOutput();
    err += process.readAllStandardError();
    if (process.exitStatus() == QProcess::CrashExit)
        throw Error(u"%1 crashed: %2"_qs.arg(program, QString::fromLocal8Bit(err).trimmed()));
    progress.notify(watchedFile.isEmpty() ? -1 : QFileInfo(watchedFile).size(), timer.elapsed());
    return Result{process.exitCode(), QString::fromLocal8Bit(out),
                  QString::fromLocal8Bit(err).trimmed()};
}

} // namespace retort::PgClientTools
