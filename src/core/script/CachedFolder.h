#pragma once

#include "script/FolderListing.h"
#include "script/MigrationScript.h"
#include "script/ScriptCache.h"

#include <QString>
#include <QVector>

#include <optional>

namespace retort {

// One listed file of a versions folder, loaded.
struct LoadedScript {
    QString path;           // folder prefix + the listed name
    MigrationScript script; // an empty revision id: not a revision (a Python helper module)
    QString error;          // why it could not be read or parsed
    bool cached = false;    // it came from the parse cache
    bool isRevision() const { return error.isEmpty() && !script.revision.id.isEmpty(); }
};

// Reads one file: nullopt for a file that is not a revision; throws Error for a bad one.
using ScriptReader = std::optional<MigrationScript> (*)(const QString &path);

// Every file of `listing` (listed from `folder` at `scanStartNs`), in its order: each
// from the folder's parse cache (ScriptCache.h) when its stat key is unchanged, the rest
// read with `read` on every core; then the cache is rewritten with every file that read
// without error, so the next run reads none of them. With ScriptParts::Headers the
// scripts come without their SQL or Python source (sqlLoaded false).
QVector<LoadedScript> loadListedScripts(const QString &folder, const FolderListing &listing,
                                        ScriptLanguage language, ScriptParts parts,
                                        ScriptReader read, qint64 scanStartNs);

} // namespace retort
