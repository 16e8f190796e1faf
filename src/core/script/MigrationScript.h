#pragma once

#include "graph/Revision.h"

#include <QString>
#include <QStringList>

#include <array>

namespace retort {

// One SQL section of a migration file ("-- migrate:upgrade", "-- migrate:downgrade:sqlite").
struct SqlSection {
    QString sql;
    int firstLine = 0; // 1-based line of the section's first SQL line, so errors can name file:line
    bool present = false;
};

// The sections of one file. A file can only have six (upgrade or downgrade, each
// generic or for postgresql or sqlite), so they live in a fixed array: no hash table
// per file (a QHash cost ~1 KB per script, 20 MB on a 20,000-file project).
class SqlSections {
public:
    static constexpr int kCount = 6;
    // "upgrade", "downgrade", "upgrade:postgresql", ..., or -1 for any other name.
    static int slotOf(QStringView name);
    static QString nameOf(int slot);

    const SqlSection &at(int slot) const { return m_slots[size_t(slot)]; }
    SqlSection &at(int slot) { return m_slots[size_t(slot)]; }
    // The named section; an absent one (present == false) for unknown names.
    SqlSection value(QStringView name) const;
    // Names of the present sections, in slot order.
    QStringList names() const;

private:
    std::array<SqlSection, kCount> m_slots;
};

// Retort's SQL files, or an Alembic project's Python files (read for the graph only:
// their SQL comes from the project's own Alembic, see alembic/).
enum class ScriptLanguage { Sql, Python };

// A parsed migration file: its header (as a Revision for the graph) and its SQL sections.
struct MigrationScript {
    Revision revision;
    bool transactional = true;
    int revisionLine = 0; // line of "Revision ID:", for messages about duplicate ids
    int revisesLine = 0;  // line of "Revises:", for messages about missing parents
    int labelsLine = 0;   // line of "Branch Labels:", for messages about duplicate labels
    // False when only the header was loaded (ScriptParts::Headers): the graph commands
    // never read SQL, and skipping it is most of a warm load's cost. For a Python
    // revision: whether pythonSource was loaded.
    bool sqlLoaded = true;
    ScriptLanguage language = ScriptLanguage::Sql;
    // A Python revision's whole source, decoded (for the preview: pythonFunction()).
    QString pythonSource;
    // ...and the SHA-256 (raw) of the file's bytes, read with it and kept with it in the
    // parse cache, whose stat key invalidates both: what checksum() returns, so `verify`
    // on a big project does not read every applied file again.
    QByteArray pythonFileSha256;
    SqlSections sections;

    // The section to run in `direction` ("upgrade"/"downgrade") on `dialect`
    // ("postgresql"/"sqlite"): the dialect's own section replaces the generic one.
    SqlSection sectionFor(const QString &direction, const QString &dialect) const;
    // SHA-256 (hex) of that section's SQL: what the ledger records, what `verify` compares.
    // For a Python revision: of its .py file (read now only if the source was not loaded).
    QString checksum(const QString &direction, const QString &dialect) const;
};

} // namespace retort
