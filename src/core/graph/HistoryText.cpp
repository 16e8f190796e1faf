// Ports of Script.log_entry / _head_only / _format_down_revision (alembic/script/base.py)
// and of the printing in command.heads / branches / history / show.
#include "graph/HistoryText.h"

#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

#include <QRegularExpression>

namespace retort {

namespace {

const QString kComma = QStringLiteral(", ");

QString formatDownRevision(const RevisionGraph &g, int rev)
{
    if (g.downRevisions(rev).isEmpty())
        return QStringLiteral("<base>");
    return g.ids(g.downRevisions(rev)).join(kComma);
}

// The same, appended to `out`.
void appendDownRevision(QString &out, const RevisionGraph &g, int rev)
{
    const QVector<int> &down = g.downRevisions(rev);
    if (down.isEmpty())
        out += QLatin1String("<base>");
    for (qsizetype i = 0; i < down.size(); ++i) {
        if (i > 0)
            out += kComma;
        out += g.id(down[i]);
    }
}

void appendJoined(QString &out, const QStringList &items)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += kComma;
        out += items[i];
    }
}

// Script.doc: the first paragraph of the docstring.
QString doc(const RevisionGraph &g, int rev)
{
    return g.revision(rev).message;
}

// Python's str.splitlines() on the stripped docstring.
QStringList docLines(const QString &longDoc)
{
    static const QRegularExpression breaks(
        QStringLiteral("\r\n|[\n\r\v\f\x1c\x1d\x1e\u0085\u2028\u2029]"));
    const QString text = longDoc.trimmed();
    if (text.isEmpty())
        return {};
    return text.split(breaks);
}

// Runs `fn`, rewording graph errors the way ScriptDirectory does.
template <typename Fn>
QString catchRevisionErrors(Fn fn, const QString &start = {}, const QString &end = {})
{
    try {
        return fn();
    } catch (const RevisionError &e) {
        throw Error(commandMessage(e, start, end));
    }
}

} // namespace

QString commandMessage(const RevisionError &e, const QString &start, const QString &end)
{
    switch (e.kind()) {
    case RevisionError::Kind::RangeNotAncestor:
        return QStringLiteral("Requested range %1:%2 does not refer to ancestor/descendant "
                              "revisions along the same branch")
            .arg(start.isEmpty() ? e.lower() : start, end.isEmpty() ? e.upper() : end);
    case RevisionError::Kind::MultipleHeads: {
        const QString arg = end.isEmpty() ? e.argument() : end;
        return QStringLiteral("Multiple head revisions are present for given argument '%1'; "
                              "please specify a specific target revision, '<branchname>@%1' "
                              "to narrow to a specific head, or 'heads' for all heads")
            .arg(arg);
    }
    case RevisionError::Kind::Resolution:
        return QStringLiteral("Can't locate revision identified by '%1'").arg(e.argument());
    case RevisionError::Kind::General:
    case RevisionError::Kind::Cycle:
        break;
    }
    return e.message();
}

QString logEntry(const RevisionGraph &g, int rev)
{
    const Revision &r = g.revision(rev);
    QString entry = QStringLiteral("Rev: ") + r.id;
    if (g.isHead(rev))
        entry += QStringLiteral(" (head)");
    if (g.isBranchPoint(rev))
        entry += QStringLiteral(" (branchpoint)");
    if (g.isMergePoint(rev))
        entry += QStringLiteral(" (mergepoint)");
    entry += QLatin1Char('\n');
    entry += (g.isMergePoint(rev) ? QStringLiteral("Merges: ") : QStringLiteral("Parent: ")) +
             formatDownRevision(g, rev) + QLatin1Char('\n');
    if (!r.dependsOn.isEmpty())
        entry += QStringLiteral("Also depends on: ") + r.dependsOn.join(kComma) + QLatin1Char('\n');
    if (g.isBranchPoint(rev))
        entry += QStringLiteral("Branches into: ") + g.ids(g.nextRevisions(rev)).join(kComma) +
                 QLatin1Char('\n');
    if (!g.branchLabels(rev).isEmpty())
        entry +=
            QStringLiteral("Branch names: ") + g.branchLabels(rev).join(kComma) + QLatin1Char('\n');
    entry += QStringLiteral("Path: ") + r.path + QLatin1Char('\n');
    QStringList lines;
    for (const QString &line : docLines(r.longDoc))
        lines << QStringLiteral("    ") + line;
    entry += QLatin1Char('\n') + lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return entry;
}

