#include "log/LogView.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>

namespace retort::gui {

namespace {
enum Column { TimeColumn, RevisionColumn, LocationColumn, DurationColumn, TextColumn };
}

LogView::LogView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("log"));
    setColumnCount(5);
    setHeaderLabels({tr("Time"), tr("Revision"), tr("Location"), tr("ms"), tr("Statement")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    header()->setStretchLastSection(true);
    // Wide enough for "file.sql:123" and a 12-character revision at any window size;
    // the user can still drag them.
    header()->setMinimumSectionSize(40);
    const int digit = fontMetrics().horizontalAdvance(u'0');
    setColumnWidth(TimeColumn, digit * 10);
    setColumnWidth(RevisionColumn, digit * 16);
    setColumnWidth(LocationColumn, digit * 30);
    setColumnWidth(DurationColumn, digit * 8);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    connect(copy, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedText()); });
    addAction(copy);
}

void LogView::addStatement(const QString &revision, const QString &location, const QString &sql,
                           double milliseconds)
{
    auto *item = new QTreeWidgetItem(this);
    item->setText(TimeColumn, QTime::currentTime().toString(u"HH:mm:ss"_qs));
    item->setText(RevisionColumn, revision);
    item->setText(LocationColumn, location.section(u'/', -1));
    // A long file name widens its column once rather than being cut to "add_proj…".
    if (const int wanted = fontMetrics().horizontalAdvance(item->text(LocationColumn)) + 16;
        wanted > columnWidth(LocationColumn) && wanted < width() / 2)
        setColumnWidth(LocationColumn, wanted);
    item->setToolTip(LocationColumn, location);
    item->setText(DurationColumn, QString::number(milliseconds, 'f', 1));
    item->setTextAlignment(DurationColumn, Qt::AlignRight | Qt::AlignVCenter);
    item->setText(TextColumn, sql.simplified());
    item->setToolTip(TextColumn, sql);
    item->setFont(TextColumn, QFontDatabase::systemFont(QFontDatabase::FixedFont));
    scrollToItem(item);
}

void LogView::addMessage(const QString &text, bool isError)
{
    auto *item = new QTreeWidgetItem(this);
    item->setText(TimeColumn, QTime::currentTime().toString(u"HH:mm:ss"_qs));
    item->setText(TextColumn, text.simplified());
    item->setToolTip(TextColumn, text);
    item->setFirstColumnSpanned(false);
    if (isError)
        for (int c = 0; c < columnCount(); ++c)
            item->setForeground(c, QColor(0xc6, 0x28, 0x28));
    scrollToItem(item);
}

QString LogView::selectedText() const
{
    QStringList lines;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = topLevelItem(i);
        if (!item->isSelected())
            continue;
        QStringList cells;
        for (int c = 0; c < columnCount(); ++c)
            cells.append(c == TextColumn ? item->toolTip(c) : item->text(c));
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n');
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectedText());
        return;
    }
    QTreeWidget::keyPressEvent(event);
}

} // namespace retort::gui
