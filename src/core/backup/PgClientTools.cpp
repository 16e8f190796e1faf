#include "backup/PgClientTools.h"

#include "Error.h"
#include "backup/PrivateFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cerrno>
#include <cstdlib>
#include <cstring>

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

namespace {

bool isSecret(const QString &key)
{
    // Any case: libpq rejects PASSWORD=..., but not before it reached the command line.
    return key.compare(u"password", Qt::CaseInsensitive) == 0 ||
           key.compare(u"sslpassword", Qt::CaseInsensitive) == 0;
}

// A passfile field: ':' and '\' are escaped (libpq's passwordFromFile).
QByteArray passfileField(const QString &value)
{
    QString out = value;
    out.replace(u'\\', u"\\\\"_qs).replace(u':', u"\\:"_qs);
    return out.toUtf8();
}

} // namespace

ChildEnvironment::ChildEnvironment(const DatabaseUrl &url)
    : m_url(url)
    , m_env(QProcessEnvironment::systemEnvironment())
{
    if (!m_env.contains(u"PGCONNECT_TIMEOUT"_qs))
        m_env.insert(u"PGCONNECT_TIMEOUT"_qs, u"10"_qs);
    m_env.insert(u"PGAPPNAME"_qs, u"retort-backup"_qs);
    const QString sslPassword = url.queryValue(u"sslpassword"_qs);
    if (url.password.isEmpty() && sslPassword.isEmpty())
        return; // libpq finds the user's own PGPASSWORD or ~/.pgpass, as psql would

    // mkdtemp makes the folder 0700, so the files inside are never reachable by others.
    QByteArray templ = QFile::encodeName(QDir::tempPath() + u"/retort-pg-XXXXXX"_qs);
    if (!::mkdtemp(templ.data()))
        throw Error(
            u"cannot create a private folder in %1 for the PostgreSQL client tools: %2"_qs.arg(
                QDir::tempPath(), QString::fromLocal8Bit(std::strerror(errno))));
    m_folder = QFile::decodeName(templ);
    if (!url.password.isEmpty()) {
        // The URL's password wins over the user's PGPASSWORD, as it does for Retort's own
        // connection; a passfile is read only when no password was given otherwise.
        m_env.remove(u"PGPASSWORD"_qs);
        if (url.password.contains(u'\n') || url.password.contains(u'\r')) {
            m_env.insert(u"PGPASSWORD"_qs, url.password);
        } else {
            const QString passfile = m_folder + u"/pgpass"_qs;
            PrivateFiles::createFile(passfile, "*:*:*:*:" + passfileField(url.password) + '\n',
                                     u"the passfile"_qs);
            m_env.insert(u"PGPASSFILE"_qs, passfile);
        }
    }
    if (!sslPassword.isEmpty()) {
        // A service file value runs to the end of its line, trailing blanks trimmed.
        if (sslPassword != sslPassword.trimmed() || sslPassword.contains(u'\n') ||
            sslPassword.contains(u'\r'))
            throw Error(u"the sslpassword in the URL starts or ends with a blank or holds a line "
                        u"break, which cannot be passed to pg_dump and pg_restore safely"_qs);
        const QString serviceFile = m_folder + u"/pg_service.conf"_qs;
        PrivateFiles::createFile(serviceFile,
                                 "[retort]\nsslpassword=" + sslPassword.toUtf8() + '\n',
                                 u"the service file"_qs);
        m_env.insert(u"PGSERVICEFILE"_qs, serviceFile);
        m_env.insert(u"PGSERVICE"_qs, u"retort"_qs);
    }
}

ChildEnvironment::~ChildEnvironment()
{
    if (!m_folder.isEmpty())
        QDir(m_folder).removeRecursively();
}

ChildEnvironment environment(const DatabaseUrl &url)
{
    return ChildEnvironment(url);
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
    // password or sslpassword, which travel in environment().
    const auto quote = &DatabaseUrl::libpqQuoted;
    QStringList conninfo;
    if (!db.isEmpty())
        conninfo << u"dbname="_qs + quote(db);
    for (const auto &[key, value] : url.query)
        if (!isSecret(key))
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

Result run(const QString &program, const QStringList &arguments, const ChildEnvironment &env,
           const BackupProgress &progress, const QString &watchedFile)
{
    Result r;
    try {
        r = run(program, arguments, env.variables(), progress, watchedFile);
    } catch (const Error &e) {
        throw Error(env.redact(e.message()));
    }
    r.output = env.redact(r.output);
    r.errors = env.redact(r.errors);
    return r;
}

} // namespace retort::PgClientTools
