#include "script/CachedFolder.h"

#include "Error.h"
#include "ParallelFor.h"

#include <QDir>

namespace retort {

QVector<LoadedScript> loadListedScripts(const QString &folder, const FolderListing &listing,
                                        ScriptLanguage language, ScriptParts parts,
                                        ScriptReader read, qint64 scanStartNs)
{
    const QVector<ListedFile> &files = listing.files;
    ScriptCache cache(QDir(folder).absolutePath(), parts, language);
    const QString prefix = filePathPrefix(folder);

    // Cached files are decoded here, in file order (the cache is in the same order, so
    // no lookup searches); only the misses are parsed, on every core. Decoding on
    // worker threads was measured no faster: it is allocation-bound, and their malloc
    // arenas lack the main heap's huge pages (reserveHugePageHeap).
    QVector<LoadedScript> loaded(files.size());
    QVector<qsizetype> misses;
    qsizetype hint = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        LoadedScript &out = loaded[i];
        // QFile::decodeName, without copying the name first.
        out.path = filePath(prefix, files[i].name);
        if (files[i].problem != 0) { // never from the cache: it may hold an older copy
            out.error = u"%1: cannot read the %2 file: %3"_qs.arg(
                out.path, language == ScriptLanguage::Python ? u"revision"_qs : u"migration"_qs,
                problemDescription(folder, files[i]));
            continue;
        }
        out.cached = cache.lookup(files[i].name, files[i].key, out.path, out.script, hint);
        if (!out.cached)
            misses.append(i);
    }
    parallelFor(
        misses.size(),
        [&](qsizetype k) {
            LoadedScript &out = loaded[misses[k]];
            try {
                if (std::optional<MigrationScript> script = read(out.path))
                    out.script = std::move(*script);
                else
                    out.script.language = language; // not a revision: cached as such
            } catch (const Error &e) {
                out.error = e.message();
            }
        },
        /*block=*/16);

    // Cache what parsed, also when other files failed: the next run after a fix is fast.
    QVector<ScriptCache::Entry> entries;
    entries.reserve(files.size());
    for (qsizetype i = 0; i < files.size(); ++i)
        if (loaded[i].error.isEmpty())
            entries.append({files[i].name, files[i].key, &loaded[i].script, loaded[i].cached});
    cache.save(entries, scanStartNs);

    // Python sources are only needed by the preview; graph commands drop them.
    if (parts == ScriptParts::Headers && language == ScriptLanguage::Python)
        for (LoadedScript &l : loaded)
            if (l.script.sqlLoaded) {
                l.script.pythonSource.clear();
                l.script.pythonFileSha256.clear();
                l.script.sqlLoaded = false;
            }
    return loaded;
}

} // namespace retort
