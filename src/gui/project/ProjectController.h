#pragma once

#include "WindowParts.h"

#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;

namespace retort {
struct Project;
}

namespace retort::gui {

struct LoadedProject;
class EnvironmentController;
class ProjectWatcher;

// The open project: File > Open, Open Recent and Refresh; loading it on the thread pool
// (the GUI thread never reads the versions folder); showing it in the history (or the
// error that stopped it in its place); and reloading it when the folder or retort.ini
// changes on disk, but never in the middle of a run.
class ProjectController : public QObject {
    Q_OBJECT
public:
    struct Widgets {
        QStackedWidget *historyStack = nullptr; // the history, or the error below
        QLabel *error = nullptr;
        QLabel *statusUrl = nullptr; // "Loading…" while it loads
    };
    ProjectController(const WindowParts &parts, const Widgets &widgets,
                      EnvironmentController *environments, QObject *parent);
    ~ProjectController() override;

    void connectActions(QAction *open, QAction *refresh, QMenu *recent);
    // Asked before a reload the watcher wants: while busy, the reload waits.
    void setBusyCheck(std::function<bool()> busy) { m_busy = std::move(busy); }

    void open(const QString &path);
    // Loads the same project again; once shown, selects `select` if given.
    void reload(const QString &select = {});
    void updateActions(bool idle);

    const std::shared_ptr<LoadedProject> &loadedProject() const { return m_loaded; }
    const Project *project() const;
    // The project, sharing the loaded project's lifetime: for jobs on other threads.
    std::shared_ptr<const Project> sharedProject() const;

Q_SIGNALS:
    void loaded(); // the history shows the project, or the error that stopped it

private:
    void show(const std::shared_ptr<LoadedProject> &loaded);
    void rememberProject(const QString &iniPath);

    WindowParts m_parts;
    Widgets m_w;
    EnvironmentController *m_environments;
    ProjectWatcher *m_watcher;
    QTimer *m_reloadTimer;
    QAction *m_refresh = nullptr;
    QMenu *m_recent = nullptr;
    std::function<bool()> m_busy;
    std::shared_ptr<LoadedProject> m_loaded;
    QString m_selectAfterLoad;
};

} // namespace retort::gui
