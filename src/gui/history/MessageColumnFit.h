#pragma once

#include <QObject>

class QTreeView;

namespace retort::gui {

// Keeps the history's Message column readable: it takes the room the other columns
// leave, but never less than about 30 characters. A plain Stretch section shrinks to a
// few pixels ("...") when the lanes and ids of a big merge graph fill a narrow panel;
// this one pushes a horizontal scroll bar instead.
class MessageColumnFit : public QObject {
public:
    MessageColumnFit(QTreeView *view, int column);

    // Called after the other columns were sized (a project was loaded).
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QTreeView *m_view;
    int m_column;
    bool m_fitting = false;
};

} // namespace retort::gui
