#pragma once

#include <QString>

namespace retort {

// Python's int(str) for the cases Alembic relies on ("-2", "+3", " 5 ", "1_000"):
// Alembic decides whether an identifier is a relative step by trying int() on it.
inline bool parsePythonInt(const QString &text, qint64 &value)
{
    const QString s = text.trimmed();
    qsizetype i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == QLatin1Char('+') || s[i] == QLatin1Char('-')))
        negative = s[i++] == QLatin1Char('-');
    if (i >= s.size())
        return false;
    qint64 v = 0;
    bool lastDigit = false;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == QLatin1Char('_') && lastDigit && i + 1 < s.size() && s[i + 1].isDigit()) {
            lastDigit = false;
            continue;
        }
        if (!c.isDigit())
            return false;
        if (v < 1000000000000LL)
            v = v * 10 + c.digitValue();
        lastDigit = true;
    }
    value = negative ? -v : v;
    return true;
}

} // namespace retort
