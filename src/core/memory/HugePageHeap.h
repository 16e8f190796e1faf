#pragma once

#include <cstddef>

namespace retort {

// Backs the first `bytes` of malloc's heap with transparent huge pages, when the
// kernel offers them on request (/sys/kernel/mm/transparent_hugepage/enabled
// "madvise" or "always"). Loading a 20,000-revision project allocates ~50 MB in
// small pieces; with 4 KiB pages that is ~13,000 page faults, which cost more than
// the loading itself on virtual machines (measured: 0.37 s -> 0.17 s for `heads`).
// glibc does the same with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which a program
// cannot set for itself. Call once, first thing in main(); harmless where THP is off
// (the memory is then ordinary pages), and never an error. The reserve is virtual
// address space; memory is only used as it is touched, and kept (never trimmed).
//
// Arenas::Single makes every thread allocate from this heap (glibc otherwise gives
// threads arenas of their own, in small pages). For the window, which loads projects
// on a pool thread: measured on 20,000 revisions with ~2.5 KB of SQL each, first screen
// 1.1 s -> 0.55 s, page faults 50,000 -> 2,500. Not for the CLI, whose threads parse
// side by side and then contend for the one arena's lock.
enum class Arenas { PerThread, Single };
void reserveHugePageHeap(std::size_t bytes, Arenas arenas = Arenas::PerThread);

} // namespace retort
