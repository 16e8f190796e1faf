#include "graph/RevisionIdIndex.h"

#include <QHashFunctions>

namespace retort {

namespace {

quint32 hashOf(QStringView id)
{
    const size_t h = qHash(id, QHashSeed::globalSeed());
    return quint32(h ^ (h >> 32));
}

} // namespace

void RevisionIdIndex::reset(qsizetype count)
{
    // At most half full: short probe runs.
    qsizetype slots = 16;
    while (slots < 2 * count)
        slots *= 2;
    m_slots.fill(None, slots);
    m_hashes.fill(0, slots);
    m_mask = quint32(slots - 1);
}

int RevisionIdIndex::insert(const QVector<Revision> &revs, int i)
{
    const QString &id = revs[i].id;
    const quint32 hash = hashOf(id);
    for (quint32 s = hash & m_mask;; s = (s + 1) & m_mask) {
        const int at = m_slots[s];
        if (at == None) {
            m_slots[s] = i;
            m_hashes[s] = hash;
            return None;
        }
        if (m_hashes[s] == hash && revs[at].id == id)
            return at;
    }
}

int RevisionIdIndex::find(const QVector<Revision> &revs, QStringView id) const
{
    if (m_slots.isEmpty())
        return None;
    const quint32 hash = hashOf(id);
    for (quint32 s = hash & m_mask;; s = (s + 1) & m_mask) {
        const int at = m_slots[s];
        if (at == None)
            return None;
        if (m_hashes[s] == hash && revs[at].id == id)
            return at;
    }
}

} // namespace retort
