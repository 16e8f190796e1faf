// The rows view on a real 300,000-row table, on SQLite and PostgreSQL: the count (an
// estimate first on PostgreSQL, exact on demand), Ctrl+End to the last row, sorting and
// filtering on the server, primary key order by default, timestamps as the database
// prints them, the cell viewer, and sizes that follow a run.
#include "MainWindow.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "database/CellViewer.h"
#include "database/DatabasePanel.h"
#include "database/RowPageModel.h"
#include "run/RunController.h"

#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

constexpr int kRows = 300000;

// One revision: a table `big` (id primary key, inserted in reverse so the physical order
// is not the key's, a label, a timestamp, a JSON note) with 300,000 rows.
void writeBigTable(const TestProject &project)
{
    project.writeRaw(
        u"versions/big.sql"_qs,
        "-- big\n--\n-- Revision ID: big1\n-- Revises:\n\n"
        "-- migrate:upgrade\n"
        "CREATE TABLE big (id integer PRIMARY KEY, label text, seen timestamptz, note text);\n"
        "INSERT INTO big SELECT g, 'row ' || g, timestamptz '2024-01-01 00:00:00+00' + g * "
        "interval '1 second', '{\"n\": ' || g || ', \"tags\": [\"a\", \"b\"]}' FROM "
        "generate_series(300000, 1, -1) g;\n"
        "ANALYZE big;\n"
        "-- migrate:upgrade:sqlite\n"
        "CREATE TABLE big (id integer PRIMARY KEY, label text, seen timestamp, note text);\n"
        "WITH RECURSIVE g(n) AS (SELECT 300000 UNION ALL SELECT n - 1 FROM g WHERE n > 1) "
        "INSERT INTO big SELECT n, 'row ' || n, datetime('2024-01-01 00:00:00', '+' || n || "
        "' seconds'), '{\"n\": ' || n || ', \"tags\": [\"a\", \"b\"]}' FROM g;\n");
}

int columnOf(RowPageModel *model, const QString &name)
{
    return int(model->columns().indexOf(name));
}

// Waits until `row` is loaded (the view asked for its page).
bool waitForRow(RowPageModel *model, int row)
{
    QSignalSpy arrived(model, &RowPageModel::pageArrived);
    for (int i = 0; i < 60 && !model->isLoaded(row); ++i)
        arrived.wait(500);
    return model->isLoaded(row);
}

} // namespace

