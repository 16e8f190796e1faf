#include "database/DatabasePanel.h"

#include "database/RowPageModel.h"
#include "run/RunController.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

DatabasePanel::DatabasePanel(RunController *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_tables(new QTreeWidget)
    , m_message(new QLabel)
    , m_structure(new QPlainTextEdit)
    , m_rows(new QTableView)
    , m_rowModel(new RowPageModel(this))
{
    m_tables->setObjectName(QStringLiteral("tableList"));
    m_tables->setHeaderLabels({tr("Schema"), tr("Name"), tr("Type"), tr("Owner"), tr("Size")});
    m_tables->setRootIsDecorated(false);
    m_tables->setUniformRowHeights(true);
    m_tables->setSortingEnabled(true);
    m_message->setWordWrap(true);
    m_message->hide();

    m_structure->setObjectName(QStringLiteral("tableStructure"));
    m_structure->setReadOnly(true);
    m_structure->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_structure->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_rows->setObjectName(QStringLiteral("tableRows"));
    m_rows->setModel(m_rowModel);
    m_rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 6);

    auto *detail = new QTabWidget;
    detail->addTab(m_structure, tr("Structure"));
    detail->addTab(m_rows, tr("Rows"));

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_tables);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(m_runs, &RunController::tablesListed, this, &DatabasePanel::showTables);
    connect(m_runs, &RunController::tableDescribed, this,
            [this](const QString &text, const QString &error) {
                m_structure->setPlainText(error.isEmpty() ? text : error);
                Q_EMIT structureShown();
            });
    connect(m_rowModel, &RowPageModel::pageWanted, m_runs, &RunController::fetchRows);
    connect(m_runs, &RunController::rowsFetched, this,
            [this](const QStringList &columns, const QVector<QVariantList> &rows, int offset,
                   const QString &error) {
                if (!error.isEmpty())
                    m_structure->appendPlainText(u"\n"_qs + error);
                m_rowModel->appendPage(columns, rows, offset);
            });
    connect(m_tables, &QTreeWidget::currentItemChanged, this, &DatabasePanel::showSelected);
}

void DatabasePanel::reload()
{
    m_runs->listTables();
}

void DatabasePanel::showTables(const QVector<TableInfo> &tables, const QString &error)
{
    const QString previous = m_tables->currentItem()
                                 ? m_tables->currentItem()->data(1, Qt::UserRole).toString()
                                 : QString();
    m_tables->clear();
    m_message->setVisible(!error.isEmpty());
    m_message->setText(error);
    const QLocale locale;
    for (const TableInfo &t : tables) {
        auto *item = new QTreeWidgetItem(m_tables);
        item->setText(0, t.schema);
        item->setText(1, t.name);
        item->setData(1, Qt::UserRole, QString(t.schema + u'.' + t.name));
        item->setText(2, relationKindName(t.kind));
        item->setText(3, t.owner);
        item->setText(4, t.sizeBytes < 0 ? QString() : locale.formattedDataSize(t.sizeBytes));
        item->setData(0, Qt::UserRole, int(t.kind));
    }
    for (int c = 0; c < m_tables->columnCount(); ++c)
        m_tables->resizeColumnToContents(c);
    if (!previous.isEmpty())
        selectTable(previous);
    Q_EMIT tablesShown();
}

bool DatabasePanel::selectTable(const QString &name)
{
    for (int i = 0; i < m_tables->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tables->topLevelItem(i);
        if (item->text(1) == name || item->data(1, Qt::UserRole).toString() == name) {
            m_tables->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void DatabasePanel::showSelected()
{
    QTreeWidgetItem *item = m_tables->currentItem();
    if (!item) {
        m_structure->clear();
        m_rowModel->reset({}, {});
        return;
    }
    m_structure->setPlainText(tr("Reading %1…").arg(item->data(1, Qt::UserRole).toString()));
    m_runs->describe(item->data(1, Qt::UserRole).toString());
    const auto kind = RelationKind(item->data(0, Qt::UserRole).toInt());
    m_rowModel->reset(kind == RelationKind::Sequence ? QString() : item->text(0),
                      kind == RelationKind::Sequence ? QString() : item->text(1));
}

QString DatabasePanel::structureText() const
{
    return m_structure->toPlainText();
}

} // namespace retort::gui
