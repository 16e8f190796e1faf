#include "environments/Environment.h"

#include "Error.h"
#include "db/DatabaseUrl.h"
#include "script/ProjectConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

#include <algorithm>

namespace retort::gui {

namespace {

QString settingsGroup(const QString &iniPath)
{
    // QSettings keys cannot hold '/' freely: percent-encode the path into one key.
    return u"environments/"_qs + QString::fromLatin1(QUrl::toPercentEncoding(iniPath));
}

// Before environments, File > Connect stored one URL per project under connections/; it
// becomes the window environment "connected", without its password, and is never the
// one a launch picks by itself.
void migrateOldConnection(const QString &iniPath, const QString &projectDir)
{
    QSettings settings;
    const QString key = u"connections/"_qs + iniPath;
    const QString stored = settings.value(key).toString();
    if (stored.isEmpty())
        return;
    settings.remove(key);
    try {
        const DatabaseUrl url = DatabaseUrl::parse(stored, projectDir);
        Environment env;
        env.name = u"connected"_qs;
        env.url = url.isSqlite() ? stored : url.toText(DatabaseUrl::Password::Omit);
        saveWindowEnvironment(iniPath, env);
    } catch (const Error &) {
        // Not a URL we can split from its password: forget it rather than keep a secret.
    }
}

} // namespace

QString Environment::serverText(const QString &projectDir) const
{
    try {
        const DatabaseUrl u = DatabaseUrl::parse(url, projectDir);
        if (u.isSqlite())
            return u.inMemory ? QObject::tr("in memory")
                   : QDir(projectDir).relativeFilePath(u.sqlitePath).startsWith(u".."_qs)
                       ? u.sqlitePath
                       : QDir(projectDir).relativeFilePath(u.sqlitePath);
        const QString host = u.host.isEmpty() ? u"localhost"_qs : u.host;
        const QString port = u.port > 0 ? u':' + QString::number(u.port) : QString();
        return host + port + u" / "_qs + (u.database.isEmpty() ? u.user : u.database);
    } catch (const Error &) {
        return DatabaseUrl::maskPassword(url);
    }
}

QList<Environment> projectEnvironments(const ProjectConfig &config, const QString &urlOption)
{
    QList<Environment> list;
    if (!urlOption.isEmpty())
        list.append({u"--url"_qs, urlOption, false, {}, Environment::Source::UrlOption});
    if (const QString env = qEnvironmentVariable("DATABASE_URL"); !env.isEmpty())
        list.append(
            {u"$DATABASE_URL"_qs, env, false, {}, Environment::Source::DatabaseUrlVariable});
    if (!config.url.isEmpty())
        // Named after the file it comes from: retort.ini, or alembic.ini's sqlalchemy.url.
        list.append({QFileInfo(config.iniPath).fileName(),
                     config.url,
                     false,
                     {},
                     Environment::Source::IniUrl});
    for (const EnvironmentConfig &e : config.environments)
        list.append({e.name, e.url, e.production, e.colour, Environment::Source::IniSection});

    migrateOldConnection(config.iniPath, config.projectDir);
    QSettings settings;
    settings.beginGroup(settingsGroup(config.iniPath));
    for (const QString &name : settings.childGroups()) {
        settings.beginGroup(name);
        Environment env;
        env.name = QString::fromUtf8(QByteArray::fromPercentEncoding(name.toLatin1()));
        env.url = settings.value(u"url"_qs).toString();
        env.production = settings.value(u"production"_qs).toBool();
        env.colour = settings.value(u"colour"_qs).toString();
        settings.endGroup();
        const bool shadowed = std::any_of(list.cbegin(), list.cend(),
                                          [&](const Environment &e) { return e.name == env.name; });
        if (!env.url.isEmpty() && !shadowed)
            list.append(env);
    }
    return list;
}

void saveWindowEnvironment(const QString &iniPath, const Environment &env)
{
    QSettings settings;
    settings.beginGroup(settingsGroup(iniPath));
    settings.beginGroup(QString::fromLatin1(QUrl::toPercentEncoding(env.name)));
    settings.setValue(u"url"_qs, env.url);
    settings.setValue(u"production"_qs, env.production);
    settings.setValue(u"colour"_qs, env.colour);
}

} // namespace retort::gui
