#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// An allocator for arrays of a million rows. Memory fresh from the kernel is faulted in a page
// at a time on first touch; on the virtual machines this project is measured on, that costs about
// 6 ms per megabyte with 4 KiB pages, which makes merely allocating the filter's columns for a
// million rows a 300 ms stall. Asking for transparent huge pages (2 MiB) for large blocks cuts
// that by an order of magnitude. Small blocks, and systems without the advice, get plain memory.
template<typename T>
struct HugePageAllocator
{
    using value_type = T;
    static constexpr std::size_t HugePage = std::size_t(2) << 20;

    HugePageAllocator() = default;
    template<typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept
    {}

    T* allocate(std::size_t count)
    {
        const std::size_t bytes = count * sizeof(T);
        if (bytes < HugePage) {
            return static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T))));
        }
        const std::size_t rounded = (bytes + HugePage - 1) / HugePage * HugePage;
        void* memory = std::aligned_alloc(HugePage, rounded);
        if (!memory)
            throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        madvise(memory, rounded, MADV_HUGEPAGE);
#endif
        return static_cast<T*>(memory);
    }

    void deallocate(T* memory, std::size_t count) noexcept
    {
        if (count * sizeof(T) < HugePage)
            ::operator delete(memory, std::align_val_t(alignof(T)));
        else
            std::free(memory);
    }

    template<typename U>
    bool operator==(const HugePageAllocator<U>&) const noexcept
    {
        return true;
    }
};

template<typename T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;