QString headOnly(const RevisionGraph &g, int rev, const HeadOnlyFormat &f)
{
    QString text;
    appendHeadOnly(text, g, rev, f);
    return text;
}

// Appends to `out` instead of building the line in pieces: `history` prints one per
// revision, and the pieces were most of its cost (six allocations a line).
void appendHeadOnly(QString &out, const RevisionGraph &g, int rev, const HeadOnlyFormat &f)
{
    const Revision &r = g.revision(rev);
    if (f.includeParents) {
        appendDownRevision(out, g, rev);
        if (!r.dependsOn.isEmpty()) {
            out += QLatin1String(" (");
            appendJoined(out, r.dependsOn);
            out += QLatin1Char(')');
        }
        out += QLatin1String(" -> ");
    }
    out += r.id;
    if (f.includeBranches && !g.branchLabels(rev).isEmpty()) {
        out += QLatin1String(" (");
        appendJoined(out, g.branchLabels(rev));
        out += QLatin1Char(')');
    }
    if (g.isRealHead(rev))
        out += QLatin1String(" (head)");
    if (g.isHead(rev) && !g.isRealHead(rev))
        out += QLatin1String(" (effective head)");
    if (f.treeIndicators) {
        if (g.isBranchPoint(rev))
            out += QLatin1String(" (branchpoint)");
        if (g.isMergePoint(rev))
            out += QLatin1String(" (mergepoint)");
    }
    if (f.includeDoc) {
        out += kComma;
        out += doc(g, rev);
    }
}

QString headsText(const RevisionGraph &g, bool verbose)
{
    QString out;
    HeadOnlyFormat f;
    f.includeBranches = true;
    f.treeIndicators = false;
    for (int h : g.heads())
        out += (verbose ? logEntry(g, h) : headOnly(g, h, f)) + QLatin1Char('\n');
    return out;
}

QString branchesText(const RevisionGraph &g, bool verbose)
{
    return catchRevisionErrors([&] {
        QString out;
        HeadOnlyFormat self;
        self.includeBranches = true;
        HeadOnlyFormat child = self;
        child.includeDoc = verbose;
        for (int rev : g.walkRevisions()) {
            if (!g.isBranchPoint(rev))
                continue;
            QStringList lines;
            const QString indent(g.id(rev).size(), QLatin1Char(' '));
            for (int c : g.nextRevisions(rev))
                lines << indent + QStringLiteral(" -> ") + headOnly(g, c, child);
            out += (verbose ? logEntry(g, rev) : headOnly(g, rev, self)) + QLatin1Char('\n') +
                   lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
        }
        return out;
    });
}

QString historyText(const RevisionGraph &g, const QString &range, bool verbose)
{
    QString base, head;
    if (!range.isEmpty()) {
        const QStringList parts = range.trimmed().split(QLatin1Char(':'));
        if (parts.size() != 2)
            throw Error(
                QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
        base = parts[0];
        head = parts[1];
    }
    if (base == QLatin1String("current") || head == QLatin1String("current"))
        throw Error(QStringLiteral("History range 'current' needs a database connection"));
    if (base.isEmpty())
        base = QStringLiteral("base");
    if (head.isEmpty())
        head = QStringLiteral("heads");
    return catchRevisionErrors(
        [&] {
            QString out;
            HeadOnlyFormat f;
            f.includeBranches = f.includeDoc = f.includeParents = true;
            const QVector<int> revisions = g.walkRevisions(base, head);
            if (!verbose)
                out.reserve(revisions.size() * 80);
            for (int rev : revisions) {
                if (verbose)
                    out += logEntry(g, rev);
                else
                    appendHeadOnly(out, g, rev, f);
                out += QLatin1Char('\n');
            }
            return out;
        },
        base, head);
}

QString showText(const RevisionGraph &g, const QString &revisions)
{
    if (revisions == QLatin1String("current"))
        throw Error(QStringLiteral("show current needs a database connection"));
    return catchRevisionErrors([&] {
        QString out;
        for (int rev : g.resolveRevisions(revisions)) {
            if (rev < 0) // Alembic fails with an AttributeError on None here
                throw Error(QStringLiteral("Relative revision %1 walked past the end of the "
                                           "history")
                                .arg(revisions));
            out += logEntry(g, rev) + QLatin1Char('\n');
        }
        return out;
    });
}

} // namespace retort
