#include "script/ScriptDirectory.h"

#include "Error.h"
#include "script/MigrationFileParser.h"
#include "script/ScriptCache.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cstring>
#include <optional>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

struct ListedFile {
    QString name;
    QByteArray rawName;
    ScriptFileKey key;
};

bool hasSqlSuffix(const char *name, size_t length)
{
    // QDir's "*.sql" filter, which is case-insensitive.
    return length >= 4 && name[length - 4] == '.' && (name[length - 3] | 0x20) == 's' &&
           (name[length - 2] | 0x20) == 'q' && (name[length - 1] | 0x20) == 'l';
}

// What QDir::entryList({"*.sql"}, QDir::Files | QDir::Readable) returned, minus editor
// back-ups and lock files, with each file's stat data for the parse cache: one
// readdir and one fstatat per file (QDir costs three stats and an access() per file).
// nullopt if the folder cannot be opened.
std::optional<QVector<ListedFile>> listSqlFiles(const QString &folder)
{
    DIR *dir = opendir(QFile::encodeName(folder).constData());
    if (!dir)
        return std::nullopt;
    const int fd = dirfd(dir);
    const uid_t uid = getuid();
    QVector<ListedFile> files;
    while (const dirent *entry = readdir(dir)) {
        const char *name = entry->d_name;
        const size_t length = std::strlen(name);
        // Hidden files (QDir skips them), editor back-ups and lock files.
        if (name[0] == '.' || name[0] == '#' || !hasSqlSuffix(name, length))
            continue;
        struct stat st {};
        if (fstatat(fd, name, &st, 0) != 0 || !S_ISREG(st.st_mode)) // follows symlinks
            continue;
        // access() is what QDir::Readable asks; without a system call, the owner's read
        // bit answers the same for our own files (ACLs do not apply to the owner), and
        // root reads everything.
        const bool readable = uid == 0           ? true
                              : st.st_uid == uid ? (st.st_mode & S_IRUSR) != 0
                                                 : faccessat(fd, name, R_OK, 0) == 0;
        if (!readable)
            continue;
        ListedFile f;
        f.rawName = QByteArray(name, qsizetype(length));
        f.name = QFile::decodeName(f.rawName);
        f.key.size = qint64(st.st_size);
        f.key.mtimeNs = qint64(st.st_mtim.tv_sec) * 1'000'000'000 + qint64(st.st_mtim.tv_nsec);
        f.key.inode = quint64(st.st_ino);
        f.key.device = quint64(st.st_dev);
        files.append(std::move(f));
    }
    closedir(dir);
    // Sorted by code point, as Python's sorted() does, not by locale.
    std::sort(files.begin(), files.end(),
              [](const ListedFile &a, const ListedFile &b) { return a.name.compare(b.name) < 0; });
    return files;
}

} // namespace

ScriptDirectory ScriptDirectory::load(const QString &folder, bool allowEmpty)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(
            u"%1: the versions folder does not exist (script_location in retort.ini)"_qs.arg(
                folder));
    const qint64 scanStart = ScriptCache::nowNs();
    // An unlistable folder behaves as an empty one, as with QDir.
    const QVector<ListedFile> files = listSqlFiles(folder).value_or(QVector<ListedFile>());

    ScriptDirectory result;
    result.m_folder = dir.absolutePath();
    ScriptCache cache(result.m_folder);
    // dir.filePath(name) for every name, without QDir's per-call checks.
    const QString prefix = dir.filePath(u"x"_qs).chopped(1);
    result.m_scripts.reserve(files.size());
    result.m_byId.reserve(files.size());
    QVector<const ListedFile *> fileOfScript; // parallel to m_scripts, for the cache
    fileOfScript.reserve(files.size());
    QStringList errors;
    for (const ListedFile &file : files) {
        try {
            const QString path = prefix + file.name;
            MigrationScript script;
            if (!cache.lookup(file.rawName, file.key, path, script))
                script = parseMigrationFile(path);
            const QString &id = script.revision.id;
            const auto existing = result.m_byId.constFind(id);
            if (existing != result.m_byId.constEnd()) {
                const MigrationScript &first = result.m_scripts[*existing];
                errors.append(u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs
                                  .arg(script.revision.path)
                                  .arg(script.revisionLine)
                                  .arg(id, first.revision.path)
                                  .arg(first.revisionLine));
                continue;
            }
            result.m_byId.insert(id, result.m_scripts.size());
            result.m_scripts.append(std::move(script));
            fileOfScript.append(&file);
        } catch (const Error &e) {
            errors.append(e.message());
        }
    }
    // Cache what parsed, also when other files failed: the next run after a fix is fast.
    QVector<ScriptCache::Entry> entries;
    entries.reserve(result.m_scripts.size());
    for (qsizetype i = 0; i < result.m_scripts.size(); ++i)
        entries.append({fileOfScript[i]->rawName, fileOfScript[i]->key, &result.m_scripts[i]});
    cache.save(entries, scanStart);

    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    if (result.m_scripts.isEmpty() && !allowEmpty)
        throw Error(u"%1: no migration files (*.sql) found; create one with "
                    "'retort revision -m MESSAGE'"_qs.arg(result.m_folder));
    return result;
}

QVector<Revision> ScriptDirectory::revisions() const
{
    QVector<Revision> revs;
    revs.reserve(m_scripts.size());
    for (const MigrationScript &s : m_scripts)
        revs.append(s.revision);
    return revs;
}

const MigrationScript *ScriptDirectory::find(const QString &revisionId) const
{
    const auto it = m_byId.constFind(revisionId);
    return it == m_byId.constEnd() ? nullptr : &m_scripts[*it];
}

} // namespace retort
