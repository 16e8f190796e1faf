#include "backup/PrivateFiles.h"

#include "Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort::PrivateFiles {

bool createFile(const QString &path, const QByteArray &contents, const QString &what)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0 && errno == EEXIST)
        return false;
    if (fd < 0)
        throw Error(u"cannot create %1 %2: %3"_qs.arg(
            what, path, QString::fromLocal8Bit(std::strerror(errno))));
    const bool written =
        ::write(fd, contents.constData(), size_t(contents.size())) == contents.size();
    ::close(fd);
    if (!written)
        throw Error(u"cannot write %1 %2"_qs.arg(what, path));
    return true;
}

void createFolder(const QString &folder, const QString &what)
{
    const QFileInfo info(folder);
    if (info.isDir())
        return;
    if (!QDir().mkpath(info.absolutePath()) ||
        (::mkdir(QFile::encodeName(info.absoluteFilePath()).constData(), S_IRWXU) != 0 &&
         errno != EEXIST))
        throw Error(u"cannot create %1 %2: %3"_qs.arg(
            what, folder, QString::fromLocal8Bit(std::strerror(errno))));
}

} // namespace retort::PrivateFiles
