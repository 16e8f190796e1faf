#pragma once

#include "script/MigrationScript.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <memory>

class QFile;

namespace retort {

// What identifies one version of a migration file without reading it: stat() data.
struct ScriptFileKey {
    qint64 size = 0;
    qint64 mtimeNs = 0; // st_mtim in nanoseconds since the epoch
    quint64 inode = 0;
    quint64 device = 0;
    friend bool operator==(const ScriptFileKey &a, const ScriptFileKey &b)
    {
        return a.size == b.size && a.mtimeNs == b.mtimeNs && a.inode == b.inode &&
               a.device == b.device;
    }
};

// A parse cache for one versions folder, so that a warm `retort heads` on 20,000
// files stats them instead of opening and parsing each one. One file per folder in
// $XDG_CACHE_HOME/retort (default ~/.cache/retort), never inside the project.
//
// Why (size, mtime in ns, inode, device) is a safe enough key: any write that goes
// through the file system moves mtime, editors that save by rename change the inode,
// and a same-size in-place edit would have to land on the very same timestamp. That
// last case is possible when the file system's clock is coarse (Linux stamps files
// with a jiffy-grained clock, FAT with 2 s): a file edited twice within one tick. So,
// as git does for its index, a file is only cached once its mtime is well before the
// time of the scan that caches it (kRacyMarginNs); a later edit then gets a later mtime.
//
// The cache is a hint, never an authority: a missing, unreadable, old-format or
// corrupt file (checked by a versioned header, the folder's path and a checksum of
// the whole payload) is ignored, and failed parses are never cached, so every run
// re-reads and re-reports a malformed file with the same message.
// What a load needs: the graph commands only read headers, so the cache keeps the
// headers and the SQL in two regions and reads the SQL only when asked.
enum class ScriptParts { Headers, HeadersAndSql };

class ScriptCache {
public:
    struct Entry {
        QByteArrayView fileName; // as the file system spells it
        ScriptFileKey key;
        // A script loaded without its SQL (sqlLoaded false) is saved with the SQL the
        // cache already holds for it.
        const MigrationScript *script = nullptr;
        bool cached = false; // lookup() found it
    };

    // Reads the cache of `absoluteFolder` (nothing if there is none or it is unusable):
    // the headers region always, the SQL region only for ScriptParts::HeadersAndSql.
    // SQL files and an Alembic project's Python files have separate caches: for Python
    // the "SQL" region holds each file's source, and an entry with an empty revision id
    // is a file that is not a revision (a helper module), so it is not read again either.
    ScriptCache(const QString &absoluteFolder, ScriptParts parts,
                ScriptLanguage language = ScriptLanguage::Sql);
    ~ScriptCache();
    ScriptCache(const ScriptCache &) = delete;
    ScriptCache &operator=(const ScriptCache &) = delete;

    // The cached parse of `fileName` if its key is unchanged, with its path set to
    // `path` (paths are not cached: they depend on how the folder was named). Safe to
    // call from several threads at once. `hint` is where to look first: a caller that
    // asks in file-name order and passes the same variable each time never searches.
    bool lookup(QByteArrayView fileName, const ScriptFileKey &key, const QString &path,
                MigrationScript &out, qsizetype &hint) const;

    // The cached entries themselves, in file-name order, for a caller that decodes
    // before it has listed the folder (loadRevisionGraph): their names, and entry i's
    // header whatever its key (false if it does not decode), with as much of its
    // docstring as `docs` asks for.
    qsizetype entryCount() const { return m_slots.size(); }
    QByteArrayView entryName(qsizetype i) const { return m_slots[i].name; }
    bool decodeEntry(qsizetype i, const QString &path, MigrationScript &out, ScriptFileKey &key,
                     RevisionDocs docs = RevisionDocs::All) const;

    // Rewrites the cache (atomically) with exactly `entries`, unless it already holds
    // exactly them (every entry cached, none too recent, none left out). `scanStartNs` is the
    // wall-clock time taken before the folder was listed; entries modified shortly before it are
    // left out (see above).
    void save(const QVector<Entry> &entries, qint64 scanStartNs);

    // Where the cache of `absoluteFolder` lives (empty if there is no cache directory).
    static QString cacheFilePath(const QString &absoluteFolder,
                                 ScriptLanguage language = ScriptLanguage::Sql);
    static qint64 nowNs();

    // Files this recent (relative to the scan) are not cached: covers coarse file
    // system timestamps (FAT: 2 s) with room to spare.
    static constexpr qint64 kRacyMarginNs = 3'000'000'000;

private:
    struct Slot {
        QByteArrayView name;
        qsizetype offset = 0; // of the entry's key in m_headers
    };
    qsizetype find(QByteArrayView fileName, qsizetype &hint) const;
    bool readSqlRegion();
    QByteArrayView sqlBlob(qsizetype slot) const;
    ScriptFileKey cachedKey(qsizetype slot) const;

    QString m_folder;
    ScriptLanguage m_language;
    QString m_path;
    std::unique_ptr<QFile> m_file; // kept open so the SQL region read later is the same file
    quint64 m_sqlSize = 0;
    quint64 m_sqlSum = 0;
    qsizetype m_sqlStart = 0; // file offset of the SQL region
    bool m_sqlRead = false;
    QByteArray m_headers;  // the headers region, which m_slots point into
    QByteArray m_sql;      // the SQL region, once read
    QVector<Slot> m_slots; // sorted by name, as the cache is written
};

} // namespace retort
