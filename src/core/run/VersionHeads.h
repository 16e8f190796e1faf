#pragma once

#include "graph/RevisionGraph.h"

#include <QStringList>

namespace retort {

// A stamp movement, as Alembic's StampStep: from some version rows to others without
// running any migration.
struct StampMove {
    QStringList from;
    QStringList to;
    bool upgrade = true;
    bool branchMove = false;
};

// The rows of the version table while a plan runs, and the statements that change
// them: Alembic's HeadMaintainer (alembic/runtime/migration.py). An upgrade inserts a
// row at a base or a new branch, updates along a line, deletes rows at a merge; a
// downgrade deletes at a base, re-inserts rows at an unmerge. Where Alembic picks rows
// from a Python set (which rows a merge deletes and which it updates), we take them in
// the order the revision lists them, so the same plan always gives the same SQL; the
// rows left in the table are the same either way.
class VersionHeads {
public:
    VersionHeads(const RevisionGraph &graph, QString versionTable, QStringList heads);

    // Applies one migration step and returns the version-table statements for it.
    // Throws Error when the rows do not allow the step (as Alembic's asserts would).
    QStringList applyRevision(int revision, bool upgrade);
    QStringList applyStamp(const StampMove &move);

    const QStringList &heads() const { return m_heads; }

private:
    QStringList insertRow(const QString &rev);
    QStringList deleteRow(const QString &rev);
    QStringList updateRow(const QString &from, const QString &to);
    // Revisions in `candidates` that are not ancestors of the heads other than `exclude`.
    QStringList notBelowOtherHeads(const QStringList &candidates, const QStringList &exclude) const;

    const RevisionGraph &m_graph;
    QString m_table;
    QStringList m_heads;
};

} // namespace retort
