#pragma once

#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace retort {

// The columns of a result row read in order into fields, `row >> t.key >> t.name >> t.oid`,
// instead of one `x = q.value(n).toType()` line per column (which the catalog readers
// would otherwise repeat by the dozen). A QStringList column is a chr(31)-separated list,
// as string_agg(..., chr(31)) builds it; empty for NULL or ''.
class SqlRow {
public:
    explicit SqlRow(const QSqlQuery &query, int firstColumn = 0)
        : m_query(query)
        , m_column(firstColumn)
    {}

    SqlRow &operator>>(QString &v)
    {
        v = next().toString();
        return *this;
    }
    SqlRow &operator>>(qint64 &v)
    {
        v = next().toLongLong();
        return *this;
    }
    SqlRow &operator>>(int &v)
    {
        v = next().toInt();
        return *this;
    }
    SqlRow &operator>>(bool &v)
    {
        v = next().toBool();
        return *this;
    }
    SqlRow &operator>>(QStringList &v)
    {
        const QString s = next().toString();
        v = s.isEmpty() ? QStringList() : s.split(QChar(0x1f));
        return *this;
    }
    // The next column without reading it into a field (NULL stays a null QVariant).
    QVariant next() { return m_query.value(m_column++); }
    bool nextIsNull() const { return m_query.isNull(m_column); }

private:
    const QSqlQuery &m_query;
    int m_column;
};

} // namespace retort
