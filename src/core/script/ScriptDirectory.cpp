#include "script/ScriptDirectory.h"

#include "Error.h"
#include "ParallelFor.h"
#include "script/FolderListing.h"
#include "script/MigrationFileParser.h"
#include "script/ScriptCache.h"

#include <QDir>
#include <QFile>

namespace retort {

namespace {

// One file's outcome, filled on a worker thread.
struct LoadedFile {
    QString path;
    MigrationScript script;
    QString error; // the parse error, if it failed
    bool cached = false;
};

} // namespace

ScriptDirectory ScriptDirectory::load(const QString &folder, bool allowEmpty, ScriptParts parts)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(
            u"%1: the versions folder does not exist (script_location in retort.ini)"_qs.arg(
                folder));
    const qint64 scanStart = ScriptCache::nowNs();
    // An unlistable folder behaves as an empty one, as with QDir.
    const FolderListing listing = listSqlFiles(folder).value_or(FolderListing());
    const QVector<ListedFile> &files = listing.files;

    ScriptDirectory result;
    result.m_folder = dir.absolutePath();
    ScriptCache cache(result.m_folder, parts);
    const QString prefix = filePathPrefix(folder);

    // Cached files are decoded here, in file order (the cache is in the same order, so
    // no lookup searches); only the misses are parsed, on every core. Decoding on
    // worker threads was measured no faster: it is allocation-bound, and their malloc
    // arenas lack the main heap's huge pages (reserveHugePageHeap).
    QVector<LoadedFile> loaded(files.size());
    QVector<qsizetype> misses;
    qsizetype hint = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        LoadedFile &out = loaded[i];
        // QFile::decodeName, without copying the name first.
        out.path = prefix + QString::fromLocal8Bit(files[i].name);
        out.cached = cache.lookup(files[i].name, files[i].key, out.path, out.script, hint);
        if (!out.cached)
            misses.append(i);
    }
    parallelFor(
        misses.size(),
        [&](qsizetype k) {
            LoadedFile &out = loaded[misses[k]];
            try {
                out.script = parseMigrationFile(out.path);
            } catch (const Error &e) {
                out.error = e.message();
            }
        },
        /*block=*/16);

    result.m_scripts.reserve(files.size());
    result.m_byId.reserve(files.size());
    QVector<ScriptCache::Entry> entries; // what parsed, for the cache
    entries.reserve(files.size());
    QStringList errors;
    for (qsizetype i = 0; i < files.size(); ++i) {
        LoadedFile &file = loaded[i];
        if (!file.error.isEmpty()) {
            errors.append(file.error);
            continue;
        }
        const QString &id = file.script.revision.id;
        const auto existing = result.m_byId.constFind(id);
        if (existing != result.m_byId.constEnd()) {
            const MigrationScript &first = result.m_scripts[*existing];
            errors.append(u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs
                              .arg(file.script.revision.path)
                              .arg(file.script.revisionLine)
                              .arg(id, first.revision.path)
                              .arg(first.revisionLine));
            continue;
        }
        result.m_byId.insert(id, result.m_scripts.size());
        result.m_scripts.append(std::move(file.script));
        entries.append({files[i].name, files[i].key, nullptr, file.cached});
    }
    // Pointers only now: m_scripts no longer moves.
    for (qsizetype i = 0; i < entries.size(); ++i)
        entries[i].script = &result.m_scripts[i];
    // Cache what parsed, also when other files failed: the next run after a fix is fast.
    cache.save(entries, scanStart);

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
    result.m_byId.reserve(result.m_scripts.size());
    QStringList errors;
    for (qsizetype i = 0; i < result.m_scripts.size(); ++i) {
        const MigrationScript &script = result.m_scripts[i];
        const auto existing = result.m_byId.constFind(script.revision.id);
        if (existing == result.m_byId.constEnd()) {
            result.m_byId.insert(script.revision.id, i);
            continue;
        }
        const MigrationScript &first = result.m_scripts[*existing];
        errors.append(
            u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs.arg(script.revision.path)
                .arg(script.revisionLine)
                .arg(script.revision.id, first.revision.path)
                .arg(first.revisionLine));
    }
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    return result;
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
