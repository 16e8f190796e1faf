#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace retort {

class IniFile;

// A named database of the project: an `[env NAME]` section of the project's ini.
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

// The project's configuration: retort.ini (Retort's own SQL projects) or alembic.ini (an
// Alembic project, read by alembic/AlembicIni.cpp). Relative paths are relative to the
// ini file's folder, so a project works from any cwd.
struct ProjectConfig {
    enum class Kind { Retort, Alembic };
    Kind kind = Kind::Retort;
    QString iniPath;        // absolute path of the ini
    QString projectDir;     // its folder
    QString scriptLocation; // absolute path of the (first) versions folder
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

    // Alembic projects only.
    QString alembicScriptDir;     // script_location: the folder holding env.py
    QStringList versionLocations; // absolute; Alembic's order
    bool recursiveVersionLocations = false;
    QStringList prependSysPath; // absolute, as Alembic puts them on sys.path
    QString python;             // [retort] python = (absolute), may be empty
    // [retort] offline_timeout = SECONDS: how long the Plan tab's preview waits for the
    // project's Alembic to render a plan offline before it stops it (a hanging env.py).
    int offlineTimeoutSeconds = 60;

    bool isAlembic() const { return kind == Kind::Alembic; }

    // Throws Error naming the file and line for a missing file, a syntax error, a
    // missing [retort] section (retort.ini) or an unknown key (a typo must not be
    // ignored). A file with an [alembic] section is read as alembic.ini.
    static ProjectConfig load(const QString &iniPath);
    // The same for an already read file (ini.path() is the file's path).
    static ProjectConfig fromIni(const IniFile &ini);

    // The URL to use: --url, then $DATABASE_URL, then the ini, as DESIGN.md orders them.
    // `envName` (--env) picks an [env NAME] section instead; giving it with --url, or a
    // name the ini does not have, throws Error naming the known environments.
    QString effectiveUrl(const QString &urlFlag, const QString &envName = {}) const;
};

// The ini of a project given as a file (returned as is) or a folder: its retort.ini, else
// its alembic.ini (an Alembic project opened as it is), else <folder>/retort.ini (which
// then fails to load with a message naming it).
QString projectIniPath(const QString &fileOrFolder);

// Where `path` (absolute or relative) points from `base`, cleaned.
QString resolveConfigPath(const QString &base, const QString &path);

} // namespace retort
