#pragma once

#include "Project.h"
#include "db/Ledger.h"
#include "run/MigrationRunner.h"
#include "run/Verification.h"

#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace retort {

// What the window and an environments overview show about one database, read in one go:
// its revisions, how far behind head, drift (`verify`), the revisions whose last run
// failed, and the last run in the ledger.
struct DatabaseStatus {
    QStringList heads;
    int pending = 0; // revisions not applied: how far behind head
    Verification verification;
    QStringList failed; // revisions whose newest ledger row failed and that are not applied
    std::optional<LedgerEntry> lastRun;

    bool drifted() const
    {
        return !verification.changed.isEmpty() || !verification.missing.isEmpty();
    }
};

DatabaseStatus readDatabaseStatus(const Project &project, QSqlDatabase &db,
                                  const RunSettings &settings);

} // namespace retort
