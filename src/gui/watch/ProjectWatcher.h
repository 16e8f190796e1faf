#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QFileSystemWatcher;
class QSocketNotifier;

namespace retort::gui {

// Tells the window when the project on disk changed: retort.ini (or alembic.ini), or any
// migration in a versions folder added, removed, renamed or edited in place. An Alembic
// project has several folders: each of its version_locations and, with
// recursive_version_locations, the folders below them.
//
// On Linux this is one inotify watch on the versions folder (plus one on retort.ini's
// folder, filtered to that name): a folder watch also reports writes to the files in
// it. QFileSystemWatcher's folder watch does not (it leaves out IN_MODIFY), so it
// would need one watch per file: 20,000 inotify_add_watch calls for a big history,
// more than the default fs.inotify.max_user_watches (8,192) on many systems, after
// which edits go unnoticed. Elsewhere, or if inotify is unavailable, it falls back to
// QFileSystemWatcher on the two paths and the folder.
class ProjectWatcher : public QObject {
    Q_OBJECT
public:
    explicit ProjectWatcher(QObject *parent = nullptr);
    ~ProjectWatcher() override;

    // Replaces what is watched. Any path may be empty or missing (a project whose
    // versions folder does not exist yet): then it is not watched.
    void watch(const QString &iniPath, const QStringList &versionsFolders);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void readEvents();

    int m_fd = -1;
    QList<int> m_versionsWatches;
    int m_iniFolderWatch = -1;
    QByteArray m_iniName; // retort.ini's file name, the only one reported from its folder
    QSocketNotifier *m_notifier = nullptr;
    QFileSystemWatcher *m_fallback = nullptr;
};

} // namespace retort::gui
