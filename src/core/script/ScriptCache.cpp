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
constexpr quint32 kFormatVersion = 4;
constexpr char kMagic[8] = {'R', 'T', 'S', 'C', 'A', 'C', 'H', 'E'};
// Layout: magic, format version, reserved, then size and checksum of the headers
// region, then of the SQL region; then the two regions. The headers region is the
// folder, the entry count and per entry (in file-name order): name, stat key, the
// offset and length of its SQL in the SQL region, its header. So a load that needs
// no SQL reads and checks only the (small) headers region.
constexpr qsizetype kHeaderSize = 8 + 4 + 4 + 8 + 8 + 8 + 8;

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
    void bytes(QByteArrayView b)
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
        if (n == 0 || !need(qsizetype(n) * 4))
            return {}; // (reserve(0) would allocate)
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

// An entry's header: everything the graph needs, and the lines messages name.
void writeHeader(Writer &w, const MigrationScript &s)
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
}

void readHeader(Reader &r, MigrationScript &s, RevisionDocs docs = RevisionDocs::All)
{
    Revision &rev = s.revision;
    rev.id = r.string();
    rev.downRevisions = r.list();
    rev.dependsOn = r.list();
    rev.branchLabels = r.list();
    if (docs == RevisionDocs::None)
        r.bytes();
    else
        rev.message = r.string();
    if (docs == RevisionDocs::All) {
        rev.longDoc = r.string();
        rev.createDate = r.string();
    } else {
        r.bytes();
        r.bytes();
    }
    s.transactional = r.pod<quint8>() != 0;
    s.revisionLine = r.pod<qint32>();
    s.revisesLine = r.pod<qint32>();
    s.labelsLine = r.pod<qint32>();
}

// An entry's SQL: the present sections, each as slot, first line and text; for a
// Python revision, its source and the SHA-256 of its file.
void writeSql(Writer &w, const MigrationScript &s)
{
    if (s.language == ScriptLanguage::Python) {
        w.string(s.pythonSource);
        w.bytes(s.pythonFileSha256);
        return;
    }
    const QStringList names = s.sections.names();
    w.pod(quint8(names.size()));
    for (const QString &name : names) {
        const int slot = SqlSections::slotOf(name);
        const SqlSection &section = s.sections.at(slot);
        w.pod(quint8(slot));
        w.pod(qint32(section.firstLine));
        w.string(section.sql);
    }
}

bool readSql(Reader &r, MigrationScript &s)
{
    if (s.language == ScriptLanguage::Python) {
        s.pythonSource = r.string();
        s.pythonFileSha256 = r.bytes().toByteArray();
        return r.ok && r.atEnd();
    }
    const quint8 count = r.pod<quint8>();
    if (count > SqlSections::kCount)
        return false;
    for (quint8 i = 0; i < count && r.ok; ++i) {
        const quint8 slot = r.pod<quint8>();
        if (slot >= SqlSections::kCount)
            return false;
        SqlSection &section = s.sections.at(slot);
        section.firstLine = r.pod<qint32>();
        section.sql = r.string();
        section.present = true;
    }
    return r.ok && r.atEnd();
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

QString ScriptCache::cacheFilePath(const QString &absoluteFolder, ScriptLanguage language)
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
    const QString kind = language == ScriptLanguage::Python ? u"python-"_qs : u"scripts-"_qs;
    return base + u"/retort/"_qs + kind + QString::fromLatin1(hash.left(32)) + u".cache"_qs;
}

qint64 ScriptCache::nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

