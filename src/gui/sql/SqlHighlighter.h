#pragma once

#include "sql/SqlTokenizer.h"

#include <QStringList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <array>

namespace retort::gui {

// SQL highlighting for the preview and plan panes, driven by SqlTokenizer a block (line)
// at a time. The tokenizer's carried state (string, quoted identifier, nested comment
// depth, dollar tag) is packed into the block state int; dollar tags are interned in a
// per-highlighter table, since an int cannot hold "$body$".
//
// Colours come from the palette's lightness: a light scheme on light bases and a dark
// one on dark bases, so the text reads on either; call setPalette() when it changes.
class SqlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);
    void setPalette(const QPalette &palette); // re-highlights

protected:
    void highlightBlock(const QString &text) override;

private:
    int encode(const SqlLexState &state);
    SqlLexState decode(int blockState) const;

    std::array<QTextCharFormat, 11> m_formats; // by SqlTokenKind
    QStringList m_dollarTags;
    QVector<SqlToken> m_tokens; // reused between blocks
};

} // namespace retort::gui
