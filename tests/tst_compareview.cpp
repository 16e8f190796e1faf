// The Compare view and the status bar's schema drift, on real SQLite and PostgreSQL: a
// hand change to the database raises the drift warning, a click shows it in the Compare
// view as a tree of objects with their statements, and "Create Revision from These
// Changes" writes a revision that upgrades another database to the desired schema
// without losing a row.
#include "MainActions.h"
#include "MainWindow.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "compare/ChangeTree.h"
#include "compare/CompareController.h"
#include "compare/CompareView.h"
#include "diff/ScratchDatabase.h"
#include "history/HistoryModel.h"
#include "run/RunController.h"
#include "ui_CompareView.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

// r1: users (3 rows) and legacy (empty).
void writeFirstRevision(const TestProject &project)
{
    project.writeRaw(u"versions/r1.sql"_qs,
                     "-- users\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                     "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\n"
                     "INSERT INTO users VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger');\n"
                     "CREATE TABLE legacy (id integer PRIMARY KEY);\n"
                     "-- migrate:downgrade\nDROP TABLE legacy;\nDROP TABLE users;\n");
}

// Runs `sql` on the database at `url`, as someone with psql or sqlite3 would.
void changeByHand(const QString &url, const QStringList &statements)
{
    ScopedConnection c(DatabaseUrl::parse(url, {}), u"test-hand"_qs);
    for (const QString &sql : statements)
        execOrThrow(c.db(), sql, u"hand change"_qs);
}

QTreeWidgetItem *findRow(QTreeWidget *tree, const QString &text)
{
    const auto found = tree->findItems(text, Qt::MatchContains | Qt::MatchRecursive);
    return found.isEmpty() ? nullptr : found.first();
}

// Points a window at a new database of `dialect` (DATABASE_URL), shows it and opens
// `project`; returns the database's URL.
QString openOnNewDatabase(MainWindow &w, const TestProject &project, const QString &dialect,
                          const QString &folder)
{
    const QString url = freshDatabaseUrl(dialect, folder);
    qputenv("DATABASE_URL", url.toUtf8());
    w.resize(1024, 700);
    w.show();
    openAndWait(w, project.path());
    return url;
}

bool waitDrift(CompareController *compare, bool drifted)
{
    QSignalSpy checked(compare, &CompareController::driftChecked);
    for (int i = 0; i < 12; ++i) {
        if (!checked.wait(5000))
            continue;
        if (checked.last().first().toBool() == drifted)
            return true;
    }
    return false;
}

void compareAndWait(MainWindow &w)
{
    QSignalSpy compared(w.compareController(), &CompareController::compared);
    w.compareView()->form()->compareButton->click();
    QVERIFY(compared.wait(60000));
}

// Types the message and presses the button; returns the revision written.
QString createRevision(MainWindow &w, const QString &message)
{
    Ui::CompareView *form = w.compareView()->form();
    form->revisionMessage->setText(message);
    if (!form->createRevision->isEnabled())
        return u"(disabled: %1)"_qs.arg(form->createRevision->toolTip());
    QSignalSpy written(w.compareController(), &CompareController::revisionWritten);
    QSignalSpy loaded(&w, &MainWindow::projectLoaded);
    form->createRevision->click();
    if (!written.wait(60000))
        return u"(nothing written)"_qs;
    if (!written.first().at(1).toString().isEmpty())
        return u"(error: %1)"_qs.arg(written.first().at(1).toString());
    return written.first().first().toString();
}

} // namespace

