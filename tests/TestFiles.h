#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

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