ScriptCache::ScriptCache(const QString &absoluteFolder, ScriptParts parts, ScriptLanguage language)
    : m_folder(absoluteFolder)
    , m_language(language)
    , m_path(cacheFilePath(absoluteFolder, language))
{
    if (m_path.isEmpty())
        return;
    auto file = std::make_unique<QFile>(m_path);
    if (!file->open(QIODevice::ReadOnly))
        return;
    const QByteArray header = file->read(kHeaderSize);
    if (header.size() != kHeaderSize || std::memcmp(header.constData(), kMagic, 8) != 0)
        return;
    Reader h(header.constData() + 8, kHeaderSize - 8);
    const quint32 version = h.pod<quint32>();
    h.pod<quint32>(); // reserved
    const quint64 headersSize = h.pod<quint64>();
    const quint64 headersSum = h.pod<quint64>();
    m_sqlSize = h.pod<quint64>();
    m_sqlSum = h.pod<quint64>();
    if (version != kFormatVersion || headersSize > quint64(file->size()) ||
        quint64(file->size()) != kHeaderSize + headersSize + m_sqlSize)
        return;
    QByteArray headers = file->read(qsizetype(headersSize));
    if (quint64(headers.size()) != headersSize ||
        headersSum != checksum(headers.constData(), headers.size()))
        return;

    // Index the entries; their headers are only decoded on lookup.
    Reader r(headers.constData(), headers.size());
    if (r.string() != m_folder)
        return;
    const quint32 count = r.pod<quint32>();
    if (!r.ok || count > quint32(headers.size()))
        return;
    QVector<Slot> slots;
    slots.reserve(count);
    for (quint32 i = 0; i < count && r.ok; ++i) {
        Slot slot;
        slot.name = r.bytes();
        slot.offset = r.pos() - headers.constData();
        readKey(r);
        r.pod<quint64>(); // SQL offset
        r.pod<quint32>(); // SQL length
        r.skip(r.pod<quint32>());
        // Written in file-name order; anything else is not our file.
        if (!slots.isEmpty() && !(slots.last().name < slot.name))
            return;
        slots.append(slot);
    }
    if (!r.ok || !r.atEnd())
        return;
    m_headers = std::move(headers);
    m_slots = std::move(slots);
    m_sqlStart = kHeaderSize + qsizetype(headersSize);
    m_file = std::move(file);
    if (parts == ScriptParts::HeadersAndSql && !readSqlRegion())
        m_slots.clear();
}

ScriptCache::~ScriptCache() = default;

bool ScriptCache::readSqlRegion()
{
    if (m_sqlRead)
        return !m_sql.isNull();
    m_sqlRead = true;
    if (!m_file || !m_file->seek(m_sqlStart))
        return false;
    QByteArray sql = m_file->read(qsizetype(m_sqlSize));
    if (quint64(sql.size()) != m_sqlSize || m_sqlSum != checksum(sql.constData(), sql.size()))
        return false;
    // A zero-length region must still count as read.
    m_sql = sql.isNull() ? QByteArray("") : std::move(sql);
    return true;
}

qsizetype ScriptCache::find(QByteArrayView fileName, qsizetype &hint) const
{
    if (hint >= 0 && hint < m_slots.size() && m_slots[hint].name == fileName)
        return hint++;
    const auto it = std::lower_bound(m_slots.cbegin(), m_slots.cend(), fileName,
                                     [](const Slot &s, QByteArrayView n) { return s.name < n; });
    if (it == m_slots.cend() || it->name != fileName)
        return -1;
    hint = (it - m_slots.cbegin()) + 1;
    return hint - 1;
}

ScriptFileKey ScriptCache::cachedKey(qsizetype slot) const
{
    Reader r(m_headers.constData() + m_slots[slot].offset, m_headers.size() - m_slots[slot].offset);
    return readKey(r);
}

QByteArrayView ScriptCache::sqlBlob(qsizetype slot) const
{
    Reader r(m_headers.constData() + m_slots[slot].offset, m_headers.size() - m_slots[slot].offset);
    readKey(r);
    const quint64 offset = r.pod<quint64>();
    const quint32 length = r.pod<quint32>();
    if (!r.ok || offset > quint64(m_sql.size()) || length > quint64(m_sql.size()) - offset)
        return {};
    return QByteArrayView(m_sql.constData() + offset, length);
}

