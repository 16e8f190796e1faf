#pragma once

#include "Project.h"
#include "alembic/ProjectPython.h"
#include "db/DatabaseUrl.h"
#include "run/MigrationPlan.h"
#include "run/MigrationRunner.h"

#include <atomic>
#include <functional>
#include <optional>

namespace retort {

// upgrade, downgrade or stamp of an Alembic project, run by the project's own Alembic
// (AlembicProcess.h), with what Retort keeps around every run:
// - the plan (Retort's planner: which revisions, in which order, the version rows after);
// - the run lock for the whole run (PostgreSQL: the advisory lock on Retort's connection;
//   SQLite: a lock file beside the database, since BEGIN IMMEDIATE would lock Alembic out);
// - a failed run leaves the database as it was: PostgreSQL by Alembic's own transaction,
//   SQLite (where Alembic's DDL is not transactional) by restoring an owner-only copy of
//   the file taken just before the run;
// - a ledger row per revision (checksum: SHA-256 of the .py file);
// - afterwards, a check that the version table holds exactly the heads the planner
//   predicted; a mismatch is an Error saying so.
// Cancel (`cancel` set) stops the child; on PostgreSQL its server session is ended too
// (pg_terminate_backend, found by the application_name Retort gives the child), so the
// open transaction is rolled back at once, not when a long statement ends.
struct AlembicRunRequest {
    QString verb; // upgrade, downgrade, stamp
    QStringList targets;
    bool purge = false;
    // The version rows the run must start from (the plan the user confirmed, the state a
    // backup holds): checked under the lock; other rows refuse the run, running nothing.
    std::optional<QStringList> expectedHeads = std::nullopt;
};

// `observer` gets stepStarted for each plan step as Alembic logs "Running <step>".
MigrationPlan runThroughAlembic(const Project &project, const DatabaseUrl &url,
                                const RunSettings &settings, const ProjectPython &python,
                                const AlembicRunRequest &request,
                                const std::function<void(const QString &line)> &log = {},
                                const std::atomic<bool> *cancel = nullptr,
                                RunObserver *observer = nullptr);

// The URL as SQLAlchemy 1.4 takes it (postgres:// -> postgresql://, SQLite paths absolute).
QString sqlalchemyUrl(const DatabaseUrl &url);

} // namespace retort
