#pragma once

// One run of a schema-diff corpus case (tst_diffcorpus), as a function that returns what
// went wrong (empty when the run passes) instead of failing a test, so runs can go on
// worker threads. Checked the way stripe's pg-schema-diff checks its acceptance cases:
//   build FROM (and load its rows), build TO, diff, apply the plan to FROM;
//   the result dumps like TO (pg_dump --schema-only, privileges included; SQLite: its
//   CREATE text normalised);
//   every table on both sides kept its identity (pg_class oid) and each kept column its
//   attnum, and every kept table its rows (counted);
//   diffing the result against TO again gives nothing.
#include "DiffCorpusCase.h"
#include "TestDatabases.h"
#include "backup/PgClientTools.h"
#include "db/Connection.h"
#include "db/SqlExec.h"
#include "diff/RenameHints.h"
#include "diff/SchemaComparison.h"
#include "diff/ScratchDatabase.h"
#include "diff/SqliteText.h"

#include <QSqlQuery>

#include <algorithm>
#include <future>

namespace retort::test {

using namespace retort::diff;

inline QString pgDump(const DatabaseUrl &url)
{
    const auto result = PgClientTools::run(
        PgClientTools::find(QStringLiteral("pg_dump")),
        QStringList{QStringLiteral("--schema-only"), QStringLiteral("--no-owner")} +
            PgClientTools::connectionArguments(url),
        PgClientTools::environment(url));
    if (result.exitCode != 0)
        throw Error(QStringLiteral("pg_dump failed: ") + result.errors);
    QStringList kept;
    for (const QString &line : result.output.split(u'\n'))
        if (!line.startsWith(QStringLiteral("--")) && !line.startsWith(QStringLiteral("SET ")) &&
            !line.startsWith(QStringLiteral("SELECT pg_catalog.set_config")) &&
            // pg_dump 15.14+ fences a dump with a random key
            !line.startsWith(QStringLiteral("\\restrict ")) &&
            !line.startsWith(QStringLiteral("\\unrestrict ")) && !line.isEmpty())
            kept << line;
    return kept.join(u'\n');
}

// A dump with the column lines of each CREATE TABLE sorted (and their commas dropped),
// for a table that gained a column mid-table in TO and at its end by the plan.
inline QStringList withColumnOrderIgnored(QStringList lines)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QStringLiteral("CREATE TABLE ")) && lines[i].endsWith(u'(')) {
            start = i + 1;
        } else if (start >= 0 && lines[i].startsWith(u')')) {
            for (qsizetype j = start; j < i; ++j)
                if (lines[j].endsWith(u','))
                    lines[j].chop(1);
            std::sort(lines.begin() + start, lines.begin() + i);
            start = -1;
        }
    }
    return lines;
}

// A dump without the column and constraint lines of tables that inherit, nor the defaults
// it sets on their inherited columns (pg_dump lists a child's own members, and a member
// merged into an existing child stays its own).
inline QStringList withInheritedMembersIgnored(QStringList lines)
{
    qsizetype start = -1;
    QStringList children;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(QStringLiteral("CREATE TABLE ")) && lines[i].endsWith(u'(')) {
            start = i + 1;
        } else if (start >= 0 && lines[i].startsWith(u')')) {
            if (lines.value(i + 1).startsWith(QStringLiteral("INHERITS ("))) {
                children << lines[start - 1].section(u' ', 2, 2);
                lines.remove(start, i - start);
                i = start;
            }
            start = -1;
        }
    }
    lines.removeIf([&](const QString &line) {
        for (const QString &child : children)
            if (line.startsWith(QStringLiteral("ALTER TABLE ONLY ") + child +
                                QStringLiteral(" ALTER COLUMN ")) &&
                line.contains(QStringLiteral(" SET DEFAULT ")))
                return true;
        return false;
    });
    return lines;
}

