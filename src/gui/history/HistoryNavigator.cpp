#include "history/HistoryNavigator.h"

#include "Project.h"
#include "history/HistoryModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTreeView>
#include <QUrl>

namespace retort::gui {

namespace {

// Esc in the field clears the search; Enter and Shift+Enter step through matches.
class FindKeys : public QObject {
public:
    FindKeys(HistoryNavigator *navigator, QObject *parent)
        : QObject(parent)
        , m_navigator(navigator)
    {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress)
            return QObject::eventFilter(watched, event);
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            m_navigator->clearFind();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            m_navigator->findNext(key->modifiers().testFlag(Qt::ShiftModifier));
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    HistoryNavigator *m_navigator;
};

} // namespace

HistoryNavigator::HistoryNavigator(QTreeView *view, HistoryModel *model, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_model(model)
    , m_find(new QLineEdit)
    , m_status(new QLabel)
    , m_next(new QAction(tr("Find &Next"), this))
    , m_previous(new QAction(tr("Find &Previous"), this))
    , m_goToCurrent(new QAction(tr("&Go to Current"), this))
{
    m_find->setObjectName(QStringLiteral("historyFilter"));
    m_find->setPlaceholderText(tr("Find id, label, message or SQL (Enter: next, Esc: back)"));
    m_find->setClearButtonEnabled(true);
    m_find->installEventFilter(new FindKeys(this, m_find));
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_next->setShortcut(QKeySequence::FindNext);
    m_previous->setShortcut(QKeySequence::FindPrevious);
    m_goToCurrent->setShortcut(QKeySequence(u"Ctrl+J"_qs));
    m_goToCurrent->setStatusTip(tr("Select the revision the database is at"));
    connect(m_next, &QAction::triggered, this, [this] { findNext(false); });
    connect(m_previous, &QAction::triggered, this, [this] { findNext(true); });
    connect(m_goToCurrent, &QAction::triggered, this, &HistoryNavigator::goToCurrent);
    // Typing searches from where the search began, as a browser's find does.
    connect(m_find, &QLineEdit::textEdited, this, [this] {
        if (m_anchor.isEmpty())
            m_anchor = m_model->revisionAt(m_view->currentIndex().row());
        const QString text = m_find->text().trimmed();
        m_find->setStyleSheet({});
        m_status->clear();
        // The selection stays while it still matches what is typed.
        const int row = m_view->currentIndex().row();
        if (text.isEmpty() || (row >= 0 && matches(row, text)))
            return;
        findNext(false);
    });
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &HistoryNavigator::showMenu);
}

bool HistoryNavigator::matches(int row, const QString &text) const
{
    if (m_model->matches(row, text))
        return true;
    if (!m_project)
        return false;
    // The SQL, last: it is the most text, and read only until the next match.
    const MigrationScript *script = m_project->scripts.find(m_model->revisionAt(row));
    if (!script)
        return false;
    for (const QString &name : script->sections.names())
        if (script->sections.value(name).sql.contains(text, Qt::CaseInsensitive))
            return true;
    return false;
}

void HistoryNavigator::select(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void HistoryNavigator::startFind()
{
    m_anchor = m_model->revisionAt(m_view->currentIndex().row());
    m_find->setFocus();
    m_find->selectAll();
}

bool HistoryNavigator::findNext(bool backwards)
{
    const QString text = m_find->text().trimmed();
    const int rows = m_model->rowCount();
    if (text.isEmpty() || rows == 0)
        return false;
    const int start = qMax(0, m_view->currentIndex().row());
    for (int step = 1; step <= rows; ++step) {
        const int row = ((backwards ? start - step : start + step) % rows + rows) % rows;
        if (matches(row, text)) {
            select(row);
            m_status->setText(row == start ? tr("only match") : QString());
            m_find->setStyleSheet({});
            return true;
        }
    }
    m_status->setText(tr("no match"));
    m_find->setStyleSheet(QStringLiteral("QLineEdit { color: #e53935; }"));
    return false;
}

void HistoryNavigator::clearFind()
{
    m_find->clear();
    m_find->setStyleSheet({});
    m_status->clear();
    if (const int row = m_model->rowOf(m_anchor); row >= 0)
        select(row);
    m_anchor.clear();
    m_view->setFocus();
}

bool HistoryNavigator::goToCurrent()
{
    for (const QString &head : std::as_const(m_heads))
        if (const int row = m_model->rowOf(head); row >= 0) {
            select(row);
            return true;
        }
    return false;
}

QMenu *HistoryNavigator::contextMenuFor(int row)
{
    const QString rev = m_model->revisionAt(row);
    if (rev.isEmpty())
        return nullptr;
    auto *menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("revisionMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const auto request = [this, rev](PlanRequest::Kind kind) {
        return [this, kind, rev] { Q_EMIT runRequested({kind, {rev}, false}); };
    };
    menu->addAction(tr("Upgrade to Here"), this, request(PlanRequest::Kind::Upgrade));
    menu->addAction(tr("Downgrade to Here"), this, request(PlanRequest::Kind::Downgrade));
    menu->addAction(tr("Stamp Here…"), this, request(PlanRequest::Kind::Stamp));
    menu->addAction(tr("Rehearse to Here"), this, [this, rev] {
        Q_EMIT rehearseRequested({PlanRequest::Kind::Upgrade, {rev}, false});
    });
    menu->addSeparator();
    menu->addAction(tr("Copy Revision ID"), this,
                    [rev] { QApplication::clipboard()->setText(rev); });
    const MigrationScript *script = m_project ? m_project->scripts.find(rev) : nullptr;
    const QString path = script ? script->revision.path : QString();
    QAction *open = menu->addAction(tr("Open File in Editor"), this, [path] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
    open->setEnabled(script != nullptr);
    return menu;
}

void HistoryNavigator::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(m_model->index(index.row(), 0));
    if (QMenu *menu = contextMenuFor(index.row()))
        menu->popup(m_view->viewport()->mapToGlobal(pos));
}

} // namespace retort::gui
