#pragma once

#include "Project.h"
#include "run/MigrationRunner.h"

#include <QSqlDatabase>
#include <QStringList>

namespace retort {

// `retort verify` (Flyway's "validate"): are the files of the applied revisions the
// ones that ran, are they all still there, and is the database at head?
struct Verification {
    QStringList heads;    // the version table's rows
    QStringList problems; // each one line, naming the revision and file
    QStringList notes;    // what could not be checked, and why
    // Drift, by revision id: applied files whose upgrade SQL changed since they ran, and
    // applied revisions (version table or ledger) that no file declares any more.
    QStringList changed;
    QStringList missing;

    bool ok() const { return problems.isEmpty(); }
    QString report() const;
};

Verification verifyDatabase(const Project &project, QSqlDatabase &db, const RunSettings &settings);

} // namespace retort
