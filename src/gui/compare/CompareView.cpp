#include "compare/CompareView.h"

#include "compare/ChangeStatements.h"
#include "compare/ChangeTree.h"
#include "rehearse/ChangeTone.h"
#include "sql/SqlHighlighter.h"
#include "ui_CompareView.h"

#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QTextBlock>

namespace retort::gui {

namespace {

constexpr int KindDatabase = int(CompareSide::Kind::Database);
constexpr int KindRevision = int(CompareSide::Kind::Revision);
constexpr int KindSchemaFile = int(CompareSide::Kind::SchemaFile);

} // namespace

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CompareView>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("compareView"));
    for (QComboBox *kind : {m_ui->fromKind, m_ui->toKind}) {
        kind->insertItem(KindDatabase, tr("Database"));
        kind->insertItem(KindRevision, tr("Revision"));
        kind->insertItem(KindSchemaFile, tr("Schema file"));
    }
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *text : {m_ui->objectSql, m_ui->script}) {
        text->setFont(fixed);
        new SqlHighlighter(text->document());
    }
    m_ui->changeTree->header()->setStretchLastSection(true);
    m_ui->split->setStretchFactor(0, 3);
    m_ui->split->setStretchFactor(1, 2);
    m_ui->topSplit->setStretchFactor(0, 1);
    m_ui->topSplit->setStretchFactor(1, 1);

    connect(m_ui->fromKind, &QComboBox::currentIndexChanged, this, [this] { fillValues(true); });
    connect(m_ui->toKind, &QComboBox::currentIndexChanged, this, [this] { fillValues(false); });
    const auto browse = [this](QComboBox *value) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Schema File"), m_projectDir,
                                                          tr("SQL files (*.sql);;All files (*)"));
        if (!path.isEmpty())
            value->setCurrentText(QDir::toNativeSeparators(path));
    };
    connect(m_ui->fromBrowse, &QToolButton::clicked, this, [=] { browse(m_ui->fromValue); });
    connect(m_ui->toBrowse, &QToolButton::clicked, this, [=] { browse(m_ui->toValue); });
    connect(m_ui->compareButton, &QPushButton::clicked, this, &CompareView::compareRequested);
    connect(m_ui->changeTree, &QTreeWidget::currentItemChanged, this,
            &CompareView::showSelectedStatements);
    connect(m_ui->revisionMessage, &QLineEdit::textChanged, this, &CompareView::updateCreateButton);
    connect(m_ui->createRevision, &QPushButton::clicked, this,
            [this] { Q_EMIT createRevisionRequested(m_ui->revisionMessage->text().trimmed()); });
    m_ui->fromKind->setCurrentIndex(KindRevision);
    m_ui->toKind->setCurrentIndex(KindDatabase);
    fillValues(true);
    fillValues(false);
    clear(tr("Choose two schemas and press Compare: what would turn FROM into TO."));
}

CompareView::~CompareView() = default;

void CompareView::setChoices(const QList<std::pair<QString, QString>> &databases,
                             const QString &schemaPath, const QString &projectDir)
{
    m_databases = databases;
    m_schemaPath = schemaPath;
    m_projectDir = projectDir;
    // Keep what the user chose where it is still offered.
    const CompareSide from = side(true);
    const CompareSide to = side(false);
    fillValues(true);
    fillValues(false);
    setSides(from, to);
}

void CompareView::fillValues(bool from)
{
    QComboBox *value = from ? m_ui->fromValue : m_ui->toValue;
    const int kind = (from ? m_ui->fromKind : m_ui->toKind)->currentIndex();
    value->clear();
    (from ? m_ui->fromBrowse : m_ui->toBrowse)->setEnabled(kind == KindSchemaFile);
    if (kind == KindDatabase) {
        for (const auto &[label, url] : std::as_const(m_databases))
            value->addItem(label, url);
    } else if (kind == KindRevision) {
        value->addItem(u"head"_qs, u"head"_qs);
        value->addItem(u"current"_qs, u"current"_qs);
        value->addItem(u"base"_qs, u"base"_qs);
    } else if (!m_schemaPath.isEmpty()) {
        value->addItem(QDir::toNativeSeparators(m_schemaPath), m_schemaPath);
    }
}

void CompareView::setSides(const CompareSide &from, const CompareSide &to)
{
    for (const bool isFrom : {true, false}) {
        const CompareSide &s = isFrom ? from : to;
        QComboBox *kind = isFrom ? m_ui->fromKind : m_ui->toKind;
        QComboBox *value = isFrom ? m_ui->fromValue : m_ui->toValue;
        kind->setCurrentIndex(int(s.kind)); // refills the values when it changes
        const int found = value->findData(s.value);
        if (found >= 0)
            value->setCurrentIndex(found);
        else if (s.kind != CompareSide::Kind::Database || !s.value.isEmpty())
            value->setCurrentText(s.label.isEmpty() ? s.value : s.label);
    }
}

