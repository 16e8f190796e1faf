#include "sql/Lint.h"

#include "Project.h"
#include "script/MigrationScript.h"
#include "sql/LintRules.h"
#include "sql/LintSuppression.h"
#include "sql/ParseTree.h"
#include "sql/SqlSourceMap.h"

#include <optional>

namespace retort {

namespace {

// One statement to lint: its parse tree, or the parser's complaint about it.
struct LintUnit {
    qsizetype begin = 0; // byte range, ';' excluded
    qsizetype end = 0;
    std::optional<ParsedStatement> tree;
    QString error;
    qsizetype errorIndex = -1; // UTF-16 index of the error in the text, -1 if unknown
};

// The section's statements. The whole text is parsed at once when it can be (the
// grammar, not a scanner, decides where statements end, e.g. in BEGIN ATOMIC bodies).
// When it cannot, the scanner splits it and each piece is parsed alone, so one bad
// statement gives one finding at its own line and the others are still linted.
QVector<LintUnit> parseUnits(const SqlSourceMap &source)
{
    const QByteArray &utf8 = source.utf8();
    if (const qsizetype nul = utf8.indexOf('\0'); nul >= 0) {
        return {LintUnit{0, utf8.size(), std::nullopt, u"the SQL contains a NUL character"_qs,
                         source.indexOfByte(nul)}};
    }
    QVector<LintUnit> units;
    const ParseTreeResult whole = parsePostgresTree(utf8);
    if (whole.ok) {
        for (const ParsedStatement &statement : whole.statements)
            units.append(LintUnit{statement.begin, statement.end, statement, {}, -1});
        return units;
    }
    bool pieceFailed = false;
    for (const auto &[begin, end] : scanSplitPostgres(utf8)) {
        const ParseTreeResult piece = parsePostgresTree(utf8.mid(begin, end - begin));
        if (!piece.ok) {
            pieceFailed = true;
            const qsizetype at =
                piece.cursorPos > 0
                    ? source.indexOfCodePoint(piece.cursorPos, source.indexOfByte(begin))
                    : -1;
            units.append(LintUnit{begin, end, std::nullopt, piece.error, at});
            continue;
        }
        for (ParsedStatement statement : piece.statements) {
            statement.begin += begin;
            statement.end += begin;
            units.append(LintUnit{statement.begin, statement.end, statement, {}, -1});
        }
    }
    if (!pieceFailed) { // only the whole text fails: report it where the parser says
        const qsizetype at = whole.cursorPos > 0 ? source.indexOfCodePoint(whole.cursorPos) : -1;
        units = {LintUnit{0, utf8.size(), std::nullopt, whole.error, at}};
    }
    return units;
}

// Where a unit's code is, in UTF-16 indexes; codeEnd includes the ';' if there is one.
struct CodeSpan {
    qsizetype begin = -1;
    qsizetype end = -1;
    qsizetype semicolonEnd = -1;
};

CodeSpan codeSpan(const SqlSourceMap &source, const LintUnit &unit)
{
    const qsizetype from = source.indexOfByte(unit.begin);
    const qsizetype to = source.indexOfByte(unit.end);
    CodeSpan span{source.firstCode(from, to), source.endOfCode(from, to), -1};
    span.semicolonEnd = span.end;
    if (to < source.text().size() && source.text().at(to) == u';')
        span.semicolonEnd = to + 1;
    return span;
}

} // namespace

QVector<LintFinding> lintSql(const QString &sql, const LintSource &origin)
{
    const SqlSourceMap source(sql);
    const QVector<LintUnit> units = parseUnits(source);
    QVector<CodeSpan> spans;
    for (const LintUnit &unit : units)
        spans.append(codeSpan(source, unit));

    SectionFacts facts;
    facts.transactional = origin.transactional;
    QVector<LintFinding> findings;
    for (qsizetype i = 0; i < units.size(); ++i) {
        const LintUnit &unit = units[i];
        const CodeSpan &span = spans[i];
        if (span.begin < 0 && unit.tree)
            continue; // only comments
        const qsizetype codeBegin = qMax(span.begin, qsizetype(0));
        const qsizetype limit =
            i + 1 < units.size() && spans[i + 1].begin >= 0 ? spans[i + 1].begin : sql.size();
        const LintIgnore ignore = lintIgnoreFor(source, codeBegin, span.semicolonEnd, limit);
        const QString statement = sql.mid(codeBegin, qMax(span.end, codeBegin) - codeBegin);
        const auto add = [&](const QString &rule, qsizetype at, const QString &message) {
            const int line = source.lineOf(at) + origin.firstLine - 1;
            findings.append(LintFinding{rule, origin.revision, origin.path, line, origin.direction,
                                        statement, message});
        };

        for (const QString &unknown : ignore.unknown)
            add(u"unknown-lint-rule"_qs, codeBegin,
                u"retort:lint-ignore %1: %2"_qs.arg(unknown, lintRuleWhy(u"unknown-lint-rule"_qs)));
        if (!unit.tree) {
            if (!ignore.covers(u"syntax-error"_qs))
                add(u"syntax-error"_qs, unit.errorIndex >= 0 ? unit.errorIndex : codeBegin,
                    u"%1: %2"_qs.arg(unit.error, lintRuleWhy(u"syntax-error"_qs)));
            continue;
        }
        // Downgrades are only checked for syntax (see Lint.h), but still tracked so a
        // later version of the rules could use the facts.
        const QVector<RuleHit> hits = checkStatement(*unit.tree, facts);
        if (origin.direction != u"upgrade")
            continue;
        for (const RuleHit &ruleHit : hits)
            if (!ignore.covers(ruleHit.rule))
                add(ruleHit.rule, codeBegin, ruleHit.message);
    }
    return findings;
}

namespace {

bool hasCode(const SqlSection &section)
{
    if (!section.present)
        return false;
    const SqlSourceMap source(section.sql);
    return source.firstCode(0, section.sql.size()) >= 0;
}

// "empty-downgrade" is silenced by a directive anywhere in the (empty) downgrade section,
// since there is no statement to attach it to.
bool emptyDowngradeIgnored(const SqlSection &downgrade)
{
    const SqlSourceMap source(downgrade.sql);
    for (const QString &comment : source.commentsIn(0, downgrade.sql.size() + 1))
        if (const std::optional<LintIgnore> ignore = parseLintIgnore(comment))
            if (ignore->covers(u"empty-downgrade"_qs))
                return true;
    return false;
}

} // namespace

bool hasPostgresSql(const MigrationScript &script)
{
    return script.sectionFor(u"upgrade"_qs, u"postgresql"_qs).present ||
           script.sectionFor(u"downgrade"_qs, u"postgresql"_qs).present;
}

QVector<LintFinding> lintScript(const MigrationScript &script)
{
    const SqlSection upgrade = script.sectionFor(u"upgrade"_qs, u"postgresql"_qs);
    const SqlSection downgrade = script.sectionFor(u"downgrade"_qs, u"postgresql"_qs);
    LintSource origin{script.revision.id, script.revision.path, upgrade.firstLine, u"upgrade"_qs,
                      script.transactional};
    QVector<LintFinding> findings;
    if (upgrade.present)
        findings += lintSql(upgrade.sql, origin);
    origin.direction = u"downgrade"_qs;
    origin.firstLine = downgrade.firstLine;
    if (downgrade.present)
        findings += lintSql(downgrade.sql, origin);

    if (hasCode(upgrade) && !hasCode(downgrade) && !emptyDowngradeIgnored(downgrade)) {
        // Point at the "-- migrate:downgrade" marker, or at the upgrade's when it is missing.
        const int marker = (downgrade.present ? downgrade.firstLine : upgrade.firstLine) - 1;
        findings.append(LintFinding{u"empty-downgrade"_qs, script.revision.id, script.revision.path,
                                    qMax(marker, 1), u"downgrade"_qs, QString(),
                                    u"the downgrade section is empty: "_qs +
                                        lintRuleWhy(u"empty-downgrade"_qs)});
    }
    return findings;
}

QVector<LintFinding> lintRevisions(const Project &project, const QVector<int> &revisions)
{
    QVector<LintFinding> findings;
    for (int index : revisions) {
        if (index < 0)
            continue; // RevisionGraph::None / Base stand for "no revision"
        if (const MigrationScript *script = project.scripts.find(project.graph.id(index)))
            findings += lintScript(*script);
    }
    return findings;
}

} // namespace retort
