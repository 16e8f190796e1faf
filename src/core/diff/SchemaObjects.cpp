#include "diff/SchemaObjects.h"

#include <QRegularExpression>
#include <QSet>

namespace retort::diff {

bool Column::sameDefinition(const Column &o) const
{
    return name == o.name && type == o.type && collation == o.collation && notNull == o.notNull &&
           defaultExpr == o.defaultExpr && identity == o.identity &&
           identityOptions == o.identityOptions && settings == o.settings &&
           generatedExpr == o.generatedExpr && primaryKeyPosition == o.primaryKeyPosition &&
           inherited == o.inherited;
}

bool Sequence::sameDefinition(const Sequence &o) const
{
    return dataType == o.dataType && start == o.start && increment == o.increment &&
           minValue == o.minValue && maxValue == o.maxValue && cache == o.cache &&
           cycle == o.cycle && ownedBy == o.ownedBy;
}

const Column *Table::column(const QString &columnName) const
{
    for (const Column &c : columns)
        if (c.name == columnName)
            return &c;
    return nullptr;
}

const Constraint *Table::constraint(const QString &constraintName) const
{
    for (const Constraint &c : constraints)
        if (c.name == constraintName)
            return &c;
    return nullptr;
}

bool Schema::isEmpty() const
{
    return schemas.isEmpty() && extensions.isEmpty() && enums.isEmpty() && tables.isEmpty() &&
           indexes.isEmpty() && sequences.isEmpty() && views.isEmpty() && triggers.isEmpty() &&
           functions.isEmpty() && comments.isEmpty() && policies.isEmpty() && types.isEmpty() &&
           domains.isEmpty() && compositeTypes.isEmpty();
}

QString quoteIdentifier(const QString &name)
{
    // Words both dialects reserve that users plausibly name columns after.
    static const QSet<QString> reserved = {
        u"all"_qs,        u"and"_qs,        u"as"_qs,          u"asc"_qs,     u"between"_qs,
        u"by"_qs,         u"case"_qs,       u"check"_qs,       u"collate"_qs, u"column"_qs,
        u"constraint"_qs, u"create"_qs,     u"default"_qs,     u"desc"_qs,    u"distinct"_qs,
        u"drop"_qs,       u"else"_qs,       u"end"_qs,         u"except"_qs,  u"foreign"_qs,
        u"from"_qs,       u"group"_qs,      u"having"_qs,      u"in"_qs,      u"index"_qs,
        u"into"_qs,       u"is"_qs,         u"join"_qs,        u"key"_qs,     u"limit"_qs,
        u"not"_qs,        u"null"_qs,       u"on"_qs,          u"or"_qs,      u"order"_qs,
        u"primary"_qs,    u"references"_qs, u"select"_qs,      u"set"_qs,     u"table"_qs,
        u"then"_qs,       u"to"_qs,         u"transaction"_qs, u"union"_qs,   u"unique"_qs,
        u"user"_qs,       u"using"_qs,      u"values"_qs,      u"when"_qs,    u"where"_qs,
        u"with"_qs};
    static const QRegularExpression plain(u"^[a-z_][a-z0-9_$]*$"_qs);
    if (plain.match(name).hasMatch() && !reserved.contains(name))
        return name;
    QString q = name;
    q.replace(u'"', u"\"\""_qs);
    return u'"' + q + u'"';
}

} // namespace retort::diff
