#include "rehearse/SchemaDiffView.h"

#include "rehearse/ChangeTone.h"
#include "rehearse/MergeFindingText.h"
#include "rehearse/UnifiedDiffHighlighter.h"
#include "worker/RehearsalOutcome.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

// Boxes carry their own background and text colour, so they read on any theme.
const QString kFailureStyle = u"QLabel { background: #fdecea; color: #8c1d18; border: 1px solid "
                              "#f1b7b2; border-radius: 4px; padding: 4px; }"_qs;
const QString kWarningStyle = u"QLabel { background: #fff4e5; color: #7a4100; border: 1px solid "
                              "#f5d0a0; border-radius: 4px; padding: 4px; }"_qs;

enum ChangeColumn { MarkerColumn, KindColumn, ObjectColumn, DetailColumn };
enum StatementColumn { LineColumn, MsColumn, RowsColumn, LocksColumn, SqlColumn };
enum DetailTab { DiffTab, StatementsTab };

QLabel *makeBox(const QString &name, const QString &style)
{
    auto *box = new QLabel;
    box->setObjectName(name);
    box->setWordWrap(true);
    box->setTextFormat(Qt::RichText);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setStyleSheet(style);
    box->hide();
    return box;
}

QWidget *captioned(const QString &caption, QWidget *body)
{
    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *label = new QLabel(caption);
    layout->addWidget(label);
    layout->addWidget(body, 1);
    return pane;
}

// Plain text in a rich-text label, line breaks and indentation kept.
QString preWrapped(const QString &text)
{
    return u"<div style='white-space:pre-wrap'>"_qs + text.trimmed().toHtmlEscaped() + u"</div>"_qs;
}

QString heads(const QStringList &revisions)
{
    return revisions.isEmpty() ? SchemaDiffView::tr("base") : revisions.join(u", "_qs);
}

void fillChanges(QTreeWidget *tree, const SchemaDiff &diff)
{
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
}

QString millis(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

// One row per revision (spanning the columns), under it one per statement: the numbers
// first, so they stay in view however long the SQL is. Returns the statements that ran
// and their total time.
std::pair<int, double> fillStatements(QTreeWidget *tree, const RehearsalReport &report)
{
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
                item->setText(MsColumn, SchemaDiffView::tr("skipped"));
                tip = SchemaDiffView::tr("Not rehearsed: %1\n\n%2").arg(s.notRehearsedReason, tip);
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
        revItem->setText(
            LineColumn,
            SchemaDiffView::tr("%1  (%2 ms)%3")
                .arg(rev.description, millis(revMs),
                     rev.rehearsed ? QString() : SchemaDiffView::tr(", not rehearsed")));
        revItem->setToolTip(LineColumn, file);
        QFont bold = revItem->font(LineColumn);
        bold.setBold(true);
        revItem->setFont(LineColumn, bold);
    }
    tree->expandAll();
    if (failedItem)
        tree->setCurrentItem(failedItem);
    return {ran, total};
}

} // namespace

SchemaDiffView::SchemaDiffView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel)
    , m_failure(makeBox(QStringLiteral("rehearsalFailure"), kFailureStyle))
    , m_findings(makeBox(QStringLiteral("rehearsalFindings"), kWarningStyle))
    , m_changes(new QTreeWidget)
    , m_diff(new QPlainTextEdit)
    , m_statements(new QTreeWidget)
    , m_details(new QTabWidget)
{
    m_summary->setObjectName(QStringLiteral("rehearsalSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Rehearse (Migrate menu) dry-runs the plan chosen in the Plan tab in "
                          "a transaction that is always rolled back, and shows here what it "
                          "would change."));

    m_changes->setObjectName(QStringLiteral("schemaChanges"));
    m_changes->setHeaderLabels({QString(), tr("Change"), tr("Object"), tr("Detail")});
    m_changes->setRootIsDecorated(false);
    m_changes->setUniformRowHeights(true);
    m_changes->header()->setStretchLastSection(true);

    m_diff->setObjectName(QStringLiteral("schemaUnifiedDiff"));
    m_diff->setReadOnly(true);
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new UnifiedDiffHighlighter(m_diff->document());

    m_statements->setObjectName(QStringLiteral("rehearsalStatements"));
    m_statements->setHeaderLabels(
        {tr("Line"), tr("ms"), tr("Rows"), tr("Locks taken"), tr("Statement")});
    m_statements->setUniformRowHeights(true);
    m_statements->setWordWrap(false);

    m_details->setObjectName(QStringLiteral("rehearsalDetails"));
    m_details->setDocumentMode(true);
    m_details->addTab(m_diff, tr("Table diff (\\d)"));
    m_details->addTab(m_statements, tr("Statements"));

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(captioned(tr("<b>Schema changes</b>"), m_changes));
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_failure);
    layout->addWidget(m_findings);
    layout->addWidget(splitter, 1);
}

void SchemaDiffView::clearResults()
{
    m_failure->clear();
    m_failure->hide();
    m_findings->clear();
    m_findings->setToolTip({});
    m_findings->hide();
    m_changes->clear();
    m_diff->clear();
    m_statements->clear();
    m_details->setTabText(StatementsTab, tr("Statements"));
}

