#include "script/ProjectConfig.h"

#include "Error.h"
#include "alembic/AlembicIni.h"
#include "db/DatabaseUrl.h"
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

const QStringList &environmentKeys()
{
    static const QStringList keys = {u"url"_qs, u"production"_qs, u"colour"_qs, u"color"_qs};
    return keys;
}

// configparser's getboolean() words.
bool parseBoolean(const QString &value, bool *ok)
{
    const QString v = value.toLower();
    *ok = true;
    if (v == u"1" || v == u"yes" || v == u"true" || v == u"on")
        return true;
    if (v == u"0" || v == u"no" || v == u"false" || v == u"off")
        return false;
    *ok = false;
    return false;
}

// `[env NAME]` sections: the project's named databases. A URL holding a password is
// refused, so the ini (often committed) never carries a secret.
void readEnvironments(const IniFile &ini, ProjectConfig &config)
{
    const QString &iniPath = ini.path();
    const auto fail = [&](int line, const QString &what) {
        throw Error(u"%1:%2: %3"_qs.arg(iniPath).arg(line).arg(what));
    };
    for (const IniFile::Section &s : ini.sections()) {
        const QString &sectionName = s.name;
        if (!sectionName.startsWith(u"env "_qs) && sectionName != u"env")
            continue;
        const IniFile::Section *section = &s;
        const QString name = sectionName.mid(4).trimmed();
        if (name.isEmpty())
            fail(section->line, u"[env] needs a name: [env NAME]"_qs);
        if (config.environment(name))
            fail(section->line, u"environment '%1' is defined twice"_qs.arg(name));
        EnvironmentConfig env{name, {}, false, {}};
        for (const QString &key : section->keys) {
            const IniFile::Value &v = section->values[key];
            if (!environmentKeys().contains(key))
                fail(v.line,
                     u"unknown setting '%1' in [%2] (known: url, production, colour)"_qs.arg(
                         key, sectionName));
            if (key == u"url") {
                if (DatabaseUrl::maskPassword(v.text) != v.text)
                    fail(v.line,
                         u"[%1] url holds a password; leave it out and use "
                         u"PGPASSWORD, ~/.pgpass or the window's keyring"_qs.arg(sectionName));
                env.url = v.text;
            } else if (key == u"production") {
                bool ok = false;
                env.production = parseBoolean(v.text, &ok);
                if (!ok)
                    fail(v.line, u"production must be true or false, not '%1'"_qs.arg(v.text));
            } else {
                env.colour = v.text;
            }
        }
        config.environments.append(env);
    }
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
    return fromIni(IniFile::read(iniPath));
}

ProjectConfig ProjectConfig::fromIni(const IniFile &ini)
{
    const QString &iniPath = ini.path();
    ProjectConfig config;
    config.iniPath = QFileInfo(iniPath).absoluteFilePath();
    config.projectDir = QFileInfo(iniPath).absolutePath();
    readEnvironments(ini, config);
    if (ini.hasSection(u"alembic"_qs)) {
        readAlembicIni(ini, config);
        return config;
    }

    // Only [retort] is ours; other sections (logging, tools) are left alone.
    const IniFile::Section *retort = ini.section(u"retort"_qs);
    if (!retort)
        throw Error(u"%1: no [retort] section (nor [alembic]: this is not a Retort or an "
                    "Alembic project)"_qs.arg(iniPath));
    const auto fail = [&](int line, const QString &what) {
        throw Error(u"%1:%2: %3"_qs.arg(iniPath).arg(line).arg(what));
    };
    for (const QString &key : retort->keys)
        if (!knownKeys().contains(key))
            fail(retort->values.value(key).line,
                 u"unknown setting '%1' in [retort] (known: %2)"_qs.arg(
                     key, knownKeys().join(u", "_qs)));
    // A setting written with no value would otherwise mean the project folder itself (a
    // path), an unnamed version table, or files named by an empty template: say so at its
    // line. (An empty url is "no URL": the CLI then asks for --url or DATABASE_URL.)
    const auto get = [&](const QString &key, const QString &fallback = {}) {
        const IniFile::Value *v = ini.value(u"retort"_qs, key);
        if (!v)
            return fallback;
        if (v->text.isEmpty() && !fallback.isEmpty())
            fail(v->line,
                 u"%1 is empty; give a value or remove the line for the default (%2)"_qs.arg(
                     key, fallback));
        return v->text;
    };
    config.scriptLocation =
        resolveConfigPath(config.projectDir, get(u"script_location"_qs, u"versions"_qs));
    config.versionLocations = {config.scriptLocation};
    config.url = get(u"url"_qs, get(u"sqlalchemy.url"_qs));
    config.versionTable = get(u"version_table"_qs, config.versionTable);
    config.fileTemplate = get(u"file_template"_qs, config.fileTemplate);
    config.backupDir = resolveConfigPath(config.projectDir, get(u"backup_dir"_qs, u"backups"_qs));
    if (const IniFile::Value *schema = ini.value(u"retort"_qs, u"schema"_qs)) {
        if (schema->text.isEmpty())
            fail(schema->line, u"schema is empty; name the desired-schema file or folder"_qs);
        config.schemaPath = resolveConfigPath(config.projectDir, schema->text);
    }
    if (const IniFile::Value *slug = ini.value(u"retort"_qs, u"truncate_slug_length"_qs)) {
        bool ok = false;
        config.truncateSlugLength = slug->text.toInt(&ok);
        if (!ok || config.truncateSlugLength <= 0)
            fail(slug->line,
                 u"truncate_slug_length must be a positive number, not '%1'"_qs.arg(slug->text));
    }
    return config;
}

const EnvironmentConfig *ProjectConfig::environment(const QString &name) const
{
    for (const EnvironmentConfig &env : environments)
        if (env.name == name)
            return &env;
    return nullptr;
}

QString ProjectConfig::effectiveUrl(const QString &urlFlag, const QString &envName) const
{
    if (!envName.isEmpty()) {
        if (!urlFlag.isEmpty())
            throw Error(u"give either --url or --env, not both"_qs);
        const EnvironmentConfig *env = environment(envName);
        QStringList known;
        for (const EnvironmentConfig &e : environments)
            known.append(e.name);
        if (!env)
            throw Error(u"%1 has no environment '%2' (%3)"_qs.arg(
                iniPath, envName,
                known.isEmpty() ? u"it defines none; add an [env NAME] section with a url"_qs
                                : u"known: "_qs + known.join(u", "_qs)));
        if (env->url.isEmpty())
            throw Error(u"%1: [env %2] has no url"_qs.arg(iniPath, envName));
        return env->url;
    }
    if (!urlFlag.isEmpty())
        return urlFlag;
    const QString env = qEnvironmentVariable("DATABASE_URL");
    if (!env.isEmpty())
        return env;
    return url;
}

} // namespace retort
