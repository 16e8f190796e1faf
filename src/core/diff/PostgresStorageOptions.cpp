// Storage parameters and view options (pg_class.reloptions: "fillfactor=70",
// "security_barrier=true", "check_option=local") of the PostgreSQL diff: set and reset in
// place, never by rebuilding what holds them.
#include "diff/PostgresDiffParts.h"

namespace retort::diff::pg {

namespace {

QString optionName(const QString &option)
{
    return option.section(u'=', 0, 0);
}

} // namespace

QStringList storageOptionStatements(const QString &alter, const QStringList &from,
                                    const QStringList &to)
{
    QStringList set;
    QStringList reset;
    for (const QString &o : to)
        if (!from.contains(o))
            set.append(optionName(o) + u" = "_qs + sqlLiteral(o.section(u'=', 1)));
    QStringList names;
    for (const QString &o : to)
        names.append(optionName(o));
    for (const QString &o : from)
        if (!names.contains(optionName(o)))
            reset.append(optionName(o));
    QStringList statements;
    if (!reset.isEmpty())
        statements.append(alter + u" RESET ("_qs + reset.join(u", "_qs) + u')');
    if (!set.isEmpty())
        statements.append(alter + u" SET ("_qs + set.join(u", "_qs) + u')');
    return statements;
}

QString storageOptionsClause(const QStringList &options)
{
    QStringList items;
    for (const QString &o : options)
        items.append(optionName(o) + u" = "_qs + sqlLiteral(o.section(u'=', 1)));
    return options.isEmpty() ? QString() : u" WITH ("_qs + items.join(u", "_qs) + u')';
}

} // namespace retort::diff::pg
