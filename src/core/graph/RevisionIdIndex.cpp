#include "graph/RevisionIdIndex.h"

#include <QHashFunctions>

#include <algorithm>

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
    qsizetype slots = 16;
    while (slots < 2 * count)
        slots *= 2;
    m_slots.fill(Slot{}, slots);
    m_spans.fill(Span{}, count);
    m_chars.clear();
    m_chars.reserve(count * 16);
    m_mask = quint32(slots - 1);
}

int RevisionIdIndex::insert(QStringView id, int revision)
{
    const quint32 hash = hashOf(id);
    Slot *const slots = m_slots.data();
    for (quint32 s = hash & m_mask;; s = (s + 1) & m_mask) {
        if (slots[s].revision == None) {
            slots[s] = {revision, hash};
            const qsizetype start = m_chars.size();
            m_spans[revision] = {int(start), int(id.size())};
            m_chars.resize(start + id.size());
            std::copy(id.begin(), id.end(), m_chars.begin() + start);
            return None;
        }
        if (slots[s].hash == hash && idOf(slots[s].revision) == id)
            return slots[s].revision;
    }
}

int RevisionIdIndex::find(QStringView id) const
{
    if (m_slots.isEmpty())
        return None;
    const quint32 hash = hashOf(id);
    const Slot *const slots = m_slots.constData();
    for (quint32 s = hash & m_mask;; s = (s + 1) & m_mask) {
        if (slots[s].revision == None)
            return None;
        if (slots[s].hash == hash && idOf(slots[s].revision) == id)
            return slots[s].revision;
    }
}

} // namespace retort
