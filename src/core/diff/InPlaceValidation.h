#pragma once

#include "db/DatabaseUrl.h"
#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"
#include "diff/SchemaSource.h"

namespace retort::diff {

// Validates a PostgreSQL plan on the FROM database itself, in a transaction that is
// always rolled back (PostgreSQL's DDL is transactional): the plan runs on FROM's real
// catalog and rows, and the schema it leaves is read back in the same transaction and
// diffed against `to`. Nothing is copied or built, and the backend reading it back has
// FROM's catalog already cached.
//
// `ours` is a scratch database the diff built FROM on. A user's database is used only
// when that disturbs nobody: no other client is connected (the plan's locks would
// block them), it is not a standby, and it is at most `maxBytes` (table rewrites on real
// rows cost time and leave dead tuples). Locks wait at most a second, and a Retort killed
// mid-plan has its transaction rolled back within a second.
//
// Returns false, having changed nothing, when it cannot be done here: the database is
// busy, too big, read-only or unreachable, or the plan needs a privilege or a lock it
// cannot get there; the caller then validates on a scratch database. Throws Error when
// the plan fails for any other reason (naming the statement) or does not reach `to`.
bool validateInPlace(const DiffPlan &plan, const DatabaseUrl &database, bool ours, const Schema &to,
                     const DiffEnvironment &env, qint64 maxBytes);

} // namespace retort::diff
