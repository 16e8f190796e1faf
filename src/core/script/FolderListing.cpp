#include "script/FolderListing.h"

#include "ParallelFor.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

// QDir's "*.sql" filter (case-insensitive), minus hidden files (QDir skips them),
// editor back-ups and lock files.
bool isSqlFileName(const char *name, size_t length)
{
    constexpr char suffix[] = ".sql";
    const size_t n = sizeof suffix - 1;
    if (length < n || name[0] == '.' || name[0] == '#')
        return false;
    for (size_t i = 0; i < n; ++i) {
        const char c = name[length - n + i];
        if ((c >= 'A' && c <= 'Z' ? char(c | 0x20) : c) != suffix[i])
            return false;
    }
    return true;
}

bool isPythonFileName(const char *name, size_t length)
{
    return length >= 3 && std::memcmp(name + length - 3, ".py", 3) == 0 &&
           std::strncmp(name, ".#", 2) != 0 && std::strncmp(name, "__init__", 8) != 0;
}

FolderListing listFiles(const QString &folder, bool (*accept)(const char *, size_t));

// A listed name while sorting: where it is in FolderListing::names, and its first eight
// bytes as a big-endian number (zero-padded), which orders names as their bytes do
// (names hold no NUL) and decides nearly every comparison without touching the names:
// sorting ListedFiles with QByteArrayView's operator< was 5.7M instructions for 5,000
// files, a third of the listing.
struct NameSpan {
    quint64 key;
    qsizetype offset;
    qsizetype length;
};

quint64 sortKey(const char *name, size_t length)
{
    quint64 key = 0;
    for (size_t i = 0; i < 8; ++i)
        key = (key << 8) | (i < length ? static_cast<unsigned char>(name[i]) : 0u);
    return key;
}

} // namespace

// One readdir pass, then one fstatat per file on every core (QDir costs three stats and
// an access() per file; the stats are most of a warm load, as they are for `git status`,
// which also spreads them over threads). The byte order of UTF-8 names is code point
// order (QString's UTF-16 order is not, above U+FFFF).
FolderListing listSqlFiles(const QString &folder)
{
    return listFiles(folder, isSqlFileName);
}

FolderListing listPythonFiles(const QString &folder)
{
    return listFiles(folder, isPythonFileName);
}

namespace {

FolderListing listFiles(const QString &folder, bool (*accept)(const char *, size_t))
{
    FolderListing listing;
    DIR *dir = opendir(QFile::encodeName(folder).constData());
    if (!dir) {
        listing.listError = errno;
        return listing;
    }
    QVector<NameSpan> spans;
    while (const dirent *entry = readdir(dir)) {
        const char *name = entry->d_name;
        const size_t length = std::strlen(name);
        if (!accept(name, length))
            continue;
        spans.append({sortKey(name, length), listing.names.size(), qsizetype(length)});
        listing.names.append(name, qsizetype(length));
    }
    const char *const names = listing.names.constData();
    std::sort(spans.begin(), spans.end(), [names](const NameSpan &a, const NameSpan &b) {
        if (a.key != b.key)
            return a.key < b.key;
        return std::string_view(names + a.offset, size_t(a.length)) <
               std::string_view(names + b.offset, size_t(b.length));
    });
    listing.files.resize(spans.size());
    for (qsizetype i = 0; i < spans.size(); ++i)
        listing.files[i].name = QByteArrayView(names + spans[i].offset, spans[i].length);

    const int fd = dirfd(dir);
    const uid_t uid = getuid();
    parallelFor(listing.files.size(), [&](qsizetype i) {
        ListedFile &f = listing.files[i];
        // Qt decodes file names as UTF-8: another name would be opened as a different
        // (missing) file.
        if (!f.name.isValidUtf8()) {
            f.problem = ListedFile::kNameNotUtf8;
            return;
        }
        // fstatat needs a terminated name: copy it (names are short).
        char name[NAME_MAX + 1];
        std::memcpy(name, f.name.data(), size_t(f.name.size()));
        name[f.name.size()] = '\0';
        struct stat st {};
        if (fstatat(fd, name, &st, 0) != 0) { // follows symlinks
            f.problem = errno;
            return;
        }
        if (!S_ISREG(st.st_mode)) {
            f.problem = ListedFile::kNotRegular;
            f.fileType = st.st_mode & S_IFMT;
            return;
        }
        // access() is what QDir::Readable asks; without a system call, the owner's read
        // bit answers the same for our own files (ACLs do not apply to the owner), and
        // root reads everything.
        if (uid != 0) {
            if (st.st_uid == uid ? (st.st_mode & S_IRUSR) == 0
                                 : faccessat(fd, name, R_OK, 0) != 0) {
                f.problem = st.st_uid == uid ? EACCES : errno;
                return;
            }
        }
        f.key.size = qint64(st.st_size);
        f.key.mtimeNs = qint64(st.st_mtim.tv_sec) * 1'000'000'000 + qint64(st.st_mtim.tv_nsec);
        f.key.inode = quint64(st.st_ino);
        f.key.device = quint64(st.st_dev);
    });
    closedir(dir);
    for (const ListedFile &f : std::as_const(listing.files))
        listing.unusable += f.problem != 0;
    return listing;
}

} // namespace

QString displayName(QByteArrayView name)
{
    if (name.isValidUtf8())
        return QString::fromUtf8(name);
    QString shown;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80)
            shown.append(QLatin1Char(c));
        else
            shown.append(u"\\x%1"_qs.arg(u, 2, 16, QLatin1Char('0')));
    }
    return shown;
}

QString problemDescription(const QString &folder, const ListedFile &file)
{
    switch (file.problem) {
    case ListedFile::kNameNotUtf8:
        return u"its name is not valid UTF-8, which Retort cannot open by name; rename it"_qs;
    case ListedFile::kNotRegular:
        switch (file.fileType) {
        case S_IFDIR:
            return u"it is a directory"_qs;
        case S_IFIFO:
            return u"it is a FIFO (named pipe)"_qs;
        case S_IFSOCK:
            return u"it is a socket"_qs;
        default:
            return u"it is a device"_qs;
        }
    case ENOENT: {
        // stat() followed a symlink to nothing (the name itself was just listed).
        const QString path = filePathPrefix(folder) + displayName(file.name);
        const QString target = QFile::symLinkTarget(path);
        return target.isEmpty()
                   ? QString::fromLocal8Bit(std::strerror(ENOENT))
                   : u"it is a symbolic link to '%1', which does not exist"_qs.arg(target);
    }
    case ELOOP:
        return u"it is a symbolic link that never reaches a file (%1)"_qs.arg(
            QString::fromLocal8Bit(std::strerror(ELOOP)));
    default:
        return QString::fromLocal8Bit(std::strerror(file.problem));
    }
}

QString filePath(const QString &prefix, QByteArrayView name)
{
    for (const char c : name)
        if (static_cast<unsigned char>(c) >= 0x80)
            return prefix + displayName(name);
    // ASCII: written in place, no temporary string.
    QString path(prefix.size() + name.size(), Qt::Uninitialized);
    QChar *out = path.data();
    std::copy(prefix.cbegin(), prefix.cend(), out);
    out += prefix.size();
    for (const char c : name)
        *out++ = QLatin1Char(c);
    return path;
}

QString filePathPrefix(const QString &folder)
{
    // dir.filePath(name) for every name, without QDir's per-call checks.
    return QDir(folder).filePath(u"x"_qs).chopped(1);
}

} // namespace retort
