#include "preview/PythonHighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>

namespace retort::gui {

namespace {

QTextCharFormat makeFormat(bool dark, const char *light, const char *darkColour, bool bold = false,
                           bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(QColor(QLatin1String(dark ? darkColour : light)));
    if (bold)
        f.setFontWeight(QFont::DemiBold);
    f.setFontItalic(italic);
    return f;
}

const QSet<QString> &keywords()
{
    static const QSet<QString> words = {
        u"False"_qs,  u"None"_qs,     u"True"_qs,  u"and"_qs,    u"as"_qs,       u"assert"_qs,
        u"async"_qs,  u"await"_qs,    u"break"_qs, u"class"_qs,  u"continue"_qs, u"def"_qs,
        u"del"_qs,    u"elif"_qs,     u"else"_qs,  u"except"_qs, u"finally"_qs,  u"for"_qs,
        u"from"_qs,   u"global"_qs,   u"if"_qs,    u"import"_qs, u"in"_qs,       u"is"_qs,
        u"lambda"_qs, u"nonlocal"_qs, u"not"_qs,   u"or"_qs,     u"pass"_qs,     u"raise"_qs,
        u"return"_qs, u"try"_qs,      u"while"_qs, u"with"_qs,   u"yield"_qs};
    return words;
}

// Block states: -1/0 nothing open, 1 inside ''' , 2 inside """.
constexpr int kInSingleTriple = 1;
constexpr int kInDoubleTriple = 2;

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_keyword = makeFormat(dark, "#0033b3", "#82aaff", true);
    m_string = makeFormat(dark, "#067d17", "#98c379");
    m_comment = makeFormat(dark, "#6e6e6e", "#8b929e", false, true);
    m_number = makeFormat(dark, "#1750eb", "#f0a46c");
    m_decorator = makeFormat(dark, "#9e880d", "#e5c07b");
    m_call = makeFormat(dark, "#00736b", "#4ec9b0");
}

void PythonHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    setCurrentBlockState(0);
    // A triple-quoted string carried over from the previous line.
    const int carried = previousBlockState();
    if (carried == kInSingleTriple || carried == kInDoubleTriple) {
        const QString close = carried == kInSingleTriple ? u"'''"_qs : u"\"\"\""_qs;
        const qsizetype end = text.indexOf(close);
        if (end < 0) {
            setFormat(0, int(n), m_string);
            setCurrentBlockState(carried);
            return;
        }
        setFormat(0, int(end + 3), m_string);
        i = end + 3;
    }
    while (i < n) {
        const QChar c = text[i];
        if (c == u'#') {
            setFormat(int(i), int(n - i), m_comment);
            return;
        }
        if (c == u'\'' || c == u'"') {
            const bool triple = text.mid(i, 3) == QString(3, c);
            const QString close = triple ? QString(3, c) : QString(c);
            qsizetype j = i + close.size();
            while (j < n && text.mid(j, close.size()) != close)
                j += text[j] == u'\\' ? 2 : 1;
            if (j >= n && triple) {
                setFormat(int(i), int(n - i), m_string);
                setCurrentBlockState(c == u'\'' ? kInSingleTriple : kInDoubleTriple);
                return;
            }
            const qsizetype end = std::min(n, j + close.size());
            setFormat(int(i), int(end - i), m_string);
            i = end;
            continue;
        }
        if (c == u'@' && text.left(i).trimmed().isEmpty()) {
            setFormat(int(i), int(n - i), m_decorator);
            return;
        }
        if (c.isDigit()) {
            qsizetype j = i;
            while (j < n && (text[j].isLetterOrNumber() || text[j] == u'.' || text[j] == u'_'))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
            continue;
        }
        if (c.isLetter() || c == u'_') {
            qsizetype j = i;
            while (j < n && (text[j].isLetterOrNumber() || text[j] == u'_'))
                ++j;
            const QString word = text.mid(i, j - i);
            if (j < n && (text[j] == u'\'' || text[j] == u'"') && word.size() <= 2) {
                i = j; // a string prefix (r, u, b, f, rb, ...): part of the string that follows
                continue;
            }
            if (keywords().contains(word))
                setFormat(int(i), int(j - i), m_keyword);
            else if (word == u"op" && j < n && text[j] == u'.')
                setFormat(int(i), int(j - i + 1), m_call);
            i = j;
            continue;
        }
        ++i;
    }
}

} // namespace retort::gui
