#include "connect/ConnectionDialog.h"

#include "Error.h"
#include "db/DatabaseUrl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace retort::gui {

namespace {
enum Page { PostgresPage, SqlitePage, UrlPage };

QString encode(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}
} // namespace

ConnectionDialog::ConnectionDialog(const QString &currentUrl, QWidget *parent)
    : QDialog(parent)
    , m_driver(new QComboBox)
    , m_pages(new QStackedWidget)
    , m_host(new QLineEdit)
    , m_port(new QSpinBox)
    , m_database(new QLineEdit)
    , m_user(new QLineEdit)
    , m_password(new QLineEdit)
    , m_remember(new QCheckBox(tr("Remember the password in the system keyring")))
    , m_sqliteFile(new QLineEdit)
    , m_rawUrl(new QLineEdit)
{
    setWindowTitle(tr("Connect to Database"));
    setObjectName(QStringLiteral("connectionDialog"));
    m_driver->addItems({tr("PostgreSQL"), tr("SQLite"), tr("URL")});
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_password->setEchoMode(QLineEdit::Password);
    m_host->setPlaceholderText(QStringLiteral("localhost"));
    m_sqliteFile->setPlaceholderText(tr("/path/to/database.db"));
    m_rawUrl->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/db?sslmode=require"));

    auto *pg = new QWidget;
    auto *pgForm = new QFormLayout(pg);
    pgForm->addRow(tr("Host:"), m_host);
    pgForm->addRow(tr("Port:"), m_port);
    pgForm->addRow(tr("Database:"), m_database);
    pgForm->addRow(tr("User:"), m_user);
    pgForm->addRow(tr("Password:"), m_password);
    pgForm->addRow(QString(), m_remember);
    auto *sqlite = new QWidget;
    auto *sqliteForm = new QFormLayout(sqlite);
    sqliteForm->addRow(tr("File:"), m_sqliteFile);
    auto *url = new QWidget;
    auto *urlForm = new QFormLayout(url);
    urlForm->addRow(tr("URL:"), m_rawUrl);
    m_pages->addWidget(pg);
    m_pages->addWidget(sqlite);
    m_pages->addWidget(url);
    connect(m_driver, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_driver);
    layout->addWidget(m_pages);
    layout->addWidget(buttons);
    fillFrom(currentUrl);
}

void ConnectionDialog::fillFrom(const QString &text)
{
    try {
        const DatabaseUrl u = DatabaseUrl::parse(text, {});
        if (u.isSqlite()) {
            m_driver->setCurrentIndex(SqlitePage);
            m_sqliteFile->setText(u.sqlitePath);
            return;
        }
        m_driver->setCurrentIndex(PostgresPage);
        m_host->setText(u.host);
        if (u.port > 0)
            m_port->setValue(u.port);
        m_database->setText(u.database);
        m_user->setText(u.user);
        m_password->setText(u.password);
    } catch (const Error &) {
        m_driver->setCurrentIndex(UrlPage);
        m_rawUrl->setText(DatabaseUrl::maskPassword(text));
    }
}

QString ConnectionDialog::urlWithoutPassword() const
{
    switch (m_driver->currentIndex()) {
    case SqlitePage:
        return u"sqlite:///"_qs + m_sqliteFile->text().trimmed();
    case UrlPage:
        return m_rawUrl->text().trimmed();
    default:
        break;
    }
    QString userPart = encode(m_user->text().trimmed());
    if (!userPart.isEmpty())
        userPart += u'@';
    const QString host =
        m_host->text().trimmed().isEmpty() ? u"localhost"_qs : m_host->text().trimmed();
    return u"postgresql://%1%2:%3/%4"_qs.arg(userPart, host)
        .arg(m_port->value())
        .arg(encode(m_database->text().trimmed()));
}

QString ConnectionDialog::url() const
{
    const QString plain = urlWithoutPassword();
    if (m_driver->currentIndex() != PostgresPage || m_password->text().isEmpty() ||
        m_user->text().trimmed().isEmpty())
        return plain;
    const QString prefix = u"postgresql://"_qs + encode(m_user->text().trimmed());
    return prefix + u':' + encode(m_password->text()) + plain.mid(prefix.size());
}

QString ConnectionDialog::password() const
{
    return m_driver->currentIndex() == PostgresPage ? m_password->text() : QString();
}

bool ConnectionDialog::rememberPassword() const
{
    return m_driver->currentIndex() == PostgresPage && m_remember->isChecked() &&
           !m_password->text().isEmpty();
}

} // namespace retort::gui
