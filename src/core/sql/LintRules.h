#pragma once

#include <QSet>
#include <QString>
#include <QVector>

namespace retort {

struct ParsedStatement;

// A lint rule: its id (what `retort:lint-ignore` names) and why it matters.
struct LintRuleInfo {
    QString id;
    QString why;
};

// Every rule, in the order they are documented. Two are not about a statement's tree:
// "syntax-error" (the statement does not parse) and "empty-downgrade" (Lint.cpp).
const QVector<LintRuleInfo> &lintRuleCatalog();
bool isLintRule(const QString &id);
QString lintRuleWhy(const QString &id);

// One rule firing on one statement: the rule and a message naming what the statement
// does ("DROP TABLE users: <why>").
struct RuleHit {
    QString rule;
    QString message;
};

// What earlier statements of the same section did. A table created in the same section
// is empty and unknown to running code, so locks, rewrites, validation and renames on it
// cost nothing: rules about existing tables stay quiet for it (which keeps the usual
// CREATE TABLE + CREATE INDEX revision clean). Names are compared without schema.
struct SectionFacts {
    bool transactional = true; // false for `Transactional: false` revisions
    QSet<QString> newTables;
    QSet<QString> newIndexes;
};

// The rules that fire on one parsed statement; updates `facts` with what it creates.
QVector<RuleHit> checkStatement(const ParsedStatement &statement, SectionFacts &facts);

// ALTER TABLE's sub-commands (LintAlterTable.cpp).
QVector<RuleHit> checkAlterTable(const ParsedStatement &statement, const SectionFacts &facts);

} // namespace retort
