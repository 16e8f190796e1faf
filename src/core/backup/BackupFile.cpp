#include "backup/BackupFile.h"

#include "Error.h"
#include "backup/PrivateFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

const QString kStampFormat = u"yyyyMMdd'T'HHmmss'Z'"_qs;
const QString kBase = u"base"_qs;

} // namespace

QString BackupInfo::revisionText() const
{
    return revisions.isEmpty() ? kBase : revisions.join(u", "_qs);
}

namespace BackupFile {

QString safeName(const QString &database)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9.-]"_qs);
    QString name = database;
    name.replace(unsafe, u"-"_qs);
    return name.isEmpty() ? u"database"_qs : name;
}

QString fileName(const QString &database, const QStringList &revisions, const QDateTime &utc,
                 bool postgres)
{
    // Revision ids never hold '+' (Alembic's rule); '/' would leave the folder.
    QStringList revs = revisions;
    for (QString &r : revs)
        r.replace(u'/', u'-');
    return u"%1_%2_%3.%4"_qs.arg(safeName(database), revs.isEmpty() ? kBase : revs.join(u'+'),
                                 utc.toUTC().toString(kStampFormat),
                                 postgres ? u"dump"_qs : u"sqlite"_qs);
}

QString freshPath(const QString &folder, const QString &database, const QStringList &revisions,
                  const QDateTime &utc, bool postgres)
{
    const QDir dir(folder);
    const QString name = fileName(database, revisions, utc, postgres);
    QString path = dir.absoluteFilePath(name);
    const qsizetype dot = name.lastIndexOf(u'.');
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.absoluteFilePath(name.left(dot) + u"-%1"_qs.arg(n) + name.mid(dot));
    return path;
}

QString createFresh(const QString &folder, const QString &database, const QStringList &revisions,
                    const QDateTime &utc, bool postgres)
{
    const QDir dir(folder);
    const QString name = fileName(database, revisions, utc, postgres);
    const qsizetype dot = name.lastIndexOf(u'.');
    for (int n = 1; n <= 10000; ++n) {
        const QString path =
            dir.absoluteFilePath(n == 1 ? name : name.left(dot) + u"-%1"_qs.arg(n) + name.mid(dot));
        if (PrivateFiles::createFile(path, {}, u"the backup file"_qs))
            return path;
    }
    throw Error(u"cannot create the backup file %1 in %2: 10000 backups of it in one second "
                u"already exist"_qs.arg(name, folder));
}

std::optional<BackupInfo> describe(const QString &path)
{
    static const QRegularExpression pattern(
        u"^([A-Za-z0-9.-]+)_(.+)_(\\d{8}T\\d{6}Z)(?:-\\d+)?\\.(dump|sqlite)$"_qs);
    const QFileInfo file(path);
    if (!file.isFile())
        return std::nullopt;
    BackupInfo info;
    info.path = file.absoluteFilePath();
    info.size = file.size();
    info.postgres = file.suffix() == u"dump";
    const QRegularExpressionMatch m = pattern.match(file.fileName());
    if (m.hasMatch()) {
        info.database = m.captured(1);
        if (m.captured(2) != kBase)
            info.revisions = m.captured(2).split(u'+');
        info.created = QDateTime::fromString(m.captured(3), kStampFormat);
        info.created.setTimeSpec(Qt::UTC);
    } else if (file.suffix() == u"dump" || file.suffix() == u"sqlite") {
        // Renamed by hand: still a backup, but what it holds is unknown from the name.
        info.database = file.completeBaseName();
    } else {
        return std::nullopt;
    }
    if (!info.created.isValid())
        info.created = file.lastModified().toUTC();
    return info;
}

QVector<BackupInfo> list(const QString &folder)
{
    QVector<BackupInfo> result;
    const QFileInfoList files =
        QDir(folder).entryInfoList({u"*.dump"_qs, u"*.sqlite"_qs}, QDir::Files);
    for (const QFileInfo &file : files)
        if (const auto info = describe(file.absoluteFilePath()))
            result.append(*info);
    std::sort(result.begin(), result.end(), [](const BackupInfo &a, const BackupInfo &b) {
        return a.created != b.created ? a.created > b.created : a.path > b.path;
    });
    return result;
}

} // namespace BackupFile

} // namespace retort
