#pragma once

#include <QString>

namespace retort {

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
    // `schema = path`: the desired schema (a .sql file or folder) that
    // `revision --autogenerate` and `check` compare head with; absolute, empty if unset.
    QString schemaPath;

    // Throws Error naming the file and line for a missing file, a syntax error, a
    // missing [retort] section or an unknown key (a typo must not be ignored).
    static ProjectConfig load(const QString &iniPath);

    // The URL to use: --url, then $DATABASE_URL, then the ini, as DESIGN.md orders them.
    QString effectiveUrl(const QString &urlFlag) const;
};

} // namespace retort