void SchemaDiffView::showBusy(const QString &title)
{
    clearResults();
    m_summary->setText(tr("Rehearsing %1…").arg(title));
}

void SchemaDiffView::showMessage(const QString &text)
{
    clearResults();
    m_summary->setText(text);
}

void SchemaDiffView::showOutcome(const QString &title, const RehearsalOutcome &outcome)
{
    clearResults();

    if (!outcome.error.isEmpty() || outcome.cancelled) {
        m_summary->setText(outcome.cancelled
                               ? tr("Rehearsal of %1 cancelled; nothing was changed.").arg(title)
                               : tr("Rehearsal of %1 could not run.").arg(title));
        if (!outcome.error.isEmpty()) {
            m_failure->setText(preWrapped(outcome.error));
            m_failure->show();
        }
        return;
    }

    const RehearsalReport &report = outcome.report;
    fillChanges(m_changes, report.diff);
    m_diff->setPlainText(outcome.unifiedDiff);
    const auto [ran, ms] = fillStatements(m_statements, report);
    for (int c = MarkerColumn; c < DetailColumn; ++c)
        m_changes->resizeColumnToContents(c);
    // A long name (SQLite's nameless constraints go by their definition) leaves room for
    // the detail; the tooltip has it whole.
    const int nameWidth = fontMetrics().averageCharWidth() * 36;
    m_changes->setColumnWidth(ObjectColumn, qMin(m_changes->columnWidth(ObjectColumn), nameWidth));
    m_details->setTabText(StatementsTab, tr("Statements (%1 ms)").arg(millis(ms)));
    m_details->setCurrentIndex(report.failed ? StatementsTab : DiffTab);
    // Once laid out, bring the failing statement (the current item) into view.
    QTimer::singleShot(0, m_statements, [tree = m_statements] {
        if (tree->currentItem())
            tree->scrollToItem(tree->currentItem());
    });
    // The revision rows span every column, so the line column is sized by hand.
    m_statements->setColumnWidth(LineColumn, m_statements->indentation() +
                                                 fontMetrics().horizontalAdvance(u"00000"_qs) + 8);
    for (int c = MsColumn; c < SqlColumn; ++c)
        m_statements->resizeColumnToContents(c);
    // Many locks make a long line: its tooltip lists them all.
    m_statements->setColumnWidth(LocksColumn, qMin(m_statements->columnWidth(LocksColumn),
                                                   fontMetrics().averageCharWidth() * 40));

    QString summary;
    if (report.revisions.isEmpty())
        summary = tr("%1: nothing to rehearse, the database is already there.").arg(title);
    else
        summary =
            tr("%1, rehearsed from %2: %n revision(s), ", nullptr, int(report.revisions.size()))
                .arg(title, heads(report.startHeads)) +
            tr("%n statement(s) in %1 ms; ", nullptr, ran).arg(millis(ms)) +
            (report.failed ? tr("<b>failed</b> in %1; ").arg(report.failure.revision) : QString()) +
            tr("%n schema change(s)", nullptr, int(report.diff.size())) +
            (report.failed ? tr(" up to the failure.") : tr("."));
    summary += u' ' + tr("Rolled back: the database and its version table (%1) are unchanged.")
                          .arg(heads(report.startHeads));
    for (const MergeOrderFinding &f : outcome.mergeFindings)
        if (f.ok())
            summary += u"<br>"_qs + f.message.trimmed().toHtmlEscaped();
    m_summary->setText(summary);

    if (report.failed) {
        const RehearsalFailure &f = report.failure;
        m_failure->setText(tr("<b>Failed</b> in revision <b>%1</b> at <tt>%2:%3</tt>:<br>%4"
                              "<br>Statement: <tt>%5</tt>")
                               .arg(f.revision.toHtmlEscaped(), f.path.toHtmlEscaped(),
                                    QString::number(f.line), f.message.toHtmlEscaped(),
                                    f.statement.simplified().left(300).toHtmlEscaped()));
        m_failure->show();
    }

    QStringList notes;
    QStringList fullText; // the tooltip: every order tried, with files and statements
    for (const MergeOrderFinding &f : outcome.mergeFindings) {
        if (f.ok())
            continue;
        notes.append(mergeFindingHtml(f));
        fullText.append(f.message.trimmed());
    }
    if (!report.notRehearsed.isEmpty())
        notes.append(tr("<b>Not rehearsed</b> (would run for real, outside a transaction)") +
                     preWrapped(report.notRehearsed.join(u'\n')));
    m_findings->setText(notes.join(u"<br>"_qs));
    m_findings->setToolTip(fullText.join(u"\n\n"_qs));
    m_findings->setVisible(!notes.isEmpty());
}

QString SchemaDiffView::summaryText() const
{
    return m_summary->text();
}

QString SchemaDiffView::failureText() const
{
    return m_failure->isHidden() ? QString() : m_failure->text();
}

QString SchemaDiffView::findingsText() const
{
    return m_findings->isHidden() ? QString() : m_findings->text();
}

QString SchemaDiffView::unifiedDiff() const
{
    return m_diff->toPlainText();
}

} // namespace retort::gui
