#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>

namespace retort::test {

// Writes `content` to dir/name, failing the test if it cannot.
inline QString writeFile(const QString &dir, const QString &name, const QByteArray &content)
{
    const QString path = QDir(dir).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Overwrites `path` in place (same inode) with `content`, which must have the file's
// size, and puts its mtime back: the one edit a stat-keyed parse cache cannot see (no real
// edit does this, see ScriptCache.h). Returns that mtime.
inline timespec overwriteUnseen(const QString &path, const QByteArray &content)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st {};
    if (stat(name.constData(), &st) != 0 || st.st_size != content.size())
        qFatal("cannot overwrite %s unseen: missing or another size", qPrintable(path));
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadWrite) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
    }
    const timespec times[2] = {st.st_mtim, st.st_mtim};
    if (utimensat(AT_FDCWD, name.constData(), times, 0) != 0)
        qFatal("cannot restore the mtime of %s", qPrintable(path));
    return st.st_mtim;
}

// A minimal well-formed migration file.
inline QByteArray migration(const QByteArray &id, const QByteArray &revises,
                            const QByteArray &extraHeader = {}, const QByteArray &body = {})
{
    QByteArray text = "-- Message for " + id + "\n--\n-- Revision ID: " + id +
                      "\n-- Revises: " + revises + "\n-- Create Date: 2024-12-02 12:00:00\n" +
                      extraHeader + "\n";
    text += body.isEmpty() ? QByteArray("-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\n"
                                        "SELECT 2;\n")
                           : body;
    return text;
}

} // namespace retort::test
