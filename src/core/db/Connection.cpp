#include "db/Connection.h"

#include "Error.h"
#include "db/LibpqOnDemand.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

#include <atomic>

namespace retort {

namespace {

constexpr int defaultTimeoutSeconds = 5;

// Unique per process, and naming the thread, so a leaked connection is easy to trace.
QString uniqueName(const QString &purpose)
{
    static std::atomic<quint64> counter{0};
    const auto thread = reinterpret_cast<quintptr>(QThread::currentThreadId());
    return u"%1-%2-%3"_qs.arg(purpose.isEmpty() ? u"retort"_qs : purpose)
        .arg(thread, 0, 16)
        .arg(++counter);
}

Error failure(const DatabaseUrl &url, const QString &what, const QString &serverText = {})
{
    // libpq does not echo passwords, but a message must never be the place one leaks.
    const QString server = url.redact(serverText.simplified());
    QString message = u"cannot open %1: %2"_qs.arg(url.masked(), what);
    if (!server.isEmpty())
        message += (url.isPostgres() ? u". PostgreSQL said: "_qs : u". SQLite said: "_qs) + server;
    return Error(message);
}

QSqlDatabase addDatabase(const DatabaseUrl &url, const QString &driver, const QString &package,
                         const QString &name)
{
    if (!QSqlDatabase::isDriverAvailable(driver))
        throw failure(url,
                      u"Qt's %1 driver is not installed (install the Debian package %2; "
                      u"drivers found: %3)"_qs.arg(driver, package,
                                                   QSqlDatabase::drivers().join(u", "_qs).isEmpty()
                                                       ? u"none"_qs
                                                       : QSqlDatabase::drivers().join(u", "_qs)));
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    if (!db.isValid()) {
        closeConnection(db);
        throw failure(url, u"Qt's %1 driver could not be loaded (reinstall the Debian package "
                           u"%2 and the client library it needs)"_qs.arg(driver, package));
    }
    return db;
}

// QPSQL hands connect options to libpq after turning every ';' into a space, so values
// are quoted the libpq way and a ';' inside one cannot be passed at all.
QString libpqOptions(const DatabaseUrl &url)
{
    static const QRegularExpression keyPattern(u"^[A-Za-z_][A-Za-z0-9_]*$"_qs);
    const auto quote = &DatabaseUrl::libpqQuoted;
    QStringList options;
    bool timeout = false;
    bool appName = false;
    for (const auto &[key, value] : url.query) {
        if (!keyPattern.match(key).hasMatch() || value.contains(u';'))
            throw failure(url, u"the URL parameter '%1' cannot be passed to libpq (a ';' in it, or "
                               u"not a parameter name)"_qs.arg(key));
        options << key + u'=' + quote(value);
        timeout = timeout || key == u"connect_timeout";
        appName = appName || key == u"application_name";
    }
    if (!timeout)
        options << u"connect_timeout=%1"_qs.arg(defaultTimeoutSeconds);
    if (!appName)
        options << u"application_name=retort"_qs;
    return options.join(u';');
}

// Our reading of libpq's (English) message first; the message itself follows it.
QString explainPostgresFailure(const DatabaseUrl &url, const QString &server)
{
    const QString user = url.user.isEmpty() ? u"(the default user)"_qs : url.user;
    const QString where = url.serverDisplay();
    if (server.contains(u"no password supplied"))
        return u"the server wants a password for user %1 and none was given (put it in the URL, "
               u"PGPASSWORD or ~/.pgpass)"_qs.arg(user);
    if (server.contains(u"authentication failed"))
        return u"authentication failed for user %1 (check the password in the URL, PGPASSWORD "
               u"or ~/.pgpass)"_qs.arg(user);
    if (server.contains(QRegularExpression(u"database \".*\" does not exist"_qs)))
        return u"the database %1 does not exist on %2"_qs.arg(url.database, where);
    if (server.contains(QRegularExpression(u"role \".*\" does not exist"_qs)))
        return u"the user %1 does not exist on %2"_qs.arg(user, where);
    if (server.contains(u"timeout expired"))
        return u"no answer from %1 within %2 s (is the host reachable? connect_timeout in the "
               u"URL sets the wait)"_qs.arg(
                   where,
                   url.queryValue(u"connect_timeout"_qs, QString::number(defaultTimeoutSeconds)));
    if (server.contains(u"Connection refused"))
        return u"%1 refused the connection (is PostgreSQL running there, on that port?)"_qs.arg(
            where);
    if (server.contains(u"could not translate host name"))
        return u"unknown host %1"_qs.arg(url.host);
    if (server.contains(u"invalid connection option"))
        return u"a query parameter in the URL is not a libpq connection option"_qs;
    if (server.contains(u"SSL"))
        return u"SSL negotiation with %1 failed (check sslmode and the certificates)"_qs.arg(where);
    if (server.contains(u"No such file or directory"))
        return u"no server is listening at %1"_qs.arg(where);
    return u"cannot connect to %1"_qs.arg(where);
}

void openPostgres(QSqlDatabase &db, const DatabaseUrl &url)
{
    db.setHostName(url.host);
    if (url.port > 0)
        db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password); // empty: QPSQL leaves it out, so libpq reads PGPASSWORD/.pgpass
    db.setDatabaseName(url.database);
    db.setConnectOptions(libpqOptions(url));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        const QString server = error.databaseText().isEmpty() ? error.text() : error.databaseText();
        throw failure(url, explainPostgresFailure(url, server), server);
    }
}

