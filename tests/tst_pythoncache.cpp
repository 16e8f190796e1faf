// The parse cache for an Alembic project's Python revision files (CachedFolder.h,
// ScriptCache.h): whatever happens to the files, a load returns exactly what reading
// every file afresh returns, an edited file is read again, helper modules are
// remembered as "not a revision", and the graph built from the cache while the folder is
// listed (loadProjectGraph) equals the ordinary load.
#include "Error.h"
#include "GraphText.h"
#include "Project.h"
#include "ProjectGraph.h"
#include "TestFiles.h"
#include "alembic/PythonRevisionReader.h"
#include "alembic/PythonScriptDirectory.h"
#include "graph/HistoryText.h"
#include "script/ProjectConfig.h"
#include "script/ScriptCache.h"

#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

using retort::test::briefGraphText;
using retort::test::graphText;
using namespace retort;
using retort::test::writeFile;

namespace {

// Sets a file's mtime to `secondsAgo` in the past (ns part `ns`): the cache only keeps
// files that have not changed for a few seconds (ScriptCache::kRacyMarginNs).
void age(const QString &path, qint64 secondsAgo, long ns = 0)
{
    const timespec when{std::time(nullptr) - secondsAgo, ns};
    const timespec times[2] = {when, when};
    QCOMPARE(utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
}

QByteArray pyRevision(const QByteArray &id, const QByteArray &down,
                      const QByteArray &labels = "None")
{
    return "\"\"\"Message " + id + "\n\nRevision ID: " + id + "\n\"\"\"\nrevision = '" + id +
           "'\ndown_revision = " + down + "\nbranch_labels = " + labels +
           "\ndepends_on = None\n\n\ndef upgrade():\n    pass\n";
}

QString describe(const MigrationScript &s)
{
    const Revision &r = s.revision;
    return QStringList{r.id,
                       r.downRevisions.join(u','),
                       r.dependsOn.join(u','),
                       r.branchLabels.join(u','),
                       r.message,
                       r.longDoc,
                       r.createDate,
                       r.path,
                       QString::number(s.revisionLine),
                       QString::number(s.revisesLine),
                       QString::number(s.labelsLine),
                       QString::number(int(s.language)),
                       s.sqlLoaded ? s.pythonSource : u"(no source)"_qs,
                       QString::fromLatin1(s.pythonFileSha256.toHex())}
        .join(u'|');
}

} // namespace

class TestPythonCache : public QObject {
    Q_OBJECT

    QTemporaryDir m_cacheHome;
    QTemporaryDir m_project;
    QString m_ini;
    QString m_versions;

    QString cacheFile() const
    {
        return ScriptCache::cacheFilePath(QDir(m_versions).absolutePath(), ScriptLanguage::Python);
    }

    QString write(const QString &name, const QByteArray &content, qint64 secondsAgo = 3600)
    {
        const QString path = writeFile(m_versions, name, content);
        age(path, secondsAgo);
        return path;
    }

    ProjectConfig config() const { return ProjectConfig::load(m_ini); }

    // What a load must give: every file read afresh, in Alembic's order.
    QStringList fresh(ScriptParts parts = ScriptParts::HeadersAndSql) const
    {
        QStringList out;
        for (const QString &path : listPythonRevisionFiles(config()))
            if (auto script = readPythonRevision(path)) {
                if (parts == ScriptParts::Headers) {
                    script->pythonSource.clear();
                    script->pythonFileSha256.clear();
                    script->sqlLoaded = false;
                }
                out << describe(*script);
            }
        return out;
    }

    QStringList loaded(ScriptParts parts = ScriptParts::HeadersAndSql) const
    {
        QStringList out;
        const ScriptDirectory scripts = loadPythonScripts(config(), parts);
        for (const MigrationScript &s : scripts.scripts())
            out << describe(s);
        return out;
    }

