// Finding your way in the graph and knowing each revision's state: several heads, the
// Plan tab's targets, one step down at a merge, Find / next / Esc / Go to Current, the
// right-click menu, Flyway-like states (drift, failed, out of order), the stamp preview,
// and the small things (View menu, Ctrl+Tab, the toolbar at 1024x700, dark highlighting).
#include "MainActions.h"
#include "MainWindow.h"
#include "TestProject.h"
#include "TestWindow.h"
#include "history/HistoryModel.h"
#include "history/HistoryNavigator.h"
#include "run/ConfirmPlanDialog.h"
#include "sql/SqlHighlighter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolBar>
#include <QTreeView>
#include <QtTest>

using namespace retort;
using namespace retort::gui;
using namespace retort::test;

namespace {

const QString kSample = QStringLiteral(RETORT_SOURCE_DIR "/migrations/minirag");

// a1 <- b1, a1 <- c1: two heads.
void writeTwoHeads(const TestProject &project)
{
    project.writeRaw(u"versions/a1.sql"_qs, "-- a\n--\n-- Revision ID: a1\n-- Revises:\n\n"
                                            "-- migrate:upgrade\nCREATE TABLE a (id int);\n"
                                            "-- migrate:downgrade\nDROP TABLE a;\n");
    project.writeRaw(u"versions/b1.sql"_qs, "-- b\n--\n-- Revision ID: b1\n-- Revises: a1\n\n"
                                            "-- migrate:upgrade\nCREATE TABLE b (id int);\n"
                                            "-- migrate:downgrade\nDROP TABLE b;\n");
    project.writeRaw(u"versions/c1.sql"_qs, "-- c\n--\n-- Revision ID: c1\n-- Revises: a1\n\n"
                                            "-- migrate:upgrade\nCREATE TABLE c (id int);\n"
                                            "-- migrate:downgrade\nDROP TABLE c;\n");
    project.writeRaw(u"retort.ini"_qs,
                     "[retort]\nscript_location = versions\nurl = sqlite:///two.db\n");
}

// Presses Run in the next confirmation.
void confirmNextRun(MainWindow &w)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(&w, &MainWindow::confirmShown, &w, [connection](QDialog *d) {
        QObject::disconnect(*connection);
        QTimer::singleShot(0, d, [d] { d->findChild<QPushButton *>(u"runButton"_qs)->click(); });
    });
}

// Calls `act` with the first modal QMessageBox to appear (polling: it opens inside a
// nested event loop once an answer from the database thread arrives).
void whenMessageBox(QObject *context, std::function<void(QMessageBox *)> act)
{
    auto *poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, act] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            act(box);
        }
    });
    poll->start();
}

int rowOf(MainWindow &w, const QString &revision)
{
    return w.historyModel()->rowOf(revision);
}

} // namespace

