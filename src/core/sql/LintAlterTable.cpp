#include "sql/LintRules.h"

#include "sql/ParseTree.h"

#include <QJsonArray>

namespace retort {

namespace {

RuleHit hit(const QString &rule, const QString &subject)
{
    return RuleHit{rule, subject + u": "_qs + lintRuleWhy(rule)};
}

// Functions whose default is computed anew for each row (provolatile 'v'), so adding a
// column with one rewrites the table. now() and CURRENT_TIMESTAMP are stable: PostgreSQL
// 11+ evaluates them once and stores the value in the catalog, no rewrite.
bool isVolatileFunction(const QString &name)
{
    static const QSet<QString> names = {
        u"random"_qs,
        u"random_normal"_qs,
        u"clock_timestamp"_qs,
        u"timeofday"_qs,
        u"gen_random_uuid"_qs,
        u"uuid_generate_v1"_qs,
        u"uuid_generate_v1mc"_qs,
        u"uuid_generate_v4"_qs,
        u"nextval"_qs,
        u"gen_random_bytes"_qs,
    };
    return names.contains(name.toLower());
}

// The first volatile function called anywhere in an expression tree, or "".
QString volatileCall(const QJsonValue &tree)
{
    if (tree.isArray()) {
        for (const QJsonValue &item : tree.toArray())
            if (const QString found = volatileCall(item); !found.isEmpty())
                return found;
        return {};
    }
    const QJsonObject object = tree.toObject();
    if (object.contains(u"FuncCall"_qs)) {
        const QStringList name =
            pgtree::strings(pgtree::as(tree, "FuncCall").value(u"funcname"_qs).toArray());
        if (!name.isEmpty() && isVolatileFunction(name.last()))
            return name.last() + u"()"_qs;
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        if (const QString found = volatileCall(it.value()); !found.isEmpty())
            return found;
    return {};
}

bool isSerialType(const QJsonObject &typeName)
{
    const QStringList names = pgtree::strings(typeName.value(u"names"_qs).toArray());
    static const QSet<QString> serials = {u"serial"_qs,  u"serial4"_qs,     u"bigserial"_qs,
                                          u"serial8"_qs, u"smallserial"_qs, u"serial2"_qs};
    return names.size() == 1 && serials.contains(names.first());
}

void checkAddColumn(const QString &table, const QJsonObject &column, QVector<RuleHit> &hits)
{
    const QString subject =
        u"ALTER TABLE %1 ADD COLUMN %2"_qs.arg(table, column.value(u"colname"_qs).toString());
    bool notNull = false;
    bool unique = false;
    bool foreignKey = false;
    QJsonValue defaultExpr;
    QString perRow; // why each row gets its own value, if it does
    if (isSerialType(column.value(u"typeName"_qs).toObject()))
        perRow = u"serial"_qs;
    for (const QJsonValue &raw : column.value(u"constraints"_qs).toArray()) {
        const QJsonObject constraint = pgtree::as(raw, "Constraint");
        const QString type = constraint.value(u"contype"_qs).toString();
        if (type == u"CONSTR_NOTNULL")
            notNull = true;
        else if (type == u"CONSTR_PRIMARY")
            notNull = unique = true;
        else if (type == u"CONSTR_UNIQUE")
            unique = true;
        else if (type == u"CONSTR_FOREIGN")
            foreignKey = true;
        else if (type == u"CONSTR_DEFAULT")
            defaultExpr = constraint.value(u"raw_expr"_qs);
        else if (type == u"CONSTR_IDENTITY")
            perRow = u"GENERATED AS IDENTITY"_qs;
        else if (type == u"CONSTR_GENERATED")
            perRow = u"GENERATED ... STORED"_qs;
    }
    const bool hasDefault = !defaultExpr.isUndefined() && !defaultExpr.isNull();
    if (perRow.isEmpty() && hasDefault)
        perRow = volatileCall(defaultExpr);

    if (notNull && !hasDefault && perRow.isEmpty())
        hits.append(hit(u"add-column-not-null-without-default"_qs, subject + u" NOT NULL"_qs));
    if (!perRow.isEmpty())
        hits.append(hit(u"volatile-default"_qs, subject + u" with "_qs + perRow));
    if (unique)
        hits.append(hit(u"add-unique-constraint"_qs, subject + u" UNIQUE"_qs));
    // PostgreSQL skips validating a foreign key on a column added without a default (every
    // row is NULL); with a default it checks each row.
    if (foreignKey && hasDefault)
        hits.append(hit(u"add-foreign-key-without-not-valid"_qs, subject + u" REFERENCES"_qs));
}

void checkAddConstraint(const QString &table, const QJsonObject &constraint, QVector<RuleHit> &hits)
{
    const QString type = constraint.value(u"contype"_qs).toString();
    const QString name = constraint.value(u"conname"_qs).toString();
    const QString subject =
        u"ALTER TABLE %1 ADD CONSTRAINT %2"_qs.arg(table, name.isEmpty() ? u"(unnamed)"_qs : name);
    const bool notValid = constraint.value(u"skip_validation"_qs).toBool();
    if (type == u"CONSTR_FOREIGN" && !notValid)
        hits.append(hit(u"add-foreign-key-without-not-valid"_qs, subject + u" FOREIGN KEY"_qs));
    else if (type == u"CONSTR_CHECK" && !notValid)
        hits.append(hit(u"add-check-without-not-valid"_qs, subject + u" CHECK"_qs));
    else if ((type == u"CONSTR_UNIQUE" || type == u"CONSTR_PRIMARY") &&
             constraint.value(u"indexname"_qs).toString().isEmpty())
        hits.append(hit(u"add-unique-constraint"_qs,
                        subject + (type == u"CONSTR_UNIQUE" ? u" UNIQUE"_qs : u" PRIMARY KEY"_qs)));
}

} // namespace

QVector<RuleHit> checkAlterTable(const ParsedStatement &statement, const SectionFacts &facts)
{
    const QJsonObject &node = statement.node;
    const QString table = node.value(u"relation"_qs).toObject().value(u"relname"_qs).toString();
    if (node.value(u"objtype"_qs).toString() != u"OBJECT_TABLE" || facts.newTables.contains(table))
        return {};
    QVector<RuleHit> hits;
    for (const QJsonValue &raw : node.value(u"cmds"_qs).toArray()) {
        const QJsonObject cmd = pgtree::as(raw, "AlterTableCmd");
        const QString subtype = cmd.value(u"subtype"_qs).toString();
        const QString column = cmd.value(u"name"_qs).toString();
        if (subtype == u"AT_DropColumn")
            hits.append(
                hit(u"drop-column"_qs, u"ALTER TABLE %1 DROP COLUMN %2"_qs.arg(table, column)));
        else if (subtype == u"AT_AlterColumnType")
            hits.append(hit(u"alter-column-type"_qs,
                            u"ALTER TABLE %1 ALTER COLUMN %2 TYPE"_qs.arg(table, column)));
        else if (subtype == u"AT_SetNotNull")
            hits.append(hit(u"set-not-null"_qs,
                            u"ALTER TABLE %1 ALTER COLUMN %2 SET NOT NULL"_qs.arg(table, column)));
        else if (subtype == u"AT_AddColumn")
            checkAddColumn(table, pgtree::as(cmd.value(u"def"_qs), "ColumnDef"), hits);
        else if (subtype == u"AT_AddConstraint")
            checkAddConstraint(table, pgtree::as(cmd.value(u"def"_qs), "Constraint"), hits);
    }
    return hits;
}

} // namespace retort
