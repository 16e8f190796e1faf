#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace retort::gui {

// Connect to a database: PostgreSQL fields (host, port, database, user, password), a
// SQLite file, or a URL typed as is. url() is the SQLAlchemy-style URL with the password
// in it, for this session only; urlWithoutPassword() is what may be remembered on disk.
// rememberPassword() asks the caller to keep the password in the system keyring.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(const QString &currentUrl, QWidget *parent = nullptr);

    QString url() const;
    QString urlWithoutPassword() const;
    QString password() const;
    bool rememberPassword() const;

private:
    void fillFrom(const QString &url);

    QComboBox *m_driver = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    QLineEdit *m_sqliteFile = nullptr;
    QLineEdit *m_rawUrl = nullptr;
};

} // namespace retort::gui
