#pragma once

#include <QString>

namespace retort {

class RevisionGraph;
class RevisionError;

// What `alembic heads / branches / history / show` print, byte for byte (each line
// ends in "\n"; verbose entries end in an empty line as Alembic's do). Where Alembic
// prints a Python set (children in "Branches into" and the `branches` listing, branch
// labels) we use file order and label declaration order. Errors are thrown as Error
// with the message Alembic's command layer prints after "FAILED: ".
QString headsText(const RevisionGraph &graph, bool verbose);
QString branchesText(const RevisionGraph &graph, bool verbose);
// `range` is "[start]:[end]" as given to -r, or empty for the whole history.
QString historyText(const RevisionGraph &graph, const QString &range, bool verbose);
QString showText(const RevisionGraph &graph, const QString &revisions);

// One revision in Alembic's formats: Script.log_entry and Script._head_only.
QString logEntry(const RevisionGraph &graph, int rev);
struct HeadOnlyFormat {
    bool includeBranches = false;
    bool includeDoc = false;
    bool includeParents = false;
    bool treeIndicators = true;
};
QString headOnly(const RevisionGraph &graph, int rev, const HeadOnlyFormat &format);
void appendHeadOnly(QString &out, const RevisionGraph &graph, int rev,
                    const HeadOnlyFormat &format);

// ScriptDirectory._catch_revision_errors: the command-level wording of a graph error.
// `start` / `end` are the range ends the command was working on (may be empty).
QString commandMessage(const RevisionError &error, const QString &start = {},
                       const QString &end = {});

} // namespace retort
