#pragma once

#include "Project.h"
#include "db/DatabaseUrl.h"
#include "run/MigrationPlan.h"

#include <QMetaType>
#include <QStringList>

#include <memory>

namespace retort::gui {

// What the user asked for, as the worker needs it to plan against the database's
// current rows: the same three commands as the CLI.
struct PlanRequest {
    enum class Kind { Upgrade, Downgrade, Stamp };
    Kind kind = Kind::Upgrade;
    QStringList targets; // one for upgrade/downgrade; any number for stamp
    bool purge = false;
    QString title() const; // "Upgrade to head", for dialogs and the log
};

// Everything a job needs, immutable and shared with the worker thread.
struct JobContext {
    std::shared_ptr<const Project> project;
    DatabaseUrl url;
};

MigrationPlan makePlan(const Project &project, const QString &dialect, const PlanRequest &request,
                       const QStringList &currentHeads);

} // namespace retort::gui

Q_DECLARE_METATYPE(retort::MigrationPlan)
