#pragma once

#include <QTreeWidget>

namespace retort::gui {

// The run log: one row per statement with its revision, file:line, time and outcome,
// and one per message; errors in red with the failing statement. Ctrl+C copies the
// selected rows as tab-separated text.
class LogView : public QTreeWidget {
    Q_OBJECT
public:
    explicit LogView(QWidget *parent = nullptr);

    void addStatement(const QString &revision, const QString &location, const QString &sql,
                      double milliseconds);
    void addMessage(const QString &text, bool isError = false);
    QString selectedText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace retort::gui
