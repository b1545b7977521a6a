#include "ChunkedInput.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace {
// Pages are given back in steps this large: fewer system calls, a few MB more resident at most.
constexpr qint64 ReleaseStep = 4 * 1024 * 1024;
} // namespace

ChunkedInput::ChunkedInput(qint64 capacity)
    : m_capacity(capacity)
{
#ifdef Q_OS_UNIX
    // Address space only: MAP_NORESERVE commits nothing, a page is backed once it is written.
    void* mapping = mmap(nullptr, size_t(capacity), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapping != MAP_FAILED)
        m_data = static_cast<char*>(mapping);
#else
    // Elsewhere, plain memory: a smaller capacity, nothing given back early.
    m_capacity = std::min<qint64>(capacity, qint64(1) << 30);
    m_data = static_cast<char*>(std::malloc(size_t(m_capacity)));
#endif
    if (!m_data)
        m_capacity = 0;
}

ChunkedInput::~ChunkedInput()
{
#ifdef Q_OS_UNIX
    if (m_data)
        munmap(m_data, size_t(m_capacity));
#else
    std::free(m_data);
#endif
}

bool ChunkedInput::append(QByteArrayView bytes)
{
    qint64 at = 0;
    {
        const std::lock_guard lock(m_mutex);
        if (m_finished || m_aborted || !m_data || m_size + bytes.size() > m_capacity)
            return false;
        at = m_size;
    }
    // Only this thread writes, and only past the size the consumer sees.
    std::memcpy(m_data + at, bytes.data(), size_t(bytes.size()));
    {
        const std::lock_guard lock(m_mutex);
        m_size = at + bytes.size();
    }
    m_grown.notify_all();
    return true;
}

void ChunkedInput::finish()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_aborted)
            return;
        m_finished = true;
    }
    m_grown.notify_all();
}

void ChunkedInput::abort()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_finished)
            return;
        m_aborted = true;
    }
    m_grown.notify_all();
}

qint64 ChunkedInput::received() const
{
    const std::lock_guard lock(m_mutex);
    return m_size;
}

qint64 ChunkedInput::pending() const
{
    const std::lock_guard lock(m_mutex);
    return m_size - m_consumed;
}

bool ChunkedInput::pauseIfFull(qint64 maxPending)
{
    const std::lock_guard lock(m_mutex);
    m_maxPending = maxPending;
    if (m_consumerWaiting || m_finished || m_aborted || m_size - m_consumed < maxPending)
        return false;
    m_paused = true;
    return true;
}

void ChunkedInput::setResumeCallback(std::function<void()> callback)
{
    const std::lock_guard lock(m_mutex);
    m_resume = std::move(callback);
}

ChunkedInput::State ChunkedInput::waitBeyond(qint64 offset)
{
    std::unique_lock lock(m_mutex);
    if (m_size <= offset && !m_finished && !m_aborted && m_paused) {
        // The parse needs what the producer holds back: let it read on.
        m_paused = false;
        const std::function<void()> resume = m_resume;
        lock.unlock();
        if (resume)
            resume();
        lock.lock();
    }
    m_consumerWaiting = true;
    m_grown.wait(lock, [&] { return m_size > offset || m_finished || m_aborted; });
    m_consumerWaiting = false;
    return {m_size, m_finished, m_aborted};
}

ChunkedInput::State ChunkedInput::state() const
{
    const std::lock_guard lock(m_mutex);
    return {m_size, m_finished, m_aborted};
}

void ChunkedInput::released(qint64 offset)
{
    std::function<void()> callback;
    qint64 releaseFrom = 0, releaseTo = 0;
    {
        const std::lock_guard lock(m_mutex);
        if (offset <= m_consumed)
            return;
        m_consumed = std::min(offset, m_size);
#ifdef Q_OS_UNIX
        static const qint64 pageSize = qint64(sysconf(_SC_PAGESIZE));
        const qint64 aligned = m_consumed / pageSize * pageSize;
        if (aligned - m_released >= ReleaseStep) {
            releaseFrom = m_released;
            releaseTo = aligned;
            m_released = aligned;
        }
#endif
        if (m_paused && m_size - m_consumed <= m_maxPending / 2) {
            m_paused = false;
            callback = m_resume;
        }
    }
#ifdef Q_OS_UNIX
    // Anonymous memory: the pages are freed; read again they would be zeros (nobody does).
    if (releaseTo > releaseFrom)
        madvise(m_data + releaseFrom, size_t(releaseTo - releaseFrom), MADV_DONTNEED);
#else
    Q_UNUSED(releaseFrom);
    Q_UNUSED(releaseTo);
#endif
    if (callback)
        callback();
}
