#pragma once

#include "run/MigrationPlan.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ConfirmPlanDialog;
}

namespace retort::gui {

// What the confirmation knows beyond the plan itself.
struct ConfirmOptions {
    bool downgradeOrStamp = false; // Cancel is the default button, as for destructive SQL
    QString productionName;        // non-empty: this name must be typed before Run
    QStringList findings;          // lint, the last rehearsal's failure or merge finding
    bool offerBackup = false;      // "Back up first", checked
};

// Shows the exact script a plan runs (the text `--sql` prints) and asks before running
// it; names what the plan destroys (dropped tables and columns) and what is already known
// about it (lint, the last rehearsal) above the script. Enter never runs a downgrade,
// a stamp or a plan that destroys data.
class ConfirmPlanDialog : public QDialog {
    Q_OBJECT
public:
    ConfirmPlanDialog(const QString &title, const MigrationPlan &plan, const QString &database,
                      const ConfirmOptions &options = {}, QWidget *parent = nullptr);
    ~ConfirmPlanDialog() override;

    bool backupFirst() const;
    Ui::ConfirmPlanDialog *form() const { return m_ui.get(); } // for tests

private:
    std::unique_ptr<Ui::ConfirmPlanDialog> m_ui;
};

} // namespace retort::gui
