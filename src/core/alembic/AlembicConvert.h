#pragma once

#include "alembic/ProjectPython.h"

#include <QString>
#include <QVector>

namespace retort {

struct Project;

// `retort convert`: an Alembic project written out as a Retort SQL project, revision by
// revision, from the SQL the project's own Alembic renders offline for each one (its
// upgrade from its parents, its downgrade back to them), for one dialect. Ids, parents,
// branch labels, depends_on, messages and create dates are kept, so a database Alembic
// migrated (same alembic_version rows) goes on with the converted project.
//
// A revision Alembic cannot render offline is still written, so the graph stays whole,
// as a stub whose SQL refuses to run and names the original file: "needs a live
// connection" when it reads the database (op.get_bind(), is_offline_mode()), "failed"
// otherwise; both with Alembic's message. Converting the same project twice gives the
// same files: nothing in them depends on when or where the conversion ran.
struct ConvertedRevision {
    enum class Outcome { Converted, NeedsLiveConnection, Failed };
    QString id;
    QString sourcePath; // the .py file
    QString outputPath; // the .sql file written
    Outcome outcome = Outcome::Converted;
    QString message; // Alembic's, for the other outcomes
};

struct ConvertReport {
    QString iniPath;                      // the new retort.ini
    QVector<ConvertedRevision> revisions; // in upgrade order
    int count(ConvertedRevision::Outcome outcome) const;
};

// `dialect` is "postgresql" or "sqlite". Throws Error when `outDir` holds anything but
// an earlier conversion, or Alembic cannot be run at all.
ConvertReport convertAlembicProject(const Project &project, const ProjectPython &python,
                                    const QString &dialect, const QString &outDir);

} // namespace retort
