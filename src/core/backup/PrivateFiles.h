#pragma once

#include <QByteArray>
#include <QString>

namespace retort::PrivateFiles {

// Files and folders that hold a user's data or secrets (backups, passfiles) are created
// owner-only from their first moment, by the mode given to open(2)/mkdir(2), never by a
// chmod afterwards that would leave a window in which others can open them.

// Creates `path` with mode 0600 and O_EXCL, holding `contents`. Returns false when it
// already exists; throws Error naming `what` and the cause for any other failure.
bool createFile(const QString &path, const QByteArray &contents, const QString &what);

// Creates `folder` with mode 0700 (its missing parents as mkdir -p makes them). An existing
// folder is left as it is. Throws Error naming `what` when it cannot be created.
void createFolder(const QString &folder, const QString &what);

} // namespace retort::PrivateFiles
