#include "sql/SqliteStatementScanner.h"

#include <cstring>

namespace retort {

namespace {

// The tokens and states of sqlite3_complete (complete.c).
enum Token : quint8 { Semi, Space, Other, Explain, Create, Temp, Trigger, End };

// State after a token, by state and token. States: 0 invalid (nothing yet), 1 start
// (after a complete statement), 2 normal, 3 after EXPLAIN, 4 after CREATE, 5 inside
// CREATE TRIGGER, 6 after a ';' inside a trigger, 7 after END inside a trigger.
constexpr quint8 kNext[8][8] = {
    //  ;  ws other explain create temp trigger end
    {1, 0, 2, 3, 4, 2, 2, 2}, // 0 invalid
    {1, 1, 2, 3, 4, 2, 2, 2}, // 1 start
    {1, 2, 2, 2, 2, 2, 2, 2}, // 2 normal
    {1, 3, 3, 2, 4, 2, 2, 2}, // 3 explain
    {1, 4, 2, 2, 2, 4, 5, 2}, // 4 create
    {6, 5, 5, 5, 5, 5, 5, 5}, // 5 trigger
    {6, 6, 5, 5, 5, 5, 5, 7}, // 6 semi
    {1, 7, 5, 5, 5, 5, 5, 5}, // 7 end
};

// SQLite's IdChar: letters, digits, '_', '$' and every byte of a non-ASCII character.
bool isIdChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
           u == '$' || u >= 0x80;
}

bool wordIs(const char *word, qsizetype length, const char *keyword)
{
    const size_t n = std::strlen(keyword);
    if (size_t(length) != n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if ((word[i] | 0x20) != keyword[i]) // keyword is lower case letters only
            return false;
    return true;
}

Token keywordToken(const char *word, qsizetype length)
{
    if (wordIs(word, length, "create"))
        return Create;
    if (wordIs(word, length, "trigger"))
        return Trigger;
    if (wordIs(word, length, "temp") || wordIs(word, length, "temporary"))
        return Temp;
    if (wordIs(word, length, "end"))
        return End;
    if (wordIs(word, length, "explain"))
        return Explain;
    return Other;
}

} // namespace

SqliteStatementEnds scanSqliteStatements(QByteArrayView utf8)
{
    SqliteStatementEnds result;
    const char *const s = utf8.data();
    const qsizetype n = utf8.size();
    quint8 state = 0;
    // Each construct that runs off the end leaves the rest of the text as one last,
    // unterminated statement, as sqlite3_complete would answer "incomplete" for every
    // longer prefix.
    for (qsizetype i = 0; i < n; ++i) {
        Token token = Other;
        switch (s[i]) {
        case ';':
            token = Semi;
            break;
        case ' ':
        case '\r':
        case '\t':
        case '\n':
        case '\f':
            token = Space;
            break;
        case '/': {
            if (i + 1 >= n || s[i + 1] != '*')
                break;
            const qsizetype open = i;
            i += 2;
            while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'))
                ++i;
            if (i >= n) {
                result.unterminatedComment = open;
                return result;
            }
            ++i; // on the '/'
            token = Space;
            break;
        }
        case '-': {
            if (i + 1 >= n || s[i + 1] != '-')
                break;
            const void *eol = std::memchr(s + i, '\n', size_t(n - i));
            if (!eol)
                return result;
            i = static_cast<const char *>(eol) - s;
            token = Space;
            break;
        }
        case '[':
        case '`':
        case '"':
        case '\'': {
            const char close = s[i] == '[' ? ']' : s[i];
            const void *end = std::memchr(s + i + 1, close, size_t(n - i - 1));
            if (!end)
                return result;
            i = static_cast<const char *>(end) - s;
            break;
        }
        default:
            if (isIdChar(s[i])) {
                const qsizetype start = i;
                while (i + 1 < n && isIdChar(s[i + 1]))
                    ++i;
                token = keywordToken(s + start, i + 1 - start);
            }
            break;
        }
        state = kNext[state][token];
        if (token == Semi && state == 1) {
            result.semicolons.append(i);
            state = 0; // the next statement is checked on its own, as sqlite3_complete would
        }
    }
    return result;
}

} // namespace retort
