#pragma once

#include "WindowParts.h"
#include "worker/PlanRequest.h"
#include "worker/RehearsalOutcome.h"

#include <QObject>

#include <functional>
#include <optional>

class QAction;

namespace retort::gui {

class BackupController;
class RunController;
class SchemaDiffView;

// Migrate > Rehearse: a dry run of a plan on the database thread, always rolled back,
// with every merge it applies tried in each order. Its outcome fills the Schema Diff tab,
// marks merge-order findings in the history, and is kept for the next confirmation.
class RehearsalController : public QObject {
    Q_OBJECT
public:
    RehearsalController(const WindowParts &parts, RunController *runs, BackupController *backups,
                        SchemaDiffView *view, QObject *parent);

    // `choice` gives the plan the Rehearse action dry-runs (the Plan tab's choice);
    // `showView` brings the Schema Diff tab forward.
    void connectAction(QAction *rehearse, std::function<PlanRequest()> choice,
                       std::function<void()> showView);
    void updateActions(bool idle);

    void start(const PlanRequest &request);
    // The last outcome (for the confirmation), or nullptr.
    const RehearsalOutcome *lastOutcome() const;
    // Another database: the last outcome was about the previous one.
    void forget();

Q_SIGNALS:
    void finished(bool ok); // the Schema Diff tab shows it; ok: no failure, no finding
    void busyChanged();

private:
    void onOutcome(const PlanRequest &request, const RehearsalOutcome &outcome);

    WindowParts m_parts;
    RunController *m_runs;
    BackupController *m_backups;
    SchemaDiffView *m_view;
    QAction *m_action = nullptr;
    std::function<void()> m_showView;
    std::optional<RehearsalOutcome> m_last;
};

} // namespace retort::gui
