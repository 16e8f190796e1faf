#include "worker/PlanRequest.h"

#include "run/Planner.h"

#include <QCoreApplication>

namespace retort::gui {

QString PlanRequest::title() const
{
    const QString target = targets.join(u", "_qs);
    switch (kind) {
    case Kind::Upgrade:
        return QCoreApplication::translate("PlanRequest", "Upgrade to %1").arg(target);
    case Kind::Downgrade:
        return QCoreApplication::translate("PlanRequest", "Downgrade to %1").arg(target);
    case Kind::Stamp:
        break;
    }
    return QCoreApplication::translate("PlanRequest", "Stamp %1").arg(target);
}

MigrationPlan makePlan(const Project &project, const QString &dialect, const PlanRequest &request,
                       const QStringList &currentHeads)
{
    const Planner planner(project.graph, project.scripts, dialect, project.config.versionTable);
    switch (request.kind) {
    case PlanRequest::Kind::Upgrade:
        return planner.upgrade(currentHeads, request.targets.value(0));
    case PlanRequest::Kind::Downgrade:
        return planner.downgrade(currentHeads, request.targets.value(0));
    case PlanRequest::Kind::Stamp:
        break;
    }
    return planner.stamp(currentHeads, request.targets, request.purge);
}

} // namespace retort::gui
