#include "backup/RestoreBySwap.h"

#include "Error.h"
#include "backup/PgClientTools.h"
#include "backup/PostgresDatabaseProperties.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "db/SqlQuoting.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace retort::RestoreBySwap {

namespace {

// PostgreSQL truncates names longer than 63 bytes: shorten the base, keep the suffix.
QString fitName(QString base, const QString &suffix)
{
    while (!base.isEmpty() && (base + suffix).toUtf8().size() > 63)
        base.chop(1);
    return base + suffix;
}

// "pid 123 (user app, application 'psql', from local)" for every other session on `name`.
QStringList otherSessions(QSqlDatabase &db, const QString &name)
{
    QSqlQuery q = execOrThrow(db,
                              u"SELECT pid, coalesce(usename, ''), coalesce(application_name, ''), "
                              "coalesce(host(client_addr), 'local') FROM pg_stat_activity "
                              "WHERE datname = ? AND pid <> pg_backend_pid() ORDER BY pid"_qs,
                              u"cannot list the sessions on the database"_qs, {name});
    QStringList sessions;
    while (q.next())
        sessions.append(u"pid %1 (user %2, application '%3', from %4)"_qs.arg(
            q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toString()));
    return sessions;
}

// What the target is and whether this user may swap it; throws the refusal.
PostgresDatabaseProperties checkTarget(const DatabaseUrl &url)
{
    ScopedConnection conn(url, u"restore-check"_qs);
    PostgresDatabaseProperties target = PostgresDatabaseProperties::read(conn.db());
    QSqlQuery q =
        execOrThrow(conn.db(),
                    u"SELECT r.rolname, r.rolsuper OR r.rolcreatedb, "
                    "pg_has_role(d.datdba, 'MEMBER') FROM pg_roles r, pg_database d "
                    "WHERE r.rolname = current_user AND d.datname = current_database()"_qs,
                    u"cannot read the user's privileges"_qs);
    const auto refuse = [&](const QString &why) {
        return Error(u"cannot restore over the database %1: %2. Nothing was changed."_qs.arg(
            target.name, why));
    };
    if (!q.next())
        throw refuse(u"the current user is not in pg_roles"_qs);
    const QString user = q.value(0).toString();
    if (!q.value(1).toBool())
        throw refuse(u"the backup is restored into a new database that then takes its name, and "
                     u"user %1 may not create databases (a superuser can allow it: ALTER ROLE %1 "
                     u"CREATEDB)"_qs.arg(user));
    if (!q.value(2).toBool())
        throw refuse(u"only its owner %1 (or a member of that role) may rename it, and user %2 "
                     u"is not"_qs.arg(target.owner, user));
    const QStringList sessions = otherSessions(conn.db(), target.name);
    if (!sessions.isEmpty())
        throw refuse(u"other sessions are connected to it, and a database in use cannot be "
                     u"swapped: %1. Close them and restore again"_qs.arg(sessions.join(u", "_qs)));
    return target;
}

// The server's maintenance database, for CREATE, RENAME and DROP DATABASE (a database
// cannot be renamed by a session connected to it). postgres first, as pg_dumpall does.
ScopedConnection maintenanceConnection(const DatabaseUrl &url)
{
    QString firstError;
    for (const QString &name : {u"postgres"_qs, u"template1"_qs}) {
        DatabaseUrl admin = url;
        admin.database = name;
        try {
            return ScopedConnection(admin, u"restore-admin"_qs);
        } catch (const Error &e) {
            if (firstError.isEmpty())
                firstError = e.message();
        }
    }
    throw Error(u"cannot restore over the database %1: renaming it needs a connection to the "
                u"server's postgres or template1 database, and neither opened (%2). Nothing was "
                u"changed."_qs.arg(url.database, firstError));
}

void dropQuietly(QSqlDatabase &admin, const QString &name)
{
    QSqlQuery q(admin);
    q.exec(u"DROP DATABASE IF EXISTS "_qs + quotedIdentifier(name));
}

bool databaseExists(QSqlDatabase &admin, const QString &name)
{
    return execOrThrow(admin, u"SELECT 1 FROM pg_database WHERE datname = ?"_qs,
                       u"cannot list databases"_qs, {name})
        .next();
}

} // namespace

Outcome run(const QString &pgRestore, const QString &backupPath, const DatabaseUrl &url,
            const BackupProgress &progress)
{
    const PostgresDatabaseProperties target = checkTarget(url);
    ScopedConnection admin = maintenanceConnection(url);
    const QString scratch =
        fitName(target.name, u"_restoring_%1"_qs.arg(QRandomGenerator::global()->generate(), 8, 16,
                                                     QLatin1Char('0')));
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd_HHmmss"_qs);
    QString previous = fitName(target.name, u"_before_restore_"_qs + stamp);
    for (int n = 2; databaseExists(admin.db(), previous); ++n)
        previous = fitName(target.name, u"_before_restore_%1_%2"_qs.arg(stamp).arg(n));

    execOrThrow(admin.db(), target.createStatement(scratch),
                u"cannot create the database to restore into (nothing was changed)"_qs);
    try {
        QStringList args{u"--no-owner"_qs, u"--single-transaction"_qs, u"--exit-on-error"_qs,
                         u"--no-password"_qs};
        args += PgClientTools::connectionArguments(url, scratch);
        args << backupPath;
        const PgClientTools::Result r =
            PgClientTools::run(pgRestore, args, PgClientTools::environment(url), progress);
        if (r.exitCode != 0)
            throw Error(u"pg_restore failed: "_qs + r.errors);
        for (const QString &sql : target.applyStatements(scratch))
            execOrThrow(admin.db(), sql, u"cannot copy the database's settings"_qs);

        // The swap: both renames or neither. A session that connected to the target since
        // the check makes the first rename fail, and the transaction undoes it.
        execOrThrow(admin.db(), u"BEGIN"_qs, u"cannot begin the swap"_qs);
        QSqlQuery q(admin.db());
        if (!q.exec(u"ALTER DATABASE %1 RENAME TO %2"_qs.arg(quotedIdentifier(target.name),
                                                             quotedIdentifier(previous))) ||
            !q.exec(u"ALTER DATABASE %1 RENAME TO %2"_qs.arg(quotedIdentifier(scratch),
                                                             quotedIdentifier(target.name)))) {
            const QString why = serverMessage(q);
            q.exec(u"ROLLBACK"_qs);
            const QStringList sessions = otherSessions(admin.db(), target.name);
            throw Error(u"cannot swap the restored database in: %1%2"_qs.arg(
                why, sessions.isEmpty() ? QString()
                                        : u" (connected now: %1)"_qs.arg(sessions.join(u", "_qs))));
        }
        execOrThrow(admin.db(), u"COMMIT"_qs, u"cannot commit the swap"_qs);
    } catch (const Error &e) {
        dropQuietly(admin.db(), scratch);
        throw Error(u"restoring %1 over the database %2 failed, and the database was left as it "
                    u"was: %3"_qs.arg(backupPath, target.name, e.message()));
    }
    return Outcome{previous};
}

} // namespace retort::RestoreBySwap
