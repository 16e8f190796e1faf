#include "alembic/PythonScriptDirectory.h"

#include "Error.h"
#include "alembic/PythonRevisionReader.h"
#include "script/CachedFolder.h"
#include "script/ProjectConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <cstring>

namespace retort {

namespace {

// One folder of revision files, listed (FolderListing.h), minus the files already
// reached through another location.
struct PythonFolder {
    QString path;
    FolderListing listing;
};

// Alembic skips a file whose real path it has loaded before. Comparing real paths of
// every file costs a realpath() each; the stat key's device and inode tell the same
// thing at no cost, and only when two names share an inode (a symlink, or a hard link,
// which Alembic does load twice) are real paths compared.
class SeenFiles {
public:
    bool seenBefore(const QString &path, const ScriptFileKey &key)
    {
        QStringList &paths = m_byInode[{key.device, key.inode}];
        if (!paths.isEmpty()) {
            const QString real = QFileInfo(path).canonicalFilePath();
            for (const QString &earlier : std::as_const(paths))
                if (QFileInfo(earlier).canonicalFilePath() == real)
                    return true;
        }
        paths.append(path);
        return false;
    }

private:
    QHash<std::pair<quint64, quint64>, QStringList> m_byInode;
};

void listFolder(const QString &folder, bool recursive, SeenFiles &seen, QVector<PythonFolder> &out)
{
    PythonFolder listed{folder, listPythonFiles(folder)};
    if (listed.listing.listError != 0)
        throw Error(u"%1: cannot list the versions folder: %2"_qs.arg(
            folder, QString::fromLocal8Bit(std::strerror(listed.listing.listError))));
    const QString prefix = filePathPrefix(folder);
    QVector<ListedFile> &files = listed.listing.files;
    files.erase(std::remove_if(files.begin(), files.end(),
                               [&](const ListedFile &f) {
                                   return f.problem == 0 &&
                                          seen.seenBefore(filePath(prefix, f.name), f.key);
                               }),
                files.end());
    out.append(std::move(listed));
    if (!recursive)
        return;
    const QDir dir(folder);
    QStringList subdirs = dir.entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    std::sort(subdirs.begin(), subdirs.end()); // by code unit, as Python's sorted()
    for (const QString &sub : std::as_const(subdirs))
        if (sub != u"__pycache__")
            listFolder(dir.filePath(sub), recursive, seen, out);
}

QVector<PythonFolder> listPythonFolders(const ProjectConfig &config)
{
    SeenFiles seen;
    QVector<PythonFolder> folders;
    for (const QString &location : config.versionLocations) {
        if (!QFileInfo(location).isDir()) {
            if (config.versionLocations.size() == 1 &&
                location == QDir::cleanPath(config.alembicScriptDir + u"/versions"_qs))
                throw Error(
                    u"%1: the versions folder does not exist (script_location in %2)"_qs.arg(
                        location, config.iniPath));
            continue;
        }
        listFolder(location, config.recursiveVersionLocations, seen, folders);
    }
    return folders;
}

void addFolderTree(const QString &folder, bool recursive, QStringList &out)
{
    out.append(folder);
    if (!recursive)
        return;
    const QDir dir(folder);
    for (const QString &sub : dir.entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        if (sub != u"__pycache__")
            addFolderTree(dir.filePath(sub), recursive, out);
}

} // namespace

QStringList pythonRevisionFolders(const ProjectConfig &config)
{
    QStringList folders;
    for (const QString &location : config.versionLocations)
        if (QFileInfo(location).isDir())
            addFolderTree(location, config.recursiveVersionLocations, folders);
    folders.removeDuplicates();
    return folders;
}

QStringList listPythonRevisionFiles(const ProjectConfig &config)
{
    QStringList files;
    for (const PythonFolder &folder : listPythonFolders(config)) {
        const QString prefix = filePathPrefix(folder.path);
        for (const ListedFile &f : folder.listing.files)
            files.append(filePath(prefix, f.name));
    }
    return files;
}

ScriptDirectory loadPythonScripts(const ProjectConfig &config, ScriptParts parts)
{
    const qint64 scanStart = ScriptCache::nowNs();
    const QVector<PythonFolder> folders = listPythonFolders(config);
    QStringList errors;
    QVector<MigrationScript> scripts;
    for (const PythonFolder &folder : folders) {
        QVector<LoadedScript> loaded =
            loadListedScripts(folder.path, folder.listing, ScriptLanguage::Python, parts,
                              readPythonRevision, scanStart);
        scripts.reserve(scripts.size() + loaded.size());
        for (LoadedScript &l : loaded) {
            if (!l.error.isEmpty())
                errors.append(l.error);
            else if (l.isRevision())
                scripts.append(std::move(l.script));
        }
    }
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    return ScriptDirectory::fromScripts(config.scriptLocation, std::move(scripts));
}

} // namespace retort
