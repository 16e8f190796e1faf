#include "ProjectGraph.h"

#include "script/FolderListing.h"
#include "script/ScriptCache.h"
#include "script/ScriptDirectory.h"

#include <QDir>

#include <optional>
#include <thread>

namespace retort {

namespace {

// The graph the cache alone gives, with the keys its entries were cached under; nullopt
// if an entry does not decode or the graph does not build (the ordinary load then
// reports the error in its own words).
std::optional<RevisionGraph> graphFromCache(const ScriptCache &cache, const QString &folder,
                                            QVector<ScriptFileKey> &keys)
{
    const qsizetype count = cache.entryCount();
    if (count == 0)
        return std::nullopt;
    const QString prefix = filePathPrefix(folder);
    QVector<Revision> revisions;
    revisions.reserve(count);
    keys.reserve(count);
    for (qsizetype i = 0; i < count; ++i) {
        MigrationScript script;
        ScriptFileKey key;
        if (!cache.decodeEntry(i, prefix + QString::fromLocal8Bit(cache.entryName(i)), script, key))
            return std::nullopt;
        revisions.append(std::move(script.revision));
        keys.append(key);
    }
    try {
        return RevisionGraph::build(std::move(revisions));
    } catch (...) {
        return std::nullopt;
    }
}

bool listingMatches(const FolderListing &listing, const ScriptCache &cache,
                    const QVector<ScriptFileKey> &keys)
{
    // An unreadable or unlistable entry is an error the ordinary load reports.
    if (listing.listError != 0 || listing.unusable != 0 ||
        listing.files.size() != cache.entryCount())
        return false;
    for (qsizetype i = 0; i < listing.files.size(); ++i)
        if (listing.files[i].name != cache.entryName(i) || !(listing.files[i].key == keys[i]))
            return false;
    return true;
}

} // namespace

RevisionGraph loadRevisionGraph(const QString &versionsFolder)
{
    const QDir dir(versionsFolder);
    if (dir.exists()) {
        FolderListing listing;
        std::thread lister([&] { listing = listSqlFiles(versionsFolder); });
        const ScriptCache cache(dir.absolutePath(), ScriptParts::Headers);
        QVector<ScriptFileKey> keys;
        std::optional<RevisionGraph> graph = graphFromCache(cache, versionsFolder, keys);
        lister.join();
        if (graph && listingMatches(listing, cache, keys))
            return std::move(*graph);
    }
    return RevisionGraph::build(
        ScriptDirectory::load(versionsFolder, /*allowEmpty=*/false, ScriptParts::Headers)
            .revisions());
}

} // namespace retort
