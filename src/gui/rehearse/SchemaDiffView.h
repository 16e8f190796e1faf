#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace retort::gui {

struct RehearsalOutcome;

// The Schema Diff tab: what a rehearsal (a dry run, rolled back) found. From the top: a
// summary; the failure in red (revision, file:line, statement, the server's message);
// merge-order problems and what could not be rehearsed, in amber; the schema changes
// (added green, removed red, changed amber, each with a +/−/~ marker); then, on two tabs,
// the unified \d diff and each revision's statements with their time, rows and locks.
class SchemaDiffView : public QWidget {
    Q_OBJECT
public:
    explicit SchemaDiffView(QWidget *parent = nullptr);

    // `title` names the plan, e.g. "Upgrade to head"; all text here is plain.
    void showBusy(const QString &title);
    void showOutcome(const QString &title, const RehearsalOutcome &outcome);
    // A rehearsal that did not reach the database (e.g. a stamp runs no SQL).
    void showMessage(const QString &text);

    // What the user reads, for tests.
    QString summaryText() const;
    QString failureText() const;  // empty when there was no failure
    QString findingsText() const; // merge-order problems and what was not rehearsed
    QString unifiedDiff() const;
    QTreeWidget *changeList() const { return m_changes; }
    QTreeWidget *statementTree() const { return m_statements; }

private:
    void clearResults();

    QLabel *m_summary = nullptr;
    QLabel *m_failure = nullptr;
    QLabel *m_findings = nullptr;
    QTreeWidget *m_changes = nullptr;
    QPlainTextEdit *m_diff = nullptr;
    QTreeWidget *m_statements = nullptr;
    QTabWidget *m_details = nullptr; // the \d diff and the statements
};

} // namespace retort::gui