// SQLite's .schema, normalised: each object's CREATE text without layout, tables without
// their own name (a rebuilt table's text names it "t" in quotes), sorted.
inline QString sqliteSchemaText(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(db,
                              QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE sql "
                                             "IS NOT NULL AND name NOT LIKE 'sqlite_%'"),
                              QStringLiteral("schema"));
    QStringList lines;
    while (q.next()) {
        const QString sql = q.value(2).toString();
        lines << q.value(0).toString() + u' ' + q.value(1).toString() + u' ' +
                     normalisedSql(q.value(0).toString() == u"table" ? withoutName(sql) : sql);
    }
    lines.sort();
    return lines.join(u'\n');
}

// Both databases' dumps; PostgreSQL's two pg_dump runs side by side.
inline std::pair<QString, QString> dumpsOf(QSqlDatabase &a, const DatabaseUrl &urlA,
                                           QSqlDatabase &b, const DatabaseUrl &urlB,
                                           const QString &dialect)
{
    if (dialect == u"sqlite")
        return {sqliteSchemaText(a), sqliteSchemaText(b)};
    auto dumpB = std::async(std::launch::async, [&] { return pgDump(urlB); });
    const QString dumpA = pgDump(urlA);
    return {dumpA, dumpB.get()};
}

// The table's own rows (PostgreSQL: not its partitions' or children's).
inline qint64 countRows(QSqlDatabase &db, const QString &table)
{
    const bool postgres = db.driverName() == u"QPSQL";
    QSqlQuery q = execOrThrow(db,
                              QStringLiteral("SELECT count(*) FROM ") +
                                  (postgres ? QStringLiteral("ONLY ") : QString()) + table,
                              QStringLiteral("count"));
    q.next();
    return q.value(0).toLongLong();
}

// The plan's changes carry the statements that make them (the Compare view shows them):
// every statement but a setting belongs to some change, and every change but a removal
// (which may go with its table) has statements. What is wrong, or empty.
inline QString statementsWithoutChange(const DiffPlan &plan)
{
    QVector<bool> owned(plan.statements.size(), false);
    for (const Change &c : plan.changes) {
        if (c.statements.isEmpty() && c.kind != Change::Kind::Removed)
            return QStringList{QStringLiteral("change without statements:"), c.objectType, c.name,
                               QStringLiteral("\nplan:\n") + plan.sqlText()}
                .join(u' ');
        for (const int i : c.statements)
            owned[i] = true;
    }
    for (qsizetype i = 0; i < plan.statements.size(); ++i)
        if (!owned[i] && !plan.statements[i].sql.startsWith(QStringLiteral("SET LOCAL ")))
            return QStringLiteral("statement of no change: ") + plan.statements[i].sql +
                   QStringLiteral("\nchanges:\n") + plan.changesText();
    return {};
}

