#pragma once

#include "environments/Environment.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QComboBox;
class QLabel;
class QWidget;

namespace retort {
struct ProjectConfig;
}

namespace retort::gui {

// Which database the window talks to: the project's environments, the active one, the
// passwords typed this session (kept across reloads, never written) or read from the
// keyring, File > Connect, and the environment's name, colour, server and database in the
// toolbar and the status bar. Emits activated() with the URL to use, password included.
class EnvironmentController : public QObject {
    Q_OBJECT
public:
    explicit EnvironmentController(QWidget *window);

    // --url and --env from the window's command line; --env picks the first active one.
    void setStartOptions(const QString &urlOption, const QString &envName);
    // A newly (re)loaded project: lists its environments and activates one (the same as
    // before a reload; at first the one the CLI would use).
    void setProject(const ProjectConfig &config);
    void clear();

    const QList<Environment> &environments() const { return m_environments; }
    const Environment *active() const;
    QString activeUrl() const; // with the session's or keyring's password, if any
    QString urlWithPassword(const Environment &env) const;
    bool activate(const QString &name);

    // File > Connect: edits the active environment's URL or adds a new one.
    void connectDialog();
    // The server wants a password that was not given: ask (asynchronously), then retry.
    void askPassword(const QString &serverMessage);

    QComboBox *selector() const { return m_selector; }
    QLabel *badge() const { return m_badge; }
    QLabel *statusBadge() const { return m_statusBadge; }

Q_SIGNALS:
    void activated(const QString &url); // apply this URL (password included)
    void note(const QString &message, bool error);

private:
    void rebuildSelector();
    void showActive();
    void loadKeyringPassword(const Environment &env);
    QString passwordKey(const Environment &env) const;

    QWidget *m_window;
    QComboBox *m_selector;
    QLabel *m_badge;
    QLabel *m_statusBadge;
    QString m_iniPath;
    QString m_projectDir;
    QString m_urlOption;
    QString m_startEnv;
    QList<Environment> m_environments;
    QString m_active;
    QHash<QString, QString> m_sessionPasswords; // URL without password -> password
    QHash<QString, bool> m_keyringAsked;
    bool m_passwordDialogOpen = false;
};

} // namespace retort::gui
