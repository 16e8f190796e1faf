#pragma once

#include "alembic/AlembicProcess.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

struct ProjectConfig;

// New revision files of an Alembic project, written by the project's own Alembic
// (command.revision / command.merge in the project's interpreter): its script.py.mako,
// file_template, version_locations and post-write hooks are used exactly as
// `alembic revision` / `alembic merge` use them. The outcome's `out` is what Alembic
// printed ("Generating /path/versions/1a2b_add_users.py ...  done").
struct AlembicRevisionRequest {
    std::optional<QString> message;
    bool autogenerate = false;
    QString head; // empty: Alembic's default, "head"
    bool splice = false;
    QStringList branchLabels;
    QStringList dependsOn;
    QString revisionId;
    QString url; // SQLAlchemy URL for env.py (autogenerate); empty keeps the ini's
};
AlembicOutcome writeRevisionWithAlembic(const ProjectConfig &config, const ProjectPython &python,
                                        const AlembicRevisionRequest &request);

AlembicOutcome writeMergeWithAlembic(const ProjectConfig &config, const ProjectPython &python,
                                     const QStringList &revisions,
                                     const std::optional<QString> &message,
                                     const QStringList &branchLabels, const QString &revisionId);

// Why `alembic revision --autogenerate` cannot work on this project, read from env.py
// without running it: no module-level `target_metadata`, or `target_metadata = None` (as
// Alembic's template leaves it). Empty when env.py sets it to something else or imports
// it (Alembic then decides).
QString autogenerateBlocker(const ProjectConfig &config);

} // namespace retort
