// The parse cache behind ScriptDirectory::load: whatever happens to the files or to
// the cache file, a load returns exactly what parsing every file afresh returns.
#include "Error.h"
#include "GraphText.h"
#include "ProjectGraph.h"
#include "TestFiles.h"
#include "graph/HistoryText.h"
#include "script/MigrationFileParser.h"
#include "script/ScriptCache.h"
#include "script/ScriptDirectory.h"

#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>

#include <ctime>

using retort::test::briefGraphText;
using retort::test::graphText;
using namespace retort;
using retort::test::migration;
using retort::test::writeFile;

namespace {

// Sets a file's mtime to `secondsAgo` in the past (ns part `ns`): the cache only keeps
// files that have not changed for a few seconds (ScriptCache::kRacyMarginNs).
void age(const QString &path, qint64 secondsAgo, long ns = 0)
{
    const timespec now{std::time(nullptr) - secondsAgo, ns};
    const timespec times[2] = {now, now};
    QCOMPARE(utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
}

QString describe(const MigrationScript &s)
{
    const Revision &r = s.revision;
    QString text = QStringList{r.id,
                               r.downRevisions.join(u','),
                               r.dependsOn.join(u','),
                               r.branchLabels.join(u','),
                               r.message,
                               r.longDoc,
                               r.createDate,
                               r.path}
                       .join(u'|');
    text += u"|%1|%2|%3|%4"_qs.arg(s.transactional)
                .arg(s.revisionLine)
                .arg(s.revisesLine)
                .arg(s.labelsLine);
    const QStringList names = s.sections.names();
    for (const QString &name : names) {
        const SqlSection sec = s.sections.value(name);
        text += u"|[%1:%2:%3]%4"_qs.arg(name).arg(sec.firstLine).arg(sec.present).arg(sec.sql);
    }
    return text;
}

// What load() must return: every file parsed afresh, in file-name order.
QStringList freshParse(const QString &folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString &name : dir.entryList({u"*.sql"_qs}, QDir::Files, QDir::Name))
        out << describe(parseMigrationFile(dir.filePath(name)));
    return out;
}

QStringList loaded(const QString &folder)
{
    QStringList out;
    const ScriptDirectory dir = ScriptDirectory::load(folder);
    for (const MigrationScript &s : dir.scripts()) {
        if (!s.sqlLoaded)
            return {u"a full load came without SQL"_qs};
        out << describe(s);
    }
    return out;
}

// describe() without the sections: what a headers-only load must match.
QString headerOf(const QString &description)
{
    return description.section(u"|["_qs, 0, 0);
}

QStringList headersOnly(const QStringList &descriptions)
{
    QStringList out;
    for (const QString &d : descriptions)
        out << headerOf(d);
    return out;
}

// A headers-only load; `withoutSql` counts the scripts that came without their SQL.
QStringList loadedHeaders(const QString &folder, int *withoutSql = nullptr)
{
    QStringList out;
    const ScriptDirectory dir =
        ScriptDirectory::load(folder, /*allowEmpty=*/false, ScriptParts::Headers);
    int count = 0;
    for (const MigrationScript &s : dir.scripts()) {
        count += s.sqlLoaded ? 0 : 1;
        out << headerOf(describe(s));
    }
    if (withoutSql)
        *withoutSql = count;
    return out;
}

// loadRevisionGraph (which builds from the cache while the folder is listed) must give
// exactly what the ordinary load gives, whatever state the folder and cache are in.
void compareGraphLoads(const QString &folder)
{
    const QString fast = graphText([&] { return loadRevisionGraph(folder); });
    const auto ordinary = [&] {
        return RevisionGraph::build(
            ScriptDirectory::load(folder, /*allowEmpty=*/false, ScriptParts::Headers).revisions());
    };
    QCOMPARE(fast, graphText(ordinary));
    QVERIFY(!fast.isEmpty());
    // Commands that print less of the docstrings load less (RevisionDocs), same text.
    for (const RevisionDocs docs : {RevisionDocs::MessageOnly, RevisionDocs::None})
        QCOMPARE(briefGraphText([&] { return loadRevisionGraph(folder, docs); }, docs),
                 briefGraphText(ordinary, docs));
}

} // namespace

class TestScriptCache : public QObject {
    Q_OBJECT

    QTemporaryDir m_cacheHome;
    QTemporaryDir m_project;
    QString m_versions;

    QString cacheFile() const
    {
        return ScriptCache::cacheFilePath(QDir(m_versions).absolutePath());
    }

