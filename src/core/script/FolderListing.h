#pragma once

#include "script/ScriptCache.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace retort {

// One "*.sql" name from a versions folder, and what stat() says of it.
struct ListedFile {
    QByteArrayView name; // into FolderListing::names
    ScriptFileKey key;
    // 0 for a readable regular file (following symlinks). Otherwise why it cannot be
    // loaded: an errno from stat() or access(), or one of the codes below.
    int problem = 0;
    static constexpr int kNotRegular = -1;  // a directory, FIFO, socket or device
    static constexpr int kNameNotUtf8 = -2; // Qt (and so Retort) cannot name it exactly
    unsigned fileType = 0;                  // st_mode & S_IFMT, for kNotRegular
};

struct FolderListing {
    QByteArray names;          // every listed name, back to back
    QVector<ListedFile> files; // in file-name order, the unusable ones included
    qsizetype unusable = 0;    // how many files have a problem
    int listError = 0;         // errno of opening the folder; no files then
};

// Every "*.sql" name in `folder` (as QDir's "*.sql" filter matches them, minus hidden
// files, editor back-ups and lock files), with each file's stat data for the parse cache.
// Sorted by code point, as Python's sorted() does, not by locale. A name that is there
// but cannot be read is listed with its problem, never left out: a migration missing
// from the graph would make `upgrade head` stop short and report success.
FolderListing listSqlFiles(const QString &folder);
// The same for an Alembic versions folder, with Alembic's rule for revision file names
// (_only_source_rev_file: `(?!\.\#|__init__)(.*\.py)$`): case-sensitive ".py", hidden
// files included, editor lock files ".#*" and "__init__*" left out.
FolderListing listPythonFiles(const QString &folder);

// Why `file` cannot be read, for "<path>: cannot read the migration file: <reason>"
// (file.problem must not be 0): "Permission denied", "it is a directory", ...
// `folder` is where it was listed, for reading a dangling symlink's target.
QString problemDescription(const QString &folder, const ListedFile &file);

// A listed name as a path for messages: folder prefix + the name, with the bytes of a
// name that is not valid UTF-8 shown as \xNN rather than replaced.
QString displayName(QByteArrayView name);

// QDir(folder).filePath(name) is this + name: the path every script is given.
QString filePathPrefix(const QString &folder);

// prefix + displayName(name), in one allocation: it is made for every file of a load.
QString filePath(const QString &prefix, QByteArrayView name);

} // namespace retort
