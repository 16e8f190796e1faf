#include "alembic/AlembicIni.h"

#include "Error.h"
#include "script/IniFile.h"
#include "script/ProjectConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

const QString kMain = u"alembic"_qs;

class AlembicIniReader {
public:
    AlembicIniReader(const IniFile &ini, ProjectConfig &config)
        : m_ini(ini)
        , m_config(config)
    {
        m_defaults.insert(u"here"_qs, config.projectDir);
    }

    void read()
    {
        readRetortSection();
        m_config.kind = ProjectConfig::Kind::Alembic;
        m_config.prependSysPath = prependSysPath();
        const QString location = option(u"script_location"_qs);
        if (location.isEmpty())
            throw Error(u"%1: No 'script_location' key found in configuration ([alembic])"_qs.arg(
                m_ini.path()));
        m_config.alembicScriptDir = resourcePath(location, u"script_location"_qs);
        m_config.versionLocations = versionLocations();
        m_config.scriptLocation = m_config.versionLocations.value(0);
        m_config.recursiveVersionLocations =
            option(u"recursive_version_locations"_qs).toLower() == u"true";
        const QString tmpl = option(u"file_template"_qs);
        if (!tmpl.isEmpty())
            m_config.fileTemplate = tmpl;
        const QString truncate = option(u"truncate_slug_length"_qs);
        if (!truncate.isEmpty()) {
            bool ok = false;
            m_config.truncateSlugLength = truncate.toInt(&ok);
            if (!ok)
                fail(u"truncate_slug_length"_qs, u"must be a number, not '%1'"_qs.arg(truncate));
            if (m_config.truncateSlugLength <= 0) // Alembic: `truncate_slug_length or 40`
                m_config.truncateSlugLength = 40;
        }
        m_config.url = url();
    }

private:
    [[noreturn]] void fail(const QString &key, const QString &what) const
    {
        const IniFile::Value *v = m_ini.value(kMain, key);
        throw Error(u"%1:%2: %3 %4"_qs.arg(m_ini.path()).arg(v ? v->line : 1).arg(key, what));
    }

    QString option(const QString &key) const { return m_ini.interpolated(kMain, key, m_defaults); }

    void readRetortSection()
    {
        const IniFile::Section *retort = m_ini.section(u"retort"_qs);
        if (!retort)
            return;
        static const QStringList known = {u"version_table"_qs, u"python"_qs, u"backup_dir"_qs,
                                          u"offline_timeout"_qs};
        for (const QString &key : retort->keys)
            if (!known.contains(key))
                throw Error(u"%1:%2: unknown setting '%3' in [retort] of an alembic.ini (known: "
                            "%4)"_qs.arg(m_ini.path())
                                .arg(retort->values.value(key).line)
                                .arg(key, known.join(u", "_qs)));
        const auto get = [&](const QString &key) {
            return m_ini.interpolated(u"retort"_qs, key, m_defaults);
        };
        if (retort->values.contains(u"version_table"_qs))
            m_config.versionTable = get(u"version_table"_qs);
        if (retort->values.contains(u"python"_qs))
            m_config.python = resolveConfigPath(m_config.projectDir, get(u"python"_qs));
        if (retort->values.contains(u"backup_dir"_qs))
            m_config.backupDir = resolveConfigPath(m_config.projectDir, get(u"backup_dir"_qs));
        if (retort->values.contains(u"offline_timeout"_qs)) {
            bool ok = false;
            const int seconds = get(u"offline_timeout"_qs).trimmed().toInt(&ok);
            if (!ok || seconds <= 0)
                throw Error(u"%1:%2: offline_timeout in [retort] must be a whole number of seconds "
                            "above 0, not '%3'"_qs.arg(m_ini.path())
                                .arg(retort->values.value(u"offline_timeout"_qs).line)
                                .arg(get(u"offline_timeout"_qs)));
            m_config.offlineTimeoutSeconds = seconds;
        }
    }

