// Rehearse in the window, driven as a user would under QT_QPA_PLATFORM=offscreen: the
// Rehearse action dry-runs the Plan tab's choice on the database thread, the Schema Diff
// tab shows what it would change, the database is left exactly as it was, and a merge
// point whose branch order matters carries the finding in the history and its preview.
// Every test runs on SQLite and on the test PostgreSQL server.
#include "MainActions.h"
#include "MainWindow.h"
#include "TestFiles.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "history/HistoryModel.h"
#include "preview/RevisionPreview.h"
#include "rehearse/SchemaDiffView.h"
#include "run/RunController.h"

#include <QAction>
#include <QComboBox>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");
const QString kUnfixed = QStringLiteral(RETORT_SOURCE_DIR "/tests/fixtures/minirag_unfixed");

// The database for `dialect`: the project's own SQLite file (retort.ini's
// sqlite:///minirag.db, not created yet), or a new PostgreSQL database via DATABASE_URL.
QString useDatabase(const QString &dialect, const TestProject &project, const QString &tmp)
{
    if (dialect == u"sqlite")
        return u"sqlite:///"_qs + project.file(u"minirag.db"_qs);
    const QString url = freshDatabaseUrl(dialect, tmp);
    qputenv("DATABASE_URL", url.toUtf8());
    return url;
}

// Triggers Rehearse as the toolbar button would and waits for its result.
bool rehearseAndWait(MainWindow &w, bool expectOk)
{
    QSignalSpy finished(&w, &MainWindow::rehearsalFinished);
    if (!w.actions()->rehearse->isEnabled()) {
        qWarning("Rehearse is disabled");
        return false;
    }
    w.actions()->rehearse->trigger();
    if (!finished.wait(60000)) {
        qWarning("no rehearsal result");
        return false;
    }
    if (finished.first().first().toBool() != expectOk) {
        qWarning("rehearsal ok=%d, expected %d; summary: %s",
                 int(finished.first().first().toBool()), int(expectOk),
                 qPrintable(w.schemaDiffView()->summaryText()));
        return false;
    }
    return true;
}

// "kind | object | detail" per row of the change list.
QStringList changeLines(const SchemaDiffView *view)
{
    QStringList lines;
    const QTreeWidget *tree = view->changeList();
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        lines.append(item->text(1) + u" | "_qs + item->text(2) + u" | "_qs + item->text(3));
    }
    return lines;
}

const QTreeWidgetItem *changeItem(const SchemaDiffView *view, const QString &line)
{
    const QTreeWidget *tree = view->changeList();
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        if (item->text(1) + u" | "_qs + item->text(2) == line)
            return item;
    }
    return nullptr;
}

// The pixels of the warning glyph's amber (#f2b705) in a row of the history.
int amberPixels(QTreeView *view, int row)
{
    const QImage image =
        view->viewport()->grab(view->visualRect(view->model()->index(row, 0))).toImage();
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += c.red() > 220 && c.green() > 160 && c.green() < 205 && c.blue() < 40;
        }
    return n;
}

// The database is as it was: the given user tables and version rows.
void expectUnchanged(const QString &url, const QStringList &tables, const QStringList &rows)
{
    QCOMPARE(userTables(url), tables);
    QCOMPARE(versionRows(url), rows);
}

} // namespace

class TestRehearseWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    void dialects() { addDialectRows(); }

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    void rehearsesUpgradeToHead_data() { dialects(); }
    void rehearsesUpgradeToHead()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kSample);
        const QString url = useDatabase(dialect, project, m_tmp.path());
        const QString schema = dialect == u"sqlite" ? u"main"_qs : u"public"_qs;
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());

        // From base: every table of the sample would be added.
        QVERIFY(rehearseAndWait(w, true));
        QCOMPARE(w.findChild<QTabWidget *>(u"detailTabs"_qs)->currentIndex(),
                 int(MainWindow::SchemaDiffTab));
        const SchemaDiffView *view = w.schemaDiffView();
        QVERIFY2(changeLines(view).contains(u"relation added | %1.users | table"_qs.arg(schema)),
                 qPrintable(changeLines(view).join(u'\n')));
        // Added reads green on the light test palette.
        const QColor added =
            changeItem(view, u"relation added | %1.users"_qs.arg(schema))->foreground(1).color();
        QVERIFY2(added.green() > added.red() + 40 && added.green() > added.blue() + 40,
                 qPrintable(added.name()));
        QVERIFY(view->unifiedDiff().contains(u"+++ b/%1.users\n"_qs.arg(schema)));
        QVERIFY(view->unifiedDiff().contains(u"+ email "_qs));
        QVERIFY(view->failureText().isEmpty());
        QVERIFY2(view->summaryText().contains(u"Rolled back"_qs), qPrintable(view->summaryText()));
        // One row per revision, each statement with its time; the merge's order is fine
        // (the sample's Depends On leaves only one).
        const QTreeWidget *statements = view->statementTree();
        QCOMPARE(statements->topLevelItemCount(), 4);
        QVERIFY(
            statements->topLevelItem(0)->child(0)->text(4).contains(u"CREATE TABLE projects"_qs));
        QVERIFY(!statements->topLevelItem(0)->child(0)->text(1).isEmpty());
        if (dialect == u"postgresql") // a CREATE TABLE takes an AccessExclusiveLock
            QVERIFY2(
                statements->topLevelItem(1)->child(0)->text(3).contains(u"AccessExclusiveLock"_qs),
                qPrintable(statements->topLevelItem(1)->child(0)->text(3)));
        QVERIFY2(view->summaryText().contains(
                     u"merge 17c397cbdf9b (add_auth_tables, add_project_code): ok"_qs),
                 qPrintable(view->summaryText()));
        QCOMPARE(w.historyModel()
                     ->index(w.historyModel()->rowOf(u"17c397cbdf9b"_qs), 0)
                     .data(HistoryModel::MergeFindingRole)
                     .toString(),
                 QString());
        // Nothing was left behind; on SQLite not even the file.
        if (dialect == u"sqlite")
            QVERIFY(!QFileInfo::exists(project.file(u"minirag.db"_qs)));
        else
            expectUnchanged(url, {}, {});
        QCOMPARE(w.currentHeads(), QStringList());

        // From the first revision: only the branches' changes, on a database that exists.
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"fee4cd54bd38"_qs}, false}, true);
        const QStringList tables = userTables(url);
        QVERIFY(tables.contains(u"projects"_qs));
        QVERIFY(rehearseAndWait(w, true));
        const QStringList lines = changeLines(view);
        QVERIFY2(lines.contains(u"relation added | %1.users | table"_qs.arg(schema)),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(!lines.join(u'\n').contains(u"relation added | %1.projects"_qs.arg(schema)),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.join(u'\n').contains(u"column added | %1.projects.user_id"_qs.arg(schema)),
                 qPrintable(lines.join(u'\n')));
        QCOMPARE(statements->topLevelItemCount(), 3);
        expectUnchanged(url, tables, {u"fee4cd54bd38"_qs});
        QCOMPARE(w.currentHeads(), QStringList{u"fee4cd54bd38"_qs});
        if (dialect == u"sqlite")
            saveScreenshot(&w, u"schema-diff"_qs);
    }

    void rehearsesThePlanTabChoice()
    {
        // A downgrade is rehearsed too: what it drops reads red.
        TestProject project(kSample);
        const QString url = useDatabase(u"sqlite"_qs, project, m_tmp.path());
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        const QStringList tables = userTables(url);
        w.historyView()->setCurrentIndex(
            w.historyModel()->index(w.historyModel()->rowOf(u"fee4cd54bd38"_qs), 0));
        w.findChild<QComboBox *>(u"planAction"_qs)->setCurrentIndex(2); // Downgrade to selected
        QVERIFY(rehearseAndWait(w, true));
        const SchemaDiffView *view = w.schemaDiffView();
        QVERIFY2(view->summaryText().contains(u"Downgrade to fee4cd54bd38"_qs),
                 qPrintable(view->summaryText()));
        const QTreeWidgetItem *removed = changeItem(view, u"relation removed | main.users"_qs);
        QVERIFY2(removed, qPrintable(changeLines(view).join(u'\n')));
        const QColor red = removed->foreground(1).color();
        QVERIFY2(red.red() > red.green() + 60 && red.red() > red.blue() + 60,
                 qPrintable(red.name()));
        QVERIFY(view->unifiedDiff().contains(u"--- a/main.users\n"_qs));
        expectUnchanged(url, tables, {u"17c397cbdf9b"_qs});
    }

    void showsWhatWasNotRehearsed()
    {
        // A Transactional: false revision would commit: it is listed, never run.
        TestProject project;
        project.writeRaw(u"versions/r1.sql"_qs,
                         migration("r1", "", {}, "-- migrate:upgrade\nCREATE TABLE t (id int);\n"));
        project.writeRaw(u"versions/r2.sql"_qs,
                         migration("r2", "r1", "-- Transactional: false\n",
                                   "-- migrate:upgrade\nCREATE INDEX ix_t ON t (id);\n"));
        const QString url = u"sqlite:///"_qs + project.file(u"test.db"_qs);
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        openAndWait(w, project.path());
        QVERIFY(rehearseAndWait(w, true));
        const SchemaDiffView *view = w.schemaDiffView();
        QVERIFY2(view->findingsText().contains(u"Not rehearsed"_qs) &&
                     view->findingsText().contains(u"versions/r2.sql"_qs) &&
                     view->findingsText().contains(u"Transactional: false"_qs),
                 qPrintable(view->findingsText()));
        const QTreeWidget *statements = view->statementTree();
        QCOMPARE(statements->topLevelItemCount(), 2);
        QCOMPARE(statements->topLevelItem(1)->child(0)->text(1), u"skipped"_qs);
        QVERIFY(changeLines(view).contains(u"relation added | main.t | table"_qs));
        QVERIFY(!changeLines(view).join(u'\n').contains(u"ix_t"_qs));
        QVERIFY(!QFileInfo::exists(project.file(u"test.db"_qs)));
    }

    void findsTheMergeOrderProblem_data() { dialects(); }
    void findsTheMergeOrderProblem()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project(kUnfixed);
        const QString url = useDatabase(dialect, project, m_tmp.path());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());
        QVERIFY(rehearseAndWait(w, false));

        // Alembic's order runs add_project_code first, and it fails: shown in red.
        const SchemaDiffView *view = w.schemaDiffView();
        const QString failure = view->failureText();
        const QString statement = dialect == u"sqlite"
                                      ? u"CREATE UNIQUE INDEX uq_projects_user_id_project_code"_qs
                                      : u"ADD CONSTRAINT uq_projects_user_id_project_code"_qs;
        QVERIFY2(failure.contains(u"add_project_code"_qs) &&
                     failure.contains(u"versions/add_project_code_add_project_code.sql:"_qs) &&
                     failure.contains(u"user_id"_qs) && failure.contains(statement),
                 qPrintable(failure));
        QVERIFY2(view->findingsText().contains(u"Depends On: add_auth_tables"_qs),
                 qPrintable(view->findingsText()));
        if (dialect == u"sqlite")
            saveScreenshot(&w, u"schema-diff-failure"_qs);

        // The merge point carries the finding; no other row does.
        HistoryModel *model = w.historyModel();
        const int merge = model->rowOf(u"17c397cbdf9b"_qs);
        const QModelIndex mergeIndex = model->index(merge, 0);
        const QString finding = mergeIndex.data(HistoryModel::MergeFindingRole).toString();
        for (const QString &word : {u"user_id"_qs, u"add_project_code"_qs, u"add_auth_tables"_qs,
                                    u"Depends On: add_auth_tables"_qs})
            QVERIFY2(finding.contains(word), qPrintable(word + u" missing from: "_qs + finding));
        QCOMPARE(mergeIndex.data(HistoryModel::MergeSuggestionRole).toString(),
                 u"Depends On: add_auth_tables"_qs);
        QCOMPARE(model->index(merge, HistoryModel::MessageColumn).data(Qt::ToolTipRole).toString(),
                 finding);
        QVERIFY2(!finding.contains(project.path()), qPrintable(finding)); // paths are relative
        for (int row = 0; row < model->rowCount(); ++row)
            if (row != merge)
                QVERIFY(
                    model->index(row, 0).data(HistoryModel::MergeFindingRole).toString().isEmpty());
        // ... and shows it: the warning glyph is painted on that row only.
        QTest::qWait(50);
        QVERIFY2(amberPixels(w.historyView(), merge) > 20,
                 qPrintable(QString::number(amberPixels(w.historyView(), merge))));
        QCOMPARE(amberPixels(w.historyView(), model->rowOf(u"add_project_code"_qs)), 0);

        // Selecting the merge shows the finding and the fix in its Revision preview.
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::RevisionTab);
        w.historyView()->setCurrentIndex(mergeIndex);
        const QString box = w.revisionPreview()->mergeFindingText();
        QVERIFY2(box.contains(u"user_id"_qs) && box.contains(u"Depends On: add_auth_tables"_qs),
                 qPrintable(box));
        if (dialect == u"sqlite")
            saveScreenshot(&w, u"merge-order-finding"_qs);
        w.historyView()->setCurrentIndex(model->index(model->rowOf(u"add_auth_tables"_qs), 0));
        QVERIFY(w.revisionPreview()->mergeFindingText().isEmpty());

        if (dialect == u"sqlite")
            QVERIFY(!QFileInfo::exists(project.file(u"minirag.db"_qs)));
        else
            expectUnchanged(url, {}, {});

        // Adding the suggested line fixes it: the reload clears the finding, and a new
        // rehearsal passes.
        QSignalSpy loaded(&w, &MainWindow::projectLoaded);
        const QString file = u"versions/add_project_code_add_project_code.sql"_qs;
        QFile in(project.file(file));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        in.close();
        text.replace("-- Revises: fee4cd54bd38\n",
                     "-- Revises: fee4cd54bd38\n-- Depends On: add_auth_tables\n");
        project.writeRaw(file, text);
        QVERIFY(loaded.wait(10000));
        QVERIFY(model->index(model->rowOf(u"17c397cbdf9b"_qs), 0)
                    .data(HistoryModel::MergeFindingRole)
                    .toString()
                    .isEmpty());
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        QVERIFY(state.count() > 0 || state.wait(10000));
        QVERIFY(rehearseAndWait(w, true));
    }

    void cancelStopsARehearsal()
    {
        RETORT_REQUIRE_POSTGRES(pg);
        TestProject project;
        MainWindow w;
        const QString url = openSlowPostgresProject(w, project, m_tmp.path());

        QSignalSpy finished(&w, &MainWindow::rehearsalFinished);
        QElapsedTimer timer;
        timer.start();
        w.actions()->rehearse->trigger();
        QTest::qWait(1500);
        QVERIFY(w.actions()->cancelRun->isEnabled());
        QVERIFY(!w.actions()->upgradeHead->isEnabled()); // one database job at a time
        w.actions()->cancelRun->trigger();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(timer.elapsed() < 15000, "cancel did not interrupt the running statement");
        QVERIFY2(w.schemaDiffView()->summaryText().contains(u"cancelled"_qs),
                 qPrintable(w.schemaDiffView()->summaryText()));
        QVERIFY(w.actions()->upgradeHead->isEnabled());
        expectUnchanged(url, {}, {});
    }
};

QTEST_MAIN(TestRehearseWindow)
#include "tst_rehearsewindow.moc"
