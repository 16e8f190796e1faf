#pragma once

#include "worker/PlanRequest.h"

#include <QObject>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QPoint;
class QTreeView;

namespace retort {
struct Project;
}

namespace retort::gui {

class HistoryModel;

// Finding your way in a big history, as gitk does: Find jumps to matches (id, label,
// message, then the SQL) and keeps the lanes and the selection; Enter / F3 go to the next
// match, Shift+F3 to the previous one, Esc clears and returns to the revision selected
// before the search. Go to Current selects the database's revision. A right-click menu
// on a revision runs, stamps or rehearses to it, copies its id or opens its file.
class HistoryNavigator : public QObject {
    Q_OBJECT
public:
    HistoryNavigator(QTreeView *view, HistoryModel *model, QObject *parent);

    QLineEdit *findField() const { return m_find; }
    QLabel *findStatus() const { return m_status; }
    QAction *findNextAction() const { return m_next; }
    QAction *findPreviousAction() const { return m_previous; }
    QAction *goToCurrentAction() const { return m_goToCurrent; }

    void setProject(const Project *project) { m_project = project; }
    void setCurrentHeads(const QStringList &heads) { m_heads = heads; }

    void startFind(); // Ctrl+F: focus the field, remember where the search began
    bool findNext(bool backwards = false);
    void clearFind(); // Esc
    bool goToCurrent();
    QMenu *contextMenuFor(int row); // the menu a right-click on `row` shows (for tests)

Q_SIGNALS:
    void runRequested(const retort::gui::PlanRequest &request);
    void rehearseRequested(const retort::gui::PlanRequest &request);

private:
    bool matches(int row, const QString &text) const;
    void select(int row);
    void showMenu(const QPoint &pos);

    QTreeView *m_view;
    HistoryModel *m_model;
    QLineEdit *m_find;
    QLabel *m_status;
    QAction *m_next;
    QAction *m_previous;
    QAction *m_goToCurrent;
    const Project *m_project = nullptr;
    QStringList m_heads;
    QString m_anchor; // the revision selected when the search began
};

} // namespace retort::gui
