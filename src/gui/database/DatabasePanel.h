#pragma once

#include "schema/SchemaModel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTreeWidget;

namespace retort::gui {

class RowPageModel;
class RunController;

// The database browser: relations as psql's \dt lists them (schema, name, type, owner,
// size), and for the selected one what \d shows and a read-only page through its rows.
// Every query runs on the RunController's thread.
class DatabasePanel : public QWidget {
    Q_OBJECT
public:
    explicit DatabasePanel(RunController *runs, QWidget *parent = nullptr);

    void reload(); // after a run, a refresh or a new project
    bool selectTable(const QString &name);
    QString structureText() const;
    QTreeWidget *tableList() const { return m_tables; }
    RowPageModel *rowModel() const { return m_rowModel; }
    QTableView *rowView() const { return m_rows; }
    QLineEdit *filterRow() const { return m_filter; }
    QString rowCaption() const;
    void showCell(const QModelIndex &index); // the cell viewer, for a double-click

Q_SIGNALS:
    void tablesShown();
    void structureShown();

private:
    void showTables(const QVector<TableInfo> &tables, const QString &error);
    void showSelected();
    void updateRowInfo();

    RunController *m_runs;
    QTreeWidget *m_tables = nullptr;
    QLabel *m_message = nullptr;
    QPlainTextEdit *m_structure = nullptr;
    QTableView *m_rows = nullptr;
    RowPageModel *m_rowModel = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_rowInfo = nullptr;
    bool m_sized = false; // the columns were sized for the current table
};

} // namespace retort::gui
