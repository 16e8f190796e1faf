#pragma once

#include "Project.h"
#include "alembic/AlembicRun.h"
#include "run/MergeOrderCheck.h"
#include "run/RehearsalReport.h"

namespace retort {

// Rehearsal of an Alembic project's Python revisions, never touching the live database:
// each run goes through the project's own Alembic (runThroughAlembic, so a revision that
// reads the database is rehearsed too) on a ThrowawayCopy of it (PostgreSQL: a scratch
// database with its schema, dropped afterwards; SQLite: a copy of the file).

// `request` (upgrade or downgrade) on one copy: the schema before and after, and where it
// failed (the revision, its file and line from Alembic's traceback, the statement from
// SQLAlchemy's [SQL: ...], the server's message). Throws Error for failures outside the
// revisions (the copy cannot be made, no interpreter).
RehearsalReport rehearseThroughAlembic(const Project &project, const DatabaseUrl &live,
                                       const RunSettings &settings, const ProjectPython &python,
                                       const AlembicRunRequest &request,
                                       const std::function<void(const QString &)> &log = {},
                                       const std::atomic<bool> *cancel = nullptr);

// checkMergeOrders for Python revisions: each order of each merge on a copy of its own, run
// as `alembic upgrade TARGET` for each of its targets (MergeOrderCandidate); the statements
// the diagnosis reads come from Alembic's offline SQL, and its fix is a `depends_on = '...'`.
QVector<MergeOrderFinding>
checkMergeOrdersThroughAlembic(const Project &project, const DatabaseUrl &live,
                               const RunSettings &settings, const ProjectPython &python,
                               const QStringList &startHeads, const QVector<int> &merges,
                               const std::function<void(const QString &)> &log = {},
                               const std::atomic<bool> *cancel = nullptr);

} // namespace retort
