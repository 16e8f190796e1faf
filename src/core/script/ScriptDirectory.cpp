#include "script/ScriptDirectory.h"

#include "Error.h"
#include "script/MigrationFileParser.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace retort {

ScriptDirectory ScriptDirectory::load(const QString &folder, bool allowEmpty) {
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(
            u"%1: the versions folder does not exist (script_location in retort.ini)"_qs.arg(
                folder));
    QStringList names = dir.entryList({u"*.sql"_qs}, QDir::Files | QDir::Readable);
    // Sorted by code point, as Python's sorted() does, not by locale.
    std::sort(names.begin(), names.end(),
              [](const QString &a, const QString &b) { return a.compare(b) < 0; });

    ScriptDirectory result;
    result.m_folder = dir.absolutePath();
    QStringList errors;
    for (const QString &name : std::as_const(names)) {
        // Editor back-ups and lock files are not migrations.
        if (name.startsWith(u'.') || name.startsWith(u'#'))
            continue;
        try {
            MigrationScript script = parseMigrationFile(dir.filePath(name));
            const QString &id = script.revision.id;
            const auto existing = result.m_byId.constFind(id);
            if (existing != result.m_byId.constEnd()) {
                const MigrationScript &first = result.m_scripts[*existing];
                errors.append(u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs
                                  .arg(script.revision.path)
                                  .arg(script.revisionLine)
                                  .arg(id, first.revision.path)
                                  .arg(first.revisionLine));
                continue;
            }
            result.m_byId.insert(id, result.m_scripts.size());
            result.m_scripts.append(std::move(script));
        } catch (const Error &e) {
            errors.append(e.message());
        }
    }
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    if (result.m_scripts.isEmpty() && !allowEmpty)
        throw Error(u"%1: no migration files (*.sql) found; create one with "
                    "'retort revision -m MESSAGE'"_qs.arg(result.m_folder));
    return result;
}

QVector<Revision> ScriptDirectory::revisions() const {
    QVector<Revision> revs;
    revs.reserve(m_scripts.size());
    for (const MigrationScript &s : m_scripts)
        revs.append(s.revision);
    return revs;
}

const MigrationScript *ScriptDirectory::find(const QString &revisionId) const {
    const auto it = m_byId.constFind(revisionId);
    return it == m_byId.constEnd() ? nullptr : &m_scripts[*it];
}

} // namespace retort
