#pragma once

#include "db/DatabaseUrl.h"
#include "diff/DiffPlan.h"
#include "diff/SchemaObjects.h"

#include <QSqlDatabase>

#include <memory>

namespace retort {
struct Project;
}

namespace retort::diff {

class ScratchDatabase;

// Where the two sides of a diff come from, and what they need: a side is a database URL,
// a desired-schema SQL file or folder (its *.sql files in name order), or a revision of
// the project (`head`, an id, `base`, `current`). Files and revisions are run on a
// scratch database (ScratchDatabase) and read back from it, never guessed from text.
struct DiffEnvironment {
    QString dialect;                  // "postgresql" or "sqlite"
    DatabaseUrl server;               // PostgreSQL: the server scratch databases are created on
    QString devUrl;                   // --dev-url: an empty database to use instead
    const Project *project = nullptr; // for revisions (may be null)
    DatabaseUrl projectUrl;           // the project's database, for `current`
    QStringList excludedTables = {QStringLiteral("alembic_version"),
                                  QStringLiteral("retort_ledger")};
};

// A side, loaded.
struct LoadedSchema {
    Schema schema;
    Renames renames;      // declared by `-- retort:renamed-from` in a desired-schema file
    QString description;  // "database sqlite:///x.db", "schema.sql", "revision head (abc123)"
    DatabaseUrl database; // the database read, when the side is a URL
    // PostgreSQL without --dev-url: the scratch database a file or revision side was built
    // on, kept (and dropped with the last copy of this) so that validatePlan can try a
    // plan there instead of building the side again. Reset it on the thread that loaded.
    std::shared_ptr<const ScratchDatabase> builtOn;
};

// The whole schema of an open database (bulk catalog reads). Throws Error.
Schema readSchema(QSqlDatabase &db, const QString &dialect, const QStringList &excludedTables);

// Runs `sql` statement by statement; an error names `origin`:line and the server message.
void runSql(QSqlDatabase &db, const QString &dialect, const QString &sql, const QString &origin);

// Loads one side, as described above. Throws Error naming the side when it is none of a
// URL, an existing file or folder, or a revision of the project.
LoadedSchema loadSchema(const QString &side, const DiffEnvironment &env);

// The revisions env.projectUrl's version table holds (empty at base). Throws Error.
QStringList databaseHeads(const DiffEnvironment &env);

// The text of a desired-schema file or folder (*.sql in name order), with file names for
// errors: (path, text) pairs.
QVector<std::pair<QString, QString>> readSchemaFiles(const QString &path);

// The dialect a side names by itself (a URL's), or empty for files and revisions.
QString sideDialect(const QString &side, const QString &baseDir);

} // namespace retort::diff
