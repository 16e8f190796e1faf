#pragma once

#include "db/DatabaseUrl.h"
#include "diff/ScratchDatabase.h"

#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace retort {

// A copy of a database to rehearse Alembic runs on, removed when this object dies, so a
// rehearsal never touches the live database:
// - PostgreSQL: a scratch database on the same server (diff/ScratchDatabase.h: dropped
//   afterwards, also on SIGINT/SIGTERM) holding the live database's schema (pg_dump
//   --schema-only, pg_restore --no-owner --no-privileges) and its version rows; the data
//   is not copied. Needs CREATEDB, as the schema diff does.
// - SQLite: a copy of the file, schema and data, owner-only in an owner-only temporary
//   folder. A file that does not exist yet is a database at base: the copy starts empty.
class ThrowawayCopy {
public:
    // Throws Error naming what failed (pg_dump, pg_restore, CREATE DATABASE, the copy).
    ThrowawayCopy(const DatabaseUrl &live, const QString &versionTable, const QStringList &heads);
    ~ThrowawayCopy();
    ThrowawayCopy(const ThrowawayCopy &) = delete;
    ThrowawayCopy &operator=(const ThrowawayCopy &) = delete;

    const DatabaseUrl &url() const { return m_url; }

private:
    void copyPostgres(const DatabaseUrl &live, const QString &versionTable,
                      const QStringList &heads);

    std::optional<diff::ScratchDatabase> m_scratch;
    std::unique_ptr<QTemporaryDir> m_folder; // the dump, or the SQLite copy
    DatabaseUrl m_url;
};

} // namespace retort
