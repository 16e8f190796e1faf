#include "script/ScriptCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstring>
#include <ctime>

namespace retort {

namespace {

// Bump when the layout below or the meaning of a parsed field changes: an older
// cache then simply misses.
constexpr quint32 kFormatVersion = 1;
constexpr char kMagic[8] = {'R', 'T', 'S', 'C', 'A', 'C', 'H', 'E'};
// magic, format version, payload size, payload checksum
constexpr qsizetype kHeaderSize = 8 + 4 + 8 + 8;

// A fast 64-bit checksum (not cryptographic: it guards against truncation and
// garbage, not against an attacker who can write to the user's cache anyway).
quint64 checksum(const char *p, qsizetype n)
{
    quint64 h = 0x9E3779B97F4A7C15ull ^ quint64(n);
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    for (; i < n; ++i) {
        h = (h ^ quint8(p[i])) * 0xC4CEB9FE1A85EC53ull;
        h ^= h >> 29;
    }
    return h;
}

// Native-endian writer; the cache never leaves the machine that wrote it.
class Writer {
public:
    QByteArray data;
    template <typename T> void pod(T v)
    {
        data.append(reinterpret_cast<const char *>(&v), sizeof v);
    }
    void bytes(const QByteArray &b)
    {
        pod(quint32(b.size()));
        data.append(b);
    }
    void string(const QString &s) { bytes(s.toUtf8()); }
    void list(const QStringList &l)
    {
        pod(quint32(l.size()));
        for (const QString &s : l)
            string(s);
    }
};

// Bounds-checked reader: any overrun sets `ok` to false and yields empty values.
class Reader {
public:
    Reader(const char *p, qsizetype n)
        : m_p(p)
        , m_end(p + n)
    {}
    bool ok = true;
    template <typename T> T pod()
    {
        T v{};
        if (!need(sizeof v))
            return v;
        std::memcpy(&v, m_p, sizeof v);
        m_p += sizeof v;
        return v;
    }
    QByteArrayView bytes()
    {
        const quint32 n = pod<quint32>();
        if (!need(n))
            return {};
        const QByteArrayView v(m_p, n);
        m_p += n;
        return v;
    }
    QString string()
    {
        const QByteArrayView b = bytes();
        return b.isEmpty() ? QString() : QString::fromUtf8(b);
    }
    QStringList list()
    {
        const quint32 n = pod<quint32>();
        // every item takes at least its 4-byte length: rejects absurd counts early
        if (!need(qsizetype(n) * 4))
            return {};
        QStringList l;
        l.reserve(n);
        for (quint32 i = 0; i < n && ok; ++i)
            l.append(string());
        return l;
    }
    void skip(qsizetype n)
    {
        if (need(n))
            m_p += n;
    }
    const char *pos() const { return m_p; }
    bool atEnd() const { return m_p == m_end; }

private:
    bool need(qsizetype n)
    {
        ok = ok && n >= 0 && n <= m_end - m_p;
        return ok;
    }
    const char *m_p;
    const char *m_end;
};

void writeScript(Writer &w, const MigrationScript &s)
{
    const Revision &r = s.revision;
    w.string(r.id);
    w.list(r.downRevisions);
    w.list(r.dependsOn);
    w.list(r.branchLabels);
    w.string(r.message);
    w.string(r.longDoc);
    w.string(r.createDate);
    w.pod(quint8(s.transactional));
    w.pod(qint32(s.revisionLine));
    w.pod(qint32(s.revisesLine));
    w.pod(qint32(s.labelsLine));
    w.pod(quint32(s.sections.size()));
    for (auto it = s.sections.cbegin(); it != s.sections.cend(); ++it) {
        w.string(it.key());
        w.string(it->sql);
        w.pod(qint32(it->firstLine));
        w.pod(quint8(it->present));
    }
}

bool readScript(Reader &r, MigrationScript &s)
{
    Revision &rev = s.revision;
    rev.id = r.string();
    rev.downRevisions = r.list();
    rev.dependsOn = r.list();
    rev.branchLabels = r.list();
    rev.message = r.string();
    rev.longDoc = r.string();
    rev.createDate = r.string();
    s.transactional = r.pod<quint8>() != 0;
    s.revisionLine = r.pod<qint32>();
    s.revisesLine = r.pod<qint32>();
    s.labelsLine = r.pod<qint32>();
    const quint32 sections = r.pod<quint32>();
    if (sections > 16) // a file has at most 6 distinct sections
        return false;
    s.sections.clear();
    s.sections.reserve(sections);
    for (quint32 i = 0; i < sections && r.ok; ++i) {
        const QString name = r.string();
        SqlSection section;
        section.sql = r.string();
        section.firstLine = r.pod<qint32>();
        section.present = r.pod<quint8>() != 0;
        s.sections.insert(name, section);
    }
    return r.ok;
}

void writeKey(Writer &w, const ScriptFileKey &k)
{
    w.pod(k.size);
    w.pod(k.mtimeNs);
    w.pod(k.inode);
    w.pod(k.device);
}

ScriptFileKey readKey(Reader &r)
{
    ScriptFileKey k;
    k.size = r.pod<qint64>();
    k.mtimeNs = r.pod<qint64>();
    k.inode = r.pod<quint64>();
    k.device = r.pod<quint64>();
    return k;
}

} // namespace

QString ScriptCache::cacheFilePath(const QString &absoluteFolder)
{
    // XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
    QString base = qEnvironmentVariable("XDG_CACHE_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base)) {
        const QString home = qEnvironmentVariable("HOME");
        if (home.isEmpty() || !QDir::isAbsolutePath(home))
            return {};
        base = home + u"/.cache"_qs;
    }
    const QByteArray hash =
        QCryptographicHash::hash(absoluteFolder.toUtf8(), QCryptographicHash::Sha256).toHex();
    return base + u"/retort/scripts-"_qs + QString::fromLatin1(hash.left(32)) + u".cache"_qs;
}

qint64 ScriptCache::nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

ScriptCache::ScriptCache(const QString &absoluteFolder)
    : m_folder(absoluteFolder)
    , m_path(cacheFilePath(absoluteFolder))
{
    if (m_path.isEmpty())
        return;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QByteArray all = file.readAll();
    if (all.size() < kHeaderSize || std::memcmp(all.constData(), kMagic, 8) != 0)
        return;
    Reader header(all.constData() + 8, kHeaderSize - 8);
    const quint32 version = header.pod<quint32>();
    const quint64 size = header.pod<quint64>();
    const quint64 sum = header.pod<quint64>();
    if (version != kFormatVersion || size != quint64(all.size() - kHeaderSize) ||
        sum != checksum(all.constData() + kHeaderSize, all.size() - kHeaderSize))
        return;
    m_data = all.mid(kHeaderSize);

    // Index the entries; their scripts are only decoded on lookup.
    Reader r(m_data.constData(), m_data.size());
    if (r.string() != m_folder) {
        m_data.clear();
        return;
    }
    const quint32 count = r.pod<quint32>();
    QHash<QByteArray, qsizetype> index;
    index.reserve(count);
    for (quint32 i = 0; i < count && r.ok; ++i) {
        const QByteArrayView name = r.bytes();
        const qsizetype keyOffset = r.pos() - m_data.constData();
        readKey(r);
        r.skip(r.pod<quint32>());
        index.insert(QByteArray::fromRawData(name.data(), name.size()), keyOffset);
    }
    if (!r.ok || !r.atEnd()) {
        m_data.clear();
        return;
    }
    m_index = std::move(index);
}

bool ScriptCache::lookup(const QByteArray &fileName, const ScriptFileKey &key, const QString &path,
                         MigrationScript &out)
{
    const auto it = m_index.constFind(fileName);
    if (it == m_index.constEnd()) {
        m_missed = true;
        return false;
    }
    Reader r(m_data.constData() + *it, m_data.size() - *it);
    const bool same = readKey(r) == key;
    const quint32 length = r.pod<quint32>();
    Reader body(r.pos(), length);
    if (!same || !readScript(body, out) || !body.atEnd()) {
        m_missed = true;
        return false;
    }
    out.revision.path = path;
    ++m_hits;
    return true;
}

void ScriptCache::save(const QVector<Entry> &entries, qint64 scanStartNs)
{
    if (m_path.isEmpty())
        return;
    QVector<const Entry *> stable;
    stable.reserve(entries.size());
    for (const Entry &e : entries)
        if (e.key.mtimeNs < scanStartNs - kRacyMarginNs)
            stable.append(&e);
    // Unchanged: every stored entry was a hit and every hit is stored again.
    if (!m_missed && m_hits == m_index.size() && stable.size() == m_index.size())
        return;

    Writer w;
    w.data.reserve(m_data.size() + 4096);
    w.string(m_folder);
    w.pod(quint32(stable.size()));
    Writer script;
    for (const Entry *e : std::as_const(stable)) {
        w.bytes(e->fileName);
        writeKey(w, e->key);
        script.data.clear();
        writeScript(script, *e->script);
        w.bytes(script.data);
    }
    Writer header;
    header.data.append(kMagic, 8);
    header.pod(kFormatVersion);
    header.pod(quint64(w.data.size()));
    header.pod(checksum(w.data.constData(), w.data.size()));

    // An unwritable cache directory just means no cache.
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return;
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(header.data);
    file.write(w.data);
    file.commit();
}

} // namespace retort
