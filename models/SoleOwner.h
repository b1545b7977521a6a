#pragma once

#include <atomic>
#include <memory>

// Whether `pointer` is the only owner of what it points at, so that writing to it in place cannot
// be seen by anyone (copy-on-write of the list's versions, see ListSnapshot). use_count() is a
// relaxed load; the fence orders what another thread did with its copy (read it) before the writes
// that follow, since it let its copy go with a release decrement.
template<typename T>
bool soleOwner(const std::shared_ptr<T>& pointer)
{
    if (pointer.use_count() != 1)
        return false;
    std::atomic_thread_fence(std::memory_order_acquire);
    return true;
}
