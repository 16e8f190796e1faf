#include "script/IniFile.h"

#include "Error.h"
#include "script/TextLines.h"

#include <QFile>

namespace retort {

namespace {

bool isComment(QStringView trimmed)
{
    return trimmed.startsWith(u'#') || trimmed.startsWith(u';');
}

} // namespace

IniFile IniFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"%1: cannot open the project configuration: %2"_qs.arg(
            path, file.exists() ? file.errorString() : u"no such file"_qs));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        throw Error(
            u"%1: cannot read the project configuration: %2"_qs.arg(path, file.errorString()));
    return parse(bytes, path);
}

IniFile IniFile::parse(const QByteArray &bytes, const QString &path)
{
    IniFile ini;
    ini.m_path = path;
    const auto fail = [&](int line, const QString &what) {
        throw Error(u"%1:%2: %3"_qs.arg(path).arg(line).arg(what));
    };
    const QStringList lines = decodeTextLines(bytes, path, u"a configuration file"_qs);

    Section *section = nullptr;
    Value *current = nullptr; // the value an indented line continues
    int currentIndent = 0;
    int pendingBlank = 0; // blank lines inside a multi-line value are kept, trailing ones not
    for (int i = 0; i < lines.size(); ++i) {
        const QString &raw = lines[i];
        const int lineNo = i + 1;
        const QString trimmed = raw.trimmed();
        if (trimmed.isEmpty()) {
            if (current)
                ++pendingBlank;
            continue;
        }
        if (isComment(trimmed))
            continue;
        int indent = 0;
        while (indent < raw.size() && raw[indent].isSpace())
            ++indent;
        if (current && indent > currentIndent) {
            current->text += QString(pendingBlank + 1, u'\n') + trimmed;
            pendingBlank = 0;
            continue;
        }
        current = nullptr;
        pendingBlank = 0;
        if (trimmed.startsWith(u'[')) {
            const qsizetype close = trimmed.indexOf(u']');
            if (close < 0)
                fail(lineNo, u"malformed section header '%1'"_qs.arg(trimmed));
            const QString name = trimmed.mid(1, close - 1);
            if (ini.m_index.contains(name))
                fail(lineNo, u"section [%1] appears twice"_qs.arg(name));
            ini.m_index.insert(name, ini.m_sections.size());
            ini.m_sections.append(Section{name, lineNo, {}, {}});
            section = &ini.m_sections.last();
            continue;
        }
        const qsizetype eq = trimmed.indexOf(u'=');
        const qsizetype colon = trimmed.indexOf(u':');
        qsizetype sep = eq;
        if (sep < 0 || (colon >= 0 && colon < sep))
            sep = colon;
        if (sep <= 0)
            fail(lineNo, u"expected 'key = value', found '%1'"_qs.arg(trimmed));
        if (!section)
            fail(lineNo, u"'%1' comes before any [section]"_qs.arg(trimmed));
        const QString key = trimmed.left(sep).trimmed().toLower();
        if (!section->values.contains(key))
            section->keys.append(key);
        Value &v = section->values[key];
        v = Value{trimmed.mid(sep + 1).trimmed(), lineNo};
        current = &v;
        currentIndent = indent;
    }
    return ini;
}

const IniFile::Section *IniFile::section(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_sections[*it];
}

const IniFile::Value *IniFile::value(const QString &sectionName, const QString &key) const
{
    const Section *s = section(sectionName);
    if (!s)
        return nullptr;
    const auto it = s->values.constFind(key);
    return it == s->values.constEnd() ? nullptr : &*it;
}

QString IniFile::interpolated(const QString &sectionName, const QString &key,
                              const QHash<QString, QString> &defaults) const
{
    const Value *v = value(sectionName, key);
    if (!v) {
        const Value *d = value(u"DEFAULT"_qs, key);
        if (d)
            return expand(sectionName, *d, defaults, 1);
        return defaults.value(key);
    }
    return expand(sectionName, *v, defaults, 1);
}

QString IniFile::expand(const QString &sectionName, const Value &v,
                        const QHash<QString, QString> &defaults, int depth) const
{
    const auto fail = [&](const QString &what) {
        throw Error(u"%1:%2: %3"_qs.arg(m_path).arg(v.line).arg(what));
    };
    if (depth > 10)
        fail(u"interpolation nested more than 10 deep in '%1'"_qs.arg(v.text));
    QString out;
    const QString &s = v.text;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] != u'%') {
            out += s[i];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == u'%') {
            out += u'%';
            ++i;
            continue;
        }
        const qsizetype close = s.indexOf(u")s"_qs, i);
        if (i + 1 >= s.size() || s[i + 1] != u'(' || close < 0)
            fail(u"'%' must be followed by '%' or '(name)s' in '%1' (write %% for a literal %)"_qs
                     .arg(s));
        const QString name = s.mid(i + 2, close - i - 2).toLower();
        const Value *ref = value(sectionName, name);
        if (!ref)
            ref = value(u"DEFAULT"_qs, name);
        if (ref)
            out += expand(sectionName, *ref, defaults, depth + 1);
        else if (defaults.contains(name))
            out += defaults.value(name);
        else
            fail(u"'%(%1)s' names no setting of [%2] or [DEFAULT]"_qs.arg(name, sectionName));
        i = close + 1;
    }
    return out;
}

} // namespace retort
