#include "run/ConfirmPlanDialog.h"

#include "run/OfflineScript.h"
#include "run/PlanWarnings.h"
#include "sql/SqlHighlighter.h"
#include "ui_ConfirmPlanDialog.h"

#include <QFontDatabase>
#include <QPushButton>

namespace retort::gui {

namespace {

QString htmlList(const QStringList &items)
{
    QStringList escaped;
    for (const QString &item : items)
        escaped.append(item.toHtmlEscaped());
    return u"<ul><li>"_qs + escaped.join(u"</li><li>"_qs) + u"</li></ul>"_qs;
}

} // namespace

ConfirmPlanDialog::ConfirmPlanDialog(const QString &title, const MigrationPlan &plan,
                                     const QString &database, const ConfirmOptions &options,
                                     QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConfirmPlanDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(title);
    setObjectName(QStringLiteral("confirmPlan"));

    const auto heads = [](const QStringList &h) {
        return h.isEmpty() ? tr("base") : h.join(u", "_qs);
    };
    m_ui->summary->setText(tr("<b>%1</b> on <tt>%2</tt><br>%3 → %4: %n migration(s), %5 "
                              "version-table change(s).",
                              nullptr, plan.migrationCount())
                               .arg(title.toHtmlEscaped(), database.toHtmlEscaped(),
                                    heads(plan.startHeads), heads(plan.endHeads))
                               .arg(plan.steps.size()));

    const QStringList destructive = destructiveChanges(plan);
    m_ui->destructiveWarning->setVisible(!destructive.isEmpty());
    m_ui->destructiveWarning->setText(tr("<b>This plan destroys data:</b>") +
                                      htmlList(destructive));
    m_ui->findings->setVisible(!options.findings.isEmpty());
    m_ui->findings->setText(tr("<b>Already known about this plan:</b>") +
                            htmlList(options.findings));

    m_ui->planScript->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_ui->planScript->document());
    m_ui->planScript->setPlainText(renderOfflineScript(plan));

    m_ui->backupFirst->setVisible(options.offerBackup);
    m_ui->backupFirst->setChecked(options.offerBackup);

    QPushButton *run = m_ui->buttons->button(QDialogButtonBox::Ok);
    QPushButton *cancel = m_ui->buttons->button(QDialogButtonBox::Cancel);
    run->setText(destructive.isEmpty() ? tr("Run") : tr("Run and destroy data"));
    run->setObjectName(QStringLiteral("runButton"));
    cancel->setObjectName(QStringLiteral("cancelButton"));
    // Downgrades, stamps and plans that destroy data are chosen deliberately: Enter
    // cancels them, and the focus starts on Cancel.
    const bool careful = options.downgradeOrStamp || !destructive.isEmpty();
    run->setAutoDefault(!careful);
    run->setDefault(!careful);
    cancel->setDefault(careful);
    if (careful)
        cancel->setFocus();

    const bool typeName = !options.productionName.isEmpty();
    m_ui->typeNameLabel->setVisible(typeName);
    m_ui->typeName->setVisible(typeName);
    if (typeName) {
        m_ui->typeNameLabel->setText(
            tr("<b>%1</b> is a production environment. Type its name to run:")
                .arg(options.productionName.toHtmlEscaped()));
        run->setEnabled(false);
        connect(m_ui->typeName, &QLineEdit::textChanged, run,
                [run, name = options.productionName](const QString &text) {
                    run->setEnabled(text == name);
                });
    }
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ConfirmPlanDialog::~ConfirmPlanDialog() = default;

bool ConfirmPlanDialog::backupFirst() const
{
    return !m_ui->backupFirst->isHidden() && m_ui->backupFirst->isChecked();
}

} // namespace retort::gui
