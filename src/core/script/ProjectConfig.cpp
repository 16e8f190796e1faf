#include "script/ProjectConfig.h"

#include "Error.h"
#include "alembic/AlembicIni.h"
#include "script/IniFile.h"

#include <QDir>
#include <QFileInfo>

namespace retort {

namespace {

const QStringList &knownKeys()
{
    static const QStringList keys = {
        u"script_location"_qs, u"url"_qs,        u"sqlalchemy.url"_qs,       u"version_table"_qs,
        u"file_template"_qs,   u"backup_dir"_qs, u"truncate_slug_length"_qs, u"schema"_qs};
    return keys;
}

} // namespace

QString projectIniPath(const QString &fileOrFolder)
{
    const QFileInfo info(fileOrFolder);
    if (!info.isDir())
        return fileOrFolder;
    const QDir dir(info.absoluteFilePath());
    if (!QFileInfo::exists(dir.filePath(u"retort.ini"_qs)) &&
        QFileInfo::exists(dir.filePath(u"alembic.ini"_qs)))
        return dir.filePath(u"alembic.ini"_qs);
    return dir.filePath(u"retort.ini"_qs);
}

QString resolveConfigPath(const QString &base, const QString &path)
{
    return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

ProjectConfig ProjectConfig::load(const QString &iniPath)
{
    const IniFile ini = IniFile::read(iniPath);
    ProjectConfig config;
    config.iniPath = QFileInfo(iniPath).absoluteFilePath();
    config.projectDir = QFileInfo(iniPath).absolutePath();
    if (ini.hasSection(u"alembic"_qs)) {
        readAlembicIni(ini, config);
        return config;
    }

    // Only [retort] is ours; other sections (logging, tools) are left alone.
    const IniFile::Section *retort = ini.section(u"retort"_qs);
    if (!retort)
        throw Error(u"%1: no [retort] section (nor [alembic]: this is not a Retort or an "
                    "Alembic project)"_qs.arg(iniPath));
    for (const QString &key : retort->keys)
        if (!knownKeys().contains(key))
            throw Error(u"%1:%2: unknown setting '%3' in [retort] (known: %4)"_qs.arg(iniPath)
                            .arg(retort->values.value(key).line)
                            .arg(key, knownKeys().join(u", "_qs)));
    const auto get = [&](const QString &key, const QString &fallback = {}) {
        const IniFile::Value *v = ini.value(u"retort"_qs, key);
        return v ? v->text : fallback;
    };
    config.scriptLocation =
        resolveConfigPath(config.projectDir, get(u"script_location"_qs, u"versions"_qs));
    config.versionLocations = {config.scriptLocation};
    config.url = get(u"url"_qs, get(u"sqlalchemy.url"_qs));
    config.versionTable = get(u"version_table"_qs, config.versionTable);
    config.fileTemplate = get(u"file_template"_qs, config.fileTemplate);
    config.backupDir = resolveConfigPath(config.projectDir, get(u"backup_dir"_qs, u"backups"_qs));
    if (retort->values.contains(u"schema"_qs))
        config.schemaPath = resolveConfigPath(config.projectDir, get(u"schema"_qs));
    if (retort->values.contains(u"truncate_slug_length"_qs)) {
        bool ok = false;
        config.truncateSlugLength = get(u"truncate_slug_length"_qs).toInt(&ok);
        if (!ok || config.truncateSlugLength <= 0)
            throw Error(u"%1: truncate_slug_length must be a positive number"_qs.arg(iniPath));
    }
    return config;
}

QString ProjectConfig::effectiveUrl(const QString &urlFlag) const
{
    if (!urlFlag.isEmpty())
        return urlFlag;
    const QString env = qEnvironmentVariable("DATABASE_URL");
    if (!env.isEmpty())
        return env;
    return url;
}

} // namespace retort
