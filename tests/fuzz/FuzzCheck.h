#pragma once

// Invariant checks for the libFuzzer targets: a failed check prints what broke and the
// values involved, then aborts, which libFuzzer reports as a crash and saves the input.
#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace retort::fuzz {

// Control characters (NUL included) shown as \xNN, so the whole detail prints.
inline QByteArray printable(const QString &text)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n')
            out += "\\x" +
                   QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

[[noreturn]] inline void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz invariant failed: %s\n%s\n", what, printable(detail).constData());
    std::abort();
}

#define FUZZ_CHECK(condition, detail)                                                              \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::retort::fuzz::fail(#condition, (detail));                                            \
    } while (false)

// The number of lines a message may name in `text`: lines split at '\n', a final line
// without one included, never fewer than one.
inline int lineCount(const QByteArray &text)
{
    return int(text.count('\n')) + 1;
}

// An error about `path` must start "path:LINE: " with LINE a line of the input (or
// "path: " when `lineOptional` and the message is about the file as a whole).
inline void checkNamesFileAndLine(const QString &message, const QString &path, int lines,
                                  bool lineOptional = false)
{
    const QString detail = u"message: "_qs + message;
    FUZZ_CHECK(message.startsWith(path + u':'), detail);
    static const QRegularExpression lineNumber(u"^:(\\d+): \\S"_qs);
    const auto m = lineNumber.match(QStringView(message).mid(path.size()));
    if (!m.hasMatch()) {
        FUZZ_CHECK(lineOptional && message.mid(path.size()).startsWith(u": "_qs), detail);
        return;
    }
    const int line = m.captured(1).toInt();
    FUZZ_CHECK(line >= 1 && line <= lines, detail + u" (the input has %1 lines)"_qs.arg(lines));
}

} // namespace retort::fuzz
