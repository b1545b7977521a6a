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
// Call at the start of a worker task: the calling thread's nice value goes up by 5, once (a
// thread cannot take it back without privileges, and pool threads only run such work). Threads
// it starts inherit it. +5 weighs a worker at a third of the UI thread, so that the UI thread
// runs its bursts through; more would also starve the load the user waits for whenever other
// programs keep the cores busy. Does nothing where threads have no nice value of their own.
inline constexpr int BackgroundNiceIncrement = 5;

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
        setpriority(PRIO_PROCESS, thread, std::min(current + BackgroundNiceIncrement, 19));
#endif
}
