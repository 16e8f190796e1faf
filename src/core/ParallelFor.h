#pragma once

#include <QtGlobal>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace retort {

// Calls body(i) for every i in [0, count) on all cores: the calling thread and up to
// hardware_concurrency() - 1 more, taking blocks of `block` indices from a shared
// counter (so a slow block does not hold the others back). For loops whose items are
// independent, like stat-ing and decoding 20,000 migration files. `body` must not
// throw; small counts run on the calling thread alone.
template <typename Body> void parallelFor(qsizetype count, Body body, qsizetype block = 256)
{
    const auto cores = qsizetype(std::max(1u, std::thread::hardware_concurrency()));
    const qsizetype threads = std::min<qsizetype>({cores, (count + block - 1) / block, 16});
    std::atomic<qsizetype> next{0};
    const auto work = [&] {
        for (;;) {
            const qsizetype start = next.fetch_add(block, std::memory_order_relaxed);
            if (start >= count)
                return;
            const qsizetype end = std::min(count, start + block);
            for (qsizetype i = start; i < end; ++i)
                body(i);
        }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(size_t(std::max<qsizetype>(0, threads - 1)));
    for (qsizetype t = 1; t < threads; ++t)
        helpers.emplace_back(work);
    work();
    for (std::thread &t : helpers)
        t.join();
}

} // namespace retort
