#pragma once

#include "run/MergeOrderCheck.h"
#include "run/RehearsalReport.h"

#include <QMetaType>

#include <algorithm>

namespace retort::gui {

// What the database thread sends back for Rehearse: the dry run of the chosen plan and
// the merge-order check of the merges it applies, both rolled back. It is made ready to
// show there: the unified \d diff rendered, and file paths (in paths, messages and
// errors) relative to the project folder, versions/<file>.sql, as the window shows them.
struct RehearsalOutcome {
    RehearsalReport report;
    QVector<MergeOrderFinding> mergeFindings; // one per merge point the plan applies
    QString unifiedDiff;                      // unifiedDiffText(report.before, report.after)
    QString error; // planning, connection or catalog failure: nothing else is filled
    bool cancelled = false;

    bool ok() const
    {
        return error.isEmpty() && !cancelled && report.ok() &&
               std::all_of(mergeFindings.begin(), mergeFindings.end(),
                           [](const MergeOrderFinding &f) { return f.ok(); });
    }
};

} // namespace retort::gui

Q_DECLARE_METATYPE(retort::gui::RehearsalOutcome)
