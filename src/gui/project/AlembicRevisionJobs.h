#pragma once

#include "alembic/AlembicScripts.h"

#include <QString>

#include <functional>
#include <memory>

namespace retort {
struct Project;
struct WrittenRevision;
} // namespace retort

namespace retort::gui {

// RevisionAuthor's jobs on an Alembic project: the project's own Alembic writes the new
// .py file (its script.py.mako, file_template and post-write hooks, as `alembic revision`
// and `alembic merge` do), run in the project's interpreter on the calling pool thread;
// the file is then read back natively. Throw Error with Alembic's own message.
std::function<WrittenRevision()> alembicRevisionJob(std::shared_ptr<const Project> project,
                                                    AlembicRevisionRequest request);
std::function<WrittenRevision()> alembicMergeJob(std::shared_ptr<const Project> project,
                                                 QString message);

} // namespace retort::gui
