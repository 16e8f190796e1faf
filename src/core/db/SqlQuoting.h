#pragma once

#include <QString>

namespace retort {

// "name" with embedded quotes doubled: an identifier both PostgreSQL and SQLite accept.
inline QString quotedIdentifier(QString name)
{
    return u'"' + name.replace(u'"', u"\"\""_qs) + u'"';
}

// 'text' with embedded quotes doubled (standard_conforming_strings, PostgreSQL's default
// since 9.1, and SQLite: a backslash is an ordinary character).
inline QString quotedLiteral(QString text)
{
    return u'\'' + text.replace(u'\'', u"''"_qs) + u'\'';
}

} // namespace retort
