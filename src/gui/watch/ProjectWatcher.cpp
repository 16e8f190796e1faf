#include "watch/ProjectWatcher.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSocketNotifier>

#ifdef Q_OS_LINUX
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#endif

namespace retort::gui {

ProjectWatcher::ProjectWatcher(QObject *parent)
    : QObject(parent)
{
#ifdef Q_OS_LINUX
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd >= 0) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &ProjectWatcher::readEvents);
        return;
    }
#endif
    m_fallback = new QFileSystemWatcher(this);
    connect(m_fallback, &QFileSystemWatcher::directoryChanged, this, &ProjectWatcher::changed);
    connect(m_fallback, &QFileSystemWatcher::fileChanged, this, &ProjectWatcher::changed);
}

ProjectWatcher::~ProjectWatcher()
{
#ifdef Q_OS_LINUX
    if (m_fd >= 0)
        ::close(m_fd);
#endif
}

void ProjectWatcher::clear()
{
#ifdef Q_OS_LINUX
    for (const int wd : std::as_const(m_versionsWatches))
        inotify_rm_watch(m_fd, wd);
    m_versionsWatches.clear();
    if (m_iniFolderWatch >= 0)
        inotify_rm_watch(m_fd, m_iniFolderWatch);
    m_iniFolderWatch = -1;
#endif
    if (m_fallback && !m_fallback->files().isEmpty())
        m_fallback->removePaths(m_fallback->files());
    if (m_fallback && !m_fallback->directories().isEmpty())
        m_fallback->removePaths(m_fallback->directories());
}

void ProjectWatcher::watch(const QString &iniPath, const QStringList &versionsFolders)
{
    clear();
    if (m_fallback) {
        QStringList paths;
        for (const QString &p : QStringList{iniPath} + versionsFolders)
            if (!p.isEmpty() && QFileInfo::exists(p))
                paths << p;
        if (!paths.isEmpty())
            m_fallback->addPaths(paths);
        return;
    }
#ifdef Q_OS_LINUX
    // Everything that changes what a load would read: files created, deleted, renamed
    // in or out, written (IN_MODIFY for each write, IN_CLOSE_WRITE at the end), or
    // touched (IN_ATTRIB: a chmod can make a file unreadable); the folder itself
    // deleted or moved.
    constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                               IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    for (const QString &folder : versionsFolders) {
        const int wd = folder.isEmpty()
                           ? -1
                           : inotify_add_watch(m_fd, QFile::encodeName(folder).constData(), kMask);
        // The same folder twice gives the same descriptor.
        if (wd >= 0 && !m_versionsWatches.contains(wd))
            m_versionsWatches.append(wd);
    }
    if (!iniPath.isEmpty()) {
        const QFileInfo ini(iniPath);
        m_iniName = QFile::encodeName(ini.fileName());
        const QString folder = ini.absolutePath();
        // Editors save by writing a new file and renaming it over the old one: watching
        // the folder (for that name) survives that, a watch on the file would not.
        if (!versionsFolders.contains(QFileInfo(folder).absoluteFilePath()))
            m_iniFolderWatch =
                inotify_add_watch(m_fd, QFile::encodeName(folder).constData(), kMask);
    }
#endif
}

void ProjectWatcher::readEvents()
{
#ifdef Q_OS_LINUX
    bool relevant = false;
    alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            break; // EAGAIN: drained
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            at += ssize_t(sizeof(inotify_event) + event->len);
            if (event->mask & IN_Q_OVERFLOW) {
                relevant = true; // events were lost: assume anything changed
            } else if (m_versionsWatches.contains(event->wd)) {
                relevant = true;
            } else if (event->wd == m_iniFolderWatch) {
                // Only retort.ini in its folder (the folder also holds the sample's
                // SQLite database, written by every run).
                relevant = relevant || (event->len > 0 && m_iniName == event->name) ||
                           (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF));
            }
        }
    }
    if (relevant)
        Q_EMIT changed();
#endif
}

} // namespace retort::gui
