#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace retort::diff {

// The schema diff engine's object model: what a database holds, in a form DDL can be
// emitted from. Both dialects fill it with bulk catalog reads (PostgresIntrospection,
// SqliteIntrospection). Names are stored as the server prints them in DDL: on
// PostgreSQL every `name`/key is already quoted where needed (quote_ident), and
// definitions are the server's own text (format_type, pg_get_expr, pg_get_constraintdef,
// pg_get_indexdef, pg_get_viewdef), so emitting DDL never re-renders an expression.
// Maps are keyed by the qualified name ("public.users"), so two schemas compare by name.
//
// Identity fields (oid, attnum) are carried only so tests can prove a table or column
// kept its identity across a migration; they never take part in a comparison.

struct Column {
    QString name;      // quoted as needed
    QString type;      // format_type() / SQLite's declared type
    QString collation; // PostgreSQL: only when not the type's default, quoted
    bool notNull = false;
    QString defaultExpr; // pg_get_expr(adbin) / dflt_value; empty for none
    char identity = 0;   // PostgreSQL: 'a' ALWAYS, 'd' BY DEFAULT, 0 none
    // PostgreSQL identity columns: their sequence's options as written in its clause
    // ("START WITH 1", "INCREMENT BY 1", "MINVALUE 1", "MAXVALUE ...", "CACHE 1", "NO CYCLE").
    QStringList identityOptions;
    // PostgreSQL settings a column has beyond its definition, only those not the default:
    // "STORAGE EXTERNAL", "STATISTICS 500", "COMPRESSION lz4"; and its type's own storage
    // (what SET STORAGE gives back; not compared).
    QStringList settings;
    QString typeStorage;
    QString generatedExpr; // generated column expression (STORED on PostgreSQL)
    int attnum = 0;
    int primaryKeyPosition = 0; // SQLite: pk column order (1-based), 0 when not in the key
    // PostgreSQL: the column comes only from a parent (inheritance or partitioning,
    // attislocal false): the parent's DDL creates, alters and drops it.
    bool inherited = false;

    // Equal as a column definition: everything but attnum.
    bool sameDefinition(const Column &o) const;
};

struct Constraint {
    enum class Kind { PrimaryKey, Unique, ForeignKey, Check, Exclusion };
    QString name; // quoted; SQLite: empty for unnamed constraints
    Kind kind = Kind::Check;
    QString definition; // pg_get_constraintdef(oid) / SQLite: a normalised description
    QStringList columns;
    QString referencedTable; // foreign keys: qualified key of the referenced table
    bool notValid = false;
};

struct Table {
    QString schema;
    QString name;
    QString key;                     // schema.name, quoted as needed
    QVector<Column> columns;         // in attnum order
    QVector<Constraint> constraints; // by name
    bool unlogged = false;
    qint64 oid = 0;                // pg_class.oid / SQLite rootpage
    QString createSql;             // SQLite: sqlite_master.sql, the exact text to rebuild with
    QString partitionBy;           // PostgreSQL partitioned tables: pg_get_partkeydef
    QString partitionOf;           // a partition: key of the parent table
    QString partitionBound;        // a partition: pg_get_expr(relpartbound)
    QStringList inherits;          // plain inheritance: keys of the parents, in INHERITS order
    bool rowSecurity = false;      // ENABLE ROW LEVEL SECURITY
    bool forceRowSecurity = false; // FORCE ROW LEVEL SECURITY
    QStringList options;           // PostgreSQL storage parameters (reloptions): "fillfactor=70"
    QString replicaIdentity;       // "FULL", "NOTHING", "USING INDEX i"; empty for DEFAULT
    // A partition's copies of its parent's constraints (they come with the parent, and
    // become the table's own when it is detached).
    QVector<Constraint> clonedConstraints;

    const Column *column(const QString &columnName) const;
    const Constraint *constraint(const QString &constraintName) const;
};

struct Index {
    QString key; // schema.name (SQLite: name)
    QString name;
    QString table;       // key of the table
    QString definition;  // CREATE INDEX text: pg_get_indexdef / sqlite_master.sql
    QStringList columns; // key column names (for dependency checks)
    // PostgreSQL: a partition's copy of its parent's index (it comes with the parent, and
    // becomes the table's own when the partition is detached).
    bool partitionClone = false;
};

struct Sequence {
    QString key;
    QString schema;
    QString name;
    QString dataType;
    qint64 start = 1;
    qint64 increment = 1;
    qint64 minValue = 0;
    qint64 maxValue = 0;
    qint64 cache = 1;
    bool cycle = false;
    QString ownedBy; // "table_key.column" or empty

    bool sameDefinition(const Sequence &o) const;
};

