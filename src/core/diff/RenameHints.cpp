#include "diff/RenameHints.h"

#include "diff/SchemaObjects.h"

#include <QRegularExpression>

namespace retort::diff {

namespace {

QString foldName(QString name, bool postgres)
{
    if (name.startsWith(u'"') && name.endsWith(u'"') && name.size() >= 2)
        return name.mid(1, name.size() - 2).replace(u"\"\""_qs, u"\""_qs);
    return postgres ? name.toLower() : name;
}

// "users" -> "public.users" on PostgreSQL, "users" on SQLite, quoted as keys are.
QString tableKey(const QString &written, bool postgres)
{
    static const QRegularExpression parts(
        u"^((?:\"(?:[^\"]|\"\")*\"|[^.\"]+)\\.)?(\"(?:[^\"]|\"\")*\"|[^.\"]+)$"_qs);
    const auto m = parts.match(written.trimmed());
    if (!m.hasMatch())
        return written;
    QString schema = m.captured(1);
    schema.chop(schema.isEmpty() ? 0 : 1);
    const QString name = quoteIdentifier(foldName(m.captured(2), postgres));
    if (!postgres)
        return name;
    return quoteIdentifier(schema.isEmpty() ? u"public"_qs : foldName(schema, postgres)) + u'.' +
           name;
}

} // namespace

Renames parseRenameHints(const QString &sql, const QString &dialect)
{
    const bool postgres = dialect == u"postgresql";
    static const QRegularExpression hint(u"--\\s*retort:renamed-from\\s+(\\S+)"_qs);
    static const QRegularExpression createTable(
        u"^\\s*CREATE\\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
        "((?:\"(?:[^\"]|\"\")*\"|[\\w$]+)(?:\\.(?:\"(?:[^\"]|\"\")*\"|[\\w$]+))?)"_qs,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression columnName(u"^\\s*(\"(?:[^\"]|\"\")*\"|[\\w$]+)"_qs);
    static const QRegularExpression constraintWord(
        u"^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)$"_qs,
        QRegularExpression::CaseInsensitiveOption);

    Renames renames;
    QString pending;      // a hint on a line of its own, for the next line
    QString currentTable; // key of the CREATE TABLE whose body we are in
    int depth = 0;
    for (const QString &line : sql.split(u'\n')) {
        const auto h = hint.match(line);
        const QString code =
            line.left(line.indexOf(u"--"_qs) < 0 ? line.size() : line.indexOf(u"--"_qs));
        if (code.trimmed().isEmpty()) {
            if (h.hasMatch())
                pending = h.captured(1);
            continue;
        }
        const QString hintHere = h.hasMatch() ? h.captured(1) : pending;
        pending.clear();
        if (depth == 0) {
            const auto m = createTable.match(code);
            if (m.hasMatch()) {
                currentTable = tableKey(m.captured(1), postgres);
                if (!hintHere.isEmpty())
                    renames.tables.insert(currentTable, tableKey(hintHere, postgres));
            }
        } else if (depth == 1 && !currentTable.isEmpty() && !hintHere.isEmpty()) {
            const auto c = columnName.match(code);
            if (c.hasMatch() && !constraintWord.match(c.captured(1)).hasMatch())
                renames.columns[currentTable].insert(
                    quoteIdentifier(foldName(c.captured(1), postgres)),
                    quoteIdentifier(foldName(hintHere, postgres)));
        }
        // Parentheses outside quotes; good enough for declarative CREATE TABLE text.
        bool inString = false;
        for (const QChar ch : code) {
            if (ch == u'\'')
                inString = !inString;
            else if (!inString && ch == u'(')
                ++depth;
            else if (!inString && ch == u')')
                depth = std::max(0, depth - 1);
        }
        if (depth == 0 && code.contains(u';'))
            currentTable.clear();
    }
    return renames;
}

QString continuedColumn(const Renames &renames, const Table &from, const Table &to,
                        const QString &name)
{
    const QString old = renames.columns.value(to.key).value(name, name);
    if (old != name && from.column(old) && !to.column(old))
        return old;
    return name;
}

Renames reversedRenames(const Renames &r)
{
    Renames out;
    for (auto it = r.tables.constBegin(); it != r.tables.constEnd(); ++it)
        out.tables.insert(it.value(), it.key());
    for (auto it = r.columns.constBegin(); it != r.columns.constEnd(); ++it) {
        const QString oldTable = r.tables.value(it.key(), it.key());
        for (auto c = it->constBegin(); c != it->constEnd(); ++c)
            out.columns[oldTable].insert(c.value(), c.key());
    }
    return out;
}

void mergeRenames(Renames &into, const Renames &more)
{
    into.tables.insert(more.tables);
    for (auto it = more.columns.constBegin(); it != more.columns.constEnd(); ++it)
        into.columns[it.key()].insert(it.value());
}

} // namespace retort::diff
