#include "memory/HugePageHeap.h"

#include <cstdint>
#include <cstdlib>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

namespace retort {

namespace {
// The block reserveHugePageHeap leaves untouched, kept reachable (for LeakSanitizer).
void *volatile untouchedHeapStart = nullptr;
} // namespace

void reserveHugePageHeap(std::size_t bytes, Arenas arenas)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHugePage = 2u << 20;
    // Grow the heap by `bytes` in one step and keep it: requests up to `bytes` come
    // from the heap (not from separate mmaps), growth adds `bytes` of slack, and
    // free() never gives the top back to the kernel.
    // (glibc caps the mmap threshold at 32 MiB on 64-bit.)
    mallopt(M_MMAP_THRESHOLD, int(bytes < (32u << 20) ? bytes : (32u << 20)));
    mallopt(M_TOP_PAD, int(bytes));
    mallopt(M_TRIM_THRESHOLD, int(bytes) * 2);
    if (arenas == Arenas::Single)
        mallopt(M_ARENA_MAX, 1);
    auto *const before = static_cast<char *>(sbrk(0));
    // volatile: a malloc/free pair with nothing in between is otherwise optimised away.
    void *volatile block = std::malloc(kHugePage);
    const auto first = reinterpret_cast<std::uintptr_t>(static_cast<void *>(block));
    std::free(block);
    auto *const after = static_cast<char *>(sbrk(0));
    if (before == reinterpret_cast<char *>(-1) || after <= before)
        return;
    // Handing out `block` wrote malloc's bookkeeping at both of its ends, before any
    // madvise, and a 2 MiB range that holds a small page never gets a huge one. So the
    // huge pages start past the block (madvise works on whole, 2 MiB-aligned ranges)...
    const auto start = (first + kHugePage + 64 + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(after) & ~(kHugePage - 1);
    if (end <= start || madvise(reinterpret_cast<void *>(start), end - start, MADV_HUGEPAGE) != 0)
        return;
    // ...and the heap below them goes to a block that is never touched (it uses no
    // memory) nor freed, so allocations continue on huge pages. Without it the first
    // big buffers of a run landed below: the 1.6 MB parse cache of 5,000 revisions cost
    // 400 page faults. (read() into fresh memory never gets huge pages by itself: its
    // faults are taken page by page.)
    untouchedHeapStart = std::malloc(start - first);
#else
    (void)bytes;
    (void)arenas;
#endif
}

} // namespace retort