    void compareGraphLoads() const
    {
        const QString fast = graphText([&] { return loadProjectGraph(config()); });
        const auto ordinary = [&] {
            return RevisionGraph::build(
                loadPythonScripts(config(), ScriptParts::Headers).revisions());
        };
        QCOMPARE(fast, graphText(ordinary));
        QVERIFY(!fast.isEmpty());
        // Commands that print less of the docstrings load less (RevisionDocs), same text.
        const auto lessDocs = [&](RevisionDocs docs) {
            return [this, docs] { return loadProjectGraph(config(), docs); };
        };
        QCOMPARE(briefGraphText(lessDocs(RevisionDocs::MessageOnly), RevisionDocs::MessageOnly),
                 briefGraphText(ordinary, RevisionDocs::MessageOnly));
        QCOMPARE(briefGraphText(lessDocs(RevisionDocs::None), RevisionDocs::None),
                 briefGraphText(ordinary, RevisionDocs::None));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cacheHome.isValid() && m_project.isValid());
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cacheHome.path()));
        m_ini = writeFile(m_project.path(), u"alembic.ini"_qs,
                          "[alembic]\nscript_location = %(here)s/migrations\n");
        m_versions = m_project.filePath(u"migrations/versions"_qs);
        write(u"a_base.py"_qs, pyRevision("aaaa", "None"));
        write(u"b_next.py"_qs, pyRevision("bbbb", "'aaaa'", "'lbl'"));
        write(u"c_last.py"_qs, pyRevision("cccc", "'bbbb'"));
        write(u"helpers.py"_qs, "def helper():\n    return 1\n"); // not a revision
    }

    void firstLoadWritesTheCache()
    {
        QVERIFY(cacheFile().startsWith(m_cacheHome.path() + u"/retort/python-"_qs));
        // Not the SQL cache of the same folder.
        QVERIFY(cacheFile() != ScriptCache::cacheFilePath(QDir(m_versions).absolutePath()));
        QCOMPARE(loaded(), fresh());
        QCOMPARE(loaded().size(), 3);
        QVERIFY(QFile::exists(cacheFile()));
    }

    void unchangedFilesComeFromTheCache()
    {
        QCOMPARE(loaded(), fresh());
        age(cacheFile(), 600);
        const QDateTime stamp = QFileInfo(cacheFile()).lastModified();
        QCOMPARE(loaded(), fresh());
        QCOMPARE(QFileInfo(cacheFile()).lastModified(), stamp); // nothing to rewrite

        // Proof that the cache is read: an edit that keeps size, mtime and inode (which
        // no real edit does, see ScriptCache.h) is not seen, neither in the header nor
        // in the source.
        const QString path = QDir(m_versions).filePath(u"a_base.py"_qs);
        QByteArray text = pyRevision("aaaa", "None");
        text.replace("Message aaaa", "Message AAAA");
        const timespec mtime = test::overwriteUnseen(path, text);
        QVERIFY(loaded() != fresh());
        QVERIFY(!loaded().first().contains(u"AAAA"_qs));

        // Any later mtime (here 1 ns later) makes it read again.
        age(path, std::time(nullptr) - mtime.tv_sec, mtime.tv_nsec + 1);
        QCOMPARE(loaded(), fresh());
        QVERIFY(loaded().first().contains(u"Message AAAA"_qs));
    }

    void editedFileIsReadAgain()
    {
        write(u"b_next.py"_qs, pyRevision("bbbb", "'aaaa'", "('other', 'more')"), 1800);
        QCOMPARE(loaded(), fresh());
        QVERIFY(loaded()[1].contains(u"|other,more|"_qs));
        // The same size, another value: the mtime tells.
        QByteArray text = pyRevision("cccc", "'bbbb'");
        text.replace("pass", "PASS");
        write(u"c_last.py"_qs, text, 1700);
        QCOMPARE(loaded(), fresh());
        QVERIFY(loaded()[2].contains(u"PASS"_qs));
    }

    // verify's checksum of a Python revision (the SHA-256 of its file) comes with the parse,
    // from the cache when the file is unchanged: checksum() reads no file. An edit (a new
    // stat key) gives the new file's checksum.
    void checksumComesFromTheCache()
    {
        const QString path = QDir(m_versions).filePath(u"a_base.py"_qs);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
        f.close();
        loaded(); // cached now, if it was not
        const ScriptDirectory scripts = loadPythonScripts(config());
        const MigrationScript *a = scripts.find(u"aaaa"_qs);
        QVERIFY(a);
        QCOMPARE(a->checksum(u"upgrade"_qs, u"sqlite"_qs), sha);
        // Not read at checksum() time: the file may even be gone.
        const QString moved = path + u".away"_qs;
        QVERIFY(QFile::rename(path, moved));
        QCOMPARE(a->checksum(u"upgrade"_qs, u"sqlite"_qs), sha);
        QVERIFY(QFile::rename(moved, path));

        QByteArray text = pyRevision("aaaa", "None");
        text.replace("pass", "return None");
        write(u"a_base.py"_qs, text, 1650);
        const ScriptDirectory edited = loadPythonScripts(config());
        const QString newSha =
            QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
        QVERIFY(newSha != sha);
        QCOMPARE(edited.find(u"aaaa"_qs)->checksum(u"upgrade"_qs, u"sqlite"_qs), newSha);
        QCOMPARE(loaded(), fresh());
    }

    void helperModuleBecomesARevision()
    {
        write(u"helpers.py"_qs, pyRevision("dddd", "'cccc'"), 1600);
        QCOMPARE(loaded(), fresh());
        QCOMPARE(loaded().size(), 4);
        write(u"helpers.py"_qs, "X = 1\n", 1500);
        QCOMPARE(loaded(), fresh());
        QCOMPARE(loaded().size(), 3);
    }

    void headersOnlyLoadHasNoSource()
    {
        QCOMPARE(loaded(ScriptParts::Headers), fresh(ScriptParts::Headers));
        QVERIFY(loaded(ScriptParts::Headers).first().endsWith(u"(no source)|"_qs)); // nor sha
        // ...and does not cost the full load its source.
        QCOMPARE(loaded(), fresh());
        QVERIFY(loaded().first().contains(u"def upgrade"_qs));
    }

    void brokenFileIsReportedEveryTime()
    {
        write(u"e_bad.py"_qs, "revision = 'eeee'\ndown_revision = compute()\n", 1400);
        for (int i = 0; i < 2; ++i) {
            const QString text = graphText([&] { return loadProjectGraph(config()); });
            QVERIFY2(text.contains(u"e_bad.py:2: down_revision = compute() is not a literal"_qs),
                     qPrintable(text));
        }
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"e_bad.py"_qs)));
        QCOMPARE(loaded(), fresh());
    }

    void graphFromTheCacheEqualsTheOrdinaryLoad()
    {
        compareGraphLoads();
        compareGraphLoads(); // warm
        write(u"b_next.py"_qs, pyRevision("bbbb", "'aaaa'", "'relabelled'"), 1100);
        compareGraphLoads();
        QVERIFY(graphText([&] { return loadProjectGraph(config()); }).contains(u"relabelled"_qs));
        write(u"f_added.py"_qs, pyRevision("ffff", "'bbbb'"), 1000);
        compareGraphLoads();
        compareGraphLoads();
        QVERIFY(graphText([&] { return loadProjectGraph(config()); }).contains(u"ffff"_qs));
        write(u"g_dup.py"_qs, pyRevision("bbbb", "None"), 900);
        compareGraphLoads();
        QVERIFY(graphText([&] {
                    return loadProjectGraph(config());
                }).contains(u"Revision ID 'bbbb' is already declared"_qs));
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"g_dup.py"_qs)));
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"f_added.py"_qs)));
        compareGraphLoads();
        QVERIFY(!graphText([&] { return loadProjectGraph(config()); }).contains(u"ffff"_qs));
    }

    // A symlink beside its target is one file to Alembic (it compares real paths): it
    // must not become a duplicate revision id, cached or not.
    void symlinkToARevisionIsReadOnce()
    {
        const QString target = QDir(m_versions).filePath(u"c_last.py"_qs);
        QVERIFY(QFile::link(target, QDir(m_versions).filePath(u"z_link.py"_qs)));
        compareGraphLoads();
        compareGraphLoads();
        QCOMPARE(loaded(), fresh());
        QCOMPARE(loaded().size(), 3);
        QVERIFY(!graphText([&] { return loadProjectGraph(config()); }).startsWith(u"error"_qs));
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"z_link.py"_qs)));
        // A hard link has its own real path: Alembic loads it twice (a duplicate id).
        QCOMPARE(::link(QFile::encodeName(target).constData(),
                        QFile::encodeName(QDir(m_versions).filePath(u"z_hard.py"_qs)).constData()),
                 0);
        QVERIFY(graphText([&] {
                    return loadProjectGraph(config());
                }).contains(u"Revision ID 'cccc' is already declared"_qs));
        QVERIFY(QFile::remove(QDir(m_versions).filePath(u"z_hard.py"_qs)));
        compareGraphLoads();
    }

    void corruptCacheIsIgnored()
    {
        QCOMPARE(loaded(), fresh());
        QFile f(cacheFile());
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray all = f.readAll();
        QVERIFY(all.size() > 100);
        all[all.size() / 2] = char(all[all.size() / 2] ^ 0x01);
        QVERIFY(f.seek(0));
        QCOMPARE(f.write(all), all.size());
        f.close();
        QCOMPARE(loaded(), fresh());
        compareGraphLoads();
        QVERIFY(f.resize(10));
        QCOMPARE(loaded(), fresh());
        compareGraphLoads();
    }
};

QTEST_GUILESS_MAIN(TestPythonCache)
#include "tst_pythoncache.moc"
