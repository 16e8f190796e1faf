#include "compare/ChangeTree.h"

#include "compare/ChangeStatements.h"
#include "rehearse/ChangeTone.h"

#include <QHash>
#include <QTreeWidget>

namespace retort::gui {

namespace {

ChangeTone toneOf(diff::Change::Kind kind)
{
    switch (kind) {
    case diff::Change::Kind::Added:
        return ChangeTone::Added;
    case diff::Change::Kind::Removed:
        return ChangeTone::Removed;
    default:
        return ChangeTone::Changed;
    }
}

QString kindName(diff::Change::Kind kind)
{
    switch (kind) {
    case diff::Change::Kind::Added:
        return QObject::tr("added");
    case diff::Change::Kind::Removed:
        return QObject::tr("removed");
    case diff::Change::Kind::Renamed:
        return QObject::tr("renamed");
    default:
        return QObject::tr("changed");
    }
}

void decorate(QTreeWidgetItem *item, ChangeTone tone, const QString &objectText,
              const QString &changeText, const QVector<int> &statements, const diff::DiffPlan &plan,
              const QPalette &palette)
{
    QStringList hazards;
    for (const int i : statements)
        for (const QString &h : plan.statements[i].hazards)
            if (!hazards.contains(h))
                hazards.append(h);
    item->setText(ChangeTree::ObjectColumn, toneMarker(tone) + u' ' + objectText);
    item->setText(ChangeTree::ChangeColumn, hazards.isEmpty() ? changeText : u"⚠ "_qs + changeText);
    item->setForeground(ChangeTree::ObjectColumn, toneColour(tone, palette));
    if (!hazards.isEmpty())
        item->setToolTip(ChangeTree::ChangeColumn, hazards.join(u'\n'));
    item->setData(ChangeTree::ObjectColumn, ChangeTree::StatementsRole,
                  QVariant::fromValue(statements));
}

} // namespace

void ChangeTree::fill(QTreeWidget *tree, const diff::DiffPlan &plan)
{
    tree->clear();
    const QPalette palette = tree->palette();
    QHash<QString, QTreeWidgetItem *> tables; // a table's name -> its row
    // Tables first, so their columns and constraints find them whatever the order.
    for (int index = 0; index < plan.changes.size(); ++index) {
        const diff::Change &c = plan.changes[index];
        if (c.objectType != u"table")
            continue;
        auto *item = new QTreeWidgetItem(tree);
        item->setData(ObjectColumn, ChangeRole, index);
        QString change = kindName(c.kind);
        if (!c.detail.isEmpty())
            change += u": "_qs + c.detail;
        decorate(item, toneOf(c.kind), u"table "_qs + c.name, change, c.statements, plan, palette);
        tables.insert(c.name, item);
    }
    for (int index = 0; index < plan.changes.size(); ++index) {
        const diff::Change &c = plan.changes[index];
        if (c.objectType == u"table")
            continue;
        QTreeWidgetItem *parent = nullptr;
        QString shown = c.objectType + u' ' + c.name;
        if (isTablePart(c.objectType) && c.name.contains(u'.')) {
            const QString table = c.name.section(u'.', 0, -2);
            parent = tables.value(table);
            if (!parent) { // a table changed only in its parts: a row to hold them
                parent = new QTreeWidgetItem(tree);
                parent->setData(ObjectColumn, ChangeRole, -1);
                decorate(parent, ChangeTone::Changed, u"table "_qs + table, QObject::tr("changed"),
                         statementsOfParts(table, plan), plan, palette);
                tables.insert(table, parent);
            }
            shown = c.objectType + u' ' + c.name.section(u'.', -1);
        }
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
        item->setData(ObjectColumn, ChangeRole, index);
        QString change = kindName(c.kind);
        if (!c.detail.isEmpty())
            change += u": "_qs + c.detail;
        decorate(item, toneOf(c.kind), shown, change, c.statements, plan, palette);
    }
    tree->expandAll();
    tree->resizeColumnToContents(ObjectColumn);
}

} // namespace retort::gui