bool ScriptCache::decodeEntry(qsizetype slot, const QString &path, MigrationScript &out,
                              ScriptFileKey &key, RevisionDocs docs) const
{
    Reader r(m_headers.constData() + m_slots[slot].offset, m_headers.size() - m_slots[slot].offset);
    key = readKey(r);
    r.pod<quint64>(); // SQL offset
    r.pod<quint32>(); // SQL length
    const quint32 length = r.pod<quint32>();
    if (!r.ok)
        return false;
    const qsizetype left = m_headers.size() - (r.pos() - m_headers.constData());
    Reader body(r.pos(), qMin<qsizetype>(length, left));
    out.language = m_language;
    readHeader(body, out, docs);
    if (!body.ok || !body.atEnd() || qsizetype(length) != body.pos() - r.pos())
        return false;
    if (m_sqlRead) {
        const QByteArrayView blob = sqlBlob(slot);
        Reader sql(blob.data(), blob.size());
        if (blob.isNull() || !readSql(sql, out))
            return false;
    } else {
        out.sqlLoaded = false;
    }
    out.revision.path = path;
    return true;
}

bool ScriptCache::lookup(QByteArrayView fileName, const ScriptFileKey &key, const QString &path,
                         MigrationScript &out, qsizetype &hint) const
{
    const qsizetype slot = find(fileName, hint);
    ScriptFileKey cached;
    // The key first: a changed file is not decoded at all.
    return slot >= 0 && cachedKey(slot) == key && decodeEntry(slot, path, out, cached);
}

void ScriptCache::save(const QVector<Entry> &entries, qint64 scanStartNs)
{
    if (m_path.isEmpty())
        return;
    QVector<const Entry *> stable;
    stable.reserve(entries.size());
    bool allCached = true;
    for (const Entry &e : entries) {
        allCached = allCached && e.cached;
        if (e.key.mtimeNs < scanStartNs - kRacyMarginNs)
            stable.append(&e);
    }
    // Unchanged: every entry was found in the cache (names are unique, so that is all
    // of the cache when the counts agree) and every one is stored again.
    if (allCached && entries.size() == m_slots.size() && stable.size() == m_slots.size())
        return;

    Writer headers;
    Writer sql;
    headers.data.reserve(m_headers.size() + 4096);
    sql.data.reserve(m_sql.size() + 4096);
    QVector<const Entry *> kept;
    kept.reserve(stable.size());
    for (const Entry *e : std::as_const(stable)) {
        // A script without its SQL was a hit: copy the bytes the cache holds for it.
        if (!e->script->sqlLoaded) {
            qsizetype hint = -1;
            const qsizetype slot = readSqlRegion() ? find(e->fileName, hint) : -1;
            if (slot < 0 || sqlBlob(slot).isNull())
                continue; // left out: parsed again next time
        }
        kept.append(e);
    }
    headers.string(m_folder);
    headers.pod(quint32(kept.size()));
    Writer header;
    for (const Entry *e : std::as_const(kept)) {
        const qsizetype sqlOffset = sql.data.size();
        if (e->script->sqlLoaded)
            writeSql(sql, *e->script);
        else {
            qsizetype hint = -1;
            sql.data.append(sqlBlob(find(e->fileName, hint)));
        }
        headers.bytes(e->fileName);
        writeKey(headers, e->key);
        headers.pod(quint64(sqlOffset));
        headers.pod(quint32(sql.data.size() - sqlOffset));
        header.data.clear();
        writeHeader(header, *e->script);
        headers.bytes(header.data);
    }
    Writer top;
    top.data.append(kMagic, 8);
    top.pod(kFormatVersion);
    top.pod(quint32(0));
    top.pod(quint64(headers.data.size()));
    top.pod(checksum(headers.data.constData(), headers.data.size()));
    top.pod(quint64(sql.data.size()));
    top.pod(checksum(sql.data.constData(), sql.data.size()));

    // An unwritable cache directory just means no cache.
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return;
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(top.data);
    file.write(headers.data);
    file.write(sql.data);
    file.commit();
}

} // namespace retort
