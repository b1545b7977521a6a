#include "FileMappingGuard.h"

#ifdef Q_OS_UNIX

#include <QScopeGuard>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>

// A mapped range a parse is reading (see FileMappingGuard); read by the signal handler.
struct MappedRegion
{
    std::atomic<uintptr_t> begin{0}; // 0: not in use
    std::atomic<uintptr_t> end{0};
    std::atomic<bool> lost{false}; // a read faulted: zeros were mapped in
    std::atomic<bool> used{false}; // taken by a guard
};
static_assert(std::atomic<uintptr_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "the signal handler reads these");

namespace {

constexpr int RegionCount = 64; // parses at once; more are read into memory
std::array<MappedRegion, RegionCount> s_regions;
struct sigaction s_previous = {};
uintptr_t s_pageSize = 4096;

void onSigbus(int signal, siginfo_t* info, void* context)
{
    const int savedErrno = errno; // mmap() may set it under the interrupted code's feet
    const auto restoreErrno = qScopeGuard([savedErrno] { errno = savedErrno; });
    const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
    for (MappedRegion& region : s_regions) {
        const uintptr_t begin = region.begin.load();
        const uintptr_t end = region.end.load();
        if (begin == 0 || address < begin || address >= end)
            continue;
        const uintptr_t page = address & ~(s_pageSize - 1);
        // NOLINTNEXTLINE(performance-no-int-to-ptr): the faulting page, as the kernel gave it
        void* zeros = mmap(reinterpret_cast<void*>(page), size_t(end - page), PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros == MAP_FAILED)
            break;
        region.lost.store(true);
        return; // the read that faulted runs again, and reads zeros
    }
    // Not ours: as if this handler were not there.
    if ((s_previous.sa_flags & SA_SIGINFO) != 0 && s_previous.sa_sigaction) {
        s_previous.sa_sigaction(signal, info, context);
        return;
    }
    if ((s_previous.sa_flags & SA_SIGINFO) == 0 && s_previous.sa_handler != SIG_DFL &&
        s_previous.sa_handler != SIG_IGN) {
        s_previous.sa_handler(signal);
        return;
    }
    // The default action: the read faults again and the process ends with SIGBUS, as before.
    struct sigaction fallback = {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGBUS, &fallback, nullptr);
}

void installHandler()
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        s_pageSize = uintptr_t(sysconf(_SC_PAGESIZE));
        struct sigaction action = {};
        action.sa_sigaction = &onSigbus;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &s_previous);
    });
}

} // namespace

bool FileMappingGuard::watch(const uchar* data, qsizetype size)
{
    installHandler();
    for (MappedRegion& region : s_regions) {
        bool expected = false;
        if (!region.used.compare_exchange_strong(expected, true))
            continue;
        region.lost.store(false);
        region.end.store(reinterpret_cast<uintptr_t>(data) + uintptr_t(size));
        region.begin.store(reinterpret_cast<uintptr_t>(data)); // non-zero: active
        m_region = &region;
        return true;
    }
    return false;
}

bool FileMappingGuard::lost() const
{
    return m_region && m_region->lost.load();
}

FileMappingGuard::~FileMappingGuard()
{
    if (!m_region)
        return;
    m_region->begin.store(0);
    m_region->end.store(0);
    m_region->used.store(false);
}

#endif
