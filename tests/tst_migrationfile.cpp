// The migration file parser, the versions folder and retort.ini: every malformed input
// must be an error that names the file and line, never a crash or a dropped revision.
#include "Error.h"
#include "ProjectGraph.h"
#include "TestFiles.h"
#include "script/MigrationFileParser.h"
#include "script/ProjectConfig.h"
#include "script/ScriptDirectory.h"

#include <QtTest>

#include <fcntl.h>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

using namespace retort;
using retort::test::migration;
using retort::test::writeFile;

class TestMigrationFile : public QObject {
    Q_OBJECT

    // Parses `text` and returns the error message, or a failure marker if none was thrown.
    static QString errorOf(const QByteArray &text)
    {
        try {
            parseMigrationText(text, u"versions/x.sql"_qs);
        } catch (const Error &e) {
            return e.message();
        }
        return u"<no error>"_qs;
    }

private Q_SLOTS:
    void parsesHeaderAndSections()
    {
        const QByteArray text = "-- Add authentication tables\n"
                                "--\n"
                                "-- Revision ID: add_auth_tables\n"
                                "-- Revises: fee4cd54bd38, other1\n"
                                "-- Create Date: 2024-12-02 12:00:00.000000\n"
                                "-- Branch Labels: auth, login\n"
                                "-- Depends On: 1a2b3c4d5e6f\n"
                                "-- Transactional: false\n"
                                "\n"
                                "-- migrate:upgrade\n"
                                "CREATE TABLE users (id int);\n"
                                "\n"
                                "-- migrate:downgrade\n"
                                "DROP TABLE users;\n"
                                "\n"
                                "-- migrate:upgrade:sqlite\n"
                                "CREATE TABLE users (id INTEGER);\n";
        const MigrationScript s = parseMigrationText(text, u"v/a.sql"_qs);
        QCOMPARE(s.revision.id, u"add_auth_tables"_qs);
        QCOMPARE(s.revision.message, u"Add authentication tables"_qs);
        QCOMPARE(s.revision.downRevisions, QStringList({u"fee4cd54bd38"_qs, u"other1"_qs}));
        QCOMPARE(s.revision.branchLabels, QStringList({u"auth"_qs, u"login"_qs}));
        QCOMPARE(s.revision.dependsOn, QStringList({u"1a2b3c4d5e6f"_qs}));
        QCOMPARE(s.revision.createDate, u"2024-12-02 12:00:00.000000"_qs);
        QCOMPARE(s.revision.path, u"v/a.sql"_qs);
        QVERIFY(s.revision.longDoc.startsWith(u"Add authentication tables\n\nRevision ID: "_qs));
        QVERIFY(s.revision.longDoc.endsWith(u"Transactional: false"_qs));
        QCOMPARE(s.transactional, false);
        QCOMPARE(s.revisionLine, 3);

        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"postgresql"_qs).sql,
                 u"CREATE TABLE users (id int);"_qs);
        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"postgresql"_qs).firstLine, 11);
        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"sqlite"_qs).sql,
                 u"CREATE TABLE users (id INTEGER);"_qs);
        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"sqlite"_qs).firstLine, 17);
        QCOMPARE(s.sectionFor(u"downgrade"_qs, u"sqlite"_qs).sql, u"DROP TABLE users;"_qs);
    }

    void baseRevisionAndCrLf()
    {
        const MigrationScript s = parseMigrationText(
            "-- First\r\n--\r\n-- Revision ID: aaa\r\n-- Revises:\r\n\r\n-- migrate:upgrade\r\n"
            "SELECT 1;\r\n",
            u"a.sql"_qs);
        QVERIFY(s.revision.downRevisions.isEmpty());
        QCOMPARE(s.transactional, true);
        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"sqlite"_qs).sql, u"SELECT 1;"_qs);
        QVERIFY(!s.sectionFor(u"downgrade"_qs, u"sqlite"_qs).present);
    }

    void malformedFiles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected"); // must appear in the message

        QTest::newRow("empty file") << QByteArray() << u"x.sql:1: the file is empty"_qs;
        QTest::newRow("no revision id")
            << QByteArray("-- msg\n--\n-- Revises: a\n\n-- migrate:upgrade\nSELECT 1;\n")
            << u"x.sql:1: the header has no 'Revision ID:' line"_qs;
        QTest::newRow("empty revision id") << QByteArray("-- msg\n--\n-- Revision ID:\n")
                                           << u"x.sql:3: 'Revision ID:' is empty"_qs;
        for (const char c : {'@', '-', '+', ':'}) {
            const QByteArray id = QByteArray("ab") + c + "cd";
            QTest::newRow(qPrintable(u"illegal char %1"_qs.arg(QLatin1Char(c))))
                << migration(id, "")
                << u"x.sql:3: Character(s) '%1' not allowed in revision identifier 'ab%1cd'"_qs.arg(
                       QLatin1Char(c));
        }
        QTest::newRow("unknown key") << migration("a1", "", "-- Branch Label: x\n")
                                     << u"x.sql:6: unknown header key 'Branch Label'"_qs;
        QTest::newRow("key twice") << migration("a1", "", "-- Revises: b\n")
                                   << u"x.sql:6: 'Revises' appears twice in the header (first on "
                                      "line 4)"_qs;
        QTest::newRow("not a key line") << migration("a1", "", "-- just some words\n")
                                        << u"x.sql:6: expected 'Key: value' in the header"_qs;
        QTest::newRow("bad transactional") << migration("a1", "", "-- Transactional: maybe\n")
                                           << u"x.sql:6: 'Transactional:' must be true or false"_qs;
        QTest::newRow("section twice")
            << migration("a1", "", {}, "-- migrate:upgrade\nA;\n-- migrate:upgrade\nB;\n")
            << u"x.sql:9: section 'migrate:upgrade' appears twice (first on line 7)"_qs;
        QTest::newRow("unknown dialect")
            << migration("a1", "", {}, "-- migrate:upgrade:mysql\nA;\n")
            << u"x.sql:7: unknown section marker '-- migrate:upgrade:mysql'"_qs;
        QTest::newRow("misspelt section") << migration("a1", "", {}, "-- migrate:upgrad\nA;\n")
                                          << u"x.sql:7: unknown section marker"_qs;
        QTest::newRow("sql outside a section")
            << migration("a1", "", {}, "CREATE TABLE t (a int);\n-- migrate:upgrade\n")
            << u"x.sql:7: SQL outside a section"_qs;
        QTest::newRow("not utf-8") << QByteArray("-- msg\n--\n-- Revision ID: a1\n-- Revises:\n"
                                                 "\n-- migrate:upgrade\nSELECT '\xff\xfe';\n")
                                   << u"x.sql:7: the file is not valid UTF-8"_qs;
        // A NUL anywhere: the SQLite driver stops at it and drops the rest of the SQL.
        QTest::newRow("NUL in the SQL")
            << migration("a1", "", {},
                         QByteArrayLiteral("-- migrate:upgrade\nCREATE TABLE a (x int)\0; "
                                           "CREATE TABLE b (y int);\n"))
            << u"x.sql:8: the file contains a NUL byte (column 23)"_qs;
        QTest::newRow("NUL in the header")
            << QByteArrayLiteral("-- msg\n--\n-- Revision ID: a1\0b\n-- Revises:\n")
            << u"x.sql:3: the file contains a NUL byte (column 19)"_qs;
        QTest::newRow("revision id of 33 characters")
            << migration(QByteArray(33, 'a'), "")
            << u"x.sql:3: Revision ID '%1' is 33 characters long; the version table's "
               "version_num column (VARCHAR(32), as Alembic creates it) holds at most 32"_qs.arg(
                   QString(33, u'a'));
        // Section markers that the SQL above has put inside a string, a dollar-quoted body,
        // a comment or a quoted name: the message says so instead of "appears twice".
        QTest::newRow("marker inside a string")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nINSERT INTO t VALUES ('\n-- migrate:downgrade\n');\n"
                         "-- migrate:downgrade\nDELETE FROM t;\n")
            << u"x.sql:9: '-- migrate:downgrade' lies inside a string literal that starts on "
               "line 8"_qs;
        QTest::newRow("marker inside a string, no second marker")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nSELECT 1;\nSELECT 'it''s\n\n-- migrate:downgrade\n"
                         "';\n")
            << u"x.sql:11: '-- migrate:downgrade' lies inside a string literal that starts on "
               "line 9"_qs;
        QTest::newRow("marker inside a dollar-quoted body")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nDO $body$ BEGIN\n-- migrate:downgrade:postgresql\n"
                         "END $body$;\n")
            << u"x.sql:9: '-- migrate:downgrade:postgresql' lies inside a dollar-quoted body "
               "($body$) that starts on line 8"_qs;
        QTest::newRow("marker inside a block comment")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nSELECT 1; /* a */ /* b\n\n-- migrate:downgrade\n*/\n")
            << u"x.sql:10: '-- migrate:downgrade' lies inside a /* comment that starts on line 8"_qs;
        QTest::newRow("marker inside a quoted name")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nSELECT 'x' AS \"a\n-- migrate:downgrade\n\";\n")
            << u"x.sql:9: '-- migrate:downgrade' lies inside a quoted identifier that starts on "
               "line 8"_qs;
        QTest::newRow("illegal label")
            << migration("a1", "", "-- Branch Labels: a@b\n")
            << u"x.sql:6: Character(s) '@' not allowed in branch label"_qs;
    }

    void malformedFiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const QString message = errorOf(text);
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void accepted_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("id");
        QTest::newRow("revision id of 32 characters")
            << migration(QByteArray(32, 'a'), "") << QString(32, u'a');
        QTest::newRow("32 characters, one outside the BMP")
            << migration(QByteArray(31, 'a') + "\xF0\x9F\x98\x80", "")
            << QString(31, u'a') + u"\U0001F600"_qs;
        // Strings and comments that close before the next marker are fine.
        QTest::newRow("closed strings and comments before markers")
            << migration("a1", "", {},
                         "-- migrate:upgrade\nINSERT INTO t VALUES ('a\nb', $$c\n$$);\n/* x\n*/\n"
                         "-- migrate:downgrade\nDELETE FROM t; -- it's\n-- migrate:upgrade:sqlite\n"
                         "SELECT 1;\n")
            << u"a1"_qs;
    }

    void accepted()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, id);
        QCOMPARE(parseMigrationText(text, u"x.sql"_qs).revision.id, id);
    }

    void byteOrderMarks()
    {
        // The file's BOM is dropped; one starting a later line is the file's text (it was
        // silently dropped from every line: found by fuzz_migrationfile).
        const MigrationScript s = parseMigrationText(
            "\xEF\xBB\xBF" + migration("a1", "", {}, "-- migrate:upgrade\n\xEF\xBB\xBFSELECT 1;\n"),
            u"x.sql"_qs);
        QCOMPARE(s.revision.id, u"a1"_qs);
        QCOMPARE(s.sectionFor(u"upgrade"_qs, u"sqlite"_qs).sql, u"\uFEFFSELECT 1;"_qs);
    }

    void directoryLoadsInSortedOrderAndSkipsOtherFiles()
    {
        QTemporaryDir tmp;
        writeFile(tmp.path(), u"b_second.sql"_qs, migration("bbb", "aaa"));
        writeFile(tmp.path(), u"a_first.sql"_qs, migration("aaa", ""));
        writeFile(tmp.path(), u"README.md"_qs, "not a migration");
        writeFile(tmp.path(), u".#a_first.sql"_qs, "editor lock file");
        const ScriptDirectory dir = ScriptDirectory::load(tmp.path());
        QCOMPARE(dir.scripts().size(), 2);
        QCOMPARE(dir.scripts()[0].revision.id, u"aaa"_qs);
        QCOMPARE(dir.scripts()[1].revision.id, u"bbb"_qs);
        QVERIFY(dir.find(u"bbb"_qs));
        QVERIFY(!dir.find(u"ccc"_qs));
    }

    void directoryOrderIsCodePointOrder()
    {
        // Python's sorted() (Alembic 1.13+) orders by code point; UTF-16 order would put
        // the emoji (a surrogate pair) before U+FF5E.
        QTemporaryDir tmp;
        writeFile(tmp.path(), u"a\U0001F600.sql"_qs, migration("emoji", ""));
        writeFile(tmp.path(), u"a\uFF5E.sql"_qs, migration("tilde", ""));
        const ScriptDirectory dir = ScriptDirectory::load(tmp.path());
        QCOMPARE(dir.scripts().size(), 2);
        QCOMPARE(dir.scripts()[0].revision.id, u"tilde"_qs);
        QCOMPARE(dir.scripts()[1].revision.id, u"emoji"_qs);
    }

    void directoryWithManyFilesKeepsOrderAndEveryError()
    {
        // Enough files for the listing and the parsing to run on several threads.
        QTemporaryDir tmp;
        constexpr int kCount = 1500;
        for (int i = kCount - 1; i >= 0; --i) {
            const QByteArray id = "r" + QByteArray::number(i);
            const QByteArray parent = i == 0 ? QByteArray() : "r" + QByteArray::number(i - 1);
            writeFile(tmp.path(), u"%1_m.sql"_qs.arg(i, 5, 10, QChar(u'0')),
                      i == 700 ? QByteArray("-- broken\n") : migration(id, parent));
        }
        writeFile(tmp.path(), u"01200_dup.sql"_qs, migration("r5", ""));
        try {
            ScriptDirectory::load(tmp.path());
            QFAIL("expected an error");
        } catch (const Error &e) {
            const QStringList lines = e.message().split(u'\n');
            QCOMPARE(lines.size(), 2); // in file order
            QVERIFY2(lines[0].contains(u"00700_m.sql:1: the header has no 'Revision ID:'"_qs),
                     qPrintable(lines[0]));
            QVERIFY2(lines[1].contains(u"01200_dup.sql:3: Revision ID 'r5' is already declared"_qs),
                     qPrintable(lines[1]));
        }
        QVERIFY(QFile::remove(tmp.filePath(u"01200_dup.sql"_qs)));
        writeFile(tmp.path(), u"00700_m.sql"_qs, migration("r700", "r699"));
        for (int pass = 0; pass < 2; ++pass) { // parsed, then from the cache
            const ScriptDirectory dir = ScriptDirectory::load(tmp.path());
            QCOMPARE(dir.scripts().size(), kCount);
            for (int i = 0; i < kCount; ++i)
                QCOMPARE(dir.scripts()[i].revision.id, u"r%1"_qs.arg(i));
        }
    }

    void directoryReportsDuplicateIdsAndEveryBrokenFile()
    {
        QTemporaryDir tmp;
        writeFile(tmp.path(), u"a.sql"_qs, migration("aaa", ""));
        writeFile(tmp.path(), u"b.sql"_qs, migration("aaa", ""));
        writeFile(tmp.path(), u"c.sql"_qs, "-- nothing here\n");
        writeFile(tmp.path(), u"d.sql"_qs, migration("d-d", ""));
        try {
            ScriptDirectory::load(tmp.path());
            QFAIL("expected an error");
        } catch (const Error &e) {
            const QString m = e.message();
            QVERIFY2(m.contains(u"b.sql:3: Revision ID 'aaa' is already declared in "_qs) &&
                         m.contains(u"a.sql:3"_qs),
                     qPrintable(m));
            QVERIFY2(m.contains(u"c.sql:1: the header has no 'Revision ID:' line"_qs),
                     qPrintable(m));
            QVERIFY2(m.contains(u"d.sql:3: Character(s) '-'"_qs), qPrintable(m));
        }
    }

    // Entries named *.sql that even root cannot read (chmod 000 is tested as another
    // user in tst_badinput). Each was silently left out of the graph, so `upgrade head`
    // stopped one revision short with exit 0, or a child's parent was "not present".
    void unreadableEntriesAreErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("dangling symlink")
            << u"dangling"_qs << u"it is a symbolic link to '%1/gone.sql', which does not exist"_qs;
        QTest::newRow("symlink loop")
            << u"loop"_qs << u"it is a symbolic link that never reaches a file"_qs;
        QTest::newRow("fifo") << u"fifo"_qs << u"it is a FIFO (named pipe)"_qs;
        QTest::newRow("directory") << u"directory"_qs << u"it is a directory"_qs;
    }

    void unreadableEntriesAreErrors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        writeFile(tmp.path(), u"a.sql"_qs, migration("aaa", ""));
        writeFile(tmp.path(), u"b.sql"_qs, migration("bbb", "aaa"));
        writeFile(tmp.path(), u"c.sql"_qs, migration("ccc", "bbb"));
        // Loaded once while readable, so the parse cache holds b.sql.
        QCOMPARE(ScriptDirectory::load(tmp.path()).scripts().size(), 3);
        QCOMPARE(loadRevisionGraph(tmp.path()).size(), 3);

        const QByteArray b = QFile::encodeName(tmp.filePath(u"b.sql"_qs));
        QVERIFY(::unlink(b.constData()) == 0);
        if (kind == u"dangling")
            QVERIFY(::symlink("gone.sql", b.constData()) == 0);
        else if (kind == u"loop")
            QVERIFY(::symlink("b.sql", b.constData()) == 0);
        else if (kind == u"fifo")
            QVERIFY(::mkfifo(b.constData(), 0644) == 0);
        else
            QVERIFY(::mkdir(b.constData(), 0755) == 0);

        const QString expected = tmp.filePath(u"b.sql"_qs) +
                                 u": cannot read the migration file: "_qs +
                                 (kind == u"dangling" ? reason.arg(tmp.path()) : reason);
        for (int pass = 0; pass < 2; ++pass) { // the ordinary load, then the graph's fast path
            try {
                if (pass == 0)
                    ScriptDirectory::load(tmp.path(), false, ScriptParts::Headers);
                else
                    loadRevisionGraph(tmp.path());
                QFAIL("expected an error");
            } catch (const Error &e) {
                QVERIFY2(e.message().startsWith(expected), qPrintable(e.message()));
            }
        }
    }

    void fileNameNotUtf8IsNamedAsItIs()
    {
        // Qt decodes names as UTF-8, so this one used to fail as "No such file or directory".
        QTemporaryDir tmp;
        writeFile(tmp.path(), u"a.sql"_qs, migration("aaa", ""));
        const QByteArray name = QFile::encodeName(tmp.path()) + "/b_caf\xe9.sql";
        const QByteArray text = migration("bbb", "aaa");
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::write(fd, text.constData(), size_t(text.size())), ssize_t(text.size()));
        ::close(fd);
        try {
            ScriptDirectory::load(tmp.path());
            QFAIL("expected an error");
        } catch (const Error &e) {
            QCOMPARE(e.message(), tmp.filePath(u"b_caf\\xe9.sql"_qs) +
                                      u": cannot read the migration file: its name is not valid "
                                      "UTF-8, which Retort cannot open by name; rename it"_qs);
        }
    }

    void emptyAndMissingFolders()
    {
        QTemporaryDir tmp;
        QVERIFY_THROWS_EXCEPTION(Error, ScriptDirectory::load(tmp.path()));
        QCOMPARE(ScriptDirectory::load(tmp.path(), /*allowEmpty=*/true).scripts().size(), 0);
        try {
            ScriptDirectory::load(tmp.path() + u"/nope"_qs);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY(e.message().contains(u"/nope: the versions folder does not exist"_qs));
        }
    }

    void projectConfig()
    {
        QTemporaryDir tmp;
        const QString ini = writeFile(tmp.path(), u"retort.ini"_qs,
                                      "# a comment\n[retort]\nscript_location = versions\n"
                                      "url = sqlite:///app.db\nversion_table: my_version\n"
                                      "[logging]\nlevel = debug\n");
        const ProjectConfig c = ProjectConfig::load(ini);
        QCOMPARE(c.scriptLocation, QDir(tmp.path()).filePath(u"versions"_qs));
        QCOMPARE(c.url, u"sqlite:///app.db"_qs);
        QCOMPARE(c.versionTable, u"my_version"_qs);
        QCOMPARE(c.backupDir, QDir(tmp.path()).filePath(u"backups"_qs));

        qunsetenv("DATABASE_URL");
        QCOMPARE(c.effectiveUrl({}), u"sqlite:///app.db"_qs);
        qputenv("DATABASE_URL", "sqlite:///env.db");
        QCOMPARE(c.effectiveUrl({}), u"sqlite:///env.db"_qs);
        QCOMPARE(c.effectiveUrl(u"sqlite:///flag.db"_qs), u"sqlite:///flag.db"_qs);
        qunsetenv("DATABASE_URL");
    }

    // [env NAME] sections: named databases without passwords; --env picks one.
    void projectEnvironments()
    {
        QTemporaryDir tmp;
        const QString ini = writeFile(tmp.path(), u"retort.ini"_qs,
                                      "[retort]\nurl = sqlite:///dev.db\n[env staging]\nurl = "
                                      "postgresql://deploy@staging/shop\n[env prod]\nurl = "
                                      "postgresql://deploy@db/shop?sslmode=verify-full\nproduction "
                                      "= yes\ncolour = #c62828\n");
        const ProjectConfig c = ProjectConfig::load(ini);
        const auto thrown = [](const std::function<void()> &f) {
            try {
                f();
            } catch (const Error &e) {
                return e.message();
            }
            return u"(no error)"_qs;
        };
        QCOMPARE(c.environments.size(), 2);
        QCOMPARE(c.environments[0].name, u"staging"_qs);
        QVERIFY(!c.environments[0].production);
        QCOMPARE(c.environment(u"prod"_qs)->colour, u"#c62828"_qs);
        QVERIFY(c.environment(u"prod"_qs)->production);
        qputenv("DATABASE_URL", "sqlite:///env.db");
        QCOMPARE(c.effectiveUrl({}, u"prod"_qs),
                 u"postgresql://deploy@db/shop?sslmode=verify-full"_qs);
        qunsetenv("DATABASE_URL");
        QCOMPARE(c.effectiveUrl({}), u"sqlite:///dev.db"_qs);
        QString e = thrown([&] { c.effectiveUrl({}, u"qa"_qs); });
        QVERIFY2(e.contains(u"no environment 'qa'"_qs) && e.contains(u"staging, prod"_qs),
                 qPrintable(e));
        e = thrown([&] { c.effectiveUrl(u"sqlite:///x.db"_qs, u"prod"_qs); });
        QVERIFY2(e.contains(u"either --url or --env"_qs), qPrintable(e));

        const auto loadError = [&](const char *text) {
            const QString path = writeFile(tmp.path(), u"bad.ini"_qs, text);
            return thrown([&] { ProjectConfig::load(path); });
        };
        e = loadError("[retort]\n[env prod]\nurl = postgresql://u:hunter2@db/x\n");
        QVERIFY2(e.contains(u"bad.ini:3:"_qs) && e.contains(u"password"_qs) &&
                     !e.contains(u"hunter2"_qs),
                 qPrintable(e));
        e = loadError("[retort]\n[env prod]\nproduction = maybe\n");
        QVERIFY2(e.contains(u"bad.ini:3:"_qs) && e.contains(u"maybe"_qs), qPrintable(e));
        e = loadError("[retort]\n[env a]\n[env a]\n");
        QVERIFY2(e.contains(u"bad.ini:3:"_qs) && e.contains(u"twice"_qs), qPrintable(e));
        e = loadError("[retort]\n[env a]\nuri = x\n");
        QVERIFY2(e.contains(u"bad.ini:3: unknown setting 'uri'"_qs), qPrintable(e));
    }

    void projectConfigErrors()
    {
        QTemporaryDir tmp;
        const QString typo =
            writeFile(tmp.path(), u"a.ini"_qs, "[retort]\nscirpt_location = versions\n");
        try {
            ProjectConfig::load(typo);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(u"a.ini:2: unknown setting 'scirpt_location'"_qs),
                     qPrintable(e.message()));
        }
        const QString noSection = writeFile(tmp.path(), u"b.ini"_qs, "[alembic]\nurl = x\n");
        QVERIFY_THROWS_EXCEPTION(Error, ProjectConfig::load(noSection));
        QVERIFY_THROWS_EXCEPTION(Error, ProjectConfig::load(tmp.path() + u"/missing.ini"_qs));
    }
};

QTEST_GUILESS_MAIN(TestMigrationFile)
#include "tst_migrationfile.moc"
