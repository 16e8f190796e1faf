#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class CellViewer;
}

namespace retort::gui {

// One value in full: long text, JSON (indented), bytea/BLOB (hex, 16 bytes a line).
class CellViewer : public QDialog {
    Q_OBJECT
public:
    CellViewer(const QString &caption, const QVariant &value, QWidget *parent = nullptr);
    ~CellViewer() override;

    QString text() const;
    // The text shown for `value`, for tests and the grid's tooltip.
    static QString render(const QVariant &value);

private:
    std::unique_ptr<Ui::CellViewer> m_ui;
};

} // namespace retort::gui
