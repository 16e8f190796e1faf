#pragma once

#include <QList>
#include <QString>

namespace retort {

// A named database of the project: an `[env NAME]` section of retort.ini.
//   [env prod]
//   url = postgresql://deploy@db.example.com/shop?sslmode=verify-full
//   production = true     ; the window asks for the name typed before destructive runs
//   colour = #c62828      ; shown behind the name in the window
// URLs hold no password (PGPASSWORD, ~/.pgpass or the keyring do).
struct EnvironmentConfig {
    QString name;
    QString url;
    bool production = false;
    QString colour; // "#rrggbb" or empty
};

// retort.ini: where the versions are, which database, which version table. Relative
// paths are relative to the ini file's folder, so a project works from any cwd.
struct ProjectConfig {
    QString iniPath;        // absolute path of retort.ini
    QString projectDir;     // its folder
    QString scriptLocation; // absolute path of the versions folder
    QString url;            // as written in the ini (may be empty)
    QString versionTable = QStringLiteral("alembic_version");
    QString fileTemplate = QStringLiteral("%(rev)s_%(slug)s");
    QString backupDir; // absolute; default <projectDir>/backups
    int truncateSlugLength = 40;
    QList<EnvironmentConfig> environments; // in file order

    // The [env NAME] section called `name`, or nullptr.
    const EnvironmentConfig *environment(const QString &name) const;
    // `schema = path`: the desired schema (a .sql file or folder) that
    // `revision --autogenerate` and `check` compare head with; absolute, empty if unset.
    QString schemaPath;

    // Throws Error naming the file and line for a missing file, a syntax error, a
    // missing [retort] section or an unknown key (a typo must not be ignored).
    static ProjectConfig load(const QString &iniPath);

    // The URL to use: --url, then $DATABASE_URL, then the ini, as DESIGN.md orders them.
    // `envName` (--env) picks an [env NAME] section instead; giving it with --url, or a
    // name the ini does not have, throws Error naming the known environments.
    QString effectiveUrl(const QString &urlFlag, const QString &envName = {}) const;
};

} // namespace retort