    // "package:path" (Alembic's coerce_resource_to_filename) or a path. The package is
    // found without importing it: a folder on prepend_sys_path, beside the ini, or in
    // the current folder.
    QString resourcePath(const QString &value, const QString &key) const
    {
        const qsizetype colon = value.indexOf(u':');
        if (colon <= 0 || QDir::isAbsolutePath(value) ||
            (colon == 1 && value.size() > 2 && (value[2] == u'/' || value[2] == u'\\')))
            return resolveConfigPath(m_config.projectDir, value);
        const QString package = value.left(colon);
        const QString inside = value.mid(colon + 1);
        const QString packagePath = QString(package).replace(u'.', u'/');
        QStringList roots = m_config.prependSysPath;
        roots << m_config.projectDir << QDir::currentPath();
        for (const QString &root : std::as_const(roots)) {
            const QString dir = QDir(root).filePath(packagePath);
            if (QFileInfo(dir).isDir())
                return QDir::cleanPath(QDir(dir).filePath(inside));
        }
        fail(key, u"names the package '%1', which is not a folder under %2 (Retort finds "
                  "packages without importing them: add its parent folder to "
                  "prepend_sys_path)"_qs.arg(package, roots.join(u", "_qs)));
    }

    // version_path_separator (Alembic 1.8) or path_separator (1.16): the character that
    // splits version_locations; neither means the legacy split on spaces and commas.
    QStringList versionLocations() const
    {
        const QString raw = option(u"version_locations"_qs);
        if (raw.isEmpty())
            return {QDir::cleanPath(m_config.alembicScriptDir + u"/versions"_qs)};
        const bool legacyKey = m_ini.value(kMain, u"version_path_separator"_qs) != nullptr;
        const QString sepKey = legacyKey ? u"version_path_separator"_qs : u"path_separator"_qs;
        QStringList items = splitPaths(raw, sepKey, u", *| +"_qs);
        QStringList out;
        for (const QString &item : std::as_const(items))
            out.append(resourcePath(item.trimmed(), u"version_locations"_qs));
        return out;
    }

    QStringList prependSysPath() const
    {
        const QString raw = option(u"prepend_sys_path"_qs);
        if (raw.isEmpty())
            return {};
        // Alembic 1.8 splits on spaces, commas and ':'; path_separator replaces that.
        QStringList out;
        for (const QString &item : splitPaths(raw, u"path_separator"_qs, u", *| +|:"_qs))
            out.append(resolveConfigPath(m_config.projectDir, item.trimmed()));
        return out;
    }

    QStringList splitPaths(const QString &raw, const QString &sepKey, const QString &legacy) const
    {
        const QString sep = option(sepKey);
        QStringList items;
        if (sep.isEmpty() && !m_ini.value(kMain, sepKey)) {
            items = raw.split(QRegularExpression(legacy));
        } else if (sep == u"space") {
            items = raw.split(u' ');
        } else if (sep == u"newline") {
            items = raw.split(u'\n');
        } else if (sep == u"os") {
            items = raw.split(QDir::listSeparator());
        } else if (sep == u":" || sep == u";") {
            items = raw.split(sep);
        } else {
            fail(sepKey, u"is '%1'; expected 'space', 'newline', 'os', ':' or ';'"_qs.arg(sep));
        }
        QStringList kept;
        for (const QString &item : std::as_const(items))
            if (!item.trimmed().isEmpty())
                kept.append(item);
        return kept;
    }

    QString url() const
    {
        if (!m_ini.value(kMain, u"sqlalchemy.url"_qs))
            return {};
        QString text;
        try {
            text = option(u"sqlalchemy.url"_qs);
        } catch (const Error &) {
            // A URL configparser cannot interpolate ("%40" in a password) is used as written.
            text = m_ini.value(kMain, u"sqlalchemy.url"_qs)->text;
        }
        // `alembic init`'s placeholder: the project sets its URL elsewhere (env.py).
        if (text.startsWith(u"driver://"))
            return {};
        return text;
    }

    const IniFile &m_ini;
    ProjectConfig &m_config;
    QHash<QString, QString> m_defaults;
};

} // namespace

void readAlembicIni(const IniFile &ini, ProjectConfig &config)
{
    config.backupDir = resolveConfigPath(config.projectDir, u"backups"_qs);
    AlembicIniReader(ini, config).read();
}

} // namespace retort
