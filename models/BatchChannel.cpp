#include "BatchChannel.h"

BatchChannel::BatchChannel(int batches)
{
    for (int i = 0; i < batches; ++i)
        m_free.push_back(std::make_unique<RecordBatch>());
}

std::unique_ptr<RecordBatch> BatchChannel::takeFree()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_stop || !m_free.empty(); });
    if (m_stop)
        return nullptr;
    std::unique_ptr<RecordBatch> batch = std::move(m_free.front());
    m_free.pop_front();
    return batch;
}

void BatchChannel::putFull(std::unique_ptr<RecordBatch> batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_full.push_back(std::move(batch));
    }
    m_changed.notify_all();
}

void BatchChannel::finish()
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_changed.notify_all();
}

bool BatchChannel::stopRequested()
{
    std::lock_guard lock(m_mutex);
    return m_stop;
}

std::unique_ptr<RecordBatch> BatchChannel::takeFull()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_finished || !m_full.empty(); });
    if (m_full.empty())
        return nullptr;
    std::unique_ptr<RecordBatch> batch = std::move(m_full.front());
    m_full.pop_front();
    return batch;
}

void BatchChannel::putFree(std::unique_ptr<RecordBatch> batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(std::move(batch));
    }
    m_changed.notify_all();
}

void BatchChannel::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
}
