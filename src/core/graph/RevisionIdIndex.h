#pragma once

#include <QStringView>
#include <QVector>

namespace retort {

// Revision id -> revision index: an open-addressing table over a copy of the ids kept
// back to back. Building a graph looks up every parent of every revision; a
// QHash<QString, int> cost ~0.8 us per insert here (its spans grow entry by entry), and
// comparing against the ids where the revisions keep them meant a cache miss per
// lookup (they lie all over the heap), so the ids are compared where they are copied.
class RevisionIdIndex {
public:
    static constexpr int None = -1;

    // Makes room for `count` ids, dropping any indexed before.
    void reset(qsizetype count);
    // Indexes `id` as revision `revision` (0 <= revision < count): None, or the revision
    // that already has this id (which stays indexed).
    int insert(QStringView id, int revision);
    // The revision with `id`, or None.
    int find(QStringView id) const;

private:
    struct Slot {
        int revision = None;
        quint32 hash = 0;
    };
    struct Span {
        int start = 0;
        int length = 0;
    };
    QStringView idOf(int revision) const
    {
        const Span s = m_spans[revision];
        return QStringView(m_chars.constData() + s.start, s.length);
    }

    QVector<Slot> m_slots; // a power of two of them, at most half used
    QVector<Span> m_spans; // revision -> its id in m_chars
    QVector<QChar> m_chars;
    quint32 m_mask = 0;
};

} // namespace retort