// Root may write to any file, so also treat a file or folder with no write bit at all as
// read-only: someone marked it so, and migrating it anyway would be a surprise.
bool writable(const QFileInfo &info)
{
    // WriteUser is left out: Qt computes it with access(), which is always true for root.
    const auto anyWriteBit = QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;
    return info.isWritable() && (info.permissions() & anyWriteBit);
}

// Checked before SQLite touches anything: SQLite would create a missing file, and report a
// read-only one only at the first write, halfway through a run.
void checkSqlitePath(const DatabaseUrl &url, Access access)
{
    const QFileInfo file(url.sqlitePath);
    const QFileInfo folder(file.absolutePath());
    if (!folder.isDir())
        throw failure(
            url, u"the folder %1 does not exist (create it, or fix the path in the URL)"_qs.arg(
                     folder.absoluteFilePath()));
    if (file.exists()) {
        if (file.isDir())
            throw failure(url,
                          u"%1 is a folder, not a SQLite database file"_qs.arg(url.sqlitePath));
        if (!file.isReadable())
            throw failure(url, u"the SQLite file %1 cannot be read (check its permissions)"_qs.arg(
                                   url.sqlitePath));
        if (access == Access::ReadWrite && !writable(file))
            throw failure(url, u"the SQLite file %1 is read-only (check its permissions)"_qs.arg(
                                   url.sqlitePath));
    } else if (access == Access::ReadOnly) {
        throw failure(url, u"the SQLite file %1 does not exist"_qs.arg(url.sqlitePath));
    }
    // SQLite creates its journal (and a new database) next to the file.
    if (access == Access::ReadWrite && !writable(folder))
        throw failure(url, u"the folder %1 is read-only, and SQLite must create files there "
                           u"(check its permissions)"_qs.arg(folder.absoluteFilePath()));
}

QString sqliteOptions(const DatabaseUrl &url, Access access)
{
    const double seconds =
        url.queryValue(u"timeout"_qs, QString::number(defaultTimeoutSeconds)).toDouble();
    QString options = u"QSQLITE_BUSY_TIMEOUT=%1"_qs.arg(qRound(seconds * 1000));
    if (access == Access::ReadOnly)
        options += u";QSQLITE_OPEN_READONLY"_qs;
    return options;
}

// Foreign keys on, then the schema read: opening is lazy, and reading is what tells a
// database from any other file. The error text, or empty.
QString prepareSqlite(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA foreign_keys=ON"_qs) ||
        !query.exec(u"SELECT count(*) FROM sqlite_master"_qs))
        return query.lastError().text();
    return {};
}

