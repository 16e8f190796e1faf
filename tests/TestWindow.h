#pragma once

#include "MainWindow.h"
#include "TestProject.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <functional>

namespace retort::test {

// Saves a picture of `widget` under the build folder (tests/screenshots/NAME.png); the
// README's pictures in docs/screenshots/ are copies of these.
inline void saveScreenshot(QWidget *widget, const QString &name)
{
    QTest::qWait(100); // let posted layout requests and repaints settle first
    const QString dir = QStringLiteral(RETORT_BINARY_DIR "/tests/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + u'/' + name + u".png"_qs));
}

// Answers the QInputDialogs the window raises next, in order, as a user would: each
// answer fills one dialog (setTextValue types the text or picks the item), which is then
// accepted. A timer polls for the modal dialog, since QInputDialog::getText blocks in its
// own event loop. Returns how many answers are still unused (0 when all were given).
class InputDialogAnswers : public QObject {
public:
    explicit InputDialogAnswers(QList<std::function<void(QInputDialog &)>> answers)
        : m_answers(std::move(answers))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible() || m_answers.isEmpty())
                return;
            m_answers.takeFirst()(*dialog);
            dialog->accept();
        });
        m_timer.start(20);
    }
    qsizetype unused() const { return m_answers.size(); }

private:
    QList<std::function<void(QInputDialog &)>> m_answers;
    QTimer m_timer;
};

inline std::function<void(QInputDialog &)> typeText(const QString &text)
{
    return [text](QInputDialog &dialog) { dialog.setTextValue(text); };
}

// Opens `path` and waits until both the history and the database state are shown.
inline void openAndWait(gui::MainWindow &w, const QString &path)
{
    QSignalSpy loaded(&w, &gui::MainWindow::projectLoaded);
    QSignalSpy state(&w, &gui::MainWindow::stateRefreshed);
    w.openProject(path);
    QVERIFY(loaded.wait(10000));
    QVERIFY(state.count() > 0 || state.wait(10000));
}

// Runs `request` without asking and waits for the result and the state read after it.
inline void runAndWait(gui::MainWindow &w, const gui::PlanRequest &request, bool expectOk)
{
    QSignalSpy finished(&w, &gui::MainWindow::runFinished);
    QSignalSpy state(&w, &gui::MainWindow::stateRefreshed);
    w.startRun(request, /*confirm=*/false);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), expectOk);
    QVERIFY(state.wait(10000));
}

// Writes into `project` one revision whose upgrade creates a table, then sleeps 30 s
// on the server, points the window at a new PostgreSQL database (DATABASE_URL) and
// opens the project: for cancelling. Returns the database's URL.
inline QString openSlowPostgresProject(gui::MainWindow &w, const TestProject &project,
                                       const QString &scratchFolder)
{
    project.writeRaw(u"versions/a.sql"_qs,
                     "-- slow\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\n"
                     "CREATE TABLE before_sleep (id int);\nSELECT pg_sleep(30);\n");
    const QString url = freshDatabaseUrl(u"postgresql"_qs, scratchFolder);
    qputenv("DATABASE_URL", url.toUtf8());
    openAndWait(w, project.path());
    return url;
}

} // namespace retort::test
