#include "DeliveryQueue.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <limits>

void DeliveryQueue::setConfig(const SyncConfig& config)
{
    m_config = config;
    m_config.maxInFlight = qMax(0, m_config.maxInFlight);
    m_config.maxHeavyInFlight = qMax(1, m_config.maxHeavyInFlight);
    m_window.setCeilings(m_config.maxInFlight, m_config.maxInFlightHttp1,
                         m_config.maxInFlightHttp2);
    m_config.bulkBatchSize = qMax(1, m_config.bulkBatchSize);
    m_batchSize = m_config.bulkBatchSize;
    m_bulkUnsupported = !m_config.useBulk;
}

void DeliveryQueue::restart()
{
    m_latest.clear();
    m_window.reset();
    m_batchSize = m_config.bulkBatchSize;
    m_bulkUnsupported = !m_config.useBulk;
}

void DeliveryQueue::noteLatest(const QList<DeliveryItem>& items)
{
    for (const DeliveryItem& item : items) {
        auto it = m_latest.find(item.relationshipId);
        if (it == m_latest.end() || it->first < item.decisionId)
            m_latest.insert(item.relationshipId, {item.decisionId, item.status});
    }
}

bool DeliveryQueue::isLatest(const DeliveryItem& item) const
{
    const auto it = m_latest.constFind(item.relationshipId);
    return it == m_latest.constEnd() || it->first <= item.decisionId;
}

std::optional<RelationshipStatus> DeliveryQueue::latestStatus(const QUuid& relationshipId) const
{
    const auto it = m_latest.constFind(relationshipId);
    if (it == m_latest.constEnd())
        return std::nullopt;
    return it->second;
}

DeliveryJob DeliveryQueue::job(DeliveryJob::Kind kind, RelationshipStatus status,
                               const QList<DeliveryItem>& items) const
{
    DeliveryJob job;
    job.kind = kind;
    job.status = status;
    job.items = items;
    job.generation = m_generation;
    return job;
}

void DeliveryQueue::queueInteractive(const QList<DeliveryItem>& items)
{
    // Interactive decisions go ahead of a backlog, in the order they were made.
    qsizetype position = 0;
    while (position < m_queue.size() && m_queue[position].kind == DeliveryJob::Kind::Put)
        ++position;
    for (const DeliveryItem& item : items)
        m_queue.insert(position++, job(DeliveryJob::Kind::Put, item.status, {item}));
}

void DeliveryQueue::queueBacklog(const QList<DeliveryItem>& items, bool atFront)
{
    QList<DeliveryJob> jobs;
    if (m_bulkUnsupported) {
        for (const DeliveryItem& item : items)
            jobs.append(job(DeliveryJob::Kind::Put, item.status, {item}));
    } else {
        // Grouped by status (one bulk call sets one status), in batches, keeping the order of
        // the decisions within each status.
        QList<RelationshipStatus> order;
        QHash<int, QList<DeliveryItem>> byStatus;
        for (const DeliveryItem& item : items) {
            if (!byStatus.contains(int(item.status)))
                order.append(item.status);
            byStatus[int(item.status)].append(item);
        }
        for (const RelationshipStatus status : std::as_const(order)) {
            const QList<DeliveryItem>& group = byStatus[int(status)];
            for (qsizetype from = 0; from < group.size(); from += m_batchSize)
                jobs.append(job(DeliveryJob::Kind::Bulk, status, group.mid(from, m_batchSize)));
        }
    }
    if (atFront)
        m_queue = jobs + m_queue;
    else
        m_queue += jobs;
}

void DeliveryQueue::queueRead(DeliveryJob::Kind kind, RelationshipStatus status,
                              const QList<DeliveryItem>& items)
{
    m_queue.prepend(job(kind, status, items));
}

void DeliveryQueue::requeue(DeliveryJob job)
{
    m_queue.prepend(std::move(job));
}

void DeliveryQueue::append(DeliveryJob job)
{
    m_queue.append(std::move(job));
}

void DeliveryQueue::awaitVerification(const DeliveryItem& item, RelationshipStatus status)
{
    m_verify[int(status)].append(item);
}

bool DeliveryQueue::queueVerifications(bool held)
{
    if (m_verify.isEmpty() || m_bulkInFlight > 0 || held ||
        std::any_of(m_queue.cbegin(), m_queue.cend(),
                    [](const DeliveryJob& job) { return job.kind == DeliveryJob::Kind::Bulk; }))
        return false;
    for (auto it = m_verify.cbegin(); it != m_verify.cend(); ++it)
        m_queue.append(job(DeliveryJob::Kind::Verify, RelationshipStatus(it.key()), it.value()));
    m_verify.clear();
    return true;
}

