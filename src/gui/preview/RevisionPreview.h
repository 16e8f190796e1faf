#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace retort {
struct MergeOrderFinding;
struct Project;
} // namespace retort

namespace retort::gui {

// The selected revision: its header fields, parents and children as links, its file,
// and its upgrade and downgrade SQL for the database's dialect.
class RevisionPreview : public QWidget {
    Q_OBJECT
public:
    explicit RevisionPreview(QWidget *parent = nullptr);

    void showRevision(const Project &project, const QString &revision, const QString &dialect);
    // The merge-order problem Rehearse found at this merge point, in a warning box above
    // its SQL: what fails and the fix, in short (the full text is its tooltip). Call after
    // showRevision, which hides the box.
    void showMergeFinding(const MergeOrderFinding &finding);
    void clear();

    QString upgradeSql() const;
    QString downgradeSql() const;
    QString lintText() const;         // the warnings shown under the header
    QString mergeFindingText() const; // the merge-order box, empty when hidden

Q_SIGNALS:
    void revisionActivated(const QString &revision); // a parent or child link was clicked

private:
    QLabel *m_header = nullptr;
    QLabel *m_lint = nullptr;
    QLabel *m_finding = nullptr;
    QPlainTextEdit *m_upgrade = nullptr;
    QPlainTextEdit *m_downgrade = nullptr;
};

} // namespace retort::gui