class TestNavigation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv("DATABASE_URL"); }

    // With two heads, Upgrade offers `heads` (Alembic's "Multiple heads" otherwise), and
    // the Plan tab offers heads and base.
    void severalHeadsUpgradeToHeads()
    {
        TestProject project;
        writeTwoHeads(project);
        MainWindow w;
        openAndWait(w, project.path());
        QCOMPARE(w.actions()->upgradeHead->text(), u"Upgrade to &Heads"_qs);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        confirmNextRun(w);
        w.actions()->upgradeHead->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(state.wait(10000));
        QStringList heads = w.currentHeads();
        heads.sort();
        QCOMPARE(heads, QStringList({u"b1"_qs, u"c1"_qs}));

        // Plan tab: Downgrade to base plans all three.
        QSignalSpy planShown(&w, &MainWindow::planShown);
        w.findChild<QTabWidget *>(u"detailTabs"_qs)->setCurrentIndex(MainWindow::PlanTab);
        QVERIFY(planShown.wait(10000));
        auto *choice = w.findChild<QComboBox *>(u"planAction"_qs);
        choice->setCurrentIndex(choice->findText(u"Downgrade to base"_qs));
        QVERIFY(planShown.wait(10000));
        const QString plan = w.planView()->toPlainText();
        QVERIFY2(plan.contains(u"DROP TABLE b"_qs) && plan.contains(u"DROP TABLE c"_qs) &&
                     plan.contains(u"DROP TABLE a"_qs),
                 qPrintable(plan));
        QVERIFY(w.actions()->downgradeBase->isEnabled());
    }

    // "Downgrade one step" at a merge explains and offers each branch.
    void oneStepDownAtAMergeOffersTheBranches()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QCOMPARE(w.mergeStepChoices(),
                 QStringList({u"add_auth_tables"_qs, u"add_project_code"_qs}));
        bool offered = false;
        whenMessageBox(&w, [&](QMessageBox *box) {
            QCOMPARE(box->objectName(), u"mergeStepChoice"_qs);
            QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
            for (QAbstractButton *b : box->buttons()) {
                if (b->text() != u"Down to add_project_code")
                    continue;
                offered = true;
                confirmNextRun(w);
                b->click();
                return;
            }
        });
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.actions()->downgradeOne->trigger();
        QVERIFY(finished.wait(30000)); // the ambiguous walk
        QVERIFY(offered);
        QVERIFY(finished.wait(30000)); // the chosen downgrade
        QCOMPARE(finished.last().first().toBool(), true);
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        QVERIFY(state.wait(10000));
        QCOMPARE(w.currentHeads(), QStringList{u"add_project_code"_qs});
    }

    // Find moves between matches without hiding rows (lanes stay); Esc returns to the
    // revision selected before; SQL text matches; Go to Current.
    void findNextEscapeAndGoToCurrent()
    {
        TestProject project(kSample);
        MainWindow w;
        w.resize(1100, 700);
        w.show();
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"add_auth_tables"_qs}, false}, true);
        HistoryNavigator *nav = w.navigator();
        w.historyView()->setCurrentIndex(w.historyModel()->index(rowOf(w, u"fee4cd54bd38"_qs), 0));
        nav->startFind();
        QTest::keyClicks(nav->findField(), u"add_"_qs);
        const QString first = w.selectedRevision();
        QVERIFY2(first.startsWith(u"add_"_qs), qPrintable(first));
        for (int row = 0; row < w.historyModel()->rowCount(); ++row)
            QVERIFY(!w.historyView()->isRowHidden(row, {}));
        QTest::keyClick(nav->findField(), Qt::Key_Return);
        QVERIFY(w.selectedRevision().startsWith(u"add_"_qs));
        QVERIFY(w.selectedRevision() != first);
        nav->findNextAction()->trigger(); // F3 wraps to the first match again
        QCOMPARE(w.selectedRevision(), first);
        saveScreenshot(&w, u"find-in-history"_qs);
        QTest::keyClick(nav->findField(), Qt::Key_Escape);
        QCOMPARE(w.selectedRevision(), u"fee4cd54bd38"_qs);
        QVERIFY(nav->findField()->text().isEmpty());

        // SQL text: only add_auth_tables's SQL has hashed_password.
        nav->startFind();
        QTest::keyClicks(nav->findField(), u"hashed_password"_qs);
        QCOMPARE(w.selectedRevision(), u"add_auth_tables"_qs);
        QTest::keyClick(nav->findField(), Qt::Key_Escape);

        nav->goToCurrentAction()->trigger();
        QCOMPARE(w.selectedRevision(), u"add_auth_tables"_qs);
    }

    // The right-click menu copies the id and runs to the revision.
    // The message stays readable in a narrow history panel, and an empty Branch labels
    // column does not take its room; labelled graphs show the column.
    void messageColumnStaysReadable()
    {
        TestProject project(kSample);
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        openAndWait(w, project.path());
        QTreeView *view = w.historyView();
        QVERIFY(view->isColumnHidden(HistoryModel::LabelsColumn));
        const int least = view->fontMetrics().averageCharWidth() * 30;
        QVERIFY2(view->columnWidth(HistoryModel::MessageColumn) >= least,
                 qPrintable(QString::number(view->columnWidth(HistoryModel::MessageColumn))));
        view->resize(200, view->height()); // narrower than the other columns together
        QTRY_VERIFY(view->columnWidth(HistoryModel::MessageColumn) >= least);

        project.writeRaw(u"versions/labelled.sql"_qs,
                         "-- l\n--\n-- Revision ID: labelled\n-- Revises: 17c397cbdf9b\n"
                         "-- Branch Labels: reports\n\n-- migrate:upgrade\nSELECT 1;\n"
                         "-- migrate:downgrade\nSELECT 1;\n");
        openAndWait(w, project.path());
        QVERIFY(!view->isColumnHidden(HistoryModel::LabelsColumn));
    }

    void revisionContextMenu()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        QMenu *menu = w.navigator()->contextMenuFor(rowOf(w, u"add_project_code"_qs));
        QVERIFY(menu);
        QStringList texts;
        for (QAction *a : menu->actions())
            if (!a->isSeparator())
                texts << a->text();
        QCOMPARE(texts, QStringList({u"Upgrade to Here"_qs, u"Downgrade to Here"_qs,
                                     u"Stamp Here…"_qs, u"Rehearse to Here"_qs,
                                     u"Copy Revision ID"_qs, u"Open File in Editor"_qs}));
        menu->actions().at(menu->actions().size() - 2)->trigger();
        QCOMPARE(QApplication::clipboard()->text(), u"add_project_code"_qs);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        confirmNextRun(w);
        menu->actions().first()->trigger();
        QVERIFY(finished.wait(30000));
        QSignalSpy state(&w, &MainWindow::stateRefreshed);
        QVERIFY(state.wait(10000));
        QVERIFY(w.historyModel()->isCurrent(rowOf(w, u"add_project_code"_qs)));
        delete menu;
    }

    // Flyway-like states: current and head, changed since applied (drift, also in the
    // status bar), failed (from the ledger), out of order.
    void revisionStates()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        QCOMPARE(w.historyModel()->stateText(rowOf(w, u"17c397cbdf9b"_qs)), u"current, head"_qs);
        QCOMPARE(w.historyModel()->stateText(rowOf(w, u"fee4cd54bd38"_qs)), u"applied"_qs);

        // An applied file edited afterwards: drift, found on reload.
        QFile file(project.file(u"versions/add_auth_tables_add_authentication_tables.sql"_qs));
        QVERIFY(file.open(QIODevice::Append));
        file.write("\nSELECT 1; -- edited after it ran\n");
        file.close();
        QSignalSpy status(&w, &MainWindow::statusRefreshed);
        w.actions()->refresh->trigger();
        // The status read after the reload marks it (an earlier one may still arrive first).
        QTRY_VERIFY_WITH_TIMEOUT(w.historyModel()->isChanged(rowOf(w, u"add_auth_tables"_qs)),
                                 15000);
        const int auth = rowOf(w, u"add_auth_tables"_qs);
        QVERIFY2(w.historyModel()->stateText(auth).contains(u"changed since applied"_qs),
                 qPrintable(w.historyModel()->stateText(auth)));
        QVERIFY(w.driftLabel()->isVisibleTo(&w));
        QVERIFY2(w.driftLabel()->text().contains(u"1 changed since applied"_qs),
                 qPrintable(w.driftLabel()->text()));

        // A revision whose run failed.
        project.writeRaw(u"versions/zz_bad.sql"_qs,
                         "-- bad\n--\n-- Revision ID: zz1\n-- Revises: 17c397cbdf9b\n\n"
                         "-- migrate:upgrade\nALTER TABLE no_such_table ADD COLUMN x int;\n");
        openAndWait(w, project.path());
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, false);
        QTRY_VERIFY_WITH_TIMEOUT(w.historyModel()->isFailed(rowOf(w, u"zz1"_qs)), 15000);
        QCOMPARE(w.historyModel()->stateText(rowOf(w, u"zz1"_qs)), u"failed, head"_qs);
    }

    void outOfOrder()
    {
        TestProject project;
        writeTwoHeads(project);
        MainWindow w;
        openAndWait(w, project.path());
        const QString newest = w.historyModel()->revisionAt(0);
        const QString older = w.historyModel()->revisionAt(1);
        QVERIFY(newest != u"a1" && older != u"a1");
        runAndWait(w, {PlanRequest::Kind::Upgrade, {newest}, false}, true);
        QVERIFY(w.historyModel()->isOutOfOrder(1));
        QCOMPARE(w.historyModel()->stateText(1), u"pending, head, out of order"_qs);
        QVERIFY(!w.historyModel()->isOutOfOrder(0));
    }

    // The stamp preview creates the version table only where it is missing.
    void stampPreviewCreatesTheTableOnlyWhenMissing()
    {
        TestProject project(kSample);
        MainWindow w;
        openAndWait(w, project.path());
        const auto stampPlan = [&] {
            w.historyView()->setCurrentIndex(
                w.historyModel()->index(rowOf(w, u"fee4cd54bd38"_qs), 0));
            auto *tabs = w.findChild<QTabWidget *>(u"detailTabs"_qs);
            auto *choice = w.findChild<QComboBox *>(u"planAction"_qs);
            QSignalSpy planShown(&w, &MainWindow::planShown);
            tabs->setCurrentIndex(MainWindow::RevisionTab);
            choice->setCurrentIndex(4); // Stamp selected revision
            tabs->setCurrentIndex(MainWindow::PlanTab);
            if (!planShown.wait(10000))
                return QString();
            return w.planView()->toPlainText();
        };
        QString plan = stampPlan();
        QVERIFY2(plan.contains(u"CREATE TABLE alembic_version"_qs), qPrintable(plan));
        runAndWait(w, {PlanRequest::Kind::Upgrade, {u"head"_qs}, false}, true);
        runAndWait(w, {PlanRequest::Kind::Downgrade, {u"base"_qs}, false}, true);
        plan = stampPlan();
        QVERIFY2(plan.contains(u"INSERT INTO alembic_version"_qs), qPrintable(plan));
        QVERIFY2(!plan.contains(u"CREATE TABLE alembic_version"_qs), qPrintable(plan));
    }

    // View menu, Ctrl+Tab, the toolbar within 1024 pixels, Backup & Upgrade's title.
    void smallThings()
    {
        TestProject project(kSample);
        // A database deep in folders (or on a long host name): its badge must not push the
        // toolbar over 1024 pixels.
        const QString deep = project.file(u"a/deeply/nested/folder/with/a/long/name/for/it"_qs);
        QDir().mkpath(deep);
        qputenv("DATABASE_URL",
                (u"sqlite:///"_qs + deep + u"/development-database.db"_qs).toUtf8());
        MainWindow w;
        w.resize(1024, 700);
        w.show();
        openAndWait(w, project.path());
        QStringList menus;
        for (QAction *a : w.menuBar()->actions())
            menus << a->text();
        QVERIFY2(menus.contains(u"&View"_qs), qPrintable(menus.join(u',')));
        QStringList viewItems;
        for (QAction *a : w.actions()->view->actions())
            viewItems << a->text();
        QVERIFY2(viewItems.contains(u"Log"_qs), qPrintable(viewItems.join(u',')));

        auto *tabs = w.findChild<QTabWidget *>(u"detailTabs"_qs);
        tabs->setCurrentIndex(0);
        w.actions()->nextTab->trigger();
        QCOMPARE(tabs->currentIndex(), 1);
        w.actions()->previousTab->trigger();
        w.actions()->previousTab->trigger();
        QCOMPARE(tabs->currentIndex(), tabs->count() - 1);

        // Every toolbar item visible: no overflow (») button at 1024 pixels.
        auto *bar = w.findChild<QToolBar *>(u"mainToolBar"_qs);
        QTest::qWait(100);
        saveScreenshot(&w, u"window-1024"_qs);
        const QList<QWidget *> overflow = bar->findChildren<QWidget *>(u"qt_toolbar_ext_button"_qs);
        QVERIFY(overflow.isEmpty() || !overflow.first()->isVisible());

        QString title;
        whenMessageBox(&w, [&](QMessageBox *box) {
            title = box->windowTitle();
            box->button(QMessageBox::Cancel)->click();
        });
        w.startBackupUpgrade(true);
        QCOMPARE(title, u"Backup & Upgrade"_qs);
    }

    // Highlighting follows the palette: on a dark one keywords are light.
    void highlightingFollowsADarkPalette()
    {
        const QPalette before = QApplication::palette();
        QPalette dark = before;
        dark.setColor(QPalette::Base, QColor(u"#1e1e1e"_qs));
        dark.setColor(QPalette::Text, QColor(u"#dddddd"_qs));
        QApplication::setPalette(dark);
        QTextDocument doc;
        SqlHighlighter highlighter(&doc);
        doc.setPlainText(u"SELECT 1;"_qs);
        highlighter.rehighlight(); // its first pass is queued otherwise
        const QList<QTextLayout::FormatRange> formats = doc.firstBlock().layout()->formats();
        QApplication::setPalette(before);
        QVERIFY(!formats.isEmpty());
        QVERIFY2(formats.first().format.foreground().color().lightness() > 128,
                 qPrintable(formats.first().format.foreground().color().name()));
    }
};

QTEST_MAIN(TestNavigation)
#include "tst_navigation.moc"
