#include "database/DatabasePanel.h"

#include "database/CellViewer.h"
#include "database/RowPageModel.h"
#include "run/RunController.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

constexpr int SizeColumn = 4;

// A row of the table list that sorts the Size column by bytes ("8 KiB" below "1.7 MiB"),
// the others by their text.
class TableItem : public QTreeWidgetItem {
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == SizeColumn)
            return data(SizeColumn, Qt::UserRole).toLongLong() <
                   other.data(SizeColumn, Qt::UserRole).toLongLong();
        return QTreeWidgetItem::operator<(other);
    }
};

} // namespace

DatabasePanel::DatabasePanel(RunController *runs, QWidget *parent)
    : QWidget(parent)
    , m_runs(runs)
    , m_tables(new QTreeWidget)
    , m_message(new QLabel)
    , m_structure(new QPlainTextEdit)
    , m_rows(new QTableView)
    , m_rowModel(new RowPageModel(this))
    , m_filter(new QLineEdit)
    , m_rowInfo(new QLabel)
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
    m_rows->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    // Header clicks sort on the server; no indicator at first: primary key order.
    m_rows->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_rows->setSortingEnabled(true);
    connect(m_rows, &QTableView::doubleClicked, this, &DatabasePanel::showCell);

    m_filter->setObjectName(QStringLiteral("rowFilter"));
    m_filter->setPlaceholderText(tr("Filter: a SQL condition, e.g. email LIKE '%@example.com' "
                                    "(Enter applies)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::returnPressed, this,
            [this] { m_rowModel->setFilter(m_filter->text()); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && !m_rowModel->query().filter.isEmpty())
            m_rowModel->setFilter({}); // the clear button
    });
    m_rowInfo->setObjectName(QStringLiteral("rowInfo"));
    connect(m_rowInfo, &QLabel::linkActivated, m_rowModel, &RowPageModel::requestExactCount);
    auto *rowsPage = new QWidget;
    auto *rowsLayout = new QVBoxLayout(rowsPage);
    rowsLayout->setContentsMargins(0, 4, 0, 0);
    rowsLayout->addWidget(m_filter);
    rowsLayout->addWidget(m_rows, 1);
    rowsLayout->addWidget(m_rowInfo);

    auto *detail = new QTabWidget;
    detail->addTab(m_structure, tr("Structure"));
    detail->addTab(rowsPage, tr("Rows"));

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
    connect(m_rowModel, &RowPageModel::countWanted, m_runs, &RunController::countRows);
    connect(m_runs, &RunController::rowsFetched, m_rowModel, &RowPageModel::onPage);
    connect(m_runs, &RunController::rowsCounted, m_rowModel, &RowPageModel::onCount);
    connect(m_rowModel, &RowPageModel::countChanged, this, &DatabasePanel::updateRowInfo);
    // The first page of a table sizes its columns (capped: a long text stays one line);
    // later pages only widen them, so row 300,000's id is not cut to "29...".
    connect(m_rowModel, &QAbstractItemModel::modelReset, this, [this] { m_sized = false; });
    connect(m_rowModel, &RowPageModel::pageArrived, this, [this] {
        const int most = m_rows->fontMetrics().horizontalAdvance(u'0') * 40;
        for (int c = 0; c < m_rowModel->columnCount(); ++c) {
            const int wanted =
                qMin(qMax(static_cast<QAbstractItemView *>(m_rows)->sizeHintForColumn(c),
                          m_rows->horizontalHeader()->sectionSizeHint(c)),
                     most);
            if (!m_sized || wanted > m_rows->columnWidth(c))
                m_rows->setColumnWidth(c, wanted);
        }
        m_sized = true;
    });
    connect(m_rowModel, &RowPageModel::failed, this, [this](const QString &error) {
        m_rowInfo->setText(u"<span style='color:#e53935'>%1</span>"_qs.arg(error.toHtmlEscaped()));
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
        auto *item = new TableItem(m_tables);
        item->setText(0, t.schema);
        item->setText(1, t.name);
        item->setData(1, Qt::UserRole, QString(t.schema + u'.' + t.name));
        item->setText(2, relationKindName(t.kind));
        item->setText(3, t.owner);
        item->setText(SizeColumn,
                      t.sizeBytes < 0 ? QString() : locale.formattedDataSize(t.sizeBytes));
        item->setData(SizeColumn, Qt::UserRole, t.sizeBytes);
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
    {
        // Another table: no filter, no sort (primary key order), without asking twice.
        const QSignalBlocker quietFilter(m_filter);
        const QSignalBlocker quietHeader(m_rows->horizontalHeader());
        m_filter->clear();
        m_rows->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    }
    m_rowModel->reset(kind == RelationKind::Sequence ? QString() : item->text(0),
                      kind == RelationKind::Sequence ? QString() : item->text(1));
}

void DatabasePanel::updateRowInfo()
{
    if (m_rowModel->table().isEmpty()) {
        m_rowInfo->clear();
        return;
    }
    const QLocale locale;
    QString text;
    if (!m_rowModel->isCountKnown())
        text = tr("Counting rows…");
    else if (m_rowModel->isCountExact())
        text = tr("%1 rows").arg(locale.toString(m_rowModel->totalRows()));
    else
        text = tr("≈ %1 rows (estimate) · <a href='count'>Count exactly</a>")
                   .arg(locale.toString(m_rowModel->totalRows()));
    if (!m_rowModel->query().filter.isEmpty())
        text += tr(" · WHERE %1").arg(m_rowModel->query().filter.toHtmlEscaped());
    if (!m_rowModel->orderText().isEmpty())
        text += u" · "_qs + m_rowModel->orderText().toHtmlEscaped();
    m_rowInfo->setText(text);
}

QString DatabasePanel::rowCaption() const
{
    return m_rowInfo->text();
}

void DatabasePanel::showCell(const QModelIndex &index)
{
    if (!index.isValid() || !m_rowModel->isLoaded(index.row()))
        return;
    CellViewer viewer(tr("%1.%2, row %3")
                          .arg(m_rowModel->table(), m_rowModel->columns().value(index.column()))
                          .arg(index.row() + 1),
                      m_rowModel->value(index.row(), index.column()), this);
    viewer.exec();
}

QString DatabasePanel::structureText() const
{
    return m_structure->toPlainText();
}

} // namespace retort::gui
