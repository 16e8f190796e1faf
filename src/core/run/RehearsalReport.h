#pragma once

#include "run/MigrationPlan.h"
#include "schema/SchemaDiff.h"

namespace retort {

// What one statement did in a rehearsal.
struct StatementRehearsal {
    SqlStatement statement;
    bool rehearsed = true;
    QString notRehearsedReason; // TransactionSafety's reason when !rehearsed
    double elapsedMs = 0;
    QStringList locks; // PostgreSQL: "<relation> <mode>" newly held after this statement
    qint64 rows = -1;  // rows inserted, updated or deleted; -1 for DDL or unknown
    QString error;     // the server's message when it failed
};

// One revision of the plan.
struct RevisionRehearsal {
    QString revision;
    QString path;
    QString description;   // Alembic's "upgrade a -> b, message"
    bool rehearsed = true; // false for a `Transactional: false` revision: nothing ran
    QVector<StatementRehearsal> statements;
};

// Where a rehearsal stopped.
struct RehearsalFailure {
    QString revision;
    QString path;
    int line = 0;
    QString statement;
    QString message; // the server's own text
};

struct RehearsalReport {
    QString dialect;
    QStringList startHeads; // the version table's rows (unchanged afterwards)
    QStringList endHeads;   // what they would be after the plan
    MigrationPlan plan;     // what was rehearsed (mergesInPlan(plan) for the merge check)
    QVector<RevisionRehearsal> revisions;
    QStringList notRehearsed; // one line per skipped revision or statement, with the reason
    bool failed = false;
    RehearsalFailure failure;
    SchemaSnapshot before;
    SchemaSnapshot after; // after the last statement that succeeded
    SchemaDiff diff;

    bool ok() const { return !failed; }
};

} // namespace retort
