#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace retort {

// A database URL in SQLAlchemy's form, parsed:
//   postgresql://user:pass@host:5432/db?sslmode=require&connect_timeout=5
//   postgresql+psycopg2://...  postgres://...  (driver suffix ignored; postgres = postgresql)
//   postgresql://user@/db?host=/run/postgresql  (Unix socket folder)
//   sqlite:///relative.db  sqlite:////absolute/path.db  sqlite://  sqlite:///:memory:
// User, password, database and query values are percent-decoded.
struct DatabaseUrl {
    enum class Kind { PostgreSQL, SQLite };

    QString url; // as given; may hold a password, so print masked() instead
    Kind kind = Kind::SQLite;

    // PostgreSQL. Empty host/user/password/database leave the choice to libpq (its Unix
    // socket, $PGUSER, $PGPASSWORD or ~/.pgpass, ...); port -1 likewise.
    QString host; // a name, an address, or a socket folder (from ?host=/path)
    int port = -1;
    QString user;
    QString password;
    QString database;
    // Query parameters in order, decoded, except `host`, which is folded into `host`.
    // PostgreSQL passes them to libpq (sslmode, connect_timeout, ...); SQLite knows `timeout`.
    QList<std::pair<QString, QString>> query;

    // SQLite: absolute, cleaned path; empty when inMemory.
    QString sqlitePath;
    bool inMemory = false;

    // Throws Error for an unknown scheme (naming the supported ones), a malformed URL or
    // a bad port or parameter; the message shows the URL masked. Relative SQLite paths
    // are resolved against baseDir (the retort.ini folder; the current folder if empty).
    static DatabaseUrl parse(const QString &url, const QString &baseDir);

    // Any URL-like text with its password replaced by ***, even one that does not parse,
    // so error messages can quote what the user wrote without leaking it.
    static QString maskPassword(const QString &url);
    // maskPassword on each line of a message that may quote URLs anywhere (the CLI's last
    // line of defence before it prints an error).
    static QString maskPasswordsIn(const QString &text);

    // A value quoted for a libpq conninfo string ('...' with \ and ' escaped), as both the
    // QPSQL connect options and pg_dump's --dbname need it.
    static QString libpqQuoted(QString value);

    QString masked() const { return maskPassword(url); }
    // `text` (a server's or a child process's message) with this URL's password and
    // sslpassword replaced by ***, raw or percent-encoded, and any URL in it masked. Secrets
    // shorter than 3 characters are left: replacing them would garble the message, and
    // neither libpq nor the client tools echo passwords anyway.
    QString redact(const QString &text) const;
    QString dialect() const; // "postgresql" or "sqlite", as migration sections name them
    bool isPostgres() const { return kind == Kind::PostgreSQL; }
    bool isSqlite() const { return kind == Kind::SQLite; }

    // The value of query parameter `key`, or `fallback` when absent.
    QString queryValue(const QString &key, const QString &fallback = {}) const;
    // "host:port" or "socket folder" or "the default socket", for messages.
    QString serverDisplay() const;
};

} // namespace retort