// A process killed mid-transaction leaves a hot journal (FILE-journal): the next reader
// must roll it back into the file before it can read, which a read-only connection cannot
// do (SQLite says "attempt to write a readonly database"). When this user may write the
// file and its folder, a short read-write connection does it; otherwise say what it is.
void rollBackHotJournal(const DatabaseUrl &url, const QString &readOnlyError)
{
    const QFileInfo file(url.sqlitePath);
    const QFileInfo journal(url.sqlitePath + u"-journal"_qs);
    if (!journal.exists() || journal.size() == 0 || !readOnlyError.contains(u"readonly"_qs))
        throw failure(url, u"%1 is not a usable SQLite database"_qs.arg(url.sqlitePath),
                      readOnlyError);
    if (!writable(file) || !writable(QFileInfo(file.absolutePath())))
        throw failure(url,
                      u"%1 has a hot journal %2 left by a process that stopped in the "
                      u"middle of a transaction; SQLite must roll it back before the "
                      u"database can be read, which needs write access to the file and its "
                      u"folder, and this user has none. The database is not damaged: run "
                      u"this command again as a user who may write both"_qs.arg(
                          url.sqlitePath, journal.absoluteFilePath()),
                      readOnlyError);
    QSqlDatabase rw = QSqlDatabase::addDatabase(u"QSQLITE"_qs, uniqueName(u"journal-rollback"_qs));
    rw.setConnectOptions(sqliteOptions(url, Access::ReadWrite));
    rw.setDatabaseName(url.sqlitePath);
    const QString error = rw.open() ? prepareSqlite(rw) : rw.lastError().text();
    closeConnection(rw);
    if (!error.isEmpty())
        throw failure(url,
                      u"%1 has a hot journal %2 left by a process that stopped in the "
                      u"middle of a transaction, and rolling it back failed"_qs.arg(
                          url.sqlitePath, journal.absoluteFilePath()),
                      error);
}

void openSqlite(QSqlDatabase &db, const DatabaseUrl &url, Access access)
{
    if (!url.inMemory)
        checkSqlitePath(url, access);
    db.setConnectOptions(sqliteOptions(url, access));
    db.setDatabaseName(url.inMemory ? u":memory:"_qs : url.sqlitePath);
    if (!db.open())
        throw failure(url, u"SQLite cannot open the file"_qs, db.lastError().text());
    QString error = prepareSqlite(db);
    if (!error.isEmpty() && access == Access::ReadOnly && !url.inMemory) {
        rollBackHotJournal(url, error);
        db.close(); // reopened read-only on the repaired file
        error = db.open() ? prepareSqlite(db) : db.lastError().text();
    }
    if (!error.isEmpty())
        throw failure(url, u"%1 is not a usable SQLite database"_qs.arg(url.sqlitePath), error);
}

} // namespace

QSqlDatabase openConnection(const DatabaseUrl &url, const QString &purpose, Access access)
{
    const QString name = uniqueName(purpose);
    // Before any PQ* call on this connection's handle (LibpqOnDemand.h).
    if (url.isPostgres())
        loadLibpq();
    QSqlDatabase db = url.isPostgres()
                          ? addDatabase(url, u"QPSQL"_qs, u"libqt6sql6-psql"_qs, name)
                          : addDatabase(url, u"QSQLITE"_qs, u"libqt6sql6-sqlite"_qs, name);
    try {
        if (url.isPostgres())
            openPostgres(db, url);
        else
            openSqlite(db, url, access);
    } catch (...) {
        closeConnection(db);
        throw;
    }
    return db;
}

void closeConnection(QSqlDatabase &db)
{
    const QString name = db.connectionName();
    if (name.isEmpty())
        return;
    db.close();
    db = QSqlDatabase(); // drop our reference first, or removeDatabase warns it is in use
    QSqlDatabase::removeDatabase(name);
}

} // namespace retort
