// Opens a project in the real main window (offscreen) and reports how long the first
// screen takes and how long each repaint takes while scrolling through the history.
//   QT_QPA_PLATFORM=offscreen gui_open_bench PROJECT_DIR [scroll-pages]
// bench/gui_bench.py runs it on a generated 20,000-revision project beside
// `alembic history` on the same graph.
#include "MainWindow.h"
#include "history/HistoryModel.h"
#include "memory/HugePageHeap.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTreeView>

#include <algorithm>
#include <cstdio>

int main(int argc, char **argv)
{
    retort::reserveHugePageHeap(512u << 20, retort::Arenas::Single); // as the window's main()
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gui_open_bench PROJECT_DIR [scroll-pages]\n");
        return 2;
    }
    const int pages = argc > 2 ? std::atoi(argv[2]) : 200;
    QElapsedTimer total;
    total.start();
    retort::gui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QSignalSpy loaded(&window, &retort::gui::MainWindow::projectLoaded);
    window.openProject(QString::fromLocal8Bit(argv[1]));
    if (!loaded.wait(60000))
        return 1;
    const qint64 loadedMs = total.elapsed();
    window.grab(); // paints the first screen
    const qint64 firstScreenMs = total.elapsed();

    QTreeView *history = window.historyView();
    QVector<qint64> frames;
    QElapsedTimer frame;
    for (int i = 0; i < pages; ++i) {
        frame.start();
        history->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd);
        history->viewport()->repaint();
        frames.append(frame.nsecsElapsed());
    }
    std::sort(frames.begin(), frames.end());
    const double median = frames.isEmpty() ? 0 : double(frames[frames.size() / 2]) / 1e6;
    const double worst = frames.isEmpty() ? 0 : double(frames.last()) / 1e6;
    std::printf("revisions %d\nproject loaded (parse + graph + lanes) %lld ms\n"
                "first screen painted %lld ms\nscroll repaint median %.2f ms, worst %.2f ms "
                "over %d pages\n",
                window.historyModel()->rowCount(), loadedMs, firstScreenMs, median, worst, pages);
    return 0;
}
