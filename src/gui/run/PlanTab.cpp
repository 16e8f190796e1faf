#include "run/PlanTab.h"

#include "run/MigrationPlan.h"
#include "run/OfflineScript.h"
#include "sql/SqlHighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

// The choices, in the order the combo box lists them.
enum Choice {
    UpgradeHead,
    UpgradeSelected,
    DowngradeSelected,
    DowngradeOne,
    StampSelected,
    UpgradeHeads,
    DowngradeBase
};

} // namespace

PlanTab::PlanTab(QWidget *parent)
    : QWidget(parent)
    , m_action(new QComboBox)
    , m_summary(new QLabel)
    , m_script(new QPlainTextEdit)
{
    m_action->setObjectName(QStringLiteral("planAction"));
    m_action->addItems({tr("Upgrade to head"), tr("Upgrade to selected revision"),
                        tr("Downgrade to selected revision"), tr("Downgrade one step"),
                        tr("Stamp selected revision"), tr("Upgrade to all heads (heads)"),
                        tr("Downgrade to base")});
    m_summary->setWordWrap(true);
    m_script->setObjectName(QStringLiteral("planText"));
    m_script->setReadOnly(true);
    m_script->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_script->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_script->document());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_action);
    layout->addWidget(m_summary);
    layout->addWidget(m_script, 1);
    connect(m_action, &QComboBox::currentIndexChanged, this, &PlanTab::choiceChanged);
}

PlanRequest PlanTab::choice(const QString &selected, const QString &upgradeTarget) const
{
    switch (m_action->currentIndex()) {
    case UpgradeHeads:
        return {PlanRequest::Kind::Upgrade, {u"heads"_qs}, false};
    case DowngradeBase:
        return {PlanRequest::Kind::Downgrade, {u"base"_qs}, false};
    case UpgradeSelected:
        return {PlanRequest::Kind::Upgrade, {selected}, false};
    case DowngradeSelected:
        return {PlanRequest::Kind::Downgrade, {selected}, false};
    case DowngradeOne:
        return {PlanRequest::Kind::Downgrade, {u"-1"_qs}, false};
    case StampSelected:
        return {PlanRequest::Kind::Stamp, {selected}, false};
    default:
        return {PlanRequest::Kind::Upgrade, {upgradeTarget}, false};
    }
}

void PlanTab::showPlanning(const PlanRequest &request)
{
    m_summary->setText(tr("Planning %1…").arg(request.title()));
}

void PlanTab::showPlan(const PlanRequest &request, const MigrationPlan &plan, const QString &error)
{
    if (!error.isEmpty()) {
        m_summary->setText(tr("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
        m_script->clear();
        return;
    }
    m_summary->setText(plan.isEmpty() ? tr("%1: nothing to do.").arg(request.title())
                                      : tr("%1: %n migration(s), marked in the history.", nullptr,
                                           plan.migrationCount())
                                            .arg(request.title()));
    m_script->setPlainText(plan.isEmpty() ? QString() : renderOfflineScript(plan));
}

} // namespace retort::gui
