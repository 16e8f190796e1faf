#include "sql/SqlHighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace retort::gui {

namespace {

// Block state layout: bits 0-2 mode, 3-10 comment depth, 11+ dollar tag index + 1.
constexpr int ModeBits = 3;
constexpr int DepthBits = 8;

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

void SqlHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    // {light, dark} per kind; chosen to keep >= 4.5:1 contrast on white / #1e1e1e-ish.
    struct Scheme {
        SqlTokenKind kind;
        const char *light;
        const char *dark;
        bool bold;
        bool italic;
    };
    static constexpr Scheme schemes[] = {
        {SqlTokenKind::Keyword, "#0033b3", "#82aaff", true, false},
        {SqlTokenKind::Type, "#00736b", "#4ec9b0", false, false},
        {SqlTokenKind::Identifier, nullptr, nullptr, false, false},
        {SqlTokenKind::QuotedIdentifier, "#871094", "#d7a0e8", false, false},
        {SqlTokenKind::String, "#067d17", "#98c379", false, false},
        {SqlTokenKind::DollarString, "#7a4f00", "#e5c07b", false, false},
        {SqlTokenKind::Comment, "#6e6e6e", "#8b929e", false, true},
        {SqlTokenKind::Number, "#1750eb", "#f0a46c", false, false},
        {SqlTokenKind::Parameter, "#a31515", "#f28b82", false, false},
        {SqlTokenKind::Operator, "#5c5c5c", "#b8bcc4", false, false},
        {SqlTokenKind::Punctuation, nullptr, nullptr, false, false},
    };
    for (const Scheme &s : schemes) {
        QTextCharFormat format;
        if (const char *colour = dark ? s.dark : s.light)
            format.setForeground(QColor(QLatin1String(colour)));
        if (s.bold)
            format.setFontWeight(QFont::DemiBold);
        format.setFontItalic(s.italic);
        m_formats[size_t(s.kind)] = format;
    }
    rehighlight();
}

int SqlHighlighter::encode(const SqlLexState &state)
{
    int tag = 0;
    if (state.mode == SqlLexState::DollarString) {
        tag = int(m_dollarTags.indexOf(state.dollarTag));
        if (tag < 0) {
            m_dollarTags << state.dollarTag;
            tag = int(m_dollarTags.size()) - 1;
        }
        ++tag;
    }
    const int depth = qMin(state.commentDepth, (1 << DepthBits) - 1);
    return int(state.mode) | depth << ModeBits | tag << (ModeBits + DepthBits);
}

SqlLexState SqlHighlighter::decode(int blockState) const
{
    SqlLexState state;
    if (blockState <= 0)
        return state; // -1: no previous block
    state.mode = SqlLexState::Mode(blockState & ((1 << ModeBits) - 1));
    state.commentDepth = (blockState >> ModeBits) & ((1 << DepthBits) - 1);
    const int tag = blockState >> (ModeBits + DepthBits);
    if (tag > 0)
        state.dollarTag = m_dollarTags.value(tag - 1);
    return state;
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    m_tokens.clear();
    const SqlLexState end =
        SqlTokenizer::tokenizeLine(text, decode(previousBlockState()), m_tokens);
    for (const SqlToken &t : std::as_const(m_tokens)) {
        const QTextCharFormat &format = m_formats[size_t(t.kind)];
        if (format.hasProperty(QTextFormat::ForegroundBrush) || format.fontItalic() ||
            format.hasProperty(QTextFormat::FontWeight))
            setFormat(t.start, t.length, format);
    }
    setCurrentBlockState(encode(end));
}

} // namespace retort::gui
