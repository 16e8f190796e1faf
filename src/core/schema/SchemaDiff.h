#pragma once

#include "schema/SchemaSnapshot.h"

namespace retort {

// One difference between two snapshots. An index, constraint or trigger whose definition
// changed shows as dropped plus added, the way a migration has to do it.
struct SchemaChange {
    enum class Kind {
        TableAdded, // any relation: table, view, sequence, ...
        TableRemoved,
        ColumnAdded,
        ColumnRemoved,
        ColumnTypeChanged,
        ColumnNullabilityChanged,
        ColumnDefaultChanged,
        ColumnOtherChanged, // collation, identity or generation expression
        IndexAdded,
        IndexDropped,
        ConstraintAdded,
        ConstraintDropped,
        TriggerAdded,
        TriggerDropped,
        ViewChanged,
        EnumAdded,
        EnumRemoved,
        EnumChanged,
    };
    Kind kind = Kind::TableAdded;
    QString relation; // "schema.name" of the table (or enum)
    QString object;   // the column, index, constraint or trigger; empty for the relation
    QString detail;   // what changed, e.g. "integer -> bigint"

    // One line, e.g. `column type changed: public.users.id integer -> bigint`.
    QString text() const;
};

using SchemaDiff = QVector<SchemaChange>;

// What a kind of change is called in text(), e.g. "column type changed" (the window
// shows it in a column of its own).
QString schemaChangeKindText(SchemaChange::Kind kind);

// The changes from `before` to `after`, relations in name order, and within a relation
// columns first, then indexes, constraints, triggers.
SchemaDiff diffSnapshots(const SchemaSnapshot &before, const SchemaSnapshot &after);

// One line per change (empty when none).
QString schemaDiffText(const SchemaDiff &diff);

// A unified diff (LineDiff.h: LCS on lines) of describeTableText for every relation
// whose \d text differs, "--- a/schema.name" / "+++ b/schema.name" per relation; an
// added or removed relation diffs against nothing.
QString unifiedDiffText(const SchemaSnapshot &before, const SchemaSnapshot &after);

} // namespace retort
