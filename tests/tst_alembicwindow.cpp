// retort-gui on an Alembic project as it is: a folder holding alembic.ini opens, the
// history shows its Python revisions, and the preview shows their upgrade() and
// downgrade() as highlighted Python; New Revision and Merge Heads write .py files through
// the project's own Alembic (real python3-alembic in /usr/bin/python3).
#include "AlembicTestProject.h"
#include "MainActions.h"
#include "MainWindow.h"
#include "TestFiles.h"
#include "TestWindow.h"
#include "history/HistoryModel.h"
#include "preview/PythonHighlighter.h"
#include "preview/RevisionPreview.h"
#include "project/RevisionAuthor.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeView>
#include <QtTest>

using namespace retort;
using namespace retort::test;

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Triggers `action`, answers its dialogs, and waits until the history shows what was
// written: returns RevisionAuthor::written's (revision, path, error).
QStringList writeThroughDialogs(gui::MainWindow &w, QAction *action,
                                QList<std::function<void(QInputDialog &)>> answers)
{
    QSignalSpy written(w.revisionAuthor(), &gui::RevisionAuthor::written);
    InputDialogAnswers dialogs(std::move(answers));
    if (!action->isEnabled())
        return {u"(disabled)"_qs};
    action->trigger();
    if (dialogs.unused() != 0 || !written.wait(60000))
        return {u"(nothing written)"_qs};
    const QList<QVariant> args = written.first();
    return {args.at(0).toString(), args.at(1).toString(), args.at(2).toString()};
}

} // namespace

class TestAlembicWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void opensAnAlembicFolder()
    {
        QTemporaryDir dir;
        writeFile(dir.path(), u"alembic.ini"_qs,
                  "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n");
        const QString v = dir.filePath(u"migrations/versions"_qs);
        writeFile(v, u"a1_users.py"_qs,
                  "# Copyright 2024\n\"\"\"Create users\n\nRevision ID: a1\n\"\"\"\n"
                  "from alembic import op\nimport sqlalchemy as sa\n\n"
                  "revision: str = 'a1'\ndown_revision = None\n\n\n"
                  "def upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer))\n\n\n"
                  "def downgrade():\n    op.drop_table('users')  # gone\n");
        writeFile(v, u"b2_index.py"_qs,
                  "\"\"\"Index users\"\"\"\nfrom alembic import op\nrevision = 'b2'\n"
                  "down_revision = 'a1'\n\ndef upgrade():\n    op.execute(\"\"\"\n"
                  "        CREATE INDEX ix ON users (id)\n    \"\"\")\n\n"
                  "def downgrade():\n    op.execute('DROP INDEX ix')\n");
        gui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, dir.path());
        QCOMPARE(w.historyModel()->rowCount(), 2);
        QCOMPARE(w.historyModel()->revisionAt(0), u"b2"_qs);
        // sqlalchemy.url's environment is named after the file it comes from.
        auto *environment = w.findChild<QComboBox *>(u"environmentSelector"_qs);
        QVERIFY(environment);
        QCOMPARE(environment->currentText(), u"alembic.ini"_qs);

        w.historyView()->setCurrentIndex(w.historyModel()->index(1, 0));
        const QString up = w.revisionPreview()->upgradeSql();
        QCOMPARE(up,
                 u"def upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer))"_qs);
        auto *downView = w.revisionPreview()->findChild<QPlainTextEdit *>(u"downgradeSql"_qs);
        QVERIFY(downView);
        QCOMPARE(w.revisionPreview()->downgradeSql(),
                 u"def downgrade():\n    op.drop_table('users')  # gone"_qs);
        QVERIFY(downView->document()->findChild<gui::PythonHighlighter *>());
        // The keyword "def" is highlighted, and so is the comment.
        QTRY_VERIFY(!downView->document()->firstBlock().layout()->formats().isEmpty());
        saveScreenshot(&w, u"alembic-project"_qs);
    }

    // Revisions > New Revision… and Merge Heads… on an Alembic project: the project's own
    // Alembic writes .py files from its script.py.mako (never a Retort .sql file, which the
    // Python loader would ignore); each new revision shows in the history, selected, its
    // source in the preview.
    void newRevisionAndMergeWriteAlembicFiles()
    {
        qputenv("RETORT_PYTHON", "/usr/bin/python3");
        AlembicTestProject project; // a1 <- b2 <- c3
        writeFile(project.dir.filePath(u"migrations"_qs), u"script.py.mako"_qs, kMako);
        qputenv("DATABASE_URL", freshDatabaseUrl(u"sqlite"_qs, project.dir.path()).toUtf8());
        gui::MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.dir.path());

        // A branch from the selected a1 (a splice: a1 is not a head).
        w.historyView()->setCurrentIndex(
            w.historyModel()->index(w.historyModel()->rowOf(u"a1"_qs), 0));
        QCOMPARE(w.selectedRevision(), u"a1"_qs);
        const QStringList side = writeThroughDialogs(
            w, w.actions()->newRevision, {typeText(u"add widgets"_qs), typeText(u"a1"_qs)});
        QVERIFY2(side.value(2).isEmpty() && side.size() == 3, qPrintable(side.join(u" | "_qs)));
        const QString sideId = side[0], sidePath = side[1];
        QVERIFY2(sidePath.endsWith(u"_add_widgets.py"_qs), qPrintable(sidePath));
        const QString sideText = readText(sidePath);
        QVERIFY(sideText.contains(u"# written from this project's own script.py.mako"_qs));
        QVERIFY2(sideText.contains(u"down_revision = 'a1'"_qs), qPrintable(sideText));
        QVERIFY(w.historyModel()->rowOf(sideId) >= 0);
        QCOMPARE(w.selectedRevision(), sideId);
        QVERIFY2(w.revisionPreview()->upgradeSql().startsWith(u"def upgrade():"_qs),
                 qPrintable(w.revisionPreview()->upgradeSql()));
        QCOMPARE(w.historyModel()->rowCount(), 4);

        // Merge Heads: c3 and the branch.
        const QStringList merge =
            writeThroughDialogs(w, w.actions()->mergeHeads, {typeText(u"join widgets"_qs)});
        QVERIFY2(merge.value(2).isEmpty() && merge.size() == 3, qPrintable(merge.join(u" | "_qs)));
        QVERIFY2(merge[1].endsWith(u"_join_widgets.py"_qs), qPrintable(merge[1]));
        const QString mergeText = readText(merge[1]);
        QVERIFY2(mergeText.contains(u"down_revision = ('c3', '%1')"_qs.arg(sideId)) ||
                     mergeText.contains(u"down_revision = ('%1', 'c3')"_qs.arg(sideId)),
                 qPrintable(mergeText));
        QCOMPARE(w.historyModel()->rowCount(), 5);
        QCOMPARE(w.selectedRevision(), merge[0]);
        QCOMPARE(w.historyModel()->revisionAt(0), merge[0]); // the single head, on top
        QVERIFY(!w.actions()->mergeHeads->isEnabled());
        QVERIFY(QDir(project.dir.filePath(u"migrations/versions"_qs))
                    .entryList({u"*.sql"_qs}, QDir::Files)
                    .isEmpty());
        saveScreenshot(&w, u"alembic-new-revision"_qs);
    }

    // With a target_metadata in env.py and a database open, New Revision offers Alembic's
    // autogenerate, which compares that database with the models.
    void newRevisionAutogenerates()
    {
        qputenv("RETORT_PYTHON", "/usr/bin/python3");
        QTemporaryDir dir;
        autogenerateProject(dir, "target_metadata = MetaData()\n"
                                 "Table('users', target_metadata, Column('id', Integer, "
                                 "primary_key=True),\n      Column('name', String(40)))\n"
                                 "Table('widgets', target_metadata, Column('id', Integer, "
                                 "primary_key=True))\n");
        qputenv("DATABASE_URL", freshDatabaseUrl(u"sqlite"_qs, dir.path()).toUtf8());
        gui::MainWindow w;
        openAndWait(w, dir.path());
        runAndWait(w, {gui::PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);

        const auto autogenerate = [](QInputDialog &dialog) {
            dialog.setTextValue(dialog.comboBoxItems().value(1));
        };
        const QStringList auto1 =
            writeThroughDialogs(w, w.actions()->newRevision,
                                {typeText(u"add widgets"_qs), typeText(u"a1"_qs), autogenerate});
        QVERIFY2(auto1.value(2).isEmpty() && auto1.size() == 3, qPrintable(auto1.join(u" | "_qs)));
        const QString text = readText(auto1[1]);
        QVERIFY2(text.contains(u"op.create_table('widgets'"_qs), qPrintable(text));
        QVERIFY(!text.contains(u"retort_ledger"_qs));
        QCOMPARE(w.selectedRevision(), auto1[0]);
    }
};

QTEST_MAIN(TestAlembicWindow)
#include "tst_alembicwindow.moc"
