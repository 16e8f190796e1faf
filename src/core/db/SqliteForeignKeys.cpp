#include "db/SqliteForeignKeys.h"

#include "Error.h"
#include "db/SqlExec.h"
#include "db/SqlQuoting.h"

#include <QHash>
#include <QSqlQuery>
#include <QStringList>

namespace retort::SqliteForeignKeys {

namespace {

// "user_id -> users(id)" for each foreign key id of `table` (PRAGMA foreign_key_list
// gives one row per column of a composite key).
QHash<int, QString> keyColumns(QSqlDatabase &db, const QString &table)
{
    QHash<int, QStringList> from;
    QHash<int, QStringList> to;
    QHash<int, QString> parent;
    QSqlQuery q = execOrThrow(db, u"PRAGMA foreign_key_list(%1)"_qs.arg(quotedIdentifier(table)),
                              u"cannot read the foreign keys of %1"_qs.arg(table));
    while (q.next()) {
        const int id = q.value(0).toInt();
        parent[id] = q.value(2).toString();
        from[id].append(q.value(3).toString());
        to[id].append(q.value(4).toString());
    }
    QHash<int, QString> text;
    for (auto it = parent.cbegin(); it != parent.cend(); ++it)
        text[it.key()] = u"%1 -> %2(%3)"_qs.arg(from[it.key()].join(u", "_qs), it.value(),
                                                to[it.key()].join(u", "_qs));
    return text;
}

} // namespace

bool enabled(QSqlDatabase &db)
{
    QSqlQuery q = execOrThrow(db, u"PRAGMA foreign_keys"_qs, u"cannot read PRAGMA foreign_keys"_qs);
    return q.next() && q.value(0).toInt() == 1;
}

void setEnabled(QSqlDatabase &db, bool on)
{
    execOrThrow(db, on ? u"PRAGMA foreign_keys=ON"_qs : u"PRAGMA foreign_keys=OFF"_qs,
                u"cannot set PRAGMA foreign_keys"_qs);
}

QVector<Violation> check(QSqlDatabase &db)
{
    QVector<Violation> found;
    {
        QSqlQuery q = execOrThrow(db, u"PRAGMA foreign_key_check"_qs,
                                  u"cannot check foreign keys (PRAGMA foreign_key_check)"_qs);
        while (q.next())
            found.append(Violation{q.value(0).toString(),
                                   q.isNull(1) ? QString() : q.value(1).toString(),
                                   q.value(2).toString(),
                                   q.value(3).toInt(),
                                   {}});
    }
    QHash<QString, QHash<int, QString>> columns;
    for (Violation &v : found) {
        if (!columns.contains(v.table))
            columns.insert(v.table, keyColumns(db, v.table));
        v.columns =
            columns[v.table].value(v.foreignKeyId, u"foreign key %1"_qs.arg(v.foreignKeyId));
    }
    return found;
}

QString describe(const QVector<Violation> &violations)
{
    constexpr int shown = 5;
    QStringList parts;
    for (int i = 0; i < violations.size() && i < shown; ++i) {
        const Violation &v = violations[i];
        parts.append(u"%1 %2: %3 has no matching row in %4"_qs.arg(
            v.table, v.rowid.isEmpty() ? u"(a WITHOUT ROWID row)"_qs : u"rowid "_qs + v.rowid,
            v.columns, v.parent));
    }
    if (violations.size() > shown)
        parts.append(u"and %1 more"_qs.arg(violations.size() - shown));
    return parts.join(u"; "_qs);
}

} // namespace retort::SqliteForeignKeys
