// Turns the runs of a merge-order check into a verdict a user can act on: which order
// fails and why, what the failing statement was missing and which revision creates it,
// and the Alembic-level fix (a `Depends On:` that forces the right order).
#include "run/MergeOrderCheck.h"

#include <QRegularExpression>

namespace retort {

namespace {

struct Missing {
    QString kind; // "column" or "table"; empty when the message names nothing missing
    QString name;
};

// PostgreSQL: column "x" does not exist, column "x" named in key does not exist, column
// "x" of relation "t" does not exist, relation "t" does not exist. SQLite: no such
// column: x (or t.x), no such table: t.
Missing missingFrom(const QString &message)
{
    static const QRegularExpression pgColumn(u"column \"([^\"]+)\"[^\\n]*does not exist"_qs);
    static const QRegularExpression pgRelation(u"relation \"([^\"]+)\" does not exist"_qs);
    static const QRegularExpression sqlite(u"no such (column|table): ([\\w.\"]+)"_qs);
    if (const auto m = pgColumn.match(message); m.hasMatch())
        return {u"column"_qs, m.captured(1)};
    if (const auto m = pgRelation.match(message); m.hasMatch())
        return {u"table"_qs, m.captured(1).section(u'.', -1)};
    if (const auto m = sqlite.match(message); m.hasMatch())
        return {m.captured(1), m.captured(2).remove(u'"').section(u'.', -1)};
    return {};
}

// Does `sql` create `missing`? Pass 0 looks for ADD COLUMN x (or CREATE TABLE x for a
// table); pass 1 for a CREATE TABLE that lists a column x, a weaker hint (it may be
// another table's column of the same name), so an ADD COLUMN anywhere wins.
bool creates(const QString &sql, const Missing &missing, int pass)
{
    const QString name = u"\"?"_qs + QRegularExpression::escape(missing.name) + u"\"?\\b"_qs;
    const auto has = [&sql](const QString &pattern) {
        return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption |
                                               QRegularExpression::DotMatchesEverythingOption)
            .match(sql)
            .hasMatch();
    };
    if (missing.kind == u"column")
        return pass == 0 ? has(u"\\bADD\\s+(COLUMN\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?"_qs + name)
                         : has(u"\\bCREATE\\s+TABLE\\b[^(]*\\(.*[(,]\\s*"_qs + name);
    return pass == 0 && has(u"\\bCREATE\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+"
                            "(IF\\s+NOT\\s+EXISTS\\s+)?([\\w\"]+\\.)?"_qs +
                            name);
}

QString orderText(const MergeOrderRun &run)
{
    return u"order %1%2"_qs.arg(run.branchOrder.join(u" then "_qs),
                                run.alembicOrder ? u" (Alembic's order)"_qs : QString());
}

} // namespace

void diagnoseMergeOrder(MergeOrderFinding &finding, const QVector<QVector<PlanStep>> &stepsByOrder)
{
    const qsizetype failedIndex = std::find_if(finding.runs.begin(), finding.runs.end(),
                                               [](const MergeOrderRun &r) { return r.failed; }) -
                                  finding.runs.begin();
    QString header = u"merge %1 (%2)"_qs.arg(finding.merge, finding.parents.join(u", "_qs));
    if (failedIndex == finding.runs.size()) {
        for (const MergeOrderRun &run : std::as_const(finding.runs))
            if (run.after != finding.runs.first().after)
                finding.problem = MergeOrderFinding::Problem::SchemasDiffer;
        if (finding.problem == MergeOrderFinding::Problem::None) {
            finding.message = finding.runs.size() > 1
                                  ? u"%1: ok, %2 orders give the same schema\n"_qs.arg(header).arg(
                                        finding.runs.size())
                                  : u"%1: ok, only one order is possible\n"_qs.arg(header);
            return;
        }
        finding.message =
            u"%1: the order of its branches changes the resulting schema\n"_qs.arg(header);
        const MergeOrderRun &first = finding.runs.first();
        for (const MergeOrderRun &run : std::as_const(finding.runs)) {
            if (run.after == first.after)
                continue;
            finding.message += u"  %1 versus %2:\n"_qs.arg(orderText(first), orderText(run));
            for (const SchemaChange &c : diffSnapshots(first.after, run.after))
                finding.message += u"    "_qs + c.text() + u'\n';
        }
        finding.message += u"  fix: add a Depends On: between the branches so only one order "
                           "is possible\n"_qs;
        return;
    }

    finding.problem = MergeOrderFinding::Problem::OrderFails;
    const MergeOrderRun &bad = finding.runs[failedIndex];
    const RehearsalFailure &f = bad.failure;
    finding.failingRevision = f.revision;
    finding.message = u"%1: the order of its branches matters\n"_qs.arg(header);
    for (const MergeOrderRun &run : std::as_const(finding.runs)) {
        if (!run.failed) {
            finding.message += u"  %1: ok\n"_qs.arg(orderText(run));
            continue;
        }
        finding.message += u"  %1: revision %2 fails at %3:%4: %5\n    statement: %6\n"_qs.arg(
            orderText(run), run.failure.revision, run.failure.path,
            QString::number(run.failure.line), run.failure.message,
            run.failure.statement.simplified().left(300));
    }

    const Missing missing = missingFrom(f.message);
    if (missing.kind.isEmpty())
        return;
    finding.missingObject = missing.kind + u' ' + missing.name;
    // The creator is among the steps this order had not reached yet: had it run, the
    // object would have existed.
    const QVector<PlanStep> &steps = stepsByOrder[failedIndex];
    qsizetype failing = 0;
    while (failing < steps.size() && steps[failing].revision != f.revision)
        ++failing;
    for (int pass = 0; pass < 2 && finding.creatingRevision.isEmpty(); ++pass) {
        for (qsizetype k = failing + 1; k < steps.size() && finding.creatingRevision.isEmpty();
             ++k) {
            for (const SqlStatement &s : steps[k].statements) {
                if (!creates(s.sql, missing, pass))
                    continue;
                finding.creatingRevision = steps[k].revision;
                // A Python revision's statements come from Alembic's offline SQL: their
                // lines are not lines of its file.
                const QString where = steps[k].python
                                          ? steps[k].path
                                          : steps[k].path + u':' + QString::number(s.line);
                finding.message +=
                    u"  %1 %2 is created by %3 (%4), which %5 does not depend "
                    "on, so Alembic may run it later\n"_qs.arg(
                        missing.kind, missing.name, steps[k].revision, where, f.revision);
                break;
            }
        }
    }
    if (finding.creatingRevision.isEmpty()) {
        finding.message += u"  %1 %2 is missing when %3 runs first\n"_qs.arg(
            missing.kind, missing.name, f.revision);
        return;
    }
    // A Python revision (an Alembic project) declares it as Alembic reads it.
    const bool python = failing < steps.size() && steps[failing].python;
    if (python) {
        finding.suggestion = u"depends_on = '%1'"_qs.arg(finding.creatingRevision);
        finding.message += u"  fix: set %1 in %2 (%3), so every order runs %4 first\n"_qs.arg(
            finding.suggestion, f.path, f.revision, finding.creatingRevision);
        return;
    }
    finding.suggestion = u"Depends On: "_qs + finding.creatingRevision;
    finding.message +=
        u"  fix: add \"-- %1\" to the header of %2 (%3), so every order runs "
        "%4 first\n"_qs.arg(finding.suggestion, f.revision, f.path, finding.creatingRevision);
}

} // namespace retort
