#pragma once

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class AboutDialog;
}

namespace retort {
struct DatabaseUrl;
}

namespace retort::gui {

// Help > About: the version, the licence, and the versions of Qt, SQLite, libpq and the
// database server in use. The server's version is read on a pool thread with its own
// connection (the GUI thread never waits on the database); until it arrives the row says
// so, and a database that cannot be reached says why.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(const std::optional<DatabaseUrl> &database, QWidget *parent = nullptr);
    ~AboutDialog() override;

    QString serverVersionText() const;

Q_SIGNALS:
    void serverVersionShown(); // the row holds the answer (a version or an error)

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace retort::gui
