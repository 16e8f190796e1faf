#include "rehearse/MergeFindingText.h"

#include "run/MergeOrderCheck.h"

#include <QCoreApplication>

#include <algorithm>

namespace retort::gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MergeFindingText", text);
}

} // namespace

QString mergeFindingHtml(const MergeOrderFinding &finding)
{
    QStringList lines{
        tr("<b>Merge order</b> (found by Rehearse): the order of the branches of "
           "%1 (%2) matters.")
            .arg(finding.merge.toHtmlEscaped(), finding.parents.join(u", "_qs).toHtmlEscaped())};
    const auto failed = std::find_if(finding.runs.begin(), finding.runs.end(),
                                     [](const MergeOrderRun &run) { return run.failed; });
    if (failed == finding.runs.end()) // the orders succeed but end in different schemas
        return lines.first() + u"<div style='white-space:pre-wrap'>"_qs +
               finding.message.trimmed().toHtmlEscaped() + u"</div>"_qs;
    lines.append(tr("Run as %1%2, revision <b>%3</b> fails: %4")
                     .arg(failed->branchOrder.join(tr(" then ")).toHtmlEscaped(),
                          failed->alembicOrder ? tr(" (Alembic's order)") : QString(),
                          failed->failure.revision.toHtmlEscaped(),
                          failed->failure.message.toHtmlEscaped()));
    if (!finding.creatingRevision.isEmpty())
        lines.append(tr("The %1 is created by %2, which %3 does not depend on.")
                         .arg(finding.missingObject.toHtmlEscaped(),
                              finding.creatingRevision.toHtmlEscaped(),
                              finding.failingRevision.toHtmlEscaped()));
    // A Python revision's fix is an assignment in the file, a SQL one's a header line.
    if (finding.suggestion.startsWith(u"depends_on"))
        lines.append(
            tr("<b>Suggested fix:</b> set <tt>%1</tt> in %2.")
                .arg(finding.suggestion.toHtmlEscaped(), finding.failingRevision.toHtmlEscaped()));
    else if (!finding.suggestion.isEmpty())
        lines.append(
            tr("<b>Suggested fix:</b> add <tt>-- %1</tt> to the header of %2.")
                .arg(finding.suggestion.toHtmlEscaped(), finding.failingRevision.toHtmlEscaped()));
    return lines.join(u"<br>"_qs);
}

} // namespace retort::gui