class TestCompareView : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    // A column and a table added by hand: the status bar warns; Show… opens the Compare
    // tab on `current` → the database; the changes become a revision selected in the history.
    void driftWarningAfterHandChange_data() { addDialectRows(); }
    void driftWarningAfterHandChange()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeFirstRevision(project);
        MainWindow w;
        const QString url = openOnNewDatabase(w, project, dialect, m_tmp.path());
        CompareController *compare = w.compareController();
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QVERIFY(waitDrift(compare, false));
        QLabel *warning = compare->driftLabel();
        QVERIFY(!warning->isVisible());

        changeByHand(url, {u"ALTER TABLE users ADD COLUMN email text"_qs,
                           u"CREATE TABLE notes (id integer PRIMARY KEY, body text)"_qs});
        w.actions()->refresh->trigger();
        QVERIFY(waitDrift(compare, true));
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(u"Schema drift: 2 change"_qs),
                 qPrintable(warning->text()));

        // The click shows it in the Compare view.
        Q_EMIT warning->linkActivated(u"drift"_qs);
        QCOMPARE(w.findChild<QTabWidget *>(u"detailTabs"_qs)->currentIndex(),
                 int(MainWindow::CompareTab));
        CompareView *view = w.compareView();
        QCOMPARE(view->side(true).value, u"current"_qs);
        QCOMPARE(view->side(false).kind, CompareSide::Kind::Database);
        QTreeWidget *tree = view->form()->changeTree;
        QTreeWidgetItem *notes = findRow(tree, u"table "_qs);
        QVERIFY(notes);
        QTreeWidgetItem *email = findRow(tree, u"column email"_qs);
        QVERIFY2(email && email->parent(), "the column sits under its table");
        QVERIFY(email->text(0).startsWith(u"+"_qs));
        tree->setCurrentItem(email);
        QVERIFY2(view->objectSqlText().contains(u"ADD COLUMN email"_qs, Qt::CaseInsensitive),
                 qPrintable(view->objectSqlText()));
        QVERIFY2(view->scriptText().contains(u"CREATE TABLE"_qs, Qt::CaseInsensitive),
                 qPrintable(view->scriptText()));
        saveScreenshot(&w, u"compare-drift-"_qs + dialect);

        // The database is at head, so the drift can become the next revision.
        const QString written = createRevision(w, u"capture hand changes"_qs);
        QVERIFY2(!written.startsWith(u'('), qPrintable(written));
        QCOMPARE(w.selectedRevision(), written);
        QCOMPARE(w.historyModel()->rowCount(), 2);
        // Stamped there, the database has no drift left.
        runAndWait(w, {PlanRequest::Kind::Stamp, {written}, false}, true);
        QVERIFY(waitDrift(compare, false));
        QVERIFY(!warning->isVisible());
        QCOMPARE(queryColumn(url, u"SELECT count(*) FROM users"_qs), QStringList{u"3"_qs});
    }

    // The drift check builds `current` on a scratch database: after an open, a reload and
    // a run, not after every read of the database's state (a backup, a refresh of the
    // revisions), which finds the same database at the same revisions.
    void driftCheckedOnlyWhenDue_data() { addDialectRows(); }
    void driftCheckedOnlyWhenDue()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeFirstRevision(project);
        MainWindow w;
        const QString url = openOnNewDatabase(w, project, dialect, m_tmp.path());
        CompareController *compare = w.compareController();
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QVERIFY(waitDrift(compare, false));

        // Plain state reads: no scratch database.
        const int made = diff::ScratchDatabase::madeInThisProcess();
        for (int i = 0; i < 3; ++i) {
            QSignalSpy refreshed(&w, &MainWindow::stateRefreshed);
            w.runController()->refresh();
            QVERIFY(refreshed.wait(10000));
        }
        QTest::qWait(300); // a check would have started on the pool by now
        QCOMPARE(diff::ScratchDatabase::madeInThisProcess(), made);

        // A reload checks again, and finds a hand change.
        changeByHand(url, {u"ALTER TABLE users ADD COLUMN email text"_qs});
        w.actions()->refresh->trigger();
        QVERIFY(waitDrift(compare, true));
        QVERIFY(diff::ScratchDatabase::madeInThisProcess() > made);

        // So does a run.
        const int afterReload = diff::ScratchDatabase::madeInThisProcess();
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"base"_qs}, false}, true);
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QVERIFY(waitDrift(compare, false));
        QVERIFY(diff::ScratchDatabase::madeInThisProcess() > afterReload);
    }

    // head → a schema file: the tree and hazards; the revision written upgrades a database
    // at r1 (rows in it) to exactly the file's schema, keeping every row, and downgrades back.
    void revisionFromSchemaFile_data() { addDialectRows(); }
    void revisionFromSchemaFile()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeFirstRevision(project);
        project.writeRaw(u"schema.sql"_qs,
                         "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, "
                         "email text);\n"
                         "CREATE INDEX users_email ON users (email);\n"
                         "CREATE TABLE notes (id integer PRIMARY KEY, user_id integer "
                         "REFERENCES users (id), body text);\n");
        MainWindow w;
        const QString url = openOnNewDatabase(w, project, dialect, m_tmp.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        const QStringList before = queryColumn(url, u"SELECT id || name FROM users ORDER BY id"_qs);
        QCOMPARE(before.size(), 3);

        // View > Compare Schemas, head against the file.
        w.actions()->compare->trigger();
        QCOMPARE(w.findChild<QTabWidget *>(u"detailTabs"_qs)->currentIndex(),
                 int(MainWindow::CompareTab));
        CompareView *view = w.compareView();
        view->setSides({CompareSide::Kind::Revision, u"head"_qs, u"head"_qs},
                       {CompareSide::Kind::SchemaFile, project.file(u"schema.sql"_qs), {}});
        compareAndWait(w);
        QVERIFY2(view->summaryText().contains(u"change"_qs), qPrintable(view->summaryText()));
        QTreeWidget *tree = view->form()->changeTree;
        QTreeWidgetItem *legacy = findRow(tree, u"legacy"_qs);
        QVERIFY(legacy);
        QVERIFY2(legacy->text(0).startsWith(u"−"_qs), qPrintable(legacy->text(0)));
        // Dropping a table loses its rows: a hazard, marked in the tree and the script.
        QVERIFY2(legacy->text(ChangeTree::ChangeColumn).startsWith(u"⚠"_qs),
                 qPrintable(legacy->text(ChangeTree::ChangeColumn)));
        QVERIFY(!legacy->toolTip(ChangeTree::ChangeColumn).isEmpty());
        QVERIFY(view->scriptText().contains(u"-- hazard:"_qs));
        // A hazard is read whole, not cut at the pane's edge behind a horizontal scroll.
        tree->setCurrentItem(legacy);
        QVERIFY(view->objectSqlText().contains(u"-- hazard:"_qs));
        for (QPlainTextEdit *pane : {view->form()->objectSql, view->form()->script})
            QVERIFY2(pane->horizontalScrollBar()->maximum() == 0, qPrintable(pane->objectName()));
        QVERIFY(findRow(tree, u"notes"_qs)->text(0).startsWith(u"+"_qs));
        // The column's own statement, not the index on it (nor that index's hazard).
        QTreeWidgetItem *email = findRow(tree, u"column email"_qs);
        QVERIFY(email);
        tree->setCurrentItem(email);
        QVERIFY2(view->objectSqlText().contains(u"ADD COLUMN email"_qs, Qt::CaseInsensitive) &&
                     !view->objectSqlText().contains(u"CREATE INDEX"_qs, Qt::CaseInsensitive),
                 qPrintable(view->objectSqlText()));
        if (dialect == u"postgresql") // SQLite rebuilds the table: every statement names it
            QVERIFY2(!email->text(ChangeTree::ChangeColumn).startsWith(u"⚠"_qs),
                     qPrintable(email->text(ChangeTree::ChangeColumn)));
        tree->setCurrentItem(tree->topLevelItem(0));
        saveScreenshot(&w, u"compare-"_qs + dialect);

        const QString written = createRevision(w, u"add notes and email"_qs);
        QVERIFY2(!written.startsWith(u'('), qPrintable(written));
        QCOMPARE(w.selectedRevision(), written);
        // The message went into that revision: the box is ready for the next one.
        QCOMPARE(w.compareView()->form()->revisionMessage->text(), QString());

        // The database at r1 with its rows: upgrade with the new revision.
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QCOMPARE(versionRows(url), QStringList{written});
        QCOMPARE(queryColumn(url, u"SELECT id || name FROM users ORDER BY id"_qs), before);
        // Exactly the desired schema now: nothing left to compare.
        view->setSides({CompareSide::Kind::Database, url, {}},
                       {CompareSide::Kind::SchemaFile, project.file(u"schema.sql"_qs), {}});
        compareAndWait(w);
        QVERIFY2(view->summaryText().contains(u"are the same"_qs), qPrintable(view->summaryText()));
        QCOMPARE(view->form()->changeTree->topLevelItemCount(), 0);

        // And back down: r1's schema again, the rows still there.
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"r1"_qs}, false}, true);
        QCOMPARE(queryColumn(url, u"SELECT id || name FROM users ORDER BY id"_qs), before);
        QCOMPARE(userTables(url), (QStringList{u"legacy"_qs, u"users"_qs}));
    }

    // Each row shows exactly the statements of its own change, and only their hazards:
    // the column's retype, not the CHECK that names the column (which the old matching by
    // name put under it), and the CHECK alone under the constraint.
    void rowShowsItsOwnStatements()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        TestProject project;
        writeFirstRevision(project);
        project.writeRaw(u"schema.sql"_qs,
                         "CREATE TABLE users (id integer PRIMARY KEY, name varchar(200) NOT "
                         "NULL, CONSTRAINT name_not_blank CHECK (name <> ''));\n"
                         "CREATE TABLE legacy (id integer PRIMARY KEY);\n"
                         "CREATE INDEX legacy_name ON legacy (id);\n");
        MainWindow w;
        openOnNewDatabase(w, project, u"postgresql"_qs, m_tmp.path());
        w.actions()->compare->trigger();
        CompareView *view = w.compareView();
        view->setSides({CompareSide::Kind::Revision, u"head"_qs, u"head"_qs},
                       {CompareSide::Kind::SchemaFile, project.file(u"schema.sql"_qs), {}});
        compareAndWait(w);
        QTreeWidget *tree = view->form()->changeTree;
        const diff::DiffPlan &plan = view->plan();

        QTreeWidgetItem *column = findRow(tree, u"column name"_qs);
        QVERIFY2(column, qPrintable(plan.changesText()));
        tree->setCurrentItem(column);
        const QString columnSql = view->objectSqlText();
        QVERIFY2(columnSql.contains(u"ALTER COLUMN name TYPE character varying(200)"_qs) &&
                     !columnSql.contains(u"name_not_blank"_qs),
                 qPrintable(columnSql));
        QVERIFY2(column->toolTip(ChangeTree::ChangeColumn).contains(u"USING name::"_qs),
                 qPrintable(column->toolTip(ChangeTree::ChangeColumn)));

        QTreeWidgetItem *check = findRow(tree, u"constraint name_not_blank"_qs);
        QVERIFY(check);
        tree->setCurrentItem(check);
        QVERIFY2(view->objectSqlText().contains(u"ADD CONSTRAINT name_not_blank"_qs) &&
                     !view->objectSqlText().contains(u"ALTER COLUMN"_qs),
                 qPrintable(view->objectSqlText()));
        QVERIFY2(!check->toolTip(ChangeTree::ChangeColumn).contains(u"USING"_qs),
                 qPrintable(check->toolTip(ChangeTree::ChangeColumn)));

        // Every row: its change's statements and hazards, exactly.
        for (QTreeWidgetItemIterator it(tree); *it; ++it) {
            const int index = (*it)->data(ChangeTree::ObjectColumn, ChangeTree::ChangeRole).toInt();
            if (index < 0)
                continue;
            const diff::Change &change = plan.changes[index];
            tree->setCurrentItem(*it);
            const QString expected = change.statements.isEmpty() ? QString() : plan.sqlText(change);
            if (!expected.isEmpty())
                QCOMPARE(view->objectSqlText(), expected);
            QCOMPARE((*it)->toolTip(ChangeTree::ChangeColumn), plan.hazards(change).join(u'\n'));
        }
        tree->setCurrentItem(column);
        saveScreenshot(&w, u"compare-own-statements"_qs);
    }

    // A URL typed with its password: the "Comparing … with …" line (which echoed what was
    // typed), the result and the log show it masked.
    void typedPasswordNeverShown()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        TestProject project;
        writeFirstRevision(project);
        MainWindow w;
        const QString url = openOnNewDatabase(w, project, u"postgresql"_qs, m_tmp.path());
        // The test server trusts 127.0.0.1, so it ignores the password; the window must not
        // show it all the same.
        QString typed = url;
        typed.replace(u"retort@"_qs, u"retort:Sekr3tTyped@"_qs);
        QVERIFY(typed.contains(u"Sekr3tTyped"_qs));
        CompareView *view = w.compareView();
        view->setSides({CompareSide::Kind::Revision, u"head"_qs, u"head"_qs},
                       {CompareSide::Kind::Database, typed, {}});
        QSignalSpy compared(w.compareController(), &CompareController::compared);
        view->form()->compareButton->click();
        QVERIFY2(!view->summaryText().contains(u"Sekr3tTyped"_qs), qPrintable(view->summaryText()));
        QVERIFY(compared.wait(60000));
        QVERIFY2(!view->summaryText().contains(u"Sekr3tTyped"_qs), qPrintable(view->summaryText()));
        for (QWidget *child : w.findChildren<QWidget *>()) {
            if (auto *label = qobject_cast<QLabel *>(child))
                QVERIFY2(!label->text().contains(u"Sekr3tTyped"_qs), qPrintable(label->text()));
        }
    }

    // A plan that fails when it is tried (here a materialized view that divides by a row's
    // zero: FROM's schema file holds the row, so FROM's scratch database does) is explained
    // in a few lines, the whole message and statement in the tooltip: the statement's every
    // line in the summary pushed the tree and its statements into a sliver.
    void validationFailureKeepsTheTree()
    {
        RETORT_REQUIRE_POSTGRES(serverUrl);
        TestProject project;
        writeFirstRevision(project);
        const QByteArray table = "CREATE TABLE t (a integer, b text, c text, d text, e text);\n";
        project.writeRaw(u"from.sql"_qs, table + "INSERT INTO t (a) VALUES (0);\n");
        project.writeRaw(u"to.sql"_qs, table + "CREATE MATERIALIZED VIEW mv AS SELECT 1 / a AS "
                                               "x, b, c, d, e FROM t;\n");
        MainWindow w;
        openOnNewDatabase(w, project, u"postgresql"_qs, m_tmp.path());
        w.actions()->compare->trigger();
        CompareView *view = w.compareView();
        view->setSides({CompareSide::Kind::SchemaFile, project.file(u"from.sql"_qs), {}},
                       {CompareSide::Kind::SchemaFile, project.file(u"to.sql"_qs), {}});
        compareAndWait(w);
        const QString summary = view->summaryText();
        QVERIFY2(summary.contains(u"failed when it was tried"_qs), qPrintable(summary));
        QVERIFY2(summary.count(u"<br>"_qs) <= 4, qPrintable(summary));
        const QString tip = view->form()->summary->toolTip();
        QVERIFY2(tip.contains(u"division by zero"_qs) && tip.contains(u"e"_qs) &&
                     tip.count(u'\n') > summary.count(u"<br>"_qs),
                 qPrintable(summary + u"\n---\n"_qs + tip));
        QVERIFY(view->form()->changeTree->topLevelItemCount() > 0);
        saveScreenshot(&w, u"compare-validation-failure"_qs);
    }

    // FROM not head (the database → a file): the changes are shown but not offered as a
    // revision, and the button says why.
    void revisionOnlyFromHead()
    {
        TestProject project;
        writeFirstRevision(project);
        project.writeRaw(u"schema.sql"_qs, "CREATE TABLE users (id integer PRIMARY KEY);\n");
        const QString url = freshDatabaseUrl(u"sqlite"_qs, m_tmp.path());
        qputenv("DATABASE_URL", url.toUtf8());
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        CompareView *view = w.compareView();
        view->setSides({CompareSide::Kind::Database, url, {}},
                       {CompareSide::Kind::SchemaFile, project.file(u"schema.sql"_qs), {}});
        compareAndWait(w);
        QVERIFY2(view->form()->changeTree->topLevelItemCount() > 0,
                 qPrintable(view->summaryText()));
        view->form()->revisionMessage->setText(u"x"_qs);
        QVERIFY(!view->form()->createRevision->isEnabled());
        QVERIFY2(view->form()->createRevision->toolTip().contains(u"head"_qs),
                 qPrintable(view->form()->createRevision->toolTip()));
        // A side that is nothing: the error names it.
        view->setSides({CompareSide::Kind::Revision, u"nosuch"_qs, u"nosuch"_qs},
                       {CompareSide::Kind::Revision, u"head"_qs, u"head"_qs});
        compareAndWait(w);
        QVERIFY2(view->summaryText().contains(u"nosuch"_qs), qPrintable(view->summaryText()));
    }
};

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