CompareSide CompareView::side(bool from) const
{
    const QComboBox *value = from ? m_ui->fromValue : m_ui->toValue;
    CompareSide s;
    s.kind = CompareSide::Kind((from ? m_ui->fromKind : m_ui->toKind)->currentIndex());
    s.label = value->currentText().trimmed();
    // An offered item's value (an environment's URL), or what was typed.
    const int offered = value->findText(value->currentText());
    s.value = offered >= 0 ? value->itemData(offered).toString() : s.label;
    if (s.kind == CompareSide::Kind::SchemaFile && !s.value.isEmpty())
        s.value = QDir(m_projectDir).absoluteFilePath(QDir::fromNativeSeparators(s.value));
    return s;
}

void CompareView::clear(const QString &why)
{
    m_plan = {};
    m_canWrite = false;
    m_ui->changeTree->clear();
    m_ui->objectSql->clear();
    m_ui->script->clear();
    showMessage(why);
    updateCreateButton();
}

void CompareView::clearRevisionMessage()
{
    m_ui->revisionMessage->clear();
}

void CompareView::showBusy(const QString &what)
{
    clear(what);
    m_ui->compareButton->setEnabled(false);
}

void CompareView::showMessage(const QString &text, bool error)
{
    // A failure can carry a whole statement, one line per column: the summary keeps its
    // first lines so the tree and the statements stay in view; the tooltip has it all.
    constexpr int kShownLines = 4;
    QStringList lines = text.split(u'\n');
    if (lines.size() > kShownLines) {
        lines = lines.mid(0, kShownLines);
        lines.last() += tr(" … (hover for the whole message)");
    }
    m_ui->summary->setToolTip(lines.size() < text.count(u'\n') + 1 ? text : QString());
    m_ui->summary->setText(error ? u"<span style='color:%1'>%2</span>"_qs.arg(
                                       toneColour(ChangeTone::Removed, palette()).name(),
                                       lines.join(u'\n').toHtmlEscaped().replace(u'\n', u"<br>"_qs))
                                 : lines.join(u'\n').toHtmlEscaped());
}

void CompareView::showResult(const CompareResult &result, bool canWriteRevision)
{
    m_ui->compareButton->setEnabled(true);
    if (!result.ok()) {
        clear({});
        showMessage(result.error, true);
        return;
    }
    m_plan = result.plan;
    m_canWrite = canWriteRevision && result.validationError.isEmpty() && !m_plan.isEmpty();
    ChangeTree::fill(m_ui->changeTree, m_plan);
    m_ui->script->setPlainText(m_plan.sqlText());
    markHazards();
    m_ui->objectSql->clear();
    const int hazards = int(m_plan.hazards().size());
    QString text =
        m_plan.isEmpty()
            ? tr("%1 and %2 are the same.").arg(result.from.description, result.to.description)
            : tr("From %1 to %2: %n change(s)", nullptr, int(m_plan.changes.size()))
                  .arg(result.from.description, result.to.description);
    if (hazards)
        text += tr("; ⚠ %n hazard(s) (marked in the tree and the script)", nullptr, hazards);
    if (!result.validationError.isEmpty()) {
        showMessage(text + u"\n"_qs +
                        tr("The script failed when it was tried, so it is not offered as a "
                           "revision: %1")
                            .arg(result.validationError),
                    true);
    } else {
        if (!m_plan.isEmpty() && !canWriteRevision)
            text += tr(". Compare from the head revision to write these changes as a revision.");
        showMessage(text);
    }
    if (m_ui->changeTree->topLevelItemCount() > 0)
        m_ui->changeTree->setCurrentItem(m_ui->changeTree->topLevelItem(0));
    updateCreateButton();
}

void CompareView::showSelectedStatements()
{
    QTreeWidgetItem *item = m_ui->changeTree->currentItem();
    if (!item) {
        m_ui->objectSql->clear();
        return;
    }
    const auto statements =
        item->data(ChangeTree::ObjectColumn, ChangeTree::StatementsRole).value<QVector<int>>();
    m_ui->objectSql->setPlainText(statements.isEmpty()
                                      ? tr("-- no statement of its own: it goes with the "
                                           "object that holds it")
                                      : statementsText(statements, m_plan));
}

// Hazard comments in the script get an amber background, so they stand out from the
// other comments.
void CompareView::markHazards()
{
    QList<QTextEdit::ExtraSelection> marks;
    QColor background = toneColour(ChangeTone::Changed, palette());
    background.setAlpha(60);
    for (QTextBlock block = m_ui->script->document()->begin(); block.isValid();
         block = block.next()) {
        if (!block.text().startsWith(u"-- hazard:"))
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format.setBackground(background);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks.append(mark);
    }
    m_ui->script->setExtraSelections(marks);
}

void CompareView::updateCreateButton()
{
    const bool message = !m_ui->revisionMessage->text().trimmed().isEmpty();
    m_ui->createRevision->setEnabled(m_canWrite && message);
    m_ui->createRevision->setToolTip(
        !m_canWrite ? tr("Compare from the head revision to something with changes to write "
                         "them as a revision")
        : !message  ? tr("Type the new revision's message first")
                    : tr("Write a revision whose upgrade makes these changes on top of head and "
                          "whose downgrade undoes them (retort revision --autogenerate)"));
}

QString CompareView::summaryText() const
{
    return m_ui->summary->text();
}

QString CompareView::scriptText() const
{
    return m_ui->script->toPlainText();
}

QString CompareView::objectSqlText() const
{
    return m_ui->objectSql->toPlainText();
}

} // namespace retort::gui