class TestDataGrid : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    void bigTable_data() { addDialectRows(); }
    void bigTable()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        writeBigTable(project);
        qputenv("DATABASE_URL", freshDatabaseUrl(dialect, m_tmp.path()).toUtf8());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::DatabaseTab);

        DatabasePanel *db = w.databasePanel();
        QSignalSpy tables(db, &DatabasePanel::tablesShown);
        db->reload();
        QVERIFY(tables.wait(10000));
        RowPageModel *model = db->rowModel();
        QSignalSpy counted(model, &RowPageModel::countChanged);
        QVERIFY(db->selectTable(u"big"_qs));
        db->findChild<QTabWidget *>()->setCurrentIndex(1); // Rows
        QTRY_VERIFY2_WITH_TIMEOUT(model->isCountKnown() && model->columnCount() == 4,
                                  qPrintable(db->rowCaption()), 20000);
        if (dialect == u"postgresql") {
            // The planner's estimate first (ANALYZE ran), exact on demand.
            QVERIFY2(!model->isCountExact(), qPrintable(db->rowCaption()));
            QVERIFY2(db->rowCaption().contains(u"estimate"_qs), qPrintable(db->rowCaption()));
            model->requestExactCount();
            QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact(), 20000);
        }
        QCOMPARE(model->totalRows(), qint64(kRows));
        QVERIFY2(db->rowCaption().contains(QLocale().toString(kRows)),
                 qPrintable(db->rowCaption()));
        QVERIFY2(db->rowCaption().contains(u"ORDER BY id"_qs), qPrintable(db->rowCaption()));

        // Primary key order by default, although the rows went in backwards.
        QVERIFY(waitForRow(model, 0));
        const int id = columnOf(model, u"id"_qs);
        QCOMPARE(model->value(0, id).toString(), u"1"_qs);
        // Timestamps as the database shows them.
        const QString seen = model->value(0, columnOf(model, u"seen"_qs)).toString();
        QCOMPARE(seen, dialect == u"postgresql" ? u"2024-01-01 00:00:01+00"_qs
                                                : u"2024-01-01 00:00:01"_qs);

        // Ctrl+End reaches the last row in one press.
        QTableView *view = db->rowView();
        view->setFocus();
        view->setCurrentIndex(model->index(0, 0));
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(view->currentIndex().row(), kRows - 1);
        QVERIFY(waitForRow(model, kRows - 1));
        QCOMPARE(model->value(kRows - 1, id).toString(), QString::number(kRows));
        // The far pages widen their columns: "300000" is not cut to "30...".
        const int idWidth = view->fontMetrics().horizontalAdvance(QString::number(kRows));
        QTRY_VERIFY(view->columnWidth(id) > idWidth);
        saveScreenshot(&w, u"rows-" + dialect);

        // Sorting on the server: descending by label (text order).
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        view->sortByColumn(columnOf(model, u"label"_qs), Qt::DescendingOrder);
        QVERIFY(waitForRow(model, 0));
        QCOMPARE(model->value(0, columnOf(model, u"label"_qs)).toString(), u"row 99999"_qs);
        QVERIFY2(db->rowCaption().contains(u"DESC"_qs), qPrintable(db->rowCaption()));

        // The filter row: a condition, counted exactly.
        db->filterRow()->setText(u"id % 1000 = 0"_qs);
        QTest::keyClick(db->filterRow(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact() && model->totalRows() == 300, 20000);
        QVERIFY(waitForRow(model, 0));
        // A filter cannot write: a second statement is refused, and nothing changed.
        db->filterRow()->setText(u"true; DELETE FROM big"_qs);
        QTest::keyClick(db->filterRow(), Qt::Key_Return);
        QSignalSpy failed(model, &RowPageModel::failed);
        QVERIFY(failed.count() > 0 || failed.wait(10000));
        db->filterRow()->clear();
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountKnown() && model->totalRows() >= kRows - 1000,
                                 20000);
        model->requestExactCount();
        QTRY_VERIFY_WITH_TIMEOUT(model->isCountExact(), 20000);
        QCOMPARE(model->totalRows(), qint64(kRows));

        // The cell viewer shows JSON indented.
        QVERIFY(waitForRow(model, 0));
        const QString json = CellViewer::render(model->value(0, columnOf(model, u"note"_qs)));
        QVERIFY2(json.contains(u"\"tags\": [\n"_qs), qPrintable(json));
    }

    // After a run the Database tab lists what the run made and dropped, with sizes and
    // the selected table's row count read again, without the user asking (a downgrade too).
    void tablesFollowRuns_data() { addDialectRows(); }
    void tablesFollowRuns()
    {
        QFETCH(QString, dialect);
        RETORT_REQUIRE_DIALECT(dialect);
        TestProject project;
        project.writeRaw(u"versions/s1.sql"_qs,
                         "-- small\n--\n-- Revision ID: s1\n-- Revises:\n\n-- migrate:upgrade\n"
                         "CREATE TABLE kept (id integer PRIMARY KEY, body text);\n"
                         "INSERT INTO kept VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                         "-- migrate:downgrade\nDROP TABLE kept;\n");
        project.writeRaw(
            u"versions/s2.sql"_qs,
            "-- grow\n--\n-- Revision ID: s2\n-- Revises: s1\n\n-- migrate:upgrade\n"
            "CREATE TABLE added (id integer);\nINSERT INTO added VALUES (1);\n"
            "INSERT INTO kept SELECT g, repeat('x', 60) FROM generate_series(4, 20000) g;\n"
            "-- migrate:upgrade:sqlite\n"
            "CREATE TABLE added (id integer);\nINSERT INTO added VALUES (1);\n"
            "WITH RECURSIVE g(n) AS (SELECT 4 UNION ALL SELECT n + 1 FROM g WHERE n < 20000) "
            "INSERT INTO kept SELECT n, printf('%.60c', 'x') FROM g;\n"
            "-- migrate:downgrade\nDROP TABLE added;\nDELETE FROM kept WHERE id > 3;\n");
        qputenv("DATABASE_URL", freshDatabaseUrl(dialect, m_tmp.path()).toUtf8());
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        openAndWait(w, project.path());
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::DatabaseTab);
        DatabasePanel *db = w.databasePanel();
        RowPageModel *rows = db->rowModel();
        const auto listed = [db](const QString &name) -> QTreeWidgetItem * {
            const auto found = db->tableList()->findItems(name, Qt::MatchExactly, 1);
            return found.isEmpty() ? nullptr : found.first();
        };
        const auto sizeOf = [&](const QString &name) {
            QTreeWidgetItem *item = listed(name);
            return item ? item->data(4, Qt::UserRole).toLongLong() : -2;
        };

        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"s1"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"kept"_qs), 10000);
        QVERIFY(!listed(u"added"_qs));
        const qint64 smallSize = sizeOf(u"kept"_qs);
        QVERIFY(db->selectTable(u"kept"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(rows->isCountKnown(), 10000);
        rows->requestExactCount();
        QTRY_COMPARE_WITH_TIMEOUT(rows->totalRows(), qint64(3), 10000);

        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(listed(u"added"_qs), 10000);
        // The table stays selected, and its rows are counted again.
        QCOMPARE(db->tableList()->currentItem(), listed(u"kept"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(rows->isCountKnown(), 10000);
        rows->requestExactCount();
        QTRY_COMPARE_WITH_TIMEOUT(rows->totalRows(), qint64(20000), 10000);
        if (smallSize >= 0) { // SQLite without dbstat knows no size
            QVERIFY2(sizeOf(u"kept"_qs) > smallSize + 1000000,
                     qPrintable(u"%1 -> %2"_qs.arg(smallSize).arg(sizeOf(u"kept"_qs))));
            QVERIFY(listed(u"kept"_qs)->text(4) != QLocale().formattedDataSize(smallSize));
        }
        // Sorting by size sorts by bytes, not by the text ("8 KiB" after "1.7 MiB").
        db->tableList()->sortByColumn(4, Qt::DescendingOrder);
        if (smallSize >= 0)
            QCOMPARE(db->tableList()->topLevelItem(0)->text(1), u"kept"_qs);

        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"s1"_qs}, false}, true);
        QTRY_VERIFY_WITH_TIMEOUT(!listed(u"added"_qs), 10000);
        QVERIFY(listed(u"kept"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(rows->isCountKnown(), 10000);
        rows->requestExactCount();
        QTRY_COMPARE_WITH_TIMEOUT(rows->totalRows(), qint64(3), 10000);
    }
};

QTEST_MAIN(TestDataGrid)
#include "tst_datagrid.moc"
