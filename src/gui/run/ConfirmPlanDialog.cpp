#include "run/ConfirmPlanDialog.h"

#include "run/OfflineScript.h"
#include "run/PlanWarnings.h"
#include "sql/SqlHighlighter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::gui {

ConfirmPlanDialog::ConfirmPlanDialog(const QString &title, const MigrationPlan &plan,
                                     const QString &database, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("confirmPlan"));
    resize(820, 620);

    const auto heads = [this](const QStringList &h) {
        return h.isEmpty() ? tr("base") : h.join(u", "_qs);
    };
    auto *summary = new QLabel(tr("<b>%1</b> on <tt>%2</tt><br>%3 → %4: %n migration(s), %5 "
                                  "version-table change(s).",
                                  nullptr, plan.migrationCount())
                                   .arg(title.toHtmlEscaped(), database.toHtmlEscaped(),
                                        heads(plan.startHeads), heads(plan.endHeads))
                                   .arg(plan.steps.size()));
    summary->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);

    const QStringList destructive = destructiveChanges(plan);
    if (!destructive.isEmpty()) {
        auto *warning =
            new QLabel(tr("<b>This plan destroys data:</b><ul><li>%1</li></ul>")
                           .arg(destructive.join(u"</li><li>"_qs)
                                    .toHtmlEscaped()
                                    .replace(u"&lt;/li&gt;&lt;li&gt;"_qs, u"</li><li>"_qs)));
        warning->setObjectName(QStringLiteral("destructiveWarning"));
        warning->setWordWrap(true);
        warning->setStyleSheet(QStringLiteral(
            "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; "
            "border-radius: 4px; padding: 6px; }"));
        layout->addWidget(warning);
    }

    auto *script = new QPlainTextEdit;
    script->setObjectName(QStringLiteral("planScript"));
    script->setReadOnly(true);
    script->setLineWrapMode(QPlainTextEdit::NoWrap);
    script->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(script->document());
    script->setPlainText(renderOfflineScript(plan));
    layout->addWidget(script, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *run = buttons->button(QDialogButtonBox::Ok);
    run->setText(destructive.isEmpty() ? tr("Run") : tr("Run and destroy data"));
    run->setObjectName(QStringLiteral("runButton"));
    // Destructive plans must be chosen deliberately: Enter does not run them.
    run->setDefault(destructive.isEmpty());
    buttons->button(QDialogButtonBox::Cancel)->setDefault(!destructive.isEmpty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace retort::gui
