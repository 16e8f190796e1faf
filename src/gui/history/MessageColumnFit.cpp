#include "history/MessageColumnFit.h"

#include <QEvent>
#include <QHeaderView>
#include <QTreeView>

namespace retort::gui {

MessageColumnFit::MessageColumnFit(QTreeView *view, int column)
    : QObject(view)
    , m_view(view)
    , m_column(column)
{
    view->header()->setSectionResizeMode(column, QHeaderView::Interactive);
    view->viewport()->installEventFilter(this);
    // A column the user widens or narrows hands its room to the message.
    connect(view->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section != m_column)
            fit();
    });
}

void MessageColumnFit::fit()
{
    if (m_fitting)
        return;
    m_fitting = true;
    const QHeaderView *header = m_view->header();
    int others = 0;
    for (int c = 0; c < header->count(); ++c)
        if (c != m_column && !header->isSectionHidden(c))
            others += header->sectionSize(c);
    const int least = m_view->fontMetrics().averageCharWidth() * 30;
    m_view->setColumnWidth(m_column, qMax(least, m_view->viewport()->width() - others));
    m_fitting = false;
}

bool MessageColumnFit::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace retort::gui
