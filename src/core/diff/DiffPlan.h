#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort::diff {

// One object-level difference, as `retort diff --format text` lists it.
struct Change {
    enum class Kind { Added, Removed, Changed, Renamed };
    Kind kind = Kind::Changed;
    QString objectType; // "table", "column", "index", "constraint", "view", ...
    QString name;       // qualified: "public.users", "public.users.email"
    QString detail;     // what changed, for Changed/Renamed: "type integer -> bigint"
};

// One statement of the generated migration, with what can go wrong when it runs on a
// live database (data loss, long locks, a table rewrite), one sentence each.
struct PlannedStatement {
    QString sql; // without the trailing ';'
    QStringList hazards;
};

// What turns one schema into another: the object-level changes and the statements, in
// an order that runs (creates before their users, drops after them).
struct DiffPlan {
    QString dialect;
    QVector<Change> changes;
    QVector<PlannedStatement> statements;

    bool isEmpty() const { return statements.isEmpty() && changes.isEmpty(); }
    // The SQL script: each statement ending in ';', its hazards as `-- hazard:` comments
    // above it.
    QString sqlText() const;
    // The object-level list: "+ table public.users", "~ column public.t.c: type ...".
    QString changesText() const;
    // Every hazard of every statement, in order, deduplicated.
    QStringList hazards() const;
};

// Renames the desired schema declares with `-- retort:renamed-from OLD` comments (a rename
// cannot be told from a drop and an add by looking at two schemas).
struct Renames {
    QHash<QString, QString> tables;                  // new table key -> old table key
    QHash<QString, QHash<QString, QString>> columns; // new table key -> new col -> old col
    bool isEmpty() const { return tables.isEmpty() && columns.isEmpty(); }
};

// Collects a plan's statements by phase and returns them ordered by phase, keeping the
// order of statements within a phase. The phases are the dependency order of object
// kinds (each dialect's diff names its own); objects of one kind that depend on each
// other (views on views, tables on tables when dropping) are sorted by the caller.
class PlanBuilder {
public:
    explicit PlanBuilder(QString dialect)
        : m_dialect(std::move(dialect))
    {}
    void add(int phase, const QString &sql, const QStringList &hazards = {});
    void change(Change::Kind kind, const QString &objectType, const QString &name,
                const QString &detail = {});
    DiffPlan finish();

private:
    QString m_dialect;
    QVector<std::pair<int, PlannedStatement>> m_statements;
    QVector<Change> m_changes;
};

} // namespace retort::diff
