#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace retort {

// An .ini file read as Python's configparser reads it (Alembic's alembic.ini and
// Retort's retort.ini): "[section]" headers, "key = value" or "key: value" (keys lower
// cased), '#'/';' comment lines, and values continued on indented lines. Values are kept
// raw; interpolated() applies configparser's BasicInterpolation ("%(name)s", "%%") for
// the files that use it (alembic.ini).
class IniFile {
public:
    struct Value {
        QString text;
        int line = 0; // 1-based line of the key
    };
    struct Section {
        QString name;
        int line = 0;
        QStringList keys; // in file order
        QHash<QString, Value> values;
    };

    // Throws Error naming the file and line for an unreadable file or a malformed line.
    static IniFile read(const QString &path);
    // The same for the file's bytes; `path` only names it in errors.
    static IniFile parse(const QByteArray &bytes, const QString &path);

    const QString &path() const { return m_path; }
    bool hasSection(const QString &name) const { return m_index.contains(name); }
    const QVector<Section> &sections() const { return m_sections; } // in file order
    const Section *section(const QString &name) const;
    // The raw value, or nullptr.
    const Value *value(const QString &section, const QString &key) const;

    // The value with "%(name)s" replaced from the same section, then [DEFAULT], then
    // `defaults` (Alembic passes {"here": the ini's folder}), recursively, and "%%" as "%".
    // Throws Error naming file:line for a missing name or a bad '%'.
    QString interpolated(const QString &section, const QString &key,
                         const QHash<QString, QString> &defaults) const;

private:
    QString expand(const QString &section, const Value &v, const QHash<QString, QString> &defaults,
                   int depth) const;
    QString m_path;
    QVector<Section> m_sections;
    QHash<QString, qsizetype> m_index;
};

} // namespace retort
