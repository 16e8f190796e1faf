#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class EnvironmentsOverview;
}

namespace retort {
struct Project;
}

namespace retort::gui {

class EnvironmentController;

// Every environment of the project at a glance, as Flyway and Bytebase show a fleet: its
// revision(s), how many revisions behind head, drift (verify) and the last run from the
// ledger. Each database is read on a pool thread with its own connection, all at once;
// rows fill in as answers come, and the window never waits.
class EnvironmentsOverview : public QDialog {
    Q_OBJECT
public:
    EnvironmentsOverview(EnvironmentController *environments,
                         std::shared_ptr<const Project> project, QWidget *parent = nullptr);
    ~EnvironmentsOverview() override;

    void refresh();
    int pendingReads() const { return m_pending; }
    QString rowText(int row) const; // the cells joined by " | ", for tests
    Ui::EnvironmentsOverview *form() const { return m_ui.get(); }

Q_SIGNALS:
    void allRead();

private:
    std::unique_ptr<Ui::EnvironmentsOverview> m_ui;
    EnvironmentController *m_environments;
    std::shared_ptr<const Project> m_project;
    int m_pending = 0;
    quint64 m_round = 0;
};

} // namespace retort::gui
