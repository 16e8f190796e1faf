#include "alembic/PythonScriptDirectory.h"

#include "Error.h"
#include "ParallelFor.h"
#include "alembic/PythonRevisionReader.h"
#include "script/FolderListing.h"
#include "script/ProjectConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cstring>

namespace retort {

namespace {

bool isRevisionFileName(const QString &name)
{
    // Alembic's _only_source_rev_file: (?!\.\#|__init__)(.*\.py)$
    return name.endsWith(u".py"_qs) && !name.startsWith(u".#"_qs) &&
           !name.startsWith(u"__init__"_qs);
}

// A revision file that is there but cannot be read (permission denied, a dangling symlink,
// a symlink loop, a FIFO) would be left out by QDir's listing, and `upgrade head` would
// then stop short of it and report success: it is an error naming it and why.
void checkReadable(const QString &folder)
{
    const FolderListing listing = listScriptFiles(folder, ".py");
    if (listing.listError != 0)
        throw Error(u"%1: cannot list the versions folder: %2"_qs.arg(
            folder, QString::fromLocal8Bit(std::strerror(listing.listError))));
    if (listing.unusable == 0)
        return;
    const QString prefix = filePathPrefix(folder);
    for (const ListedFile &file : listing.files)
        if (file.problem != 0 && isRevisionFileName(displayName(file.name)))
            throw Error(u"%1: cannot read the revision file: %2"_qs.arg(
                prefix + displayName(file.name), problemDescription(folder, file)));
}

void listFolder(const QString &folder, bool recursive, QSet<QString> &seen, QStringList &out)
{
    checkReadable(folder);
    const QDir dir(folder);
    QStringList names = dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    std::sort(names.begin(), names.end()); // by code unit, as Python's sorted()
    for (const QString &name : std::as_const(names)) {
        if (!isRevisionFileName(name))
            continue;
        const QString path = dir.filePath(name);
        const QString real = QFileInfo(path).canonicalFilePath();
        if (seen.contains(real))
            continue; // Alembic: "File ... loaded twice! ignoring."
        seen.insert(real);
        out.append(path);
    }
    if (!recursive)
        return;
    QStringList subdirs = dir.entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    std::sort(subdirs.begin(), subdirs.end());
    for (const QString &sub : std::as_const(subdirs))
        if (sub != u"__pycache__")
            listFolder(dir.filePath(sub), recursive, seen, out);
}

} // namespace

QStringList listPythonRevisionFiles(const ProjectConfig &config)
{
    QSet<QString> seen;
    QStringList files;
    for (const QString &location : config.versionLocations) {
        if (!QFileInfo(location).isDir()) {
            if (config.versionLocations.size() == 1 &&
                location == QDir::cleanPath(config.alembicScriptDir + u"/versions"_qs))
                throw Error(
                    u"%1: the versions folder does not exist (script_location in %2)"_qs.arg(
                        location, config.iniPath));
            continue;
        }
        listFolder(location, config.recursiveVersionLocations, seen, files);
    }
    return files;
}

ScriptDirectory loadPythonScripts(const ProjectConfig &config)
{
    const QStringList files = listPythonRevisionFiles(config);
    struct Loaded {
        std::optional<MigrationScript> script;
        QString error;
    };
    QVector<Loaded> loaded(files.size());
    parallelFor(
        files.size(),
        [&](qsizetype i) {
            try {
                loaded[i].script = readPythonRevision(files[i]);
            } catch (const Error &e) {
                loaded[i].error = e.message();
            }
        },
        /*block=*/16);
    QStringList errors;
    QVector<MigrationScript> scripts;
    scripts.reserve(files.size());
    for (Loaded &l : loaded) {
        if (!l.error.isEmpty())
            errors.append(l.error);
        else if (l.script)
            scripts.append(std::move(*l.script));
    }
    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    return ScriptDirectory::fromScripts(config.scriptLocation, std::move(scripts));
}

} // namespace retort
