#include "ProjectGraph.h"

#include "alembic/PythonScriptDirectory.h"
#include "script/FolderListing.h"
#include "script/ProjectConfig.h"
#include "script/ScriptCache.h"
#include "script/ScriptDirectory.h"

#include <QDir>

#include <optional>
#include <thread>

namespace retort {

namespace {

// The graph the cache alone gives, with the keys its entries were cached under; nullopt
// if an entry does not decode or the graph does not build (the ordinary load then
// reports the error in its own words). Entries without a revision id are Python files
// that are not revisions.
std::optional<RevisionGraph> graphFromCache(const ScriptCache &cache, const QString &folder,
                                            RevisionDocs docs, QVector<ScriptFileKey> &keys)
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
        if (!cache.decodeEntry(i, filePath(prefix, cache.entryName(i)), script, key, docs))
            return std::nullopt;
        if (!script.revision.id.isEmpty())
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

// The graph from the cache, built while the folder is listed, if the listing then
// matches the cache exactly; nullopt otherwise.
std::optional<RevisionGraph> graphWhileListing(const QString &folder, ScriptLanguage language,
                                               RevisionDocs docs)
{
    const QDir dir(folder);
    if (!dir.exists())
        return std::nullopt;
    const bool python = language == ScriptLanguage::Python;
    FolderListing listing;
    std::thread lister([&] { listing = python ? listPythonFiles(folder) : listSqlFiles(folder); });
    const ScriptCache cache(dir.absolutePath(), ScriptParts::Headers, language);
    QVector<ScriptFileKey> keys;
    std::optional<RevisionGraph> graph = graphFromCache(cache, folder, docs, keys);
    lister.join();
    // For Python files, a name Alembic skips (a symlink to a file already read) is never
    // cached, so a listing holding one does not match.
    if (graph && listingMatches(listing, cache, keys))
        return graph;
    return std::nullopt;
}

} // namespace

RevisionGraph loadRevisionGraph(const QString &versionsFolder, RevisionDocs docs)
{
    if (std::optional<RevisionGraph> graph =
            graphWhileListing(versionsFolder, ScriptLanguage::Sql, docs))
        return std::move(*graph);
    return RevisionGraph::build(
        ScriptDirectory::load(versionsFolder, /*allowEmpty=*/false, ScriptParts::Headers)
            .revisions());
}

RevisionGraph loadProjectGraph(const ProjectConfig &config, RevisionDocs docs)
{
    if (!config.isAlembic())
        return loadRevisionGraph(config.scriptLocation, docs);
    // One versions folder (nearly every project): the same shortcut as for SQL files.
    if (config.versionLocations.size() == 1 && !config.recursiveVersionLocations)
        if (std::optional<RevisionGraph> graph =
                graphWhileListing(config.versionLocations.first(), ScriptLanguage::Python, docs))
            return std::move(*graph);
    return RevisionGraph::build(loadPythonScripts(config, ScriptParts::Headers).revisions());
}

} // namespace retort
