#pragma once

#include "backup/BackupProgress.h"
#include "db/DatabaseUrl.h"

namespace retort {

// File-level helpers for SQLite backups and restores.
namespace SqliteFiles {

// A URL for a file path as it is (no parsing, so '?' or '%' in a name are safe).
DatabaseUrl urlFor(const QString &path);

// Copies `from` to `to` so that `to` is either untouched or complete: the bytes go to a
// temporary file beside `to`, are fsync'ed, then renamed over it (rename is atomic on
// POSIX). With `overwrite` false an existing `to` is an error. Throws Error (a full disk
// named as such); the temporary file never survives a failure or a cancel.
void copyAtomically(const QString &from, const QString &to, bool overwrite,
                    const BackupProgress &progress);

// "the disk holding FOLDER is full (N MiB free)" when `text` says so, else empty.
QString diskFullReason(const QString &text, const QString &folder);

} // namespace SqliteFiles

} // namespace retort
