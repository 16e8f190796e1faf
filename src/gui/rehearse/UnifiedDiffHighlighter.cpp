#include "rehearse/UnifiedDiffHighlighter.h"

#include "rehearse/ChangeTone.h"

#include <QGuiApplication>
#include <QPalette>

namespace retort::gui {

UnifiedDiffHighlighter::UnifiedDiffHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

void UnifiedDiffHighlighter::setPalette(const QPalette &palette)
{
    m_added = {};
    m_added.setForeground(toneColour(ChangeTone::Added, palette));
    m_removed = {};
    m_removed.setForeground(toneColour(ChangeTone::Removed, palette));
    m_hunk = {};
    m_hunk.setForeground(palette.color(QPalette::PlaceholderText));
    m_file = {};
    m_file.setFontWeight(QFont::Bold);
    rehighlight();
}

void UnifiedDiffHighlighter::highlightBlock(const QString &text)
{
    // File headers first: "---" and "+++" would otherwise read as a removed or added line.
    if (text.startsWith(u"--- "_qs) || text.startsWith(u"+++ "_qs))
        setFormat(0, int(text.size()), m_file);
    else if (text.startsWith(u"@@"_qs))
        setFormat(0, int(text.size()), m_hunk);
    else if (text.startsWith(u'+'))
        setFormat(0, int(text.size()), m_added);
    else if (text.startsWith(u'-'))
        setFormat(0, int(text.size()), m_removed);
}

} // namespace retort::gui
