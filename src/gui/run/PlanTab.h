#pragma once

#include "worker/PlanRequest.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace retort {
struct MigrationPlan;
}

namespace retort::gui {

// The Plan tab: which plan to show (upgrade to head, to the selected revision, downgrade…)
// and the script it would run, exactly as `--sql` prints it. Shows answers; asks nothing.
class PlanTab : public QWidget {
    Q_OBJECT
public:
    explicit PlanTab(QWidget *parent = nullptr);

    // The chosen plan, for the revision selected in the history; `upgradeTarget` is
    // "head", or "heads" when the graph has several.
    PlanRequest choice(const QString &selected, const QString &upgradeTarget) const;
    void showPlanning(const PlanRequest &request);
    void showPlan(const PlanRequest &request, const MigrationPlan &plan, const QString &error);

    QPlainTextEdit *script() const { return m_script; }

Q_SIGNALS:
    void choiceChanged();

private:
    QComboBox *m_action;
    QLabel *m_summary;
    QPlainTextEdit *m_script;
};

} // namespace retort::gui
