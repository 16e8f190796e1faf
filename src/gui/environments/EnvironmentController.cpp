#include "environments/EnvironmentController.h"

#include "Error.h"
#include "connect/ConnectionDialog.h"
#include "connect/PasswordStore.h"
#include "db/DatabaseUrl.h"
#include "script/ProjectConfig.h"

#include <QComboBox>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPointer>

#include <algorithm>

namespace retort::gui {

namespace {

// Production without a colour of its own is red: it must not look like dev.
QString colourOf(const Environment &env)
{
    if (!env.colour.isEmpty())
        return env.colour;
    return env.production ? u"#c62828"_qs : u"#2e7d32"_qs;
}

} // namespace

EnvironmentController::EnvironmentController(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_selector(new QComboBox)
    , m_badge(new QLabel)
    , m_statusBadge(new QLabel)
{
    m_selector->setObjectName(QStringLiteral("environmentSelector"));
    m_selector->setToolTip(tr("The environment (database) the window works on"));
    // The badge beside it names the environment whole; the chooser stays narrow so the
    // toolbar fits 1024 pixels whatever the names.
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_selector->setMinimumContentsLength(9);
    m_badge->setObjectName(QStringLiteral("environmentBadge"));
    m_statusBadge->setObjectName(QStringLiteral("statusEnvironment"));
    connect(m_selector, &QComboBox::activated, this,
            [this](int index) { activate(m_selector->itemData(index).toString()); });
}

void EnvironmentController::setStartOptions(const QString &urlOption, const QString &envName)
{
    m_urlOption = urlOption;
    m_startEnv = envName;
}

void EnvironmentController::setProject(const ProjectConfig &config)
{
    const bool sameProject = config.iniPath == m_iniPath;
    m_iniPath = config.iniPath;
    m_projectDir = config.projectDir;
    m_environments = projectEnvironments(config, m_urlOption);
    const auto exists = [this](const QString &name) {
        return std::any_of(m_environments.cbegin(), m_environments.cend(),
                           [&](const Environment &e) { return e.name == name; });
    };
    QString pick = sameProject && exists(m_active) ? m_active : QString();
    if (pick.isEmpty() && !m_startEnv.isEmpty()) {
        if (exists(m_startEnv))
            pick = m_startEnv;
        else
            Q_EMIT note(tr("%1 has no environment '%2'").arg(config.iniPath, m_startEnv), true);
        m_startEnv.clear();
    }
    // The CLI's order: --url, $DATABASE_URL, retort.ini's url, then its sections. One added
    // in the window is only picked by the user (or when it is all there is).
    if (pick.isEmpty() && !m_environments.isEmpty())
        pick = m_environments.first().name;
    m_active = pick;
    rebuildSelector();
    showActive();
    Q_EMIT activated(activeUrl());
    if (const Environment *env = active())
        loadKeyringPassword(*env);
}

void EnvironmentController::clear()
{
    m_environments.clear();
    m_active.clear();
    rebuildSelector();
    showActive();
}

const Environment *EnvironmentController::active() const
{
    for (const Environment &env : m_environments)
        if (env.name == m_active)
            return &env;
    return nullptr;
}

QString EnvironmentController::passwordKey(const Environment &env) const
{
    try {
        const DatabaseUrl u = DatabaseUrl::parse(env.url, m_projectDir);
        return u.isPostgres() ? u.toText(DatabaseUrl::Password::Omit) : QString();
    } catch (const Error &) {
        return {};
    }
}

QString EnvironmentController::urlWithPassword(const Environment &env) const
{
    const QString password = m_sessionPasswords.value(passwordKey(env));
    if (password.isEmpty())
        return env.url;
    try {
        DatabaseUrl u = DatabaseUrl::parse(env.url, m_projectDir);
        if (!u.password.isEmpty() || !u.queryValue(u"password"_qs).isEmpty())
            return env.url; // the URL's own password wins
        if (u.user.isEmpty())
            u.query.append({u"password"_qs, password});
        else
            u.password = password;
        return u.toText(DatabaseUrl::Password::Keep);
    } catch (const Error &) {
        return env.url;
    }
}

QString EnvironmentController::activeUrl() const
{
    const Environment *env = active();
    return env ? urlWithPassword(*env) : QString();
}

bool EnvironmentController::activate(const QString &name)
{
    if (name == m_active || std::none_of(m_environments.cbegin(), m_environments.cend(),
                                         [&](const Environment &e) { return e.name == name; }))
        return false;
    m_active = name;
    showActive();
    Q_EMIT activated(activeUrl());
    loadKeyringPassword(*active());
    return true;
}

void EnvironmentController::rebuildSelector()
{
    const QSignalBlocker quiet(m_selector);
    m_selector->clear();
    for (const Environment &env : std::as_const(m_environments)) {
        QPixmap swatch(12, 12);
        swatch.fill(QColor(colourOf(env)));
        m_selector->addItem(QIcon(swatch),
                            env.production ? env.name + tr(" (production)") : env.name, env.name);
        m_selector->setItemData(m_selector->count() - 1, env.serverText(m_projectDir),
                                Qt::ToolTipRole);
    }
    m_selector->setCurrentIndex(m_selector->findData(m_active));
}

void EnvironmentController::showActive()
{
    const Environment *env = active();
    m_selector->setCurrentIndex(m_selector->findData(m_active));
    if (!env) {
        m_badge->clear();
        m_statusBadge->clear();
        m_badge->setStyleSheet({});
        m_statusBadge->setStyleSheet({});
        return;
    }
    // A long path or host keeps its end, the file or database name (the toolbar must fit
    // 1024 pixels);
    // the tooltip has it whole.
    const QString server = env->serverText(m_projectDir);
    const QString shown = m_badge->fontMetrics().elidedText(
        server, Qt::ElideLeft, m_badge->fontMetrics().averageCharWidth() * 14);
    const QString text =
        u"<b>%1</b>&nbsp; %2"_qs.arg(env->name.toHtmlEscaped(), shown.toHtmlEscaped());
    const QString style =
        u"QLabel { background: %1; color: white; border-radius: 3px; padding: 2px 6px; }"_qs.arg(
            colourOf(*env));
    QString tip = server;
    if (env->production)
        tip += u'\n' + tr("Production: destructive runs ask for the name");
    for (QLabel *label : {m_badge, m_statusBadge}) {
        label->setText(text);
        label->setStyleSheet(style);
        label->setToolTip(tip);
    }
}

void EnvironmentController::loadKeyringPassword(const Environment &env)
{
    const QString key = passwordKey(env);
    if (key.isEmpty() || m_sessionPasswords.contains(key) || m_keyringAsked.value(key))
        return;
    try {
        const DatabaseUrl u = DatabaseUrl::parse(env.url, m_projectDir);
        if (!u.password.isEmpty() || !u.queryValue(u"password"_qs).isEmpty())
            return;
    } catch (const Error &) {
        return;
    }
    m_keyringAsked.insert(key, true);
    QPointer<EnvironmentController> self(this);
    PasswordStore::load(key, [self, key](const QString &password, const QString &error) {
        if (!self)
            return;
        // A keyring that cannot be read is a note beside the database's own error, never
        // in its place.
        if (!error.isEmpty())
            Q_EMIT self->note(tr("Keyring not available (%1); the password is asked for when "
                                 "the server wants one")
                                  .arg(error),
                              false);
        if (password.isEmpty())
            return;
        self->m_sessionPasswords.insert(key, password);
        if (const Environment *now = self->active(); now && self->passwordKey(*now) == key)
            Q_EMIT self->activated(self->activeUrl());
    });
}

void EnvironmentController::askPassword(const QString &serverMessage)
{
    const Environment *env = active();
    if (!env || m_passwordDialogOpen || passwordKey(*env).isEmpty())
        return;
    m_passwordDialogOpen = true;
    auto *dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("passwordPrompt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Password for %1").arg(env->name));
    dialog->setLabelText(tr("%1\n\nPassword for %2 (kept for this session):")
                             .arg(serverMessage, DatabaseUrl::maskPassword(env->url)));
    dialog->setTextEchoMode(QLineEdit::Password);
    const QString key = passwordKey(*env);
    const QString name = env->name;
    connect(dialog, &QInputDialog::textValueSelected, this, [this, key, name](const QString &pw) {
        m_sessionPasswords.insert(key, pw);
        if (m_active == name)
            Q_EMIT activated(activeUrl());
    });
    connect(dialog, &QObject::destroyed, this, [this] { m_passwordDialogOpen = false; });
    dialog->open(); // window-modal, but the GUI thread keeps running
}

void EnvironmentController::connectDialog()
{
    const Environment *current = active();
    ConnectionDialog dialog(activeUrl(), m_projectDir, m_window);
    dialog.setEnvironment(current ? current->name : QString(), current && current->production);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString stored = dialog.urlWithoutPassword();
    if (stored.isEmpty())
        return;
    Environment env;
    env.name = dialog.environmentName().isEmpty() ? u"connected"_qs : dialog.environmentName();
    env.url = stored;
    env.production = dialog.isProduction();
    for (Environment &existing : m_environments) {
        if (existing.name != env.name)
            continue;
        const bool sameUrl = passwordKey(existing) == passwordKey(env) &&
                             (existing.url == env.url || !passwordKey(env).isEmpty());
        if (existing.source == Environment::Source::Window) {
            existing = env;
        } else if (!sameUrl || existing.production != env.production) {
            // retort.ini, $DATABASE_URL and --url are not the window's to rewrite: an edit
            // becomes an environment of its own.
            env.name += tr(" (edited)");
        }
        break;
    }
    if (const QString password = dialog.password(); !password.isEmpty())
        m_sessionPasswords.insert(passwordKey(env), password);
    const bool known = std::any_of(m_environments.cbegin(), m_environments.cend(),
                                   [&](const Environment &e) { return e.name == env.name; });
    if (!known) {
        m_environments.append(env);
    }
    if (!known || env.source == Environment::Source::Window) {
        for (const Environment &e : std::as_const(m_environments))
            if (e.name == env.name && e.source == Environment::Source::Window)
                saveWindowEnvironment(m_iniPath, e);
    }
    if (dialog.rememberPassword())
        PasswordStore::save(passwordKey(env), dialog.password(),
                            [self = QPointer<EnvironmentController>(this)](const QString &error) {
                                if (self && !error.isEmpty())
                                    Q_EMIT self->note(tr("Keyring: %1").arg(error), true);
                            });
    rebuildSelector();
    if (!activate(env.name)) { // the same environment: apply its (new) password
        showActive();
        Q_EMIT activated(activeUrl());
    }
}

} // namespace retort::gui
