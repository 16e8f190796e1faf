#pragma once

#include <QString>
#include <QVector>

namespace retort {

struct MigrationScript;
struct Project;

// Lint: warnings about migration SQL that is dangerous to run on a live PostgreSQL
// database (long locks, table rewrites, lost data, code still deployed breaking), from
// PostgreSQL's own parse tree (libpg_query). The rules and why each matters are in
// LintRules.h / LintRuleCatalog.cpp; silencing with `-- retort:lint-ignore` comments
// is described in LintSuppression.h.
//
// What is linted: the PostgreSQL sections only ("upgrade:postgresql", else the generic
// "upgrade"); SQLite-only sections are skipped, since the rules are about PostgreSQL's
// locks and its grammar would reject SQLite's dialect. Upgrades get every rule.
// Downgrades are checked only for syntax and for being empty: a downgrade undoes its
// upgrade, so it drops what the upgrade created by design, and flagging every such
// DROP TABLE would bury the warnings that matter on the path that runs in production.
struct LintFinding {
    QString rule;      // "drop-table", "syntax-error", ... (what lint-ignore names)
    QString revision;  // revision id, empty for SQL not from a revision
    QString path;      // the migration file, empty when unknown
    int line = 0;      // 1-based line in `path` (in the SQL given to lintSql plus firstLine - 1)
    QString direction; // "upgrade" or "downgrade": the section the finding is in
    QString statement; // the statement as written, leading comments and ';' left out
    QString message;   // what the statement does and why it matters, one sentence
};

// Where a piece of SQL comes from, so findings can name file:line.
struct LintSource {
    QString revision;
    QString path;
    int firstLine = 1; // line of the SQL's first line in `path`
    QString direction = QStringLiteral("upgrade");
    bool transactional = true; // false for `Transactional: false` revisions
};

// Lints PostgreSQL text: what the window's SQL preview calls for inline warnings (lines
// are then relative to the text when firstLine is 1). Never throws: a statement that
// does not parse becomes a "syntax-error" finding and the others are still linted.
QVector<LintFinding> lintSql(const QString &sql, const LintSource &source = {});

// One migration file: its PostgreSQL upgrade and downgrade sections, plus
// "empty-downgrade". Findings are in file order per section, upgrade first.
QVector<LintFinding> lintScript(const MigrationScript &script);
// Whether lintScript has anything to look at (false for SQLite-only revisions).
bool hasPostgresSql(const MigrationScript &script);

// The given revisions (graph indexes, e.g. RevisionGraph::upgradeRevisions), in order.
QVector<LintFinding> lintRevisions(const Project &project, const QVector<int> &revisions);

} // namespace retort
