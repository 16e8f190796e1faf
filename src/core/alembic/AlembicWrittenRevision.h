#pragma once

#include "alembic/AlembicProcess.h"

#include <QString>

namespace retort {

struct WrittenRevision;

// The revision file the project's Alembic just wrote (AlembicScripts.h), read back
// natively: its path from the "Generating PATH ...  done" line Alembic prints for every
// file it writes, its id and parents from the file itself. `verb` ("revision", "merge")
// names the command in errors. Throws Error with Alembic's own message when the child
// failed, or when it succeeded without saying which file it wrote. The graph of the
// result is left empty: the caller reloads the project to see it.
WrittenRevision readRevisionWrittenByAlembic(const AlembicOutcome &outcome, const QString &verb);

} // namespace retort
