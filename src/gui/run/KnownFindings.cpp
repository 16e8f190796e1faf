#include "run/KnownFindings.h"

#include "Project.h"
#include "run/MigrationPlan.h"
#include "sql/Lint.h"
#include "worker/RehearsalOutcome.h"

#include <QDir>
#include <QObject>
#include <QSet>

namespace retort::gui {

namespace {
// Lint parses SQL on the GUI thread; a few hundred revisions take milliseconds. A longer
// plan says how many were left out rather than stall the window.
constexpr int kLintedRevisionsAtMost = 300;
} // namespace

QStringList knownFindings(const Project &project, const MigrationPlan &plan,
                          const RehearsalOutcome *lastRehearsal)
{
    QStringList lines;
    QSet<QString> inPlan;
    QVector<int> revisions;
    for (const PlanStep &step : plan.steps) {
        if (step.revision.isEmpty())
            continue;
        inPlan.insert(step.revision);
        const int index = project.graph.indexOf(step.revision);
        if (index >= 0 && revisions.size() < kLintedRevisionsAtMost)
            revisions.append(index);
    }
    if (plan.dialect == u"postgresql") {
        const QDir dir(project.config.projectDir);
        for (const LintFinding &f : lintRevisions(project, revisions))
            if (f.direction == (plan.steps.value(0).kind == PlanStep::Kind::Downgrade
                                    ? u"downgrade"_qs
                                    : u"upgrade"_qs))
                lines.append(QObject::tr("Lint: %1:%2 [%3] %4")
                                 .arg(dir.relativeFilePath(f.path), QString::number(f.line), f.rule,
                                      f.message));
        if (inPlan.size() > kLintedRevisionsAtMost)
            lines.append(QObject::tr("Lint: only the first %1 revisions were checked (retort "
                                     "lint checks them all)")
                             .arg(kLintedRevisionsAtMost));
    }
    if (!lastRehearsal)
        return lines;
    const RehearsalReport &report = lastRehearsal->report;
    if (report.failed && inPlan.contains(report.failure.revision))
        lines.append(QObject::tr("The last rehearsal failed in %1 at %2:%3: %4")
                         .arg(report.failure.revision, report.failure.path,
                              QString::number(report.failure.line), report.failure.message));
    for (const MergeOrderFinding &f : lastRehearsal->mergeFindings)
        if (!f.ok() && inPlan.contains(f.merge))
            lines.append(QObject::tr("Merge order (last rehearsal): %1")
                             .arg(f.message.section(u'\n', 0, 0)));
    return lines;
}

} // namespace retort::gui
