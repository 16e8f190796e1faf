#pragma once

#include "graph/LaneLayout.h"
#include "run/MergeOrderCheck.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
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
    enum Column {
        RevisionColumn,
        LabelsColumn,
        MessageColumn,
        DateColumn,
        StateColumn,
        ColumnCount
    };

    explicit HistoryModel(QObject *parent = nullptr);

    // Extra roles for the lane delegate and tests.
    // GraphRole: a LaneRowRef (LaneRowRef.h) for LaneDelegate; StateRole: a State;
    // MergeFindingRole: the merge-order problem Rehearse found at this merge point (its
    // message, empty when none); MergeSuggestionRole: its fix, e.g. "Depends On: x".
    enum Role {
        AppliedRole = Qt::UserRole + 1,
        CurrentRole,
        PlannedRole,
        GraphRole,
        StateRole,
        MergeFindingRole,
        MergeSuggestionRole,
    };
    enum State { Pending, Applied, Current };

    void setGraph(const RevisionGraph *graph); // the graph must outlive the model's use of it
    void clear();
    QString revisionAt(int row) const;
    int rowOf(const QString &revision) const; // -1 if absent
    int graphIndexAt(int row) const { return m_rows.value(row, -1); }

    // The database's state: `applied` per graph index, `current` the version rows.
    void setDatabaseState(const QVector<char> &applied, const QVector<int> &current);
    bool isApplied(int row) const;
    bool isCurrent(int row) const;
    // Drift and failures (verify and the ledger), by revision id; replaced by each call.
    void setDrift(const QStringList &changed, const QStringList &failed);
    bool isChanged(int row) const;
    bool isFailed(int row) const;
    // Pending, yet older than a revision the database is at: it would run out of order.
    bool isOutOfOrder(int row) const;
    // The row's states as Flyway names them: "current, head", "applied, changed since
    // applied", "pending, out of order", "failed", ...
    QString stateText(int row) const;
    // Revisions a previewed plan touches, marked in the list.
    void setPlanMarks(const QVector<int> &revisions);
    // Merge-order problems from a rehearsal, by merge point; findings that are ok are
    // left out. Replaced by the next call, cleared by setGraph().
    void setMergeFindings(const QVector<MergeOrderFinding> &findings);
    const MergeOrderFinding *mergeFindingAt(int row) const; // null when none
    // The same state by revision id: `applied` ids, `current` the version table's rows.
    void setAppliedRevisions(const QSet<QString> &applied, const QStringList &current);
    // Lanes for the rows, in row order (laid out once per setGraph()).
    const LaneLayout &laneLayout() const { return m_layout; }
    // Does the row match a filter text (id, branch labels or message, case-insensitive)?
    bool matches(int row, const QString &text) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void emitAllChanged();

    const RevisionGraph *m_graph = nullptr;
    QVector<int> m_rows;                      // graph indices, newest first
    QVector<int> m_rowOf;                     // graph index -> row
    QVector<char> m_applied;                  // per graph index
    QVector<char> m_current;                  // per graph index
    QVector<char> m_planned;                  // per graph index
    QVector<char> m_changed;                  // per graph index
    QVector<char> m_failed;                   // per graph index
    int m_newestCurrentRow = -1;              // the newest row the database is at
    QHash<int, MergeOrderFinding> m_findings; // merge point's graph index -> problem (a few)
    LaneLayout m_layout;
};

} // namespace retort::gui
