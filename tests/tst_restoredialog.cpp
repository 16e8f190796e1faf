// The Restore dialog on real databases (a SQLite file, the test PostgreSQL) and a real
// backup: it lists the backup with its revision, restores it over this database or
// into a new one on its own thread, and a corrupt file is refused with its name while
// the database stays as it was.
#include "Project.h"
#include "TestProject.h"
#include "TestSession.h"
#include "backup/Backup.h"
#include "backup/RestoreDialog.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QTreeWidget>
#include <QtTest>

using namespace retort;
using namespace retort::test;
using retort::gui::RestoreDialog;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

QStringList emails(const QString &url)
{
    return queryColumn(url, u"SELECT email FROM users ORDER BY email"_qs);
}

void exec(const QString &url, const QString &sql)
{
    ScopedConnection c(DatabaseUrl::parse(url, {}), u"test-exec"_qs);
    QSqlQuery q(c.db());
    QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
}

} // namespace

class TestRestoreDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void restoreOverAndBeside_data() { addDialectRows(); }

    void restoreOverAndBeside()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject copy(kSample);
        const QString urlText = freshDatabaseUrl(dialect, copy.path());
        const Project project = Project::load(copy.ini());
        const DatabaseUrl url = DatabaseUrl::parse(urlText, project.config.projectDir);
        TestSession(copy.ini(), urlText).upgrade(u"head"_qs);
        exec(urlText, u"INSERT INTO users (email, hashed_password) VALUES ('kept@x.org', 'h')"_qs);
        Backup::Options options;
        options.folder = project.config.backupDir;
        const BackupInfo backup = Backup::create(url, options);
        // What the restore must undo.
        exec(urlText, u"DELETE FROM users"_qs);
        QCOMPARE(emails(urlText), QStringList());

        RestoreDialog dialog(project.config.backupDir, url);
        QSignalSpy listed(&dialog, &RestoreDialog::listed);
        dialog.show();
        QVERIFY(listed.wait(20000));
        QCOMPARE(dialog.backupList()->topLevelItemCount(), 1);
        QCOMPARE(dialog.backupList()->topLevelItem(0)->text(0), u"17c397cbdf9b"_qs);

        // A corrupt file: refused with its name, the database untouched.
        const QString corrupt =
            project.config.backupDir + u"/broken"_qs + QFileInfo(backup.path).fileName();
        {
            QFile f(corrupt);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
        }
        QSignalSpy failed(&dialog, &RestoreDialog::failed);
        dialog.restore(corrupt, {});
        QVERIFY(dialog.isBusy());
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QFileInfo(corrupt).fileName()), qPrintable(message));
        QCOMPARE(emails(urlText), QStringList());
        QFile::remove(corrupt);

        // Over this database.
        QSignalSpy restored(&dialog, &RestoreDialog::restored);
        dialog.restore(backup.path, {});
        QVERIFY(restored.wait(60000));
        QCOMPARE(restored.first().at(1).toBool(), true);
        QCOMPARE(emails(urlText), QStringList{u"kept@x.org"_qs});
        QCOMPARE(versionRows(urlText), QStringList{u"17c397cbdf9b"_qs});
        QVERIFY(!dialog.isBusy());

        // Into a new database (or file) beside it.
        const QString into = dialect == u"sqlite"
                                 ? copy.file(u"restored.db"_qs)
                                 : u"r_%1"_qs.arg(QRandomGenerator::global()->generate(), 0, 16);
        restored.clear();
        dialog.restore(backup.path, into);
        QVERIFY(restored.wait(60000));
        QCOMPARE(restored.first().at(1).toBool(), false);
        const QString intoUrl = dialect == u"sqlite"
                                    ? u"sqlite:///"_qs + into
                                    : urlText.left(urlText.lastIndexOf(u'/') + 1) + into;
        QCOMPARE(emails(intoUrl), QStringList{u"kept@x.org"_qs});
    }
};

QTEST_MAIN(TestRestoreDialog)
#include "tst_restoredialog.moc"
