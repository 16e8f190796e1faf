#include "script/ScriptDirectory.h"

#include "Error.h"
#include "script/CachedFolder.h"
#include "script/MigrationFileParser.h"
#include "script/ScriptCache.h"

#include <QDir>
#include <QFile>

#include <cstring>

namespace retort {

ScriptDirectory ScriptDirectory::load(const QString &folder, bool allowEmpty, ScriptParts parts)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(
            u"%1: the versions folder does not exist (script_location in retort.ini)"_qs.arg(
                folder));
    const qint64 scanStart = ScriptCache::nowNs();
    const FolderListing listing = listSqlFiles(folder);
    if (listing.listError != 0)
        throw Error(u"%1: cannot list the versions folder: %2"_qs.arg(
            dir.absolutePath(), QString::fromLocal8Bit(std::strerror(listing.listError))));
    QVector<LoadedScript> loaded = loadListedScripts(
        folder, listing, ScriptLanguage::Sql, parts,
        [](const QString &path) { return std::optional(parseMigrationFile(path)); }, scanStart);

    ScriptDirectory result;
    result.m_folder = dir.absolutePath();
    result.m_scripts.reserve(loaded.size());
    QStringList errors;
    for (LoadedScript &file : loaded) {
        if (file.error.isEmpty())
            result.m_scripts.append(std::move(file.script));
        else
            errors.append(file.error);
    }
    result.index(errors);
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    if (result.m_scripts.isEmpty() && !allowEmpty)
        throw Error(u"%1: no migration files (*.sql) found; create one with "
                    "'retort revision -m MESSAGE'"_qs.arg(result.m_folder));
    return result;
}

ScriptDirectory ScriptDirectory::fromScripts(const QString &folder,
                                             QVector<MigrationScript> scripts)
{
    ScriptDirectory result;
    result.m_folder = folder;
    result.m_scripts = std::move(scripts);
    QStringList errors;
    result.index(errors);
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    return result;
}

void ScriptDirectory::index(QStringList &errors)
{
    m_byId.reserve(m_scripts.size());
    for (qsizetype i = 0; i < m_scripts.size(); ++i) {
        const MigrationScript &script = m_scripts[i];
        const auto existing = m_byId.constFind(script.revision.id);
        if (existing == m_byId.constEnd()) {
            m_byId.insert(script.revision.id, i);
            continue;
        }
        const MigrationScript &first = m_scripts[*existing];
        errors.append(
            u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs.arg(script.revision.path)
                .arg(script.revisionLine)
                .arg(script.revision.id, first.revision.path)
                .arg(first.revisionLine));
    }
}

QVector<Revision> ScriptDirectory::revisions() &&
{
    QVector<Revision> revs;
    revs.reserve(m_scripts.size());
    for (MigrationScript &s : m_scripts)
        revs.append(std::move(s.revision));
    return revs;
}

QVector<Revision> ScriptDirectory::revisions() const &
{
    QVector<Revision> revs;
    revs.reserve(m_scripts.size());
    for (const MigrationScript &s : m_scripts)
        revs.append(s.revision);
    return revs;
}

const MigrationScript *ScriptDirectory::find(const QString &revisionId) const
{
    const auto it = m_byId.constFind(revisionId);
    return it == m_byId.constEnd() ? nullptr : &m_scripts[*it];
}

} // namespace retort
