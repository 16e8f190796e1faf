#pragma once

#include "script/ScriptCache.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

namespace retort {

// One "*.sql" name from a versions folder, and what stat() says of it.
struct ListedFile {
    QByteArrayView name; // into FolderListing::names
    ScriptFileKey key;
    bool usable = false; // a readable regular file (following symlinks)
};

struct FolderListing {
    QByteArray names;          // every listed name, back to back
    QVector<ListedFile> files; // usable files only, in file-name order
};

// What QDir::entryList({"*.sql"}, QDir::Files | QDir::Readable) returns, minus editor
// back-ups and lock files, with each file's stat data for the parse cache. Sorted by
// code point, as Python's sorted() does, not by locale. nullopt if the folder cannot be
// opened.
std::optional<FolderListing> listSqlFiles(const QString &folder);

// QDir(folder).filePath(name) is this + name: the path every script is given.
QString filePathPrefix(const QString &folder);

} // namespace retort
