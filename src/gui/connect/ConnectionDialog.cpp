#include "connect/ConnectionDialog.h"

#include "Error.h"
#include "db/Connection.h"
#include "db/DatabaseUrl.h"
#include "ui_ConnectionDialog.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QPointer>
#include <QPushButton>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThreadPool>
#include <QUrl>

namespace retort::gui {

namespace {

// libpq's sslmode values; the first entry leaves the parameter out (libpq's "prefer").
const QStringList &sslModes()
{
    static const QStringList modes{u"disable"_qs, u"allow"_qs,     u"prefer"_qs,
                                   u"require"_qs, u"verify-ca"_qs, u"verify-full"_qs};
    return modes;
}

QString encoded(const QString &part, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part, keep));
}

// A path under the project folder is shown relative to it, as retort.ini would write it.
QString displayPath(const QString &absolute, const QString &projectDir)
{
    if (projectDir.isEmpty())
        return absolute;
    const QString relative = QDir(projectDir).relativeFilePath(absolute);
    return relative.startsWith(u"../"_qs) ? absolute : relative;
}

} // namespace

ConnectionDialog::ConnectionDialog(const QString &currentUrl, const QString &projectDir,
                                   QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionDialog>())
    , m_projectDir(projectDir)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("connectionDialog"));
    m_ui->sslMode->addItem(tr("default (prefer)"));
    m_ui->sslMode->addItems(sslModes());
    QPushButton *test = m_ui->buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    test->setObjectName(QStringLiteral("testButton"));
    connect(test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->driver, &QComboBox::currentIndexChanged, this, &ConnectionDialog::switchPage);
    connect(m_ui->sqliteFile, &QLineEdit::textChanged, this, [this] {
        try {
            const DatabaseUrl u = DatabaseUrl::parse(sqliteUrl(), m_projectDir);
            m_ui->sqliteResolved->setText(u.inMemory ? tr("In memory") : u.sqlitePath);
        } catch (const Error &e) {
            m_ui->sqliteResolved->setText(e.message());
        }
    });
    connect(m_ui->browse, &QToolButton::clicked, this, [this] {
        const QString start = QDir(m_projectDir).absoluteFilePath(m_ui->sqliteFile->text());
        const QString file =
            QFileDialog::getSaveFileName(this, tr("SQLite Database"), start,
                                         tr("SQLite databases (*.db *.sqlite *.sqlite3);;"
                                            "All files (*)"),
                                         nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_ui->sqliteFile->setText(displayPath(file, m_projectDir));
    });
    fillFrom(currentUrl);
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::fillFrom(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        showPage(PostgresPage);
        return;
    }
    try {
        const DatabaseUrl u = DatabaseUrl::parse(text, m_projectDir);
        m_scheme = text.trimmed().section(u"://"_qs, 0, 0);
        if (u.isSqlite()) {
            m_ui->sqliteFile->setText(u.inMemory ? u":memory:"_qs
                                                 : displayPath(u.sqlitePath, m_projectDir));
            showPage(SqlitePage);
            return;
        }
        m_ui->host->setText(u.host);
        m_ui->port->setValue(u.port > 0 ? u.port : 0);
        m_ui->database->setText(u.database);
        m_ui->user->setText(u.user);
        m_ui->password->setText(u.password);
        QStringList others;
        m_ui->sslMode->setCurrentIndex(0);
        for (const auto &[key, value] : u.query) {
            if (key == u"sslmode" && sslModes().contains(value))
                m_ui->sslMode->setCurrentIndex(int(sslModes().indexOf(value)) + 1);
            else if (key.compare(u"password"_qs, Qt::CaseInsensitive) == 0)
                m_ui->password->setText(value);
            else
                others.append(encoded(key) + u'=' + encoded(value, "/:"));
        }
        m_ui->parameters->setText(others.join(u'&'));
        showPage(PostgresPage);
    } catch (const Error &) {
        // Shown as typed but masked: what is not understood cannot be split safely.
        m_ui->rawUrl->setText(DatabaseUrl::maskPassword(text.trimmed()));
        showPage(UrlPage);
    }
}

// The page's URL goes with the user to the next page, so nothing typed is lost.
void ConnectionDialog::switchPage(int page)
{
    if (page == m_page)
        return;
    const QString carried = url();
    DatabaseUrl parsed;
    bool understood = false;
    try {
        parsed = DatabaseUrl::parse(carried, m_projectDir);
        understood = true;
    } catch (const Error &) {
    }
    if (page == UrlPage) {
        showPage(UrlPage);
        m_ui->rawUrl->setText(!understood         ? DatabaseUrl::maskPassword(carried)
                              : parsed.isSqlite() ? carried
                                                  : parsed.toText(DatabaseUrl::Password::Omit));
        return;
    }
    if (understood && (page == SqlitePage) == parsed.isSqlite()) {
        const QString typedPassword = m_ui->password->text();
        fillFrom(carried);
        if (m_ui->password->text().isEmpty())
            m_ui->password->setText(typedPassword);
        return;
    }
    showPage(page);
}

void ConnectionDialog::showPage(int page)
{
    m_page = page;
    const QSignalBlocker quiet(m_ui->driver);
    m_ui->driver->setCurrentIndex(page);
    m_ui->pages->setCurrentIndex(page);
}

