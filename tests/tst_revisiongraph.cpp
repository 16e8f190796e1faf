#include "graph/HistoryText.h"
#include "graph/RevisionError.h"
#include "graph/RevisionGraph.h"

#include <QtTest>

using namespace retort;

class TstRevisionGraph : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smoke();
};

void TstRevisionGraph::smoke() {}

QTEST_APPLESS_MAIN(TstRevisionGraph)
#include "tst_revisiongraph.moc"
