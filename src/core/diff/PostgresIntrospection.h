#pragma once

#include "diff/SchemaObjects.h"

#include <QSqlDatabase>

namespace retort::diff {

// Reads a whole PostgreSQL database into the object model with one round of catalog
// queries (one per object kind, never one per object), so a 1,000-table schema is read
// in about the time pg_dump --schema-only takes. Objects that belong to an extension,
// system schemas and the bookkeeping tables (`excludedTables`: the version table and
// retort_ledger, in any schema) are left out. Throws Error.
Schema readPostgresSchema(QSqlDatabase &db, const QStringList &excludedTables);

} // namespace retort::diff
