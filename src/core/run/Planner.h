#pragma once

#include "graph/RevisionGraph.h"
#include "run/MigrationPlan.h"
#include "script/ScriptDirectory.h"

namespace retort {

// Turns "go to this revision from these version rows" into a MigrationPlan, with
// Alembic's choice and order of revisions (RevisionGraph) and its version-table row
// changes (VersionHeads). Pure: it reads no database, so the same plan serves the
// online run, `--sql` and the window's preview.
class Planner {
public:
    Planner(const RevisionGraph &graph, const ScriptDirectory &scripts, QString dialect,
            QString versionTable);

    MigrationPlan upgrade(const QStringList &currentHeads, const QString &target) const;
    MigrationPlan downgrade(const QStringList &currentHeads, const QString &target) const;
    // Alembic's _stamp_revs: several targets stamp several branches.
    MigrationPlan stamp(const QStringList &currentHeads, const QStringList &targets,
                        bool purge) const;

private:
    MigrationPlan start(const QStringList &currentHeads) const;
    PlanStep revisionStep(int revision, bool upgrade) const;
    // Throws Error naming file:line for a COMMIT, BEGIN, SAVEPOINT... in a transactional step.
    void refuseTransactionControl(const PlanStep &step, const QString &direction) const;
    MigrationPlan revisionsPlan(const QStringList &currentHeads, const QVector<int> &revisions,
                                bool upgrade) const;

    const RevisionGraph &m_graph;
    const ScriptDirectory &m_scripts;
    QString m_dialect;
    QString m_versionTable;
};

} // namespace retort
