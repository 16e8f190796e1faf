#include "sql/LintSuppression.h"

#include "sql/LintRules.h"
#include "sql/SqlSourceMap.h"

#include <QRegularExpression>

namespace retort {

std::optional<LintIgnore> parseLintIgnore(const QString &comment)
{
    static const QRegularExpression directive(u"retort:lint-ignore(?![\\w-])\\s*:?(.*)"_qs,
                                              QRegularExpression::CaseInsensitiveOption |
                                                  QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = directive.match(comment);
    if (!match.hasMatch())
        return std::nullopt;
    QString list = match.captured(1);
    // The list ends at a " -- reason", at the end of a block comment, or at a line end.
    for (const QString &stop : {u"--"_qs, u"*/"_qs, u"\n"_qs})
        if (const qsizetype at = list.indexOf(stop); at >= 0)
            list.truncate(at);

    LintIgnore ignore;
    static const QRegularExpression separators(u"[\\s,]+"_qs);
    for (const QString &word : list.split(separators, Qt::SkipEmptyParts)) {
        const QString id = word.toLower();
        (isLintRule(id) ? ignore.rules : ignore.unknown).append(id);
    }
    ignore.all = ignore.rules.isEmpty() && ignore.unknown.isEmpty();
    return ignore;
}

namespace {

void merge(LintIgnore &into, const QStringList &comments)
{
    for (const QString &comment : comments) {
        if (const std::optional<LintIgnore> one = parseLintIgnore(comment)) {
            into.all = into.all || one->all;
            into.rules += one->rules;
            into.unknown += one->unknown;
        }
    }
}

} // namespace

LintIgnore lintIgnoreFor(const SqlSourceMap &source, qsizetype codeBegin, qsizetype codeEnd,
                         qsizetype limit)
{
    LintIgnore ignore;
    const int firstLine = source.lineOf(codeBegin);
    // Leading block: comment-only lines directly above, up to a blank or a code line.
    for (int line = firstLine - 1; source.isCommentOnlyLine(line); --line)
        merge(ignore, source.commentsOnLine(line));
    // On the first line before the code ("/* retort:lint-ignore */ DROP TABLE t;").
    const QString &text = source.text();
    const qsizetype lineStart = codeBegin == 0 ? 0 : text.lastIndexOf(u'\n', codeBegin - 1) + 1;
    merge(ignore, source.commentsIn(lineStart, codeBegin));
    // Inside the statement, and trailing it on the line of its ';'.
    const qsizetype lastLineEnd = text.indexOf(u'\n', qMax(codeBegin, codeEnd - 1));
    const qsizetype trailingEnd = lastLineEnd < 0 ? text.size() : lastLineEnd;
    merge(ignore, source.commentsIn(codeBegin, qMin(trailingEnd, qMax(limit, codeEnd))));
    return ignore;
}

} // namespace retort
