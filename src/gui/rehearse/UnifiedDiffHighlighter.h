#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace retort::gui {

// Colours a unified diff (`diff -u`) a line at a time: "+" lines in the added colour,
// "-" lines in the removed colour, "@@" hunk headers dimmed, "---"/"+++" file headers
// bold. Colours follow the palette's lightness like ChangeTone's.
class UnifiedDiffHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit UnifiedDiffHighlighter(QTextDocument *document);
    void setPalette(const QPalette &palette); // re-highlights

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_added;
    QTextCharFormat m_removed;
    QTextCharFormat m_hunk;
    QTextCharFormat m_file;
};

} // namespace retort::gui