struct View {
    QString key;
    QString schema;
    QString name;
    QString definition; // pg_get_viewdef / the CREATE VIEW text on SQLite
    bool materialized = false;
    QStringList dependsOn; // keys of the relations (tables, views) it reads
    // PostgreSQL options (reloptions): "security_barrier=true", "check_option=local", and a
    // materialized view's storage parameters.
    QStringList options;
};

struct EnumType {
    QString key;
    QStringList labels; // in sort order
};

// A PostgreSQL domain: a base type with a default, NOT NULL and named checks.
struct Domain {
    QString key;
    QString baseType;  // format_type of the base type
    QString collation; // " COLLATE x" when not the base type's default, else empty
    QString defaultExpr;
    bool notNull = false;
    QStringList checks; // "name CHECK (...)", by name
};

// A PostgreSQL composite type (CREATE TYPE ... AS (...)).
struct CompositeType {
    QString key;
    QVector<Column> attributes; // in order; name, and type with any " COLLATE x" after it
};

struct Extension {
    QString name; // quoted
    QString schema;
    QString version;
};

// A trigger: SQLite keyed by name, PostgreSQL by "table_key.name".
struct Trigger {
    QString name;
    QString table;
    QString definition; // sqlite_master.sql / pg_get_triggerdef
};

// PostgreSQL functions and procedures, keyed "schema.name(argument types)".
struct Function {
    QString key;
    QString definition; // pg_get_functiondef: CREATE OR REPLACE FUNCTION ...
    QString result;     // pg_get_function_result
    QString arguments;  // pg_get_function_arguments: names, modes, OUT ones and defaults
    bool procedure = false;

    // Whether turning this routine into `o` needs DROP and CREATE: CREATE OR REPLACE
    // cannot change its kind, result type (OUT parameters included), the name of a
    // parameter, nor take a default away.
    bool needsRecreate(const Function &o) const
    {
        return result != o.result || procedure != o.procedure || arguments != o.arguments;
    }
};

// A row-level security policy, keyed "table_key.name".
struct Policy {
    QString name;
    QString table;
    QString definition; // the CREATE POLICY statement
};

struct Schema {
    QString dialect;     // "postgresql" or "sqlite"
    QStringList schemas; // PostgreSQL: user schemas except public, quoted
    QMap<QString, Extension> extensions;
    QMap<QString, EnumType> enums;
    QMap<QString, Domain> domains;
    QMap<QString, CompositeType> compositeTypes;
    // PostgreSQL: every user-defined type GRANT ... ON TYPE names (enums, domains, ranges,
    // standalone composite types), by key; read for their privileges.
    QStringList types;
    QMap<QString, Table> tables;
    QMap<QString, Index> indexes;
    QMap<QString, Sequence> sequences;
    QMap<QString, View> views;
    QMap<QString, Trigger> triggers;
    QMap<QString, Function> functions;
    // PostgreSQL comments, keyed by what COMMENT ON names: "TABLE public.t",
    // "COLUMN public.t.c", "VIEW public.v", "INDEX public.i", "FUNCTION public.f(integer)",
    // "PROCEDURE public.p(text)", "SCHEMA app", "TYPE public.mood", and for what hangs off
    // a table "CONSTRAINT c ON public.t" (TRIGGER, POLICY alike).
    QMap<QString, QString> comments;
    QMap<QString, Policy> policies;
    // PostgreSQL privileges, keyed by what GRANT names ("TABLE public.t" for tables and
    // views, "SEQUENCE public.s", "FUNCTION public.f(integer)", "PROCEDURE ...",
    // "SCHEMA app", "TYPE public.mood"): each grant as "SELECT TO reader" or "... WITH GRANT
    // OPTION", sorted. The owner's own privileges are left out (they follow ownership, not the
    // schema); an object whose privileges are its kind's default has none listed except what the
    // default gives others (EXECUTE TO PUBLIC for a function, USAGE TO PUBLIC for a type).
    QMap<QString, QStringList> privileges;
    // PostgreSQL default privileges (ALTER DEFAULT PRIVILEGES), keyed by what the statement
    // names: "FOR ROLE app ON TABLES", "FOR ROLE app IN SCHEMA s ON SEQUENCES", and the
    // connecting role's own without FOR ROLE ("ON TABLES"); grants as above, the role's own
    // left out (PostgresDefaultPrivileges.h).
    QMap<QString, QStringList> defaultPrivileges;

    bool isEmpty() const;
};

// "name" quoted for SQL when it is not a plain lower-case identifier (SQLite: the same
// rule, plus SQLite keywords). PostgreSQL names from the catalog are quoted by the server.
QString quoteIdentifier(const QString &name);

} // namespace retort::diff
