#include "backup/SqliteFiles.h"

#include "Error.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryFile>

#include <cstdio>
#include <unistd.h>

namespace retort::SqliteFiles {

DatabaseUrl urlFor(const QString &path)
{
    DatabaseUrl url;
    url.kind = DatabaseUrl::Kind::SQLite;
    url.sqlitePath = QFileInfo(path).absoluteFilePath();
    url.url = u"sqlite:///"_qs + url.sqlitePath;
    return url;
}

QString diskFullReason(const QString &text, const QString &folder)
{
    if (!text.contains(u"No space left on device") && !text.contains(u"disk is full") &&
        !text.contains(u"disk full"))
        return {};
    const QStorageInfo storage(folder);
    return u"the disk holding %1 is full (%2 MiB free)"_qs.arg(folder).arg(
        storage.bytesAvailable() / (1024 * 1024));
}

void copyAtomically(const QString &from, const QString &to, bool overwrite,
                    const BackupProgress &progress)
{
    const QFileInfo target(to);
    if (!overwrite && target.exists())
        throw Error(u"%1 already exists: choose a new file to restore into"_qs.arg(to));
    QFile source(from);
    if (!source.open(QIODevice::ReadOnly))
        throw Error(u"cannot read %1: %2"_qs.arg(from, source.errorString()));
    const QString folder = target.absolutePath();
    if (QStorageInfo(folder).bytesAvailable() < source.size())
        throw Error(u"the disk holding %1 is full: %2 bytes are needed, %3 are free"_qs.arg(folder)
                        .arg(source.size())
                        .arg(QStorageInfo(folder).bytesAvailable()));

    QTemporaryFile temp(folder + u"/."_qs + target.fileName() + u".restore-XXXXXX"_qs);
    if (!temp.open())
        throw Error(u"cannot write in %1: %2"_qs.arg(folder, temp.errorString()));
    QElapsedTimer timer;
    timer.start();
    qint64 written = 0;
    while (!source.atEnd()) {
        if (progress.cancelled())
            throw Error(u"cancelled: %1 was left as it was"_qs.arg(to));
        const QByteArray chunk = source.read(1 << 20);
        if (chunk.isEmpty() && source.error() != QFile::NoError)
            throw Error(u"cannot read %1: %2"_qs.arg(from, source.errorString()));
        if (temp.write(chunk) != chunk.size()) {
            const QString full = diskFullReason(temp.errorString(), folder);
            throw Error(
                u"cannot write %1: %2"_qs.arg(to, full.isEmpty() ? temp.errorString() : full));
        }
        written += chunk.size();
        progress.notify(written, timer.elapsed());
    }
    // QTemporaryFile makes 0600 files: a new copy stays owner-only, a replaced database
    // keeps its permissions.
    if (target.exists())
        temp.setPermissions(target.permissions());
    // The data must be on disk before the rename makes it the database.
    if (!temp.flush() || ::fsync(temp.handle()) != 0)
        throw Error(u"cannot write %1: the data could not be flushed to disk"_qs.arg(to));
    if (!overwrite && target.exists())
        throw Error(u"%1 already exists: choose a new file to restore into"_qs.arg(to));
    if (std::rename(QFile::encodeName(temp.fileName()).constData(),
                    QFile::encodeName(to).constData()) != 0)
        throw Error(u"cannot replace %1 with the restored copy"_qs.arg(to));
    temp.setAutoRemove(false); // it is `to` now
}

} // namespace retort::SqliteFiles
