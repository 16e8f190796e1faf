#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace retort {
class RevisionGraph;
}

namespace retort::gui {

// The revision history as a table, newest first, in exactly the order `retort history`
// prints it. Holds indices into the graph only; text is produced on demand so a
// 20,000-revision project costs one int per row.
class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RevisionColumn, LabelsColumn, MessageColumn, DateColumn, ColumnCount };

    explicit HistoryModel(QObject *parent = nullptr);

    void setGraph(const RevisionGraph *graph); // the graph must outlive the model's use of it
    void clear();
    QString revisionAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const RevisionGraph *m_graph = nullptr;
    QVector<int> m_rows; // graph indices, newest first
};

} // namespace retort::gui
