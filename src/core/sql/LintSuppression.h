#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

class SqlSourceMap;

// Silencing lint per statement with a comment:
//
//     -- retort:lint-ignore drop-table                  one rule
//     -- retort:lint-ignore: drop-table, drop-column    several (':' and ',' optional)
//     -- retort:lint-ignore                             every rule
//     DROP TABLE legacy_sessions;
//     ALTER TABLE t DROP COLUMN c; -- retort:lint-ignore drop-column -- unused since v2
//
// The directive applies to the statement it sits in or trails on the same line, or,
// written on lines of their own, to the statement right below (a blank line between them
// breaks the link, so a directive never drifts onto an unrelated statement). Block
// comments work too. A reason may follow after " -- ". An unknown rule id in the list is
// reported (rule "unknown-lint-rule") rather than ignored, so a typo cannot silently
// leave a warning on, nor turn into "ignore everything".
struct LintIgnore {
    bool all = false;    // a bare `retort:lint-ignore`
    QStringList rules;   // the ids listed
    QStringList unknown; // listed ids that are not rules

    bool covers(const QString &rule) const { return all || rules.contains(rule); }
};

// The directive in one comment's text, if it has one.
std::optional<LintIgnore> parseLintIgnore(const QString &comment);

// Every directive that applies to the statement whose code spans [codeBegin, codeEnd)
// (UTF-16 indexes in `source`), merged. `codeEnd` should include the statement's ';'
// so that a comment after it on the same line counts; `limit` is where the next
// statement's code begins (its leading comments are its own).
LintIgnore lintIgnoreFor(const SqlSourceMap &source, qsizetype codeBegin, qsizetype codeEnd,
                         qsizetype limit);

} // namespace retort
