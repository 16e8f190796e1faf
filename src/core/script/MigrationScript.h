#pragma once

#include "graph/Revision.h"

#include <QHash>
#include <QString>

namespace retort {

// One SQL section of a migration file ("-- migrate:upgrade", "-- migrate:downgrade:sqlite").
struct SqlSection {
    QString sql;
    int firstLine = 0; // 1-based line of the section's first SQL line, so errors can name file:line
    bool present = false;
};

// A parsed migration file: its header (as a Revision for the graph) and its SQL sections.
struct MigrationScript {
    Revision revision;
    bool transactional = true;
    int revisionLine = 0; // line of "Revision ID:", for messages about duplicate ids
    int revisesLine = 0;  // line of "Revises:", for messages about missing parents
    int labelsLine = 0;   // line of "Branch Labels:", for messages about duplicate labels
    // Keyed by "upgrade", "downgrade", "upgrade:postgresql", "downgrade:sqlite", ...
    QHash<QString, SqlSection> sections;

    // The section to run in `direction` ("upgrade"/"downgrade") on `dialect`
    // ("postgresql"/"sqlite"): the dialect's own section replaces the generic one.
    SqlSection sectionFor(const QString &direction, const QString &dialect) const;
    // SHA-256 (hex) of that section's SQL: what the ledger records, what `verify` compares.
    QString checksum(const QString &direction, const QString &dialect) const;
};

} // namespace retort
