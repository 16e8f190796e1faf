#include "rehearse/SchemaDiffView.h"

#include "rehearse/MergeFindingText.h"
#include "rehearse/RehearsalTrees.h"
#include "rehearse/UnifiedDiffHighlighter.h"
#include "worker/RehearsalOutcome.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

// Boxes carry their own background and text colour, so they read on any theme.
const QString kFailureStyle = u"QLabel { background: #fdecea; color: #8c1d18; border: 1px solid "
                              "#f1b7b2; border-radius: 4px; padding: 4px; }"_qs;
const QString kWarningStyle = u"QLabel { background: #fff4e5; color: #7a4100; border: 1px solid "
                              "#f5d0a0; border-radius: 4px; padding: 4px; }"_qs;

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
    return revisions.isEmpty() ? SchemaDiffView::tr("base")
                               : revisions.join(u", "_qs).toHtmlEscaped();
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
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Rehearse (Migrate menu) dry-runs the plan chosen in the Plan tab in "
                          "a transaction that is always rolled back, and shows here what it "
                          "would change."));

    setUpChangeList(m_changes);

    m_diff->setObjectName(QStringLiteral("schemaUnifiedDiff"));
    m_diff->setReadOnly(true);
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new UnifiedDiffHighlighter(m_diff->document());

    setUpStatementTree(m_statements);

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
    m_summary->setText(tr("Rehearsing %1…").arg(title.toHtmlEscaped()));
}

void SchemaDiffView::showMessage(const QString &text)
{
    clearResults();
    m_summary->setText(text.toHtmlEscaped());
}

void SchemaDiffView::showOutcome(const QString &plainTitle, const RehearsalOutcome &outcome)
{
    clearResults();
    const QString title = plainTitle.toHtmlEscaped();

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
    fillChangeList(m_changes, report.diff);
    m_diff->setPlainText(outcome.unifiedDiff);
    const StatementTotals totals = fillStatementTree(m_statements, report);
    m_details->setTabText(StatementsTab, tr("Statements (%1 ms)").arg(millis(totals.milliseconds)));
    m_details->setCurrentIndex(report.failed ? StatementsTab : DiffTab);

    QString summary;
    if (report.revisions.isEmpty())
        summary = tr("%1: nothing to rehearse, the database is already there.").arg(title);
    else
        summary =
            tr("%1, rehearsed from %2: %n revision(s), ", nullptr, int(report.revisions.size()))
                .arg(title, heads(report.startHeads)) +
            tr("%n statement(s) in %1 ms; ", nullptr, totals.ran).arg(millis(totals.milliseconds)) +
            (report.failed
                 ? tr("<b>failed</b> in %1; ").arg(report.failure.revision.toHtmlEscaped())
                 : QString()) +
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
