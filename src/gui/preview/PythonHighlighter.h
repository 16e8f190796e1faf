#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace retort::gui {

// Python highlighting for an Alembic revision's upgrade() and downgrade() in the
// preview: keywords, strings (triple-quoted ones across lines), comments, numbers,
// decorators and `op.` calls, in the same palette-dependent colours as SqlHighlighter.
class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit PythonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyword, m_string, m_comment, m_number, m_decorator, m_call;
};

} // namespace retort::gui