    QString write(const QString &name, const QByteArray &content, qint64 secondsAgo = 3600)
    {
        const QString path = writeFile(m_versions, name, content);
        age(path, secondsAgo);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cacheHome.isValid() && m_project.isValid());
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cacheHome.path()));
        m_versions = m_project.filePath(u"versions"_qs);
        write(u"a_base.sql"_qs, migration("aaaa", ""));
        write(u"b_next.sql"_qs, migration("bbbb", "aaaa", "-- Branch Labels: lbl\n"));
        write(u"c_last.sql"_qs, migration("cccc", "bbbb", "-- Transactional: false\n"));
    }

    void firstLoadWritesTheCache()
    {
        QVERIFY(cacheFile().startsWith(m_cacheHome.path() + u"/retort/"_qs));
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(QFile::exists(cacheFile()));
    }

    void unchangedFilesComeFromTheCache()
    {
        const QByteArray before = [&] {
            QFile f(cacheFile());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        age(cacheFile(), 600);
        const QDateTime stamp = QFileInfo(cacheFile()).lastModified();
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        // Nothing changed, so the cache is not rewritten.
        QCOMPARE(QFileInfo(cacheFile()).lastModified(), stamp);

        // Proof that the cache is read: an edit that keeps size, mtime and inode (which
        // no real edit does, see ScriptCache.h) is not seen.
        const QString path = QDir(m_versions).filePath(u"a_base.sql"_qs);
        QByteArray text = migration("aaaa", "");
        text.replace("Message for aaaa", "Message for AAAA");
        const timespec mtime = test::overwriteUnseen(path, text);
        QVERIFY(loaded(m_versions) != freshParse(m_versions));
        QVERIFY(loaded(m_versions).first().startsWith(u"aaaa|||"_qs));
        QVERIFY(!loaded(m_versions).first().contains(u"AAAA"_qs));
        QVERIFY(before.size() > 0);

        // Any later mtime (here 1 ns later) makes it parse again.
        age(path, std::time(nullptr) - mtime.tv_sec, mtime.tv_nsec + 1);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(loaded(m_versions).first().contains(u"AAAA"_qs));
    }

    void editThatChangesTheSize()
    {
        write(u"b_next.sql"_qs,
              migration("bbbb", "aaaa", "-- Branch Labels: other, more\n",
                        "-- migrate:upgrade\nCREATE TABLE t (id int);\n"),
              1800);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(loaded(m_versions)[1].contains(u"other,more"_qs));
    }

    void editThatKeepsTheSize()
    {
        const QByteArray old = migration("cccc", "bbbb", "-- Transactional: false\n");
        QByteArray text = old;
        text.replace("SELECT 1;", "SELECT 9;");
        QCOMPARE(text.size(), old.size());
        write(u"c_last.sql"_qs, text, 1700);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(loaded(m_versions)[2].contains(u"SELECT 9;"_qs));
    }

    void removedAndAddedFiles()
    {
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"c_last.sql"_qs)));
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QCOMPARE(loaded(m_versions).size(), 2);
        write(u"d_new.sql"_qs, migration("dddd", "bbbb"), 1600);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QCOMPARE(loaded(m_versions).size(), 3);
    }

    void recentFilesAreParsedUntilTheySettle()
    {
        write(u"e_recent.sql"_qs, migration("eeee", "dddd"), 0);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QByteArray text = migration("eeee", "dddd");
        text.replace("SELECT 2;", "SELECT 7;");
        writeFile(m_versions, u"e_recent.sql"_qs, text); // same size, maybe same mtime tick
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(loaded(m_versions).last().contains(u"SELECT 7;"_qs));
    }

    void corruptCacheIsIgnored()
    {
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QFile f(cacheFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        f.close();
        QVERIFY(good.size() > 100);
        const auto corrupt = [&](const QByteArray &bad) {
            QFile w(cacheFile());
            QVERIFY(w.open(QIODevice::WriteOnly | QIODevice::Truncate));
            w.write(bad);
            w.close();
            QCOMPARE(loaded(m_versions), freshParse(m_versions));
        };
        QByteArray flipped = good;
        flipped[flipped.size() - 20] = char(flipped[flipped.size() - 20] ^ 0x20);
        corrupt(flipped);
        corrupt(good.left(good.size() / 2));
        corrupt(QByteArray(good.size(), 'x'));
        corrupt(QByteArray());
        QByteArray otherVersion = good;
        otherVersion[8] = char(otherVersion[8] + 1);
        corrupt(otherVersion);
        // After a corrupt cache the next load writes a good one again.
        QFile again(cacheFile());
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll().size(), good.size());
    }

    void errorsAreReportedEveryTime()
    {
        const QString bad =
            write(u"f_bad.sql"_qs, "-- Message\n--\n-- Revision ID: ffff\n-- Bogus: 1\n", 1500);
        QString first;
        for (int run = 0; run < 3; ++run) {
            try {
                ScriptDirectory::load(m_versions);
                QFAIL("expected an error");
            } catch (const Error &e) {
                if (run == 0)
                    first = e.message();
                QCOMPARE(e.message(), first);
                QVERIFY(e.message().contains(u"f_bad.sql:4: unknown header key 'Bogus'"_qs));
            }
        }
        QVERIFY(QFile::remove(bad));
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
    }

private:
    // Every file old enough to be cached (earlier tests leave a recent one).
    void settleAll()
    {
        const QDir dir(m_versions);
        for (const QString &name : dir.entryList({u"*.sql"_qs}, QDir::Files))
            age(dir.filePath(name), 1250);
    }

