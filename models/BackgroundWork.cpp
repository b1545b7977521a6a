#include "BackgroundWork.h"

#include <QMutex>
#include <QThreadPool>
#include <QWaitCondition>

#include <algorithm>
#include <cerrno>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

struct BackgroundWork::Shared
{
    // Receiver's thread only: jobs whose result is still to come.
    QList<std::shared_ptr<Job>> outstanding;

    QMutex mutex;
    QWaitCondition idle;
    QObject* receiver = nullptr; // null once the lane is gone: nothing is delivered after that
    int running = 0;             // handed to a pool and not yet ended
};

BackgroundWork::BackgroundWork(QObject* receiver, Order order)
    : m_order(order)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->receiver = receiver;
    if (order == Order::InOrder) {
        m_ownThread = std::make_unique<QThreadPool>();
        m_ownThread->setMaxThreadCount(1);
        m_ownThread->setExpiryTimeout(-1); // one thread for the lane's life (see the header)
    }
}

BackgroundWork::~BackgroundWork()
{
    if (m_order == Order::InOrder)
        waitForIdle(); // what was handed over still happens; its results are not delivered
    cancel();
    QMutexLocker lock(&m_shared->mutex);
    m_shared->receiver = nullptr;
    // m_ownThread's destructor waits for its (idle) thread to end.
}

bool BackgroundWork::isBusy() const
{
    return !m_shared->outstanding.isEmpty();
}

std::shared_ptr<BackgroundWork::Job> BackgroundWork::begin()
{
    if (m_order == Order::LatestWins)
        cancel();
    auto job = std::make_shared<Job>();
    m_shared->outstanding.append(job);
    ++m_started;
    return job;
}

void BackgroundWork::start(std::function<void()> task)
{
    {
        QMutexLocker lock(&m_shared->mutex);
        ++m_shared->running;
    }
    QThreadPool* pool = m_ownThread ? m_ownThread.get() : QThreadPool::globalInstance();
    pool->start([shared = m_shared, task = std::move(task)] {
        task();
        QMutexLocker lock(&shared->mutex);
        if (--shared->running == 0)
            shared->idle.wakeAll();
    });
}

void BackgroundWork::finish(const std::shared_ptr<Shared>& shared, const std::shared_ptr<Job>& job,
                            std::function<void()> deliver)
{
    QMutexLocker lock(&shared->mutex);
    if (!shared->receiver || job->stop)
        return; // the lane is gone, or the job was superseded: cancel() already let it go
    // Posted while the lane still exists: a receiver destroyed later removes the event with it.
    QMetaObject::invokeMethod(
        shared->receiver,
        [shared, job, deliver = std::move(deliver)] {
            if (!shared->outstanding.removeOne(job) || job->stop)
                return;
            if (deliver)
                deliver();
        },
        Qt::QueuedConnection);
}

void BackgroundWork::cancel()
{
    for (const std::shared_ptr<Job>& job : std::as_const(m_shared->outstanding))
        job->stop = true;
    m_shared->outstanding.clear();
}

void BackgroundWork::waitForIdle()
{
    QMutexLocker lock(&m_shared->mutex);
    while (m_shared->running > 0)
        m_shared->idle.wait(&m_shared->mutex);
}

int BackgroundWork::backgroundNice(int before)
{
    return std::min(before + BackgroundNiceIncrement, 19);
}

void BackgroundWork::lowerThisThreadOnce()
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
        setpriority(PRIO_PROCESS, thread, backgroundNice(current));
#endif
}
