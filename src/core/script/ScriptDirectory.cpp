#include "script/ScriptDirectory.h"

#include "Error.h"
#include "ParallelFor.h"
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

// One "*.sql" name from the folder listing, and what stat() says of it.
struct ListedFile {
    QByteArrayView name; // into FolderListing::names
    ScriptFileKey key;
    bool usable = false; // a readable regular file (following symlinks)
};

struct FolderListing {
    QByteArray names; // every listed name, back to back
    QVector<ListedFile> files;
};

bool hasSqlSuffix(const char *name, size_t length)
{
    // QDir's "*.sql" filter, which is case-insensitive.
    return length >= 4 && name[length - 4] == '.' && (name[length - 3] | 0x20) == 's' &&
           (name[length - 2] | 0x20) == 'q' && (name[length - 1] | 0x20) == 'l';
}

// What QDir::entryList({"*.sql"}, QDir::Files | QDir::Readable) returned, minus editor
// back-ups and lock files, with each file's stat data for the parse cache: one readdir
// pass, then one fstatat per file on every core (QDir costs three stats and an access()
// per file; the stats are most of a warm load, as they are for `git status`, which also
// spreads them over threads). Sorted by code point, as Python's sorted() does, not by
// locale: the byte order of UTF-8 names is code point order. nullopt if the folder
// cannot be opened.
std::optional<FolderListing> listSqlFiles(const QString &folder)
{
    DIR *dir = opendir(QFile::encodeName(folder).constData());
    if (!dir)
        return std::nullopt;
    FolderListing listing;
    QVector<std::pair<qsizetype, qsizetype>> spans; // offset and length in names
    while (const dirent *entry = readdir(dir)) {
        const char *name = entry->d_name;
        const size_t length = std::strlen(name);
        // Hidden files (QDir skips them), editor back-ups and lock files.
        if (name[0] == '.' || name[0] == '#' || !hasSqlSuffix(name, length))
            continue;
        spans.append({listing.names.size(), qsizetype(length)});
        listing.names.append(name, qsizetype(length));
    }
    listing.files.resize(spans.size());
    for (qsizetype i = 0; i < spans.size(); ++i)
        listing.files[i].name =
            QByteArrayView(listing.names.constData() + spans[i].first, spans[i].second);
    std::sort(listing.files.begin(), listing.files.end(),
              [](const ListedFile &a, const ListedFile &b) { return a.name < b.name; });

    const int fd = dirfd(dir);
    const uid_t uid = getuid();
    parallelFor(listing.files.size(), [&](qsizetype i) {
        ListedFile &f = listing.files[i];
        // fstatat needs a terminated name: copy it (names are short).
        char name[NAME_MAX + 1];
        std::memcpy(name, f.name.data(), size_t(f.name.size()));
        name[f.name.size()] = '\0';
        struct stat st {};
        if (fstatat(fd, name, &st, 0) != 0 || !S_ISREG(st.st_mode)) // follows symlinks
            return;
        // access() is what QDir::Readable asks; without a system call, the owner's read
        // bit answers the same for our own files (ACLs do not apply to the owner), and
        // root reads everything.
        f.usable = uid == 0           ? true
                   : st.st_uid == uid ? (st.st_mode & S_IRUSR) != 0
                                      : faccessat(fd, name, R_OK, 0) == 0;
        f.key.size = qint64(st.st_size);
        f.key.mtimeNs = qint64(st.st_mtim.tv_sec) * 1'000'000'000 + qint64(st.st_mtim.tv_nsec);
        f.key.inode = quint64(st.st_ino);
        f.key.device = quint64(st.st_dev);
    });
    closedir(dir);
    listing.files.removeIf([](const ListedFile &f) { return !f.usable; });
    return listing;
}

// One file's outcome, filled on a worker thread.
struct LoadedFile {
    QString path;
    MigrationScript script;
    QString error; // the parse error, if it failed
    bool cached = false;
};

} // namespace

ScriptDirectory ScriptDirectory::load(const QString &folder, bool allowEmpty, ScriptParts parts)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(
            u"%1: the versions folder does not exist (script_location in retort.ini)"_qs.arg(
                folder));
    const qint64 scanStart = ScriptCache::nowNs();
    // An unlistable folder behaves as an empty one, as with QDir.
    const FolderListing listing = listSqlFiles(folder).value_or(FolderListing());
    const QVector<ListedFile> &files = listing.files;

    ScriptDirectory result;
    result.m_folder = dir.absolutePath();
    ScriptCache cache(result.m_folder, parts);
    // dir.filePath(name) for every name, without QDir's per-call checks.
    const QString prefix = dir.filePath(u"x"_qs).chopped(1);

    // Cached files are decoded here, in file order (the cache is in the same order, so
    // no lookup searches); only the misses are parsed, on every core. Decoding on
    // worker threads was measured no faster: it is allocation-bound, and their malloc
    // arenas lack the main heap's huge pages (reserveHugePageHeap).
    QVector<LoadedFile> loaded(files.size());
    QVector<qsizetype> misses;
    qsizetype hint = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        LoadedFile &out = loaded[i];
        // QFile::decodeName, without copying the name first.
        out.path = prefix + QString::fromLocal8Bit(files[i].name);
        out.cached = cache.lookup(files[i].name, files[i].key, out.path, out.script, hint);
        if (!out.cached)
            misses.append(i);
    }
    parallelFor(
        misses.size(),
        [&](qsizetype k) {
            LoadedFile &out = loaded[misses[k]];
            try {
                out.script = parseMigrationFile(out.path);
            } catch (const Error &e) {
                out.error = e.message();
            }
        },
        /*block=*/16);

    result.m_scripts.reserve(files.size());
    result.m_byId.reserve(files.size());
    QVector<ScriptCache::Entry> entries; // what parsed, for the cache
    entries.reserve(files.size());
    QStringList errors;
    for (qsizetype i = 0; i < files.size(); ++i) {
        LoadedFile &file = loaded[i];
        if (!file.error.isEmpty()) {
            errors.append(file.error);
            continue;
        }
        const QString &id = file.script.revision.id;
        const auto existing = result.m_byId.constFind(id);
        if (existing != result.m_byId.constEnd()) {
            const MigrationScript &first = result.m_scripts[*existing];
            errors.append(u"%1:%2: Revision ID '%3' is already declared in %4:%5"_qs
                              .arg(file.script.revision.path)
                              .arg(file.script.revisionLine)
                              .arg(id, first.revision.path)
                              .arg(first.revisionLine));
            continue;
        }
        result.m_byId.insert(id, result.m_scripts.size());
        result.m_scripts.append(std::move(file.script));
        entries.append({files[i].name, files[i].key, nullptr, file.cached});
    }
    // Pointers only now: m_scripts no longer moves.
    for (qsizetype i = 0; i < entries.size(); ++i)
        entries[i].script = &result.m_scripts[i];
    // Cache what parsed, also when other files failed: the next run after a fix is fast.
    cache.save(entries, scanStart);

    if (!errors.isEmpty())
        throw Error(errors.join(u'\n'));
    if (result.m_scripts.isEmpty() && !allowEmpty)
        throw Error(u"%1: no migration files (*.sql) found; create one with "
                    "'retort revision -m MESSAGE'"_qs.arg(result.m_folder));
    return result;
}

QVector<Revision> ScriptDirectory::revisions() &&
{
    QVector<Revision> revs;
    revs.reserve(m_scripts.size());
    for (MigrationScript &s : m_scripts)
        revs.append(std::move(s.revision));
    return revs;
}

QVector<Revision> ScriptDirectory::revisions() const &
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
