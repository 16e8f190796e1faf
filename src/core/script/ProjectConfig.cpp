#include "script/ProjectConfig.h"

#include "Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace retort {

namespace {

const QStringList &knownKeys()
{
    static const QStringList keys = {
        u"script_location"_qs, u"url"_qs,        u"sqlalchemy.url"_qs,       u"version_table"_qs,
        u"file_template"_qs,   u"backup_dir"_qs, u"truncate_slug_length"_qs, u"schema"_qs};
    return keys;
}

QString resolvePath(const QString &base, const QString &path)
{
    return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

} // namespace

ProjectConfig ProjectConfig::load(const QString &iniPath)
{
    QFile file(iniPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"%1: cannot open the project configuration: %2"_qs.arg(
            iniPath, file.exists() ? file.errorString() : u"no such file"_qs));

    ProjectConfig config;
    config.iniPath = QFileInfo(iniPath).absoluteFilePath();
    config.projectDir = QFileInfo(iniPath).absolutePath();
    const auto fail = [&](int line, const QString &what) {
        throw Error(u"%1:%2: %3"_qs.arg(iniPath).arg(line).arg(what));
    };

    // A small INI reader in configparser's dialect: [section], "key = value" or
    // "key: value", '#'/';' comment lines. Only [retort] is ours; other sections
    // (logging, tools) are left alone.
    QHash<QString, QString> values;
    QString section;
    bool sawRetort = false;
    int lineNo = 0;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &raw : lines) {
        ++lineNo;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']'))
                fail(lineNo, u"malformed section header '%1'"_qs.arg(line));
            section = line.mid(1, line.size() - 2).trimmed();
            sawRetort = sawRetort || section == u"retort";
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        const qsizetype colon = line.indexOf(u':');
        qsizetype sep = eq;
        if (sep < 0 || (colon >= 0 && colon < sep))
            sep = colon;
        if (sep <= 0)
            fail(lineNo, u"expected 'key = value', found '%1'"_qs.arg(line));
        if (section != u"retort")
            continue;
        const QString key = line.left(sep).trimmed();
        if (!knownKeys().contains(key))
            fail(lineNo, u"unknown setting '%1' in [retort] (known: %2)"_qs.arg(
                             key, knownKeys().join(u", "_qs)));
        values.insert(key, line.mid(sep + 1).trimmed());
    }
    if (!sawRetort)
        throw Error(u"%1: no [retort] section"_qs.arg(iniPath));

    config.scriptLocation =
        resolvePath(config.projectDir, values.value(u"script_location"_qs, u"versions"_qs));
    config.url = values.value(u"url"_qs, values.value(u"sqlalchemy.url"_qs));
    if (values.contains(u"version_table"_qs))
        config.versionTable = values.value(u"version_table"_qs);
    if (values.contains(u"file_template"_qs))
        config.fileTemplate = values.value(u"file_template"_qs);
    config.backupDir =
        resolvePath(config.projectDir, values.value(u"backup_dir"_qs, u"backups"_qs));
    if (values.contains(u"schema"_qs))
        config.schemaPath = resolvePath(config.projectDir, values.value(u"schema"_qs));
    if (values.contains(u"truncate_slug_length"_qs)) {
        bool ok = false;
        config.truncateSlugLength = values.value(u"truncate_slug_length"_qs).toInt(&ok);
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
