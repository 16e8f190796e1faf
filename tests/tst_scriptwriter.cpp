// New revision files (`retort revision`, `retort merge`): ids, slugs and file names as
// Alembic makes them, Alembic's checks and messages, and files that always read back.
#include "Error.h"
#include "Project.h"
#include "TestFiles.h"
#include "script/MigrationFileParser.h"
#include "script/ScriptWriter.h"

#include <QRegularExpression>
#include <QtTest>

using namespace retort;
using retort::test::migration;
using retort::test::writeFile;

namespace {

// A project in a temporary folder: retort.ini and versions/ with the given files.
class TempProject {
public:
    explicit TempProject(const QHash<QString, QByteArray> &files = {},
                         const QByteArray &extraIni = {})
    {
        writeFile(m_dir.path(), u"retort.ini"_qs,
                  "[retort]\nscript_location = versions\nurl = sqlite:///x.db\n" + extraIni);
        QDir(m_dir.path()).mkpath(u"versions"_qs);
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            writeFile(versions(), it.key(), it.value());
    }
    QString versions() const { return m_dir.filePath(u"versions"_qs); }
    QString ini() const { return m_dir.filePath(u"retort.ini"_qs); }
    Project load() const { return Project::load(ini(), /*allowEmpty=*/true); }

    WrittenRevision revision(const NewRevision &request) const
    {
        const Project p = load();
        return ScriptWriter(p).revision(request);
    }
    WrittenRevision merge(const QStringList &revs, const QString &message,
                          const QString &revId = {}) const
    {
        const Project p = load();
        return ScriptWriter(p).merge(revs, message, {}, revId);
    }
    // The error a request gives, or a marker if it gives none.
    QString revisionError(const NewRevision &request) const
    {
        try {
            revision(request);
        } catch (const Error &e) {
            return e.message();
        }
        return u"<no error>"_qs;
    }
    QString mergeError(const QStringList &revs) const
    {
        try {
            merge(revs, u"m"_qs);
        } catch (const Error &e) {
            return e.message();
        }
        return u"<no error>"_qs;
    }
    QStringList fileNames() const
    {
        return QDir(versions()).entryList({u"*.sql"_qs}, QDir::Files, QDir::Name);
    }

private:
    QTemporaryDir m_dir;
};

NewRevision request(const QString &message, const QString &revId = {})
{
    NewRevision r;
    r.message = message;
    r.revisionId = revId;
    return r;
}

// a <- b, then two heads c1 and c2 on b.
QHash<QString, QByteArray> twoHeads()
{
    return {{u"a_one.sql"_qs, migration("aaaa1111", "")},
            {u"b_two.sql"_qs, migration("bbbb2222", "aaaa1111")},
            {u"c1.sql"_qs, migration("cccc1111", "bbbb2222", "-- Branch Labels: left\n")},
            {u"c2.sql"_qs, migration("cccc2222", "bbbb2222")}};
}

QHash<QString, QByteArray> linear()
{
    return {{u"a_one.sql"_qs, migration("aaaa1111", "")},
            {u"b_two.sql"_qs, migration("bbbb2222", "aaaa1111")}};
}

const QString kMultipleHeads =
    u"Multiple heads are present; please specify the head revision on which the new "
    "revision should be based, or perform a merge."_qs;

} // namespace

class TestScriptWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Expected values computed once with Alembic 1.8.1 (Debian python3-alembic):
    //   ScriptDirectory._rev_path(d, "", "r", message, date) with file_template
    //   "%(slug)s" and truncate_slug_length 40.
    void slugMatchesAlembic_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("slug");
        QTest::newRow("plain") << u"Add authentication tables"_qs
                               << u"add_authentication_tables"_qs;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("punctuation") << u"  Hello,   World!! "_qs << u"hello_world"_qs;
        QTest::newRow("apostrophe") << u"add user's e-mail (v2)"_qs << u"add_user_s_e_mail_v2"_qs;
        QTest::newRow("long") << u"This is a very long message that goes past forty characters "
                                 "for sure"_qs
                              << u"this_is_a_very_long_message_that_goes_"_qs;
        QTest::newRow("one long word") << u"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"_qs
                                       << u"abcdefghijklmnopqrstuvwxyzabcdefghijklmn_"_qs;
        QTest::newRow("39+2") << QString(39, u'a') + u" b"_qs << QString(39, u'a') + u"_"_qs;
        QTest::newRow("40+2") << QString(40, u'a') + u" b"_qs << QString(40, u'a') + u"_"_qs;
        QTest::newRow("41") << QString(41, u'a') << QString(40, u'a') + u"_"_qs;
        QTest::newRow("underscores")
            << u"snake_case_already here"_qs << u"snake_case_already_here"_qs;
        QTest::newRow("latin") << u"Café naïve ½ x² résumé"_qs << u"café_naïve_½_x²_résumé"_qs;
        QTest::newRow("cjk") << u"日本語 テスト"_qs << u"日本語_テスト"_qs;
        QTest::newRow("special casing")
            << u"İstanbul ΟΔΟΣ Straße"_qs << u"i\u0307stanbul_οδος_straße"_qs;
        QTest::newRow("emoji") << u"emoji 🎉 party"_qs << u"emoji_party"_qs;
        QTest::newRow("combining mark") << u"e\u0301t\u00e9"_qs << u"e_t\u00e9"_qs;
        QTest::newRow("whitespace") << u"tab\tand\nnewline"_qs << u"tab_and_newline"_qs;
        QTest::newRow("digits") << u"123 456"_qs << u"123_456"_qs;
        QTest::newRow("dunder") << u"__init__ -- x"_qs << u"__init___x"_qs;
        QTest::newRow("case") << u"CamelCase MixedUP"_qs << u"camelcase_mixedup"_qs;
        QTest::newRow("hyphen") << u"one-two three_four"_qs << u"one_two_three_four"_qs;
        QTest::newRow("cut at underscore")
            << QString(45, u'x') + u"_yy"_qs << QString(40, u'x') + u"_"_qs;
    }
    void slugMatchesAlembic()
    {
        QFETCH(QString, message);
        QFETCH(QString, slug);
        QCOMPARE(ScriptWriter::slug(message), slug);
    }

    void slugTruncateLength()
    {
        // Alembic with truncate_slug_length = 10: "hello_"
        QCOMPARE(ScriptWriter::slug(u"hello world again"_qs, 10), u"hello_"_qs);
    }

    void revisionIdsLookLikeAlembics()
    {
        const QRegularExpression hex12(u"^[0-9a-f]{12}$"_qs);
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString id = ScriptWriter::newRevisionId();
            QVERIFY2(hex12.match(id).hasMatch(), qPrintable(id));
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 50);
    }

    void createDateText()
    {
        CreateDate d{QDateTime(QDate(2024, 3, 5), QTime(7, 8, 9)), 120};
        QCOMPARE(d.text(), u"2024-03-05 07:08:09.000120"_qs);
        d.microsecond = 0; // Python's str(datetime) drops a zero fraction
        QCOMPARE(d.text(), u"2024-03-05 07:08:09"_qs);
        const CreateDate now = CreateDate::now();
        QVERIFY(qAbs(now.local.secsTo(QDateTime::currentDateTime())) < 5);
    }

    void fileTemplateTokens()
    {
        const CreateDate d{QDateTime(QDate(2024, 3, 5), QTime(7, 8, 9)), 0};
        // Alembic: "abc_20240305_070809_hi_there_<epoch>" for the same template.
        const QString name = ScriptWriter::formatFileName(
            u"%(rev)s_%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d%(second).2d_%(slug)s_"
            "%(epoch)s"_qs,
            u"abc"_qs, u"hi_there"_qs, d);
        QCOMPARE(name, u"abc_20240305_070809_hi_there_%1"_qs.arg(d.local.toSecsSinceEpoch()));
        // Alembic: "2024-03-  5-ab-hi      |%"
        QCOMPARE(ScriptWriter::formatFileName(
                     u"%(year)s-%(month)02d-%(day)3d-%(rev).2s-%(slug)-8s|%%"_qs, u"abcdef"_qs,
                     u"hi"_qs, d),
                 u"2024-03-  5-ab-hi      |%"_qs);
        QCOMPARE(ScriptWriter::formatFileName(u"%(rev)s_%(slug)s"_qs, u"r1"_qs, u"s"_qs, d),
                 u"r1_s"_qs);
        for (const QString &bad :
             {u"%(nope)s"_qs, u"%(rev)d"_qs, u"%(rev)"_qs, u"50%"_qs, u"%(rev"_qs}) {
            bool threw = false;
            try {
                ScriptWriter::formatFileName(bad, u"r"_qs, u"s"_qs, d);
            } catch (const Error &e) {
                threw = e.message().contains(u"file_template"_qs);
            }
            QVERIFY2(threw, qPrintable(bad));
        }
    }

    void templateFromConfig()
    {
        TempProject p({}, "file_template = %(year)d_%(rev)s_%(slug).5s\n");
        NewRevision r = request(u"Create the users table"_qs, u"r1"_qs);
        r.createDate = CreateDate{QDateTime(QDate(2024, 3, 5), QTime(7, 8, 9)), 5};
        const WrittenRevision w = p.revision(r);
        QCOMPARE(QFileInfo(w.path).fileName(), u"2024_r1_creat.sql"_qs);
        QCOMPARE(w.script.revision.createDate, u"2024-03-05 07:08:09.000005"_qs);
    }

    void firstRevisionInEmptyFolder()
    {
        TempProject p;
        QCOMPARE(p.load().graph.size(), 0);
        const WrittenRevision w = p.revision(request(u"Initial commit"_qs));
        const QString id = w.script.revision.id;
        QCOMPARE(QFileInfo(w.path).fileName(), id + u"_initial_commit.sql"_qs);
        QVERIFY(QFileInfo(w.path).isAbsolute());
        QVERIFY(w.script.revision.downRevisions.isEmpty());
        QCOMPARE(w.graph.size(), 1);
        QCOMPARE(p.load().graph.heads().size(), 1);
    }

    void writtenFileReadsBack()
    {
        TempProject p(twoHeads());
        NewRevision r = request(u"Add the orders table"_qs, u"dddd0001"_qs);
        r.heads = {u"cccc2222"_qs};
        r.branchLabels = {u"orders"_qs, u"shop"_qs};
        r.dependsOn = {u"left"_qs, u"aaaa"_qs};
        r.createDate = CreateDate{QDateTime(QDate(2024, 12, 2), QTime(12, 0, 0)), 123456};
        const WrittenRevision w = p.revision(r);

        QFile f(w.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), u"-- Add the orders table\n"
                                                 "--\n"
                                                 "-- Revision ID: dddd0001\n"
                                                 "-- Revises: cccc2222\n"
                                                 "-- Create Date: 2024-12-02 12:00:00.123456\n"
                                                 "-- Branch Labels: orders, shop\n"
                                                 "-- Depends On: left, aaaa1111\n"
                                                 "\n"
                                                 "-- migrate:upgrade\n"
                                                 "\n"
                                                 "\n"
                                                 "-- migrate:downgrade\n"
                                                 "\n"_qs);

        const MigrationScript s = parseMigrationFile(w.path);
        QCOMPARE(s.revision.id, u"dddd0001"_qs);
        QCOMPARE(s.revision.message, u"Add the orders table"_qs);
        QCOMPARE(s.revision.downRevisions, QStringList{u"cccc2222"_qs});
        QCOMPARE(s.revision.branchLabels, (QStringList{u"orders"_qs, u"shop"_qs}));
        QCOMPARE(s.revision.dependsOn, (QStringList{u"left"_qs, u"aaaa1111"_qs}));
        QVERIFY(s.sections.value(u"upgrade"_qs).present);
        QVERIFY(s.sections.value(u"downgrade"_qs).present);

        const Project after = p.load();
        QCOMPARE(after.graph.size(), 5);
        const int i = after.graph.indexOf(u"dddd0001"_qs);
        QVERIFY(after.graph.isHead(i));
        QCOMPARE(after.graph.resolve(u"orders@head"_qs), i);
    }

    void revisionOnLinearGraph()
    {
        TempProject p(linear());
        const WrittenRevision w = p.revision(request(u"third"_qs));
        QCOMPARE(w.script.revision.downRevisions, QStringList{u"bbbb2222"_qs});
        QCOMPARE(w.graph.heads().size(), 1);
        QCOMPARE(w.graph.id(w.graph.heads().first()), w.script.revision.id);
    }

    void multipleHeadsNeedAHead()
    {
        TempProject p(twoHeads());
        QCOMPARE(p.revisionError(request(u"x"_qs)), kMultipleHeads);
        NewRevision r = request(u"x"_qs);
        r.heads = {u"left@head"_qs};
        QCOMPARE(p.revision(r).script.revision.downRevisions, QStringList{u"cccc1111"_qs});
        QCOMPARE(p.fileNames().size(), 5);
    }

    void headMustBeAHeadUnlessSpliced()
    {
        TempProject p(linear());
        NewRevision r = request(u"branch"_qs);
        r.heads = {u"aaaa"_qs};
        QCOMPARE(p.revisionError(r),
                 u"Revision aaaa1111 is not a head revision; please specify --splice to create "
                 "a new branch from this revision"_qs);
        r.splice = true;
        QCOMPARE(p.revision(r).script.revision.downRevisions, QStringList{u"aaaa1111"_qs});
        QCOMPARE(p.load().graph.heads().size(), 2);
        r.heads = {u"nosuch"_qs};
        QCOMPARE(p.revisionError(r), u"Can't locate revision identified by 'nosuch'"_qs);
    }

    void newBaseWithBranchLabel()
    {
        TempProject p(linear());
        NewRevision r = request(u"second tree"_qs, u"eeee0001"_qs);
        r.heads = {u"base"_qs};
        r.branchLabels = {u"tree2"_qs};
        const WrittenRevision w = p.revision(r);
        QVERIFY(w.script.revision.downRevisions.isEmpty());
        QCOMPARE(w.script.revision.branchLabels, QStringList{u"tree2"_qs});
        QCOMPARE(w.graph.bases().size(), 2);
        // Alembic also allows a new base without a label.
        r = request(u"third tree"_qs);
        r.heads = {u"base"_qs};
        QCOMPARE(p.revision(r).graph.bases().size(), 3);
    }

    void branchLabelAlreadyUsed()
    {
        TempProject p(twoHeads());
        NewRevision r = request(u"x"_qs, u"ffff0001"_qs);
        r.heads = {u"cccc2222"_qs};
        r.branchLabels = {u"left"_qs};
        QCOMPARE(p.revisionError(r),
                 u"Branch name 'left' in revision ffff0001 already used by revision cccc1111"_qs);
        r.branchLabels = {u"bad@label"_qs};
        QCOMPARE(p.revisionError(r),
                 u"Character(s) '@' not allowed in branch label 'bad@label'"_qs);
        QCOMPARE(p.fileNames().size(), 4); // nothing written
    }

    void dependsOnResolvesLikeAlembic()
    {
        TempProject p(twoHeads());
        NewRevision r = request(u"dep"_qs);
        r.heads = {u"cccc2222"_qs};
        // A label stays a label, a prefix or "label@head" becomes the full id.
        r.dependsOn = {u"left"_qs, u"aaaa"_qs, u"left@head"_qs};
        QCOMPARE(p.revision(r).script.revision.dependsOn,
                 (QStringList{u"left"_qs, u"aaaa1111"_qs, u"cccc1111"_qs}));
        r.heads = {u"left@head"_qs};
        r.dependsOn = {u"nosuch"_qs};
        QCOMPARE(p.revisionError(r), u"Can't locate revision identified by 'nosuch'"_qs);
    }

    void revisionIdChecks()
    {
        TempProject p(linear());
        NewRevision r = request(u"x"_qs, u"bbbb2222"_qs);
        QCOMPARE(p.revisionError(r), u"Revision bbbb2222 is already present"_qs);
        r.revisionId = u"a@b+c"_qs;
        QCOMPARE(p.revisionError(r),
                 u"Character(s) '+, @' not allowed in revision identifier 'a@b+c'"_qs);
        r.revisionId = u"a-b"_qs;
        QCOMPARE(p.revisionError(r),
                 u"Character(s) '-' not allowed in revision identifier 'a-b'"_qs);
        // Longer than the version table's VARCHAR(32): the file would not load again.
        r.revisionId = QString(33, u'r');
        QVERIFY2(p.revisionError(r).contains(u"is 33 characters long"_qs),
                 qPrintable(p.revisionError(r)));
        r.revisionId = QString(32, u'r');
        QCOMPARE(p.revisionError(r), u"<no error>"_qs);
        QCOMPARE(p.fileNames().size(), 3);
    }

    void mergeHeads()
    {
        TempProject p(twoHeads());
        const WrittenRevision w = p.merge({u"heads"_qs}, u"merge heads"_qs, u"mmmm0001"_qs);
        QCOMPARE(QFileInfo(w.path).fileName(), u"mmmm0001_merge_heads.sql"_qs);
        QCOMPARE(w.script.revision.downRevisions, (QStringList{u"cccc1111"_qs, u"cccc2222"_qs}));
        QVERIFY(w.script.sections.value(u"upgrade"_qs).sql.trimmed().isEmpty());
        QVERIFY(w.script.sections.value(u"downgrade"_qs).sql.trimmed().isEmpty());
        QCOMPARE(w.graph.heads().size(), 1);
        QVERIFY(w.graph.isMergePoint(w.graph.indexOf(u"mmmm0001"_qs)));
        QCOMPARE(p.load().graph.heads().size(), 1);
    }

    void mergeExplicitRevisions()
    {
        TempProject p(twoHeads());
        const WrittenRevision w = p.merge({u"cccc2222"_qs, u"left"_qs}, u"m"_qs);
        QCOMPARE(w.script.revision.downRevisions, (QStringList{u"cccc2222"_qs, u"cccc1111"_qs}));
    }

    void mergeErrors()
    {
        TempProject p(twoHeads());
        QCOMPARE(p.mergeError({u"nosuch"_qs, u"cccc1111"_qs}),
                 u"Can't locate revision identified by 'nosuch'"_qs);
        QCOMPARE(p.mergeError({u"cccc1111"_qs, u"cccc1111"_qs}),
                 u"Duplicate head revisions specified"_qs);
        QCOMPARE(p.mergeError({u"bbbb2222"_qs, u"cccc1111"_qs}),
                 u"Revision bbbb2222 is not a head revision; please specify --splice to create "
                 "a new branch from this revision"_qs);
        QCOMPARE(p.fileNames().size(), 4);
    }

    void neverOverwrites()
    {
        TempProject p(linear());
        // A project loaded before the file appeared (the folder would not load with it).
        const Project before = p.load();
        const QString existing = writeFile(p.versions(), u"zzzz_same_name.sql"_qs, "keep me\n");
        bool threw = false;
        try {
            ScriptWriter(before).revision(request(u"same name"_qs, u"zzzz"_qs));
        } catch (const Error &e) {
            threw = e.message().contains(u"already exists"_qs);
        }
        QVERIFY(threw);
        QFile f(existing);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me\n"));
    }

    void emptyAndMultiLineMessages()
    {
        TempProject p;
        NewRevision r;
        r.revisionId = u"r1"_qs;
        const WrittenRevision w = p.revision(r); // no -m: Alembic's "empty message", slug ""
        QCOMPARE(QFileInfo(w.path).fileName(), u"r1_.sql"_qs);
        QCOMPARE(w.script.revision.message, u"empty message"_qs);

        const WrittenRevision two = p.revision(request(u"Title\nmore detail"_qs, u"r2"_qs));
        QCOMPARE(two.script.revision.message, u"Title\nmore detail"_qs);

        // A message that would read back as header keys is refused, nothing written.
        const QString error = p.revisionError(request(u"Title\n\nRevises: r1"_qs, u"r3"_qs));
        QVERIFY2(error.startsWith(u"the message cannot be written"_qs), qPrintable(error));
        QCOMPARE(p.fileNames(), (QStringList{u"r1_.sql"_qs, u"r2_title_more_detail.sql"_qs}));
    }
};

QTEST_GUILESS_MAIN(TestScriptWriter)
#include "tst_scriptwriter.moc"
