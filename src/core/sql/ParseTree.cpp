#include "sql/ParseTree.h"

#include <QJsonDocument>

#include <pg_query.h>

namespace retort {

namespace {

// libpg_query results own C strings that must be freed exactly once.
class ParseResult {
public:
    explicit ParseResult(const char *input)
        : r(pg_query_parse(input))
    {}
    ~ParseResult() { pg_query_free_parse_result(r); }
    ParseResult(const ParseResult &) = delete;
    ParseResult &operator=(const ParseResult &) = delete;
    PgQueryParseResult r;
};

class ScanSplitResult {
public:
    explicit ScanSplitResult(const char *input)
        : r(pg_query_split_with_scanner(input))
    {}
    ~ScanSplitResult() { pg_query_free_split_result(r); }
    ScanSplitResult(const ScanSplitResult &) = delete;
    ScanSplitResult &operator=(const ScanSplitResult &) = delete;
    PgQuerySplitResult r;
};

// A statement's end: libpg_query gives a length of 0 for a last statement without ';'.
qsizetype rangeEnd(qsizetype begin, qsizetype len, qsizetype size)
{
    return len > 0 ? qMin(begin + len, size) : size;
}

} // namespace

ParseTreeResult parsePostgresTree(const QByteArray &utf8)
{
    ParseTreeResult result;
    const ParseResult parsed(utf8.constData());
    if (const PgQueryError *error = parsed.r.error) {
        result.ok = false;
        result.error = QString::fromUtf8(error->message);
        result.cursorPos = error->cursorpos;
        return result;
    }
    const QJsonArray stmts = QJsonDocument::fromJson(QByteArray(parsed.r.parse_tree))
                                 .object()
                                 .value(u"stmts"_qs)
                                 .toArray();
    for (const QJsonValue &raw : stmts) {
        const QJsonObject entry = raw.toObject();
        ParsedStatement statement;
        const QJsonObject stmt = entry.value(u"stmt"_qs).toObject();
        statement.type = pgtree::typeOf(stmt);
        statement.node = stmt.value(statement.type).toObject();
        statement.begin = entry.value(u"stmt_location"_qs).toInteger();
        statement.end =
            rangeEnd(statement.begin, entry.value(u"stmt_len"_qs).toInteger(), utf8.size());
        result.statements.append(statement);
    }
    return result;
}

QVector<QPair<qsizetype, qsizetype>> scanSplitPostgres(const QByteArray &utf8)
{
    const ScanSplitResult split(utf8.constData());
    if (split.r.error)
        return {{0, utf8.size()}};
    QVector<QPair<qsizetype, qsizetype>> ranges;
    for (int i = 0; i < split.r.n_stmts; ++i) {
        const qsizetype begin = split.r.stmts[i]->stmt_location;
        ranges.append({begin, rangeEnd(begin, split.r.stmts[i]->stmt_len, utf8.size())});
    }
    return ranges;
}

namespace pgtree {

QJsonObject as(const QJsonValue &node, const char *type)
{
    return node.toObject().value(QLatin1String(type)).toObject();
}

QString typeOf(const QJsonValue &node)
{
    const QJsonObject object = node.toObject();
    return object.isEmpty() ? QString() : object.constBegin().key();
}

QStringList strings(const QJsonArray &list)
{
    QStringList out;
    for (const QJsonValue &item : list)
        out.append(as(item, "String").value(u"sval"_qs).toString());
    return out;
}

QString relationName(const QJsonObject &rangeVar)
{
    const QString schema = rangeVar.value(u"schemaname"_qs).toString();
    const QString name = rangeVar.value(u"relname"_qs).toString();
    return schema.isEmpty() ? name : schema + u'.' + name;
}

} // namespace pgtree

} // namespace retort
