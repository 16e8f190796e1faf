#pragma once

#include "graph/Revision.h"

#include <QStringView>
#include <QVector>

namespace retort {

// Revision id -> index into the revisions it was built from: an open-addressing table
// of indices (with each id's hash beside it), so building it allocates twice and
// copies no string. RevisionGraph keeps one; a QHash<QString, int> cost ~0.8 us per
// insert here (its spans grow entry by entry), which on 5,000 revisions was a tenth
// of a warm `retort heads`.
class RevisionIdIndex {
public:
    static constexpr int None = -1;

    // Makes room for `count` ids, dropping any indexed before.
    void reset(qsizetype count);
    // Indexes revs[i].id: None, or the index of an earlier revision with that id (which
    // stays indexed). At most the `count` given to reset().
    int insert(const QVector<Revision> &revs, int i);
    // The index of `id` in `revs` (the vector it was built from), or None.
    int find(const QVector<Revision> &revs, QStringView id) const;

private:
    QVector<int> m_slots;      // revision index, or None for an empty slot
    QVector<quint32> m_hashes; // the hash of the id in the same slot
    quint32 m_mask = 0;        // slot count - 1 (a power of two)
};

} // namespace retort