// Runs the case at `path` on `dialect`, FROM -> TO or (reverse) TO -> FROM. PostgreSQL:
// on the dev databases `devA` and `devB` (emptied afterwards); `tag` keeps the connection
// names of concurrent runs apart.
inline QString runCorpusCase(const QString &path, const QString &dialect, bool reverse,
                             const QString &devA, const QString &devB, const QString &tag)
{
    const auto c = DiffCorpusCase::load(path, dialect);
    const QString fromSql = reverse ? c.to : c.from;
    const QString toSql = reverse ? c.from : c.to;
    const DatabaseUrl server = DatabaseUrl::parse(
        dialect == u"sqlite" ? QStringLiteral("sqlite://") : postgresTestUrl(), {});
    const QStringList excluded = {QStringLiteral("alembic_version")};
    try {
        ScratchDatabase a = ScratchDatabase::create(dialect, server, devA);
        ScratchDatabase b = ScratchDatabase::create(dialect, server, devB);
        ScopedConnection dbA(a.url(), QStringLiteral("corpus-a-") + tag);
        ScopedConnection dbB(b.url(), QStringLiteral("corpus-b-") + tag);
        runSql(dbA.db(), dialect, fromSql, c.name + QStringLiteral(" (from)"));
        if (!c.rows.isEmpty() && !reverse)
            runSql(dbA.db(), dialect, c.rows, c.name + QStringLiteral(" (rows)"));
        runSql(dbB.db(), dialect, toSql, c.name + QStringLiteral(" (to)"));
        const Schema from = readSchema(dbA.db(), dialect, excluded);
        const Schema to = readSchema(dbB.db(), dialect, excluded);
        const Renames forward = parseRenameHints(c.to, dialect);
        const Renames renames = reverse ? reversedRenames(forward) : forward;

        QHash<QString, qint64> rowsBefore;
        for (const Table &t : from.tables)
            rowsBefore.insert(t.key, countRows(dbA.db(), t.key));

        const DiffPlan plan = diffSchemas(from, to, renames);
        if (const QString unowned = statementsWithoutChange(plan); !unowned.isEmpty())
            return unowned;
        applyPlan(dbA.db(), plan);
        const Schema after = readSchema(dbA.db(), dialect, excluded);

        const DiffPlan again = diffSchemas(after, to);
        if (!again.isEmpty())
            return QStringLiteral("plan:\n") + plan.sqlText() +
                   QStringLiteral("\nstill different:\n") + again.changesText() + again.sqlText();
        const auto [dumpA, dumpB] = dumpsOf(dbA.db(), a.url(), dbB.db(), b.url(), dialect);
        QStringList migrated = dumpA.split(u'\n');
        QStringList built = dumpB.split(u'\n');
        if (c.columnsAppended && dialect == u"postgresql") {
            if (plan.sqlText().contains(QStringLiteral(" ADD COLUMN ")) &&
                !plan.sqlText().contains(QStringLiteral("is added at the end of the table")))
                return QStringLiteral("no appended-column hazard:\n") + plan.sqlText();
            migrated = withColumnOrderIgnored(migrated);
            built = withColumnOrderIgnored(built);
        }
        if (c.mergedWithParent && dialect == u"postgresql") {
            static const QRegularExpression inherit(QStringLiteral("(?<!NO) INHERIT public"));
            if (plan.sqlText().contains(inherit) &&
                !plan.sqlText().contains(QStringLiteral("cannot make an existing table's column")))
                return QStringLiteral("no merged-with-parent hazard:\n") + plan.sqlText();
            migrated = withInheritedMembersIgnored(migrated);
            built = withInheritedMembersIgnored(built);
        }
        for (qsizetype i = 0; i < std::max(migrated.size(), built.size()); ++i)
            if (migrated.value(i) != built.value(i))
                return QStringLiteral("dumps differ at line %1:\n  migrated: %2\n  "
                                      "built:    %3\nplan:\n%4")
                    .arg(i + 1)
                    .arg(migrated.value(i), built.value(i), plan.sqlText());

        // Identity and rows of everything on both sides.
        for (const Table &t : after.tables) {
            const QString old = renames.tables.value(t.key, t.key);
            const auto f = from.tables.constFind(old);
            if (f == from.tables.constEnd())
                continue;
            if (countRows(dbA.db(), t.key) != rowsBefore.value(old))
                return t.key + QStringLiteral(" lost rows: %1 before, %2 after")
                                   .arg(rowsBefore.value(old))
                                   .arg(countRows(dbA.db(), t.key));
            if (dialect == u"sqlite")
                continue; // a rebuilt SQLite table is a new b-tree, by design
            if (t.oid != f->oid)
                return t.key + QStringLiteral(" lost its oid\n") + plan.sqlText();
            const auto columnRenames = renames.columns.value(t.key);
            for (const Column &col : t.columns) {
                const Column *fc = f->column(columnRenames.value(col.name, col.name));
                if (fc && fc->generatedExpr == col.generatedExpr && fc->attnum != col.attnum)
                    return t.key + u'.' + col.name +
                           QStringLiteral(" was dropped and added again\n") + plan.sqlText();
            }
        }
    } catch (const Error &e) {
        return e.message();
    }
    return {};
}

} // namespace retort::test
