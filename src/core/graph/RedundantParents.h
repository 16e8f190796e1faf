#pragma once

#include "graph/RevisionGraph.h"

#include <QStringList>
#include <QVector>

namespace retort {

// A merge that lists a revision and one of that revision's own ancestors as parents
// (d8e1 <- [f9ed, 7c50, 190] where 7c50 is below f9ed). Alembic accepts the file and
// then fails in `upgrade heads` (a KeyError in its head bookkeeping); Retort warns when
// loading and treats the ancestor as implied: the version table never holds it, so the
// merge deletes only the rows that are there, and its downgrade restores only the
// parents that are not below another one.
struct RedundantParent {
    int revision = RevisionGraph::None; // the merge
    int parent = RevisionGraph::None;   // the redundant parent
    int via = RevisionGraph::None;      // the other parent it is an ancestor of
};

QVector<RedundantParent> redundantParents(const RevisionGraph &graph);

// "path: revision X lists P as a parent, but P is already an ancestor of its parent Q; ...",
// one line per redundant parent.
QStringList redundantParentWarnings(const RevisionGraph &graph);

// normalizedDownRevisions(revision) without its redundant parents.
QVector<int> essentialParents(const RevisionGraph &graph, int revision);

} // namespace retort
