#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cerrno>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

// Work a user is not watching the UI thread for (parsing, sorting, filter passes, hashing) runs
// on worker threads that give way to the UI thread. On two cores, a loader's two threads and a
// sort would otherwise take turns with the UI thread, and every turn lost is a frame late.
//
// Call at the start of a worker task: the calling thread's nice value goes up by 10, once (a
// thread cannot take it back without privileges, and pool threads only run such work). Threads
// it starts inherit it. Does nothing where threads have no nice value of their own.
inline void yieldToTheUiThread()
{
#ifdef Q_OS_LINUX
    static thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    const auto thread = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        setpriority(PRIO_PROCESS, thread, std::min(current + 10, 19));
#endif
}
