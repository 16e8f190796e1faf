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
    // The statements that make this change (indexes into DiffPlan::statements, in plan
    // order); empty when it comes with another's (a partition dropped with its table).
    QVector<int> statements;
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
    // The same list for a reader deciding whether to run it: each change followed by its
    // hazards ("    hazard: data loss: ..."), and at the end the hazards of statements
    // no change owns.
    QString reviewText() const;
    // Every hazard of every statement, in order, deduplicated.
    QStringList hazards() const;
    // The hazards of one change's statements, in order, deduplicated.
    QStringList hazards(const Change &change) const;
    // One change's statements as the script shows them.
    QString sqlText(const Change &change) const;
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
//
// Which statements make which change: those added while an ObjectScope is open belong to
// the changes recorded in that scope (not in scopes inside it), unless a scope inside
// took them; claim() ties one across scopes (a drop and its create in separate loops).
class PlanBuilder {
public:
    explicit PlanBuilder(QString dialect)
        : m_dialect(std::move(dialect))
    {}
    // The statement's id, for claim().
    int add(int phase, const QString &sql, const QStringList &hazards = {});
    // The change's id, for claim().
    int change(Change::Kind kind, const QString &objectType, const QString &name,
               const QString &detail = {});
    void claim(int change, int statement);
    // The last change recorded for the object `name` (of any type), or -1.
    int changeOf(const QString &name) const;
    DiffPlan finish();

private:
    friend class ObjectScope;
    void open();
    void close();

    struct Pending {
        int phase = 0;
        PlannedStatement statement;
        QVector<int> changes; // the changes it makes
    };
    struct Scope {
        int firstStatement = 0;
        QVector<int> changes; // recorded in it, not in an inner scope
    };
    QString m_dialect;
    QVector<Pending> m_statements;
    QVector<Change> m_changes;
    QVector<Scope> m_scopes;
};

// One object's part of a plan: see PlanBuilder.
class ObjectScope {
public:
    explicit ObjectScope(PlanBuilder &plan)
        : m_plan(plan)
    {
        m_plan.open();
    }
    ~ObjectScope() { m_plan.close(); }
    ObjectScope(const ObjectScope &) = delete;
    ObjectScope &operator=(const ObjectScope &) = delete;

private:
    PlanBuilder &m_plan;
};

} // namespace retort::diff