DeliveryQueue::Ready DeliveryQueue::takeReady(qint64 nowMs)
{
    Ready ready;
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (qsizetype i = 0; i < m_queue.size() && m_inFlight < m_window.size();) {
        DeliveryJob& job = m_queue[i];
        if (job.notBeforeMs > nowMs) {
            earliest = qMin(earliest, job.notBeforeMs);
            ++i;
            continue;
        }
        if (job.kind != DeliveryJob::Kind::Put && m_heavyInFlight >= m_config.maxHeavyInFlight) {
            ++i; // comes back when a heavy request is answered
            continue;
        }
        if (job.carriesDecisions()) {
            // A newer decision on the row makes an older, unsent one moot.
            QList<DeliveryItem> kept;
            kept.reserve(job.items.size());
            for (const DeliveryItem& item : std::as_const(job.items))
                (isLatest(item) ? kept : ready.superseded).append(item);
            job.items = kept;
            if (job.items.isEmpty()) {
                m_queue.removeAt(i);
                continue;
            }
            // One request per row at a time: a decision waits for the answer to the previous
            // one on the same row, so that the server ends with the last intent.
            QList<DeliveryItem> waiting;
            QList<DeliveryItem> free;
            for (const DeliveryItem& item : std::as_const(job.items))
                (m_busy.contains(item.relationshipId) ? waiting : free).append(item);
            if (free.isEmpty()) {
                ++i;
                continue;
            }
            if (!waiting.isEmpty()) {
                DeliveryJob later = job;
                later.items = waiting;
                job.items = free;
                m_queue.insert(i + 1, later);
            }
        }
        DeliveryJob taken = m_queue.takeAt(i);
        taken.windowTicket = m_window.sent();
        ++m_inFlight;
        if (taken.kind == DeliveryJob::Kind::Bulk)
            ++m_bulkInFlight;
        if (taken.kind != DeliveryJob::Kind::Put)
            ++m_heavyInFlight;
        if (taken.carriesDecisions()) {
            for (const DeliveryItem& item : std::as_const(taken.items))
                m_busy.insert(item.relationshipId);
        }
        ready.start.append(std::move(taken));
    }
    if (earliest != std::numeric_limits<qint64>::max())
        ready.wakeInMs = qMax<qint64>(0, earliest - nowMs);
    return ready;
}

void DeliveryQueue::finished(const DeliveryJob& job, DeliveryWindow::Answer answer)
{
    --m_inFlight;
    if (job.kind == DeliveryJob::Kind::Bulk)
        --m_bulkInFlight;
    if (job.kind != DeliveryJob::Kind::Put)
        --m_heavyInFlight;
    m_window.answered(job.windowTicket, answer);
    if (job.carriesDecisions()) {
        for (const DeliveryItem& item : job.items)
            m_busy.remove(item.relationshipId);
    }
}

bool DeliveryQueue::countTry(DeliveryJob& job) const
{
    ++job.attempt;
    return m_config.maxTransientAttempts > 0 && job.attempt >= m_config.maxTransientAttempts;
}

qint64 DeliveryQueue::retryDelay(const DeliveryJob& job, qint64 retryAfterMs) const
{
    return retryDelayMs(m_config, job.attempt, retryAfterMs,
                        QRandomGenerator::global()->generateDouble());
}

int DeliveryQueue::splitBatch(const DeliveryJob& job)
{
    const qsizetype half = job.items.size() / 2;
    m_batchSize = qMax(1, int(qMin<qsizetype>(m_batchSize, half)));
    DeliveryJob first = job;
    first.items = job.items.mid(0, half);
    first.attempt = 0;
    DeliveryJob second = job;
    second.items = job.items.mid(half);
    second.attempt = 0;
    m_queue.prepend(second);
    m_queue.prepend(first);
    return m_batchSize;
}

bool DeliveryQueue::markBulkUnsupported()
{
    return !std::exchange(m_bulkUnsupported, true);
}

QList<DeliveryItem> DeliveryQueue::dropAll()
{
    ++m_generation;
    QList<DeliveryItem> dropped;
    for (const DeliveryJob& job : std::as_const(m_queue))
        dropped += job.items;
    for (const QList<DeliveryItem>& items : std::as_const(m_verify))
        dropped += items;
    m_queue.clear();
    m_verify.clear();
    m_holdUntilMs = 0;
    return dropped;
}

void DeliveryQueue::removeIf(const QSet<qint64>& decisionIds)
{
    const auto withdrawn = [&decisionIds](const DeliveryItem& item) {
        return decisionIds.contains(item.decisionId);
    };
    for (qsizetype i = 0; i < m_queue.size();) {
        DeliveryJob& job = m_queue[i];
        if (job.carriesDecisions()) {
            job.items.removeIf(withdrawn);
            if (job.items.isEmpty()) {
                m_queue.removeAt(i);
                continue;
            }
        }
        ++i;
    }
}

qint64 DeliveryQueue::backoffDelayMs(const SyncConfig& config, int attempt)
{
    const int exponent = qBound(0, attempt - 1, 30);
    const qint64 delay = qint64(config.backoffBaseMs) << exponent;
    return qMin<qint64>(delay, config.backoffCapMs);
}

qint64 DeliveryQueue::retryDelayMs(const SyncConfig& config, int attempt, qint64 retryAfterMs,
                                   double jitter)
{
    // "Equal jitter": between half and all of the delay, so that clients that failed together
    // do not come back together, and no retry comes back at once.
    const qint64 delay = qMax<qint64>(1, backoffDelayMs(config, attempt));
    const double share = std::isfinite(jitter) ? qBound(0.0, jitter, 1.0) : 1.0;
    const qint64 half = delay / 2;
    const qint64 spread = delay - half;
    const qint64 jittered = half + qint64(double(spread) * share);
    if (retryAfterMs < 0)
        return jittered;
    const qint64 told = qMin<qint64>(retryAfterMs, qMax(0, config.maxRetryAfterMs));
    return qMax(jittered, told);
}
