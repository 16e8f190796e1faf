// reserveHugePageHeap (src/core/memory): what the process allocates after it must lie in
// memory advised for huge pages, from the first allocation on.
#include "memory/HugePageHeap.h"

#include <QFile>
#include <QtTest>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

// The VmFlags line of the mapping that holds `address` (/proc/self/smaps).
QByteArray vmFlagsOf(const void *address)
{
    QFile smaps(u"/proc/self/smaps"_qs);
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    for (const QByteArray &line : smaps.readAll().split('\n')) {
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash > 0 && space > dash && !line.startsWith("VmFlags")) {
            bool ok1 = false, ok2 = false;
            const auto from = line.left(dash).toULongLong(&ok1, 16);
            const auto to = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
            if (ok1 && ok2)
                inside = at >= from && at < to;
        } else if (inside && line.startsWith("VmFlags:")) {
            return line;
        }
    }
    return {};
}

} // namespace

class TestHugePageHeap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstBigBufferIsAdvised()
    {
        retort::reserveHugePageHeap(64u << 20);
        // What a graph command allocates first: its parse cache, read() into a buffer of
        // a few MB. It used to land below the advised range (small pages, 400 faults).
        void *const buffer = std::malloc(1600u << 10);
        QVERIFY(buffer);
        const QByteArray flags = vmFlagsOf(buffer);
        std::free(buffer);
        QVERIFY2(flags.split(' ').contains("hg"), flags.constData());
    }
};

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_hugepageheap.moc"