QString ConnectionDialog::postgresUrl(bool withPassword) const
{
    DatabaseUrl u;
    u.kind = DatabaseUrl::Kind::PostgreSQL;
    u.url = m_scheme.startsWith(u"postgres"_qs) ? m_scheme + u"://"_qs : u"postgresql://"_qs;
    u.host = m_ui->host->text().trimmed();
    u.port = m_ui->port->value() > 0 ? m_ui->port->value() : -1;
    u.database = m_ui->database->text().trimmed();
    u.user = m_ui->user->text().trimmed();
    if (withPassword)
        u.password = m_ui->password->text();
    if (m_ui->sslMode->currentIndex() > 0)
        u.query.append({u"sslmode"_qs, m_ui->sslMode->currentText()});
    const QString others = m_ui->parameters->text().trimmed();
    if (!others.isEmpty()) {
        // The parameters are a URL's query: let the URL parser decode and check them.
        const DatabaseUrl parsed = DatabaseUrl::parse(u"postgresql://h/d?"_qs + others, {});
        if (!parsed.host.isEmpty() && parsed.host != u"h")
            u.host = parsed.host; // ?host= given here: a socket folder
        u.query += parsed.query;
    }
    // A user-less URL cannot carry a password before the host: libpq takes ?password=.
    if (withPassword && u.user.isEmpty() && !m_ui->password->text().isEmpty())
        u.query.append({u"password"_qs, m_ui->password->text()});
    return u.toText(withPassword ? DatabaseUrl::Password::Keep : DatabaseUrl::Password::Omit);
}

QString ConnectionDialog::sqliteUrl() const
{
    const QString path = m_ui->sqliteFile->text().trimmed();
    if (path == u":memory:")
        return u"sqlite://"_qs;
    return u"sqlite:///"_qs + encoded(path, "/");
}

QString ConnectionDialog::url() const
{
    try {
        switch (m_page) {
        case SqlitePage:
            return sqliteUrl();
        case UrlPage: {
            const QString text = m_ui->rawUrl->text().trimmed();
            // The password typed on the PostgreSQL page serves a URL without one.
            const DatabaseUrl u = DatabaseUrl::parse(text, m_projectDir);
            if (u.isPostgres() && u.password.isEmpty() && !m_ui->password->text().isEmpty() &&
                u.queryValue(u"password"_qs).isEmpty()) {
                DatabaseUrl withPassword = u;
                withPassword.password = m_ui->password->text();
                if (u.user.isEmpty())
                    withPassword.query.append({u"password"_qs, m_ui->password->text()});
                return withPassword.toText(DatabaseUrl::Password::Keep);
            }
            return text;
        }
        default:
            return postgresUrl(true);
        }
    } catch (const Error &) {
        return m_page == UrlPage ? m_ui->rawUrl->text().trimmed() : QString();
    }
}

QString ConnectionDialog::urlWithoutPassword() const
{
    try {
        switch (m_page) {
        case SqlitePage:
            return sqliteUrl(); // relative paths stay relative to the project
        case UrlPage: {
            const QString text = m_ui->rawUrl->text().trimmed();
            const DatabaseUrl u = DatabaseUrl::parse(text, m_projectDir);
            return u.isSqlite() ? text : u.toText(DatabaseUrl::Password::Omit);
        }
        default:
            return postgresUrl(false);
        }
    } catch (const Error &) {
        return {}; // never store what could not be split from its password
    }
}

QString ConnectionDialog::password() const
{
    try {
        const DatabaseUrl u = DatabaseUrl::parse(url(), m_projectDir);
        return u.password.isEmpty() ? u.queryValue(u"password"_qs) : u.password;
    } catch (const Error &) {
        return {};
    }
}

bool ConnectionDialog::rememberPassword() const
{
    return m_page != SqlitePage && m_ui->remember->isChecked() && !password().isEmpty();
}

void ConnectionDialog::setEnvironment(const QString &name, bool production)
{
    m_ui->environmentName->setText(name);
    m_ui->production->setChecked(production);
}

QString ConnectionDialog::environmentName() const
{
    return m_ui->environmentName->text().trimmed();
}

bool ConnectionDialog::isProduction() const
{
    return m_ui->production->isChecked();
}

void ConnectionDialog::accept()
{
    try {
        if (m_page == PostgresPage)
            postgresUrl(false); // the parameters field must parse
        DatabaseUrl::parse(url(), m_projectDir);
    } catch (const Error &e) {
        showResult(false, e.message());
        return;
    }
    QDialog::accept();
}

void ConnectionDialog::testConnection()
{
    DatabaseUrl target;
    try {
        if (m_page == PostgresPage)
            postgresUrl(false);
        target = DatabaseUrl::parse(url(), m_projectDir);
    } catch (const Error &e) {
        showResult(false, e.message());
        return;
    }
    m_ui->testResult->setStyleSheet({});
    m_ui->testResult->setText(tr("Connecting to %1…").arg(target.masked()));
    QPointer<ConnectionDialog> self(this);
    QThreadPool::globalInstance()->start([self, target] {
        bool ok = false;
        QString message;
        try {
            // Read-only: testing a SQLite path must not create the file.
            ScopedConnection connection(target, u"connect-test"_qs, Access::ReadOnly);
            QSqlQuery query(connection.db());
            const bool pg = target.isPostgres();
            if (query.exec(pg ? u"SELECT version()"_qs
                              : u"SELECT 'SQLite ' || sqlite_version()"_qs) &&
                query.next())
                message = query.value(0).toString().section(u',', 0, 0);
            ok = true;
        } catch (const Error &e) {
            message = e.message();
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, ok, message] {
                if (self)
                    self->showResult(ok, ok ? tr("Connected: %1").arg(message) : message);
            },
            Qt::QueuedConnection);
    });
}

void ConnectionDialog::showResult(bool ok, const QString &message)
{
    m_ui->testResult->setStyleSheet(ok ? QString() : u"color: #c62828;"_qs);
    m_ui->testResult->setText(message);
    Q_EMIT tested(ok, message);
}

} // namespace retort::gui
