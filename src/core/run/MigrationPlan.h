#pragma once

#include "sql/StatementSplitter.h"

#include <QStringList>
#include <QVector>

namespace retort {

// One step of a plan: a revision's upgrade or downgrade section, or a stamp. Its SQL is
// split at planning time so a syntax error stops the run before anything executes, and
// so `--sql` prints exactly the statements the run will execute.
struct PlanStep {
    enum class Kind { Upgrade, Downgrade, Stamp };
    Kind kind = Kind::Upgrade;
    QString revision; // empty for a stamp
    QString path;     // the migration file
    QString message;
    QStringList from; // versioned revisions before/after, for Alembic's log line
    QStringList to;
    bool transactional = true;
    // A Python revision of an Alembic project: no statements here; its SQL comes from
    // the project's own Alembic (alembic/AlembicProcess.h), which also runs it.
    bool python = false;
    // Python steps, after renderThroughAlembic (alembic/AlembicOfflinePlan.h): the SQL the
    // project's Alembic writes for this revision in offline mode, version-table updates
    // included, or why it cannot (Alembic's message). `statements` then holds its
    // statements for reading, never for running.
    QString offlineSql;
    QString offlineError;
    QVector<SqlStatement> statements; // line = line in `path`
    QString checksum;                 // SHA-256 of the section's SQL, recorded in the ledger
    QStringList versionSql;           // the version-table statements of this step

    // Alembic's "upgrade a -> b, message" (the text after "Running ").
    QString description() const;
};

struct MigrationPlan {
    QString dialect;
    QString versionTable;
    QStringList startHeads; // rows of the version table before the plan
    QStringList endHeads;   // and after it
    bool purge = false;     // stamp --purge: empty the version table first
    // Planned against a database whose version table exists (empty at base): the script
    // has no CREATE TABLE for it. Offline (--sql) plans assume it is missing, as Alembic.
    bool versionTableExists = false;
    QVector<PlanStep> steps;

    bool isEmpty() const { return steps.isEmpty() && !purge; }
    int migrationCount() const;
    bool hasPythonSteps() const;
};

} // namespace retort
