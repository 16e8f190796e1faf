#include "diff/SqliteDiff.h"

#include "diff/RenameHints.h"
#include "diff/SqliteText.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace retort::diff {

namespace {

enum Phase {
    DropView,
    DropTrigger,
    DropIndex,
    RenameTable,
    CreateTable,
    AlterTable,
    DropTable,
    CreateIndex,
    CreateView,
    CreateTrigger,
};

bool isTableConstraint(const QString &item)
{
    static const QRegularExpression re(u"^(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\\b"_qs,
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(item).hasMatch();
}

// Whether ALTER TABLE ADD COLUMN accepts this column definition on a table with rows:
// no key, no stored generated value, and NOT NULL only with a default other than NULL.
bool addableColumn(const QString &item)
{
    if (isTableConstraint(item))
        return false;
    const QString upper = normalisedSql(item).toUpper();
    static const QRegularExpression forbidden(
        u"\\b(PRIMARY\\s+KEY|UNIQUE|STORED|CURRENT_TIME|CURRENT_DATE|CURRENT_TIMESTAMP)\\b"_qs);
    if (forbidden.match(upper).hasMatch())
        return false;
    static const QRegularExpression defaultExpr(u"\\bDEFAULT\\s*\\("_qs);
    if (defaultExpr.match(upper).hasMatch())
        return false;
    static const QRegularExpression notNull(u"\\bNOT\\s+NULL\\b"_qs);
    static const QRegularExpression nullDefault(u"\\bDEFAULT\\s+NULL\\b"_qs);
    if (notNull.match(upper).hasMatch() &&
        (!upper.contains(u"DEFAULT"_qs) || nullDefault.match(upper).hasMatch()))
        return false;
    return true;
}

// Whether ALTER TABLE DROP COLUMN (SQLite 3.35+) accepts dropping this column definition:
// not a key, not UNIQUE, no foreign key, not generated. (What else names the column, a
// table constraint or another column, is checked by the caller; indexes, views and
// triggers on it are dropped in earlier phases.)
bool droppableColumn(const QString &item)
{
    if (isTableConstraint(item))
        return false;
    static const QRegularExpression forbidden(
        u"\\b(PRIMARY\\s+KEY|UNIQUE|REFERENCES|GENERATED|AS\\s*\\()"_qs);
    return !forbidden.match(normalisedSql(item).toUpper()).hasMatch();
}

// A column item's name as written (quoted or not), and without its quotes.
QString columnNameAsWritten(const QString &item)
{
    static const QRegularExpression name(
        u"^(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*\\]|[^\\s(]+)"_qs);
    return name.match(item).captured(1);
}

QString unquotedName(const QString &name)
{
    if (name.size() >= 2 && QStringLiteral("\"`[").contains(name.front()))
        return name.mid(1, name.size() - 2);
    return name;
}

// Normalised text for comparing table definitions: SQLite's ALTER TABLE RENAME writes the
// new name quoted into the REFERENCES of other tables ("accounts"), where the desired
// schema has it bare; a plain identifier means the same either way.
QString comparableSql(const QString &sql)
{
    static const QRegularExpression quotedTarget(
        u"(\\bREFERENCES\\s*)[\"`\\[]([A-Za-z_][A-Za-z0-9_]*)[\"`\\]]"_qs,
        QRegularExpression::CaseInsensitiveOption);
    return normalisedSql(sql).replace(quotedTarget, u"\\1\\2"_qs);
}

QStringList normalisedItems(const QString &createSql)
{
    QStringList items;
    for (const QString &item : tableBodyItems(createSql))
        items.append(comparableSql(item));
    return items;
}

struct SqliteDiffer {
    const Schema &from;
    const Schema &to;
    const Renames &renames;
    PlanBuilder plan{u"sqlite"_qs};
    QSet<QString> rebuiltTables; // TO keys
    QSet<QString> touchedTables; // TO and FROM keys of tables renamed, altered or rebuilt
    QSet<QString> droppedTables; // FROM keys of tables not in TO (not renamed either)
    bool guarded = false;        // the foreign-keys-off check is in the plan

    bool isReferenced(const QString &fromKey) const
    {
        for (const Table &other : from.tables)
            if (other.key != fromKey)
                for (const Constraint &c : other.constraints)
                    if (c.referencedTable == fromKey)
                        return true;
        return false;
    }

    const Table *sourceTable(const Table &t) const
    {
        const QString old = renames.tables.value(t.key);
        if (!old.isEmpty() && from.tables.contains(old) && !to.tables.contains(old))
            return &*from.tables.constFind(old);
        const auto it = from.tables.constFind(t.key);
        return it == from.tables.constEnd() ? nullptr : &*it;
    }

    // The columns copied into the rebuilt table: TO's columns that continue a FROM column
    // (by name, or by a declared rename, which RENAME COLUMN has already applied by the
    // time the rows are copied, so both sides use the new name). `usedFrom` gets the
    // FROM names, so the ones left out can be named as lost.
    QStringList copiedColumns(const Table &f, const Table &t, QStringList &usedFrom) const
    {
        QStringList names;
        for (const Column &c : t.columns) {
            if (!c.generatedExpr.isEmpty())
                continue;
            const QString old = continuedColumn(renames, f, t, c.name);
            const Column *fc = f.column(old);
            if (!fc || !fc->generatedExpr.isEmpty())
                continue;
            names.append(c.name);
            usedFrom.append(old);
        }
        return names;
    }

    void rebuild(const Table &f, const Table &t)
    {
        ObjectScope scope(plan);
        const QString tmp = quoteIdentifier(u"_retort_new_"_qs + t.name.toLower().remove(u'"'));
        QStringList usedFrom;
        const QStringList columns = copiedColumns(f, t, usedFrom);
        QStringList lost;
        for (const Column &c : f.columns)
            if (c.generatedExpr.isEmpty() && !usedFrom.contains(c.name))
                lost.append(c.name);
        QStringList hazards = {u"table %1 is rebuilt (new table, rows copied, old one dropped, "
                               "new one renamed): run with foreign keys off and check "
                               "PRAGMA foreign_key_check before commit"_qs.arg(t.key)};
        if (!lost.isEmpty())
            hazards.append(
                u"data loss: the values of column(s) %1 of %2 are not copied (if one "
                "was renamed, end its new line with `-- retort:renamed-from OLD`)"_qs.arg(
                    lost.join(u", "_qs), t.key));
        // With foreign keys on, DROP TABLE would delete the old rows first and fire the
        // ON DELETE actions of tables that reference this one (CASCADE: their rows go
        // too). The rebuild needs foreign keys off; this statement fails the run (rolled
        // back, nothing lost) when they are on.
        if (isReferenced(f.key) && !guarded) {
            plan.add(AlterTable, u"CREATE TEMP TABLE _retort_guard (fk INTEGER CONSTRAINT "
                                 "retort_rebuild_needs_foreign_keys_off CHECK (fk = 0))"_qs);
            plan.add(AlterTable, u"INSERT INTO _retort_guard SELECT foreign_keys FROM "
                                 "pragma_foreign_keys"_qs);
            plan.add(AlterTable, u"DROP TABLE _retort_guard"_qs);
            guarded = true;
        }
        plan.add(AlterTable, withName(t.createSql, tmp), hazards);
        plan.add(AlterTable, u"INSERT INTO %1 (%2) SELECT %3 FROM %4"_qs.arg(
                                 tmp, columns.join(u", "_qs), columns.join(u", "_qs), t.key));
        plan.add(AlterTable, u"DROP TABLE "_qs + t.key);
        plan.add(AlterTable, u"ALTER TABLE %1 RENAME TO %2"_qs.arg(tmp, t.key));
        rebuiltTables.insert(t.key);
        plan.change(Change::Kind::Changed, u"table"_qs, t.key, u"rebuilt"_qs + rebuildReason(f, t));
    }

    // What the rebuild is for, column by column: ": - old, ~ changed, + new, constraints".
    QString rebuildReason(const Table &f, const Table &t) const
    {
        QHash<QString, QString> fromItems; // unquoted column name -> normalised item
        QStringList fromColumns, fromConstraints, toConstraints, parts;
        for (const QString &item : tableBodyItems(withRenamedReferences(f.createSql))) {
            if (isTableConstraint(item)) {
                fromConstraints.append(comparableSql(item));
                continue;
            }
            fromColumns.append(unquotedName(columnNameAsWritten(item)));
            fromItems.insert(fromColumns.last(), comparableSql(item));
        }
        QSet<QString> continued;
        for (const QString &item : tableBodyItems(t.createSql)) {
            if (isTableConstraint(item)) {
                toConstraints.append(comparableSql(item));
                continue;
            }
            const QString name = unquotedName(columnNameAsWritten(item));
            const QString old = continuedColumn(renames, f, t, name);
            const auto it = fromItems.constFind(old);
            if (it == fromItems.constEnd()) {
                parts.append(u"+ "_qs + name);
                continue;
            }
            continued.insert(old);
            // A renamed column's item names it anew; the rest of it is what counts.
            if (comparableSql(item).section(u' ', 1) != it->section(u' ', 1))
                parts.append(u"~ "_qs + name);
        }
        QStringList removed;
        for (const QString &name : fromColumns)
            if (!continued.contains(name))
                removed.append(u"- "_qs + name);
        parts = removed + parts;
        if (fromConstraints != toConstraints)
            parts.append(u"table constraints"_qs);
        return parts.isEmpty() ? QString() : u" for "_qs + parts.join(u", "_qs);
    }

    // Columns dropped, the others as they were: ALTER TABLE DROP COLUMN keeps the table,
    // its rows and rowids, and needs no foreign keys off. A column SQLite will not drop
    // in place (see droppableColumn, or one another item names) needs the rebuild.
    bool tryDropColumns(const Table &f, const Table &t)
    {
        const QStringList fi = normalisedItems(f.createSql);
        const QStringList ti = normalisedItems(t.createSql);
        const QStringList raw = tableBodyItems(f.createSql);
        if (ti.isEmpty() || ti.size() >= fi.size() || raw.size() != fi.size())
            return false;
        QStringList dropped;
        qsizetype j = 0;
        for (qsizetype i = 0; i < fi.size(); ++i) {
            if (j < ti.size() && fi[i] == ti[j]) {
                ++j;
                continue;
            }
            if (!droppableColumn(raw[i]))
                return false;
            dropped.append(columnNameAsWritten(raw[i]));
        }
        if (j != ti.size())
            return false;
        for (const QString &name : dropped)
            for (const QString &item : ti)
                if (mentionsName(item, unquotedName(name)))
                    return false;
        for (const QString &name : dropped) {
            ObjectScope scope(plan);
            plan.add(AlterTable, u"ALTER TABLE %1 DROP COLUMN %2"_qs.arg(t.key, name),
                     {u"data loss: drops column %1.%2 and its values"_qs.arg(t.key,
                                                                             unquotedName(name))});
            plan.change(Change::Kind::Removed, u"column"_qs, t.key + u'.' + unquotedName(name));
        }
        return true;
    }

    // The text SQLite stores once the declared table renames have run: since 3.26 ALTER
    // TABLE RENAME points other tables' REFERENCES at the new name (whatever foreign_keys
    // says), so a table that only references a renamed one is left as it is.
    QString withRenamedReferences(QString sql) const
    {
        for (auto it = renames.tables.constBegin(); it != renames.tables.constEnd(); ++it) {
            const QString &oldKey = it.value();
            if (!from.tables.contains(oldKey) || to.tables.contains(oldKey) ||
                !to.tables.contains(it.key()))
                continue;
            const QRegularExpression target(u"(\\bREFERENCES\\s*)[\"`\\[]?"_qs +
                                                QRegularExpression::escape(unquotedName(oldKey)) +
                                                u"[\"`\\]]?(?![\\w$])"_qs,
                                            QRegularExpression::CaseInsensitiveOption);
            sql.replace(target, u"\\1"_qs + it.key());
        }
        return sql;
    }

    // Columns added at the end that ADD COLUMN can add; anything else needs a rebuild.
    bool tryAddColumns(const Table &f, const Table &t)
    {
        const QStringList fi = normalisedItems(f.createSql);
        const QStringList ti = normalisedItems(t.createSql);
        if (ti.size() <= fi.size() || ti.mid(0, fi.size()) != fi)
            return false;
        const QStringList raw = tableBodyItems(t.createSql);
        for (qsizetype i = fi.size(); i < raw.size(); ++i)
            if (!addableColumn(raw[i]))
                return false;
        for (qsizetype i = fi.size(); i < raw.size(); ++i) {
            ObjectScope scope(plan);
            plan.add(AlterTable, u"ALTER TABLE %1 ADD COLUMN %2"_qs.arg(t.key, raw[i]));
            plan.change(Change::Kind::Added, u"column"_qs,
                        t.key + u'.' + raw[i].section(u' ', 0, 0));
        }
        return true;
    }

    void diffTables()
    {
        QSet<QString> continued;
        QStringList added;
        for (const Table &t : to.tables) {
            const Table *f = sourceTable(t);
            if (!f) {
                ObjectScope scope(plan);
                plan.add(CreateTable, t.createSql);
                plan.change(Change::Kind::Added, u"table"_qs, t.key);
                added.append(t.key);
                continue;
            }
            continued.insert(f->key);
            if (f->key != t.key) {
                ObjectScope scope(plan);
                plan.add(RenameTable, u"ALTER TABLE %1 RENAME TO %2"_qs.arg(f->key, t.key));
                plan.change(Change::Kind::Renamed, u"table"_qs, t.key, u"from "_qs + f->key);
                touchedTables << f->key << t.key;
            }
            const QHash<QString, QString> renamed = renames.columns.value(t.key);
            Table renamedFrom = *f;
            for (auto it = renamed.constBegin(); it != renamed.constEnd(); ++it) {
                if (continuedColumn(renames, *f, t, it.key()) == it.key())
                    continue;
                ObjectScope scope(plan);
                plan.add(RenameTable, u"ALTER TABLE %1 RENAME COLUMN %2 TO %3"_qs.arg(
                                          t.key, it.value(), it.key()));
                plan.change(Change::Kind::Renamed, u"column"_qs, t.key + u'.' + it.key(),
                            u"from "_qs + it.value());
                touchedTables << t.key;
                // What SQLite's RENAME COLUMN does to the stored text.
                renamedFrom.createSql.replace(
                    QRegularExpression(u"\\b"_qs + QRegularExpression::escape(it.value()) +
                                       u"\\b"_qs),
                    it.key());
            }
            renamedFrom.createSql = withRenamedReferences(renamedFrom.createSql);
            if (comparableSql(withoutName(renamedFrom.createSql)) ==
                comparableSql(withoutName(t.createSql)))
                continue;
            touchedTables << t.key;
            if (!tryAddColumns(renamedFrom, t) && !tryDropColumns(renamedFrom, t))
                rebuild(*f, t);
        }
        for (const Table &f : from.tables) {
            if (continued.contains(f.key))
                continue;
            ObjectScope scope(plan);
            QStringList hazards = {u"data loss: drops table %1 and every row in it"_qs.arg(f.key)};
            if (!added.isEmpty())
                hazards.append(
                    u"if %1 was renamed, put `-- retort:renamed-from %1` above the "
                    "CREATE TABLE of its new name; as written its rows are lost"_qs.arg(f.key));
            plan.add(DropTable, u"DROP TABLE "_qs + f.key, hazards);
            droppedTables << f.key;
            plan.change(Change::Kind::Removed, u"table"_qs, f.key);
            touchedTables << f.key;
        }
    }

    bool mentionsTouched(const QString &sql) const
    {
        for (const QString &t : touchedTables)
            if (mentionsName(sql, QString(t).remove(u'"')))
                return true;
        return false;
    }

    // Indexes, views and triggers: equal text is kept, unless the table under it is
    // rebuilt (which drops an index or trigger with it) or a view or trigger reads a
    // table being changed (SQLite's RENAME refuses while one refers to a missing table).
    template <typename Object>
    void diffDependents(const QMap<QString, Object> &f, const QMap<QString, Object> &t,
                        const QString &type, const QString &dropVerb, int dropPhase,
                        int createPhase, bool dropsWithTable, bool readsTables)
    {
        QHash<QString, int> drops; // a recreated one's DROP, for the change its CREATE records
        for (const Object &o : f) {
            const auto other = t.constFind(o.key());
            const bool same = other != t.constEnd() &&
                              normalisedSql(other->sqlText()) == normalisedSql(o.sqlText());
            const bool ownerGone = dropsWithTable && (rebuiltTables.contains(o.owner()) ||
                                                      droppedTables.contains(o.owner()));
            const bool reads = readsTables && mentionsTouched(o.sqlText());
            if (same && !reads && !(dropsWithTable && rebuiltTables.contains(o.owner())))
                continue;
            ObjectScope scope(plan);
            if (!ownerGone)
                drops.insert(o.key(), plan.add(dropPhase, dropVerb + o.key()));
            if (other == t.constEnd())
                plan.change(Change::Kind::Removed, type, o.key());
        }
        for (const Object &o : t) {
            const auto other = f.constFind(o.key());
            const bool same = other != f.constEnd() &&
                              normalisedSql(other->sqlText()) == normalisedSql(o.sqlText());
            const bool withTable = dropsWithTable && rebuiltTables.contains(o.owner());
            const bool recreated = withTable || (readsTables && other != f.constEnd() &&
                                                 mentionsTouched(other->sqlText()));
            if (same && !recreated)
                continue;
            ObjectScope scope(plan);
            const int create = plan.add(createPhase, o.sqlText());
            // One made again with its rebuilt table belongs to that table's change.
            const int change = !same ? plan.change(other == f.constEnd() ? Change::Kind::Added
                                                                         : Change::Kind::Changed,
                                                   type, o.key())
                               : withTable ? plan.changeOf(o.owner())
                                           : plan.change(Change::Kind::Changed, type, o.key(),
                                                         u"rebuilt: what it reads changes"_qs);
            if (change >= 0) {
                plan.claim(change, create);
                if (drops.contains(o.key()))
                    plan.claim(change, drops.value(o.key()));
            }
        }
    }
};

// Uniform access for diffDependents.
struct IndexRef {
    Index i;
    QString key() const { return i.key; }
    QString owner() const { return i.table; }
    QString sqlText() const { return i.definition; }
};
struct ViewRef {
    View v;
    QString key() const { return v.key; }
    QString owner() const { return {}; }
    QString sqlText() const { return v.definition; }
};
struct TriggerRef {
    Trigger t;
    QString key() const { return t.name; }
    QString owner() const { return t.table; }
    QString sqlText() const { return t.definition; }
};

template <typename Ref, typename Object>
QMap<QString, Ref> refs(const QMap<QString, Object> &objects)
{
    QMap<QString, Ref> out;
    for (auto it = objects.constBegin(); it != objects.constEnd(); ++it)
        out.insert(it.key(), Ref{it.value()});
    return out;
}

} // namespace

DiffPlan diffSqlite(const Schema &from, const Schema &to, const Renames &renames)
{
    SqliteDiffer d{from, to, renames, PlanBuilder(u"sqlite"_qs), {}, {}, {}, false};
    d.diffTables();
    d.diffDependents(refs<IndexRef>(from.indexes), refs<IndexRef>(to.indexes), u"index"_qs,
                     u"DROP INDEX "_qs, DropIndex, CreateIndex, true, false);
    d.diffDependents(refs<ViewRef>(from.views), refs<ViewRef>(to.views), u"view"_qs,
                     u"DROP VIEW "_qs, DropView, CreateView, false, true);
    d.diffDependents(refs<TriggerRef>(from.triggers), refs<TriggerRef>(to.triggers), u"trigger"_qs,
                     u"DROP TRIGGER "_qs, DropTrigger, CreateTrigger, true, true);
    return d.plan.finish();
}

} // namespace retort::diff
