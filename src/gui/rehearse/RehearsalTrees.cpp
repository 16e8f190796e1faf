#include "rehearse/RehearsalTrees.h"

#include "rehearse/ChangeTone.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QTimer>
#include <QTreeWidget>

namespace retort::gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RehearsalTrees", text);
}

} // namespace

void setUpChangeList(QTreeWidget *tree)
{
    tree->setObjectName(QStringLiteral("schemaChanges"));
    tree->setHeaderLabels({QString(), tr("Change"), tr("Object"), tr("Detail")});
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->header()->setStretchLastSection(true);
}

void setUpStatementTree(QTreeWidget *tree)
{
    tree->setObjectName(QStringLiteral("rehearsalStatements"));
    tree->setHeaderLabels({tr("Line"), tr("ms"), tr("Rows"), tr("Locks taken"), tr("Statement")});
    tree->setUniformRowHeights(true);
    tree->setWordWrap(false);
}

void fillChangeList(QTreeWidget *tree, const SchemaDiff &diff)
{
    tree->clear();
    const QPalette palette = tree->palette();
    for (const SchemaChange &change : diff) {
        const ChangeTone tone = toneOf(change.kind);
        auto *item = new QTreeWidgetItem(tree);
        item->setText(MarkerColumn, toneMarker(tone));
        item->setText(KindColumn, schemaChangeKindText(change.kind));
        item->setText(ObjectColumn, change.object.isEmpty()
                                        ? change.relation
                                        : change.relation + u'.' + change.object);
        item->setText(DetailColumn, change.detail.simplified());
        const QColor colour = toneColour(tone, palette);
        for (int c = MarkerColumn; c <= DetailColumn; ++c) {
            item->setForeground(c, colour);
            item->setToolTip(c, change.text());
        }
        QFont bold = item->font(MarkerColumn);
        bold.setBold(true);
        item->setFont(MarkerColumn, bold);
        item->setTextAlignment(MarkerColumn, Qt::AlignCenter);
    }
    for (int c = MarkerColumn; c < DetailColumn; ++c)
        tree->resizeColumnToContents(c);
    // A long name (SQLite's nameless constraints go by their definition) leaves room for
    // the detail; the tooltip has it whole.
    const int nameWidth = tree->fontMetrics().averageCharWidth() * 36;
    tree->setColumnWidth(ObjectColumn, qMin(tree->columnWidth(ObjectColumn), nameWidth));
}

QString millis(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

StatementTotals fillStatementTree(QTreeWidget *tree, const RehearsalReport &report)
{
    tree->clear();
    const QPalette palette = tree->palette();
    const QColor failed = toneColour(ChangeTone::Removed, palette);
    const QColor skipped = palette.color(QPalette::PlaceholderText);
    int ran = 0;
    double total = 0;
    QTreeWidgetItem *failedItem = nullptr;
    for (const RevisionRehearsal &rev : report.revisions) {
        auto *revItem = new QTreeWidgetItem(tree);
        revItem->setFirstColumnSpanned(true);
        const QString &file = rev.path;
        double revMs = 0;
        for (const StatementRehearsal &s : rev.statements) {
            auto *item = new QTreeWidgetItem(revItem);
            item->setText(LineColumn, QString::number(s.statement.line));
            item->setText(SqlColumn, s.statement.sql.simplified().left(200));
            QString tip = u"%1:%2\n\n%3"_qs.arg(file).arg(s.statement.line).arg(s.statement.sql);
            if (!s.rehearsed) {
                item->setText(MsColumn, tr("skipped"));
                tip = tr("Not rehearsed: %1\n\n%2").arg(s.notRehearsedReason, tip);
                for (int c = LineColumn; c <= SqlColumn; ++c)
                    item->setForeground(c, skipped);
            } else {
                ++ran;
                revMs += s.elapsedMs;
                item->setText(MsColumn, millis(s.elapsedMs));
                if (s.rows >= 0)
                    item->setText(RowsColumn, QString::number(s.rows));
                item->setText(LocksColumn, s.locks.join(u", "_qs));
                item->setToolTip(LocksColumn, s.locks.join(u'\n'));
            }
            if (!s.error.isEmpty()) {
                tip = s.error + u"\n\n"_qs + tip;
                for (int c = LineColumn; c <= SqlColumn; ++c)
                    item->setForeground(c, failed);
                failedItem = item;
            }
            item->setToolTip(LineColumn, tip);
            item->setToolTip(SqlColumn, tip);
            for (int c : {LineColumn, MsColumn, RowsColumn})
                item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        }
        total += revMs;
        revItem->setText(LineColumn,
                         tr("%1  (%2 ms)%3")
                             .arg(rev.description, millis(revMs),
                                  rev.rehearsed ? QString()
                                                : QCoreApplication::translate("RehearsalTrees",
                                                                              ", not rehearsed")));
        revItem->setToolTip(LineColumn, file);
        QFont bold = revItem->font(LineColumn);
        bold.setBold(true);
        revItem->setFont(LineColumn, bold);
    }
    tree->expandAll();
    // The revision rows span every column, so the line column is sized by hand.
    const QFontMetrics metrics = tree->fontMetrics();
    tree->setColumnWidth(LineColumn,
                         tree->indentation() + metrics.horizontalAdvance(u"00000"_qs) + 8);
    for (int c = MsColumn; c < SqlColumn; ++c)
        tree->resizeColumnToContents(c);
    // Many locks make a long line: its tooltip lists them all.
    tree->setColumnWidth(LocksColumn,
                         qMin(tree->columnWidth(LocksColumn), metrics.averageCharWidth() * 40));
    if (failedItem) {
        tree->setCurrentItem(failedItem);
        // Once laid out, bring the failing statement into view.
        QTimer::singleShot(0, tree, [tree] {
            if (tree->currentItem())
                tree->scrollToItem(tree->currentItem());
        });
    }
    return {ran, total};
}

} // namespace retort::gui
