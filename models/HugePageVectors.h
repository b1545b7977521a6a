#pragma once

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

#include <vector>

// Capacity for `count` elements in memory the kernel may back with 2 MB pages. A million rows'
// worth of buffers spans thousands of 4 KB pages, and the first touch of each is a page fault:
// measured on this project's 2-core VM, first touching 32 MB took 100-180 ms in 4 KB pages and
// 3 ms in 2 MB ones, more than the sort that touched them. Only the 2 MB-aligned middle of a
// fresh allocation can be advised, and only before anything is written to it.
template<typename T>
inline void reserveLarge(std::vector<T>& vector, size_t count)
{
    if (vector.capacity() >= count)
        return;
    vector.reserve(count);
#ifdef Q_OS_LINUX
    constexpr quintptr HugePage = quintptr(2) << 20;
    const auto first = reinterpret_cast<quintptr>(vector.data());
    const quintptr begin = (first + vector.size() * sizeof(T) + HugePage - 1) & ~(HugePage - 1);
    const quintptr end = (first + vector.capacity() * sizeof(T)) & ~(HugePage - 1);
    if (end > begin)
        madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

template<typename T>
inline void resizeLarge(std::vector<T>& vector, size_t count, const T& value = T())
{
    reserveLarge(vector, count);
    vector.resize(count, value);
}

template<typename T>
inline void assignLarge(std::vector<T>& vector, size_t count, const T& value)
{
    reserveLarge(vector, count);
    vector.assign(count, value);
}
