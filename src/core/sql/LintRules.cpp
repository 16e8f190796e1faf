#include "sql/LintRules.h"

#include "sql/ParseTree.h"

namespace retort {

namespace {

RuleHit hit(const QString &rule, const QString &subject)
{
    return RuleHit{rule, subject + u": "_qs + lintRuleWhy(rule)};
}

// The bare name (no schema) of each object of a DROP, e.g. DROP TABLE a, s.b -> a, b.
QStringList droppedNames(const QJsonObject &drop)
{
    QStringList names;
    for (const QJsonValue &object : drop.value(u"objects"_qs).toArray()) {
        const QStringList parts =
            pgtree::strings(pgtree::as(object, "List").value(u"items"_qs).toArray());
        if (!parts.isEmpty())
            names.append(parts.last());
    }
    return names;
}

QVector<RuleHit> checkDrop(const QJsonObject &drop, const SectionFacts &facts)
{
    const QString type = drop.value(u"removeType"_qs).toString();
    const bool concurrent = drop.value(u"concurrent"_qs).toBool();
    QStringList existing;
    for (const QString &name : droppedNames(drop))
        if (!facts.newTables.contains(name) && !facts.newIndexes.contains(name))
            existing.append(name);
    QVector<RuleHit> hits;
    if (type == u"OBJECT_INDEX" && concurrent && facts.transactional)
        hits.append(hit(u"concurrently-in-transaction"_qs, u"DROP INDEX CONCURRENTLY"_qs));
    if (existing.isEmpty())
        return hits;
    if (type == u"OBJECT_TABLE")
        hits.append(hit(u"drop-table"_qs, u"DROP TABLE "_qs + existing.join(u", "_qs)));
    else if (type == u"OBJECT_INDEX" && !concurrent)
        hits.append(hit(u"drop-index-without-concurrently"_qs,
                        u"DROP INDEX "_qs + existing.join(u", "_qs)));
    return hits;
}

QVector<RuleHit> checkCreateIndex(const QJsonObject &index, SectionFacts &facts)
{
    const QString table = index.value(u"relation"_qs).toObject().value(u"relname"_qs).toString();
    const QString name = index.value(u"idxname"_qs).toString();
    const bool concurrent = index.value(u"concurrent"_qs).toBool();
    if (!name.isEmpty())
        facts.newIndexes.insert(name);
    QVector<RuleHit> hits;
    if (concurrent && facts.transactional)
        hits.append(hit(u"concurrently-in-transaction"_qs, u"CREATE INDEX CONCURRENTLY"_qs));
    if (!concurrent && !facts.newTables.contains(table)) {
        const QString what =
            index.value(u"unique"_qs).toBool() ? u"CREATE UNIQUE INDEX"_qs : u"CREATE INDEX"_qs;
        hits.append(hit(u"create-index-without-concurrently"_qs,
                        u"%1 %2 ON %3"_qs.arg(what, name, table).simplified()));
    }
    return hits;
}

QVector<RuleHit> checkRename(const QJsonObject &rename, SectionFacts &facts)
{
    const QString type = rename.value(u"renameType"_qs).toString();
    const QString table = rename.value(u"relation"_qs).toObject().value(u"relname"_qs).toString();
    const QString newName = rename.value(u"newname"_qs).toString();
    if (facts.newTables.contains(table)) {
        if (type == u"OBJECT_TABLE")
            facts.newTables.insert(newName); // still new under its new name
        return {};
    }
    if (type == u"OBJECT_TABLE")
        return {hit(u"rename-table"_qs, u"ALTER TABLE %1 RENAME TO %2"_qs.arg(table, newName))};
    if (type == u"OBJECT_COLUMN" && rename.value(u"relationType"_qs).toString() == u"OBJECT_TABLE")
        return {
            hit(u"rename-column"_qs, u"ALTER TABLE %1 RENAME COLUMN %2 TO %3"_qs.arg(
                                         table, rename.value(u"subname"_qs).toString(), newName))};
    return {};
}

} // namespace

QVector<RuleHit> checkStatement(const ParsedStatement &statement, SectionFacts &facts)
{
    const QJsonObject &node = statement.node;
    if (statement.type == u"CreateStmt") {
        facts.newTables.insert(
            node.value(u"relation"_qs).toObject().value(u"relname"_qs).toString());
        return {};
    }
    if (statement.type == u"CreateTableAsStmt") {
        const QJsonObject into = node.value(u"into"_qs).toObject(); // an inline IntoClause
        facts.newTables.insert(into.value(u"rel"_qs).toObject().value(u"relname"_qs).toString());
        return {};
    }
    if (statement.type == u"DropStmt")
        return checkDrop(node, facts);
    if (statement.type == u"IndexStmt")
        return checkCreateIndex(node, facts);
    if (statement.type == u"RenameStmt")
        return checkRename(node, facts);
    if (statement.type == u"AlterTableStmt")
        return checkAlterTable(statement, facts);
    return {};
}

} // namespace retort
