#pragma once

#include <QSqlDatabase>
#include <QStringList>

namespace retort {

// What belongs to a PostgreSQL database itself rather than to its schemas, and so is not
// in a pg_dump archive restored without --create: owner, encoding, locale, tablespace,
// connection limit, GRANTs ON DATABASE, ALTER DATABASE/ROLE ... SET, the comment. A restore
// that builds a new database and swaps it in by rename copies these over, so the
// application's roles can still connect and keep their settings.
struct PostgresDatabaseProperties {
    QString name;
    QString owner;
    QString encoding;
    QString collate;
    QString ctype;
    QChar localeProvider;   // 'c' libc, 'i' ICU, 'b' builtin (PostgreSQL 15+), null before
    QString providerLocale; // the ICU or builtin locale
    QString tablespace;
    // Statements with a placeholder for the name, which applyStatements fills in.
    QStringList settings; // ALTER DATABASE/ROLE ... SET
    QStringList grants;   // REVOKE/GRANT ... ON DATABASE
    QString comment;      // COMMENT ON DATABASE, or empty
    int connectionLimit = -1;

    // Read over a connection to the database itself.
    static PostgresDatabaseProperties read(QSqlDatabase &db);

    // CREATE DATABASE `name` like this one (from template0, so it starts empty).
    QString createStatement(const QString &newName) const;
    // Everything else, to run on `newName` once it exists.
    QStringList applyStatements(const QString &newName) const;
};

} // namespace retort
