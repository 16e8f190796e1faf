#pragma once

#include "run/MigrationPlan.h"

#include <QDialog>

namespace retort::gui {

// Shows the exact script a plan runs (the text `--sql` prints) and asks before running
// it; names what the plan destroys (dropped tables and columns) above the script.
class ConfirmPlanDialog : public QDialog {
    Q_OBJECT
public:
    ConfirmPlanDialog(const QString &title, const MigrationPlan &plan, const QString &database,
                      QWidget *parent = nullptr);
};

} // namespace retort::gui