private Q_SLOTS:
    void headersOnlyLoadSkipsTheSql()
    {
        settleAll();
        QCOMPARE(loaded(m_versions), freshParse(m_versions)); // warm
        int withoutSql = 0;
        QCOMPARE(loadedHeaders(m_versions, &withoutSql), headersOnly(freshParse(m_versions)));
        QCOMPARE(withoutSql, int(freshParse(m_versions).size()));
    }

    void headersOnlyLoadKeepsTheCachedSql()
    {
        QCOMPARE(loaded(m_versions), freshParse(m_versions)); // warm
        // An edit the cache cannot see (same size, mtime and inode): the SQL it holds
        // for a_base.sql is now different from the file's.
        const QString path = QDir(m_versions).filePath(u"a_base.sql"_qs);
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray text = original.readAll().replace("SELECT 1;", "SELECT 8;");
        QVERIFY(text.contains("SELECT 8;"));
        test::overwriteUnseen(path, text);
        // A headers-only load that must rewrite the cache (d_new.sql changed)...
        write(u"d_new.sql"_qs, migration("dddd", "bbbb", "-- Branch Labels: fresh\n"), 1400);
        int withoutSql = 0;
        QCOMPARE(loadedHeaders(m_versions, &withoutSql), headersOnly(freshParse(m_versions)));
        QCOMPARE(withoutSql, int(freshParse(m_versions).size()) - 1);
        // ...keeps the SQL it had for the files it did not parse: the stale SELECT 1
        // proves it was copied, not parsed again.
        const QStringList full = loaded(m_versions);
        QVERIFY(full.first().contains(u"SELECT 1;"_qs));
        QCOMPARE(full.filter(u"fresh"_qs).size(), 1);
        age(path, 1300);
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        QVERIFY(loaded(m_versions).first().contains(u"SELECT 8;"_qs));
    }

    void corruptSqlRegionOnlyCostsTheSql()
    {
        QCOMPARE(loaded(m_versions), freshParse(m_versions)); // warm
        QFile f(cacheFile());
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray all = f.readAll();
        // The SQL region is the end of the file.
        all[all.size() - 3] = char(all[all.size() - 3] ^ 0x01);
        QVERIFY(f.seek(0));
        QCOMPARE(f.write(all), all.size());
        f.close();
        int withoutSql = 0;
        QCOMPARE(loadedHeaders(m_versions, &withoutSql), headersOnly(freshParse(m_versions)));
        QCOMPARE(withoutSql, int(freshParse(m_versions).size())); // headers still good
        QCOMPARE(loaded(m_versions), freshParse(m_versions));     // SQL parsed afresh
        QCOMPARE(loaded(m_versions), freshParse(m_versions));     // and cached again
    }

    void graphFromTheCacheEqualsTheOrdinaryLoad()
    {
        settleAll();
        compareGraphLoads(m_versions); // cache rewritten by the ordinary load
        compareGraphLoads(m_versions); // warm: built from the cache
        QVERIFY(!graphText([&] { return loadRevisionGraph(m_versions); }).startsWith(u"error"_qs));
        // A file edited (new mtime), added, removed; a duplicate id; a broken file.
        write(u"b_next.sql"_qs, migration("bbbb", "aaaa", "-- Branch Labels: relabelled\n"), 1100);
        compareGraphLoads(m_versions);
        QVERIFY(
            graphText([&] { return loadRevisionGraph(m_versions); }).contains(u"relabelled"_qs));
        write(u"g_added.sql"_qs, migration("gggg", "bbbb"), 1000);
        compareGraphLoads(m_versions);
        compareGraphLoads(m_versions);
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"g_added.sql"_qs)));
        compareGraphLoads(m_versions);
        write(u"h_dup.sql"_qs, migration("bbbb", ""), 900);
        compareGraphLoads(m_versions);
        QVERIFY(graphText([&] {
                    return loadRevisionGraph(m_versions);
                }).contains(u"Revision ID 'bbbb' is already declared"_qs));
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"h_dup.sql"_qs)));
        write(u"i_bad.sql"_qs, "-- nothing\n", 800);
        compareGraphLoads(m_versions);
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"i_bad.sql"_qs)));
        write(u"j_missing_parent.sql"_qs, migration("jjjj", "nope"), 700);
        compareGraphLoads(m_versions);
        compareGraphLoads(m_versions); // cached, and the graph error comes from the cache
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"j_missing_parent.sql"_qs)));
        compareGraphLoads(m_versions);
    }

    void unwritableCacheDirectoryMeansNoCache()
    {
        const QByteArray saved = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", "/proc/no-such-dir");
        QCOMPARE(loaded(m_versions), freshParse(m_versions));
        qputenv("XDG_CACHE_HOME", saved);
    }
};

QTEST_GUILESS_MAIN(TestScriptCache)
#include "tst_scriptcache.moc"
