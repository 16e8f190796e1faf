#include "WindowParts.h"

#include "history/HistoryModel.h"

#include <QTreeView>

namespace retort::gui {

QString WindowParts::selectedRevision() const
{
    return historyModel->revisionAt(history->currentIndex().row());
}

bool WindowParts::selectRevision(const QString &revision) const
{
    const int row = historyModel->rowOf(revision);
    if (row < 0)
        return false;
    history->setCurrentIndex(historyModel->index(row, 0));
    history->scrollTo(history->currentIndex());
    return true;
}

} // namespace retort::gui
