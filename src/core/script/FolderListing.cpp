#include "script/FolderListing.h"

#include "ParallelFor.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <climits>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

bool hasSqlSuffix(const char *name, size_t length)
{
    // QDir's "*.sql" filter, which is case-insensitive.
    return length >= 4 && name[length - 4] == '.' && (name[length - 3] | 0x20) == 's' &&
           (name[length - 2] | 0x20) == 'q' && (name[length - 1] | 0x20) == 'l';
}

} // namespace

// One readdir pass, then one fstatat per file on every core (QDir costs three stats and
// an access() per file; the stats are most of a warm load, as they are for `git status`,
// which also spreads them over threads). The byte order of UTF-8 names is code point
// order (QString's UTF-16 order is not, above U+FFFF).
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

QString filePathPrefix(const QString &folder)
{
    // dir.filePath(name) for every name, without QDir's per-call checks.
    return QDir(folder).filePath(u"x"_qs).chopped(1);
}

} // namespace retort
