#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectionDialog;
}

namespace retort::gui {

// Connect to a database: PostgreSQL fields (host or socket folder, port, database, user,
// password, SSL mode, other libpq parameters), a SQLite file relative to the project, or
// a URL typed as is. Every part of the URL it was opened with comes back out of it.
// url() holds the password, for this session only; urlWithoutPassword() is what may be
// remembered on disk. rememberPassword() asks the caller to keep the password in the
// system keyring. Test connects on a pool thread, never on the GUI thread.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    enum Page { PostgresPage, SqlitePage, UrlPage };

    ConnectionDialog(const QString &currentUrl, const QString &projectDir,
                     QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    QString url() const;
    QString urlWithoutPassword() const;
    QString password() const;
    bool rememberPassword() const;
    void setEnvironment(const QString &name, bool production);
    QString environmentName() const;
    bool isProduction() const;
    Ui::ConnectionDialog *form() const { return m_ui.get(); } // for tests

    void accept() override; // refuses a URL that does not parse, saying why
    void testConnection();

Q_SIGNALS:
    void tested(bool ok, const QString &message);

private:
    QString postgresUrl(bool withPassword) const;
    QString sqliteUrl() const;
    void fillFrom(const QString &url);
    void switchPage(int page);
    void showPage(int page);
    void showResult(bool ok, const QString &message);

    std::unique_ptr<Ui::ConnectionDialog> m_ui;
    QString m_projectDir;
    QString m_scheme = QStringLiteral("postgresql");
    int m_page = PostgresPage;
};

} // namespace retort::gui
