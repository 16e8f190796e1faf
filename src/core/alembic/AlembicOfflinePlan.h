#pragma once

#include "alembic/ProjectPython.h"
#include "run/MigrationPlan.h"

#include <atomic>

namespace retort {

struct ProjectConfig;

// Fills the Python steps of an upgrade or downgrade plan with the SQL the project's own
// Alembic writes for them in offline mode (`alembic upgrade A:B --sql`): PlanStep::
// offlineSql, Alembic's text for that revision, and its statements (version-table ones
// left out) for what reads a plan's SQL (destructive-change warnings, the merge-order
// diagnosis). One child process renders the whole plan; a revision that cannot render
// offline (its upgrade() reads the database, which offline mode has not) gets
// PlanStep::offlineError with Alembic's message, and rendering goes on after it. When env.py
// itself fails in offline mode every step gets its message. A database at several heads is
// not rendered (Alembic's offline mode starts from one revision); the steps say so.
// A child that has not finished after the project's offline_timeout ([retort] in
// alembic.ini, default 60 s) is stopped; the steps not rendered say so, naming the range.
// `cancel` stops it too (a preview nobody waits for any more). `impliedParents`:
// AlembicCall::impliedParents, for a graph with redundant merge parents.
// `target` is the request's target ("head", an id), used when the plan ends at several
// heads; `url` the SQLAlchemy URL naming the dialect (nothing connects to it).
void renderThroughAlembic(MigrationPlan &plan, const QString &target, const ProjectConfig &config,
                          const ProjectPython &python, const QString &url,
                          const std::atomic<bool> *cancel = nullptr,
                          const QString &impliedParents = {});

} // namespace retort
