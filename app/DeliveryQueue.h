#pragma once

#include "DeliveryWindow.h"
#include "Relationship.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QUuid>

#include <optional>
#include <utility>

// How the sync engine paces itself. The defaults suit the hosted service; tests shrink the delays.
struct SyncConfig
{
    int bulkBatchSize = 500; // ids per bulk call; halved for the rest of the run on 413 or 422
    // Requests at once: 0 adapts to the server (see DeliveryWindow), up to maxInFlightHttp1 over
    // HTTP/1.1 and maxInFlightHttp2 over HTTP/2; N > 0: at most N over either (starting at N).
    int maxInFlight = 0;
    int maxInFlightHttp1 = DeliveryWindow::DefaultHttp1Ceiling;
    int maxInFlightHttp2 = DeliveryWindow::DefaultHttp2Ceiling;
    // Bulk calls and re-reads of the list at once, within the window: each is heavy work for the
    // server, whatever the protocol.
    int maxHeavyInFlight = DeliveryWindow::DefaultHttp1Ceiling;
    bool useBulk = true;     // false: one PUT per decision (what a 404/405 from bulk falls back to)
    int backoffBaseMs = 500; // first retry delay; doubles per attempt, with jitter
    int backoffCapMs = 60000;
    int maxRetryAfterMs = 10 * 60 * 1000; // a longer Retry-After is honoured only this long
    // Tries of one request for 5xx, timeouts, dropped connections and 429s (every retry counts)
    // before the run gives up on it (its decisions stay pending for the next sync); 0: keep
    // retrying, with the backoff growing to its cap (tests only: the desktop app and the command
    // line both set a limit).
    int maxTransientAttempts = 0;
    bool checkConflicts = true; // re-read the server before pushing a snapshot's decisions
    int journalFlushMs = 25;    // bookkeeping writes are batched for this long
};

// One recorded decision on its way.
struct DeliveryItem
{
    qint64 decisionId = 0;
    QUuid relationshipId;
    RelationshipStatus status = RelationshipStatus::Suggested;
    QString previousStatus;      // for the conflict check
    qint64 serverUpdatedMs = 0;  // likewise; -1: no check
    bool verifyFallback = false; // a re-read did not confirm it: ask with a PUT instead
    QString bulkAnswer;          // what the bulk call answered, for a re-read that denies it
};

// One request to make: a PUT of one decision, a bulk call of many with one status, or a re-read
// of the server's list (confirming bulk calls, or a snapshot's conflict check).
struct DeliveryJob
{
    enum class Kind { Put, Bulk, Verify, ConflictRead };
    Kind kind = Kind::Put;
    RelationshipStatus status = RelationshipStatus::Suggested;
    QList<DeliveryItem> items;
    int attempt = 0;          // transient failures so far, 429s included
    qint64 notBeforeMs = 0;   // monotonic time
    quint64 generation = 0;   // the queue's generation when queued (see DeliveryQueue::dropAll())
    quint64 windowTicket = 0; // from DeliveryWindow::sent() when it left
    bool carriesDecisions() const { return kind == Kind::Put || kind == Kind::Bulk; }
};

// The order and pace of the sync engine's requests: what waits, what may leave now, and when to
// come back. Interactive PUTs go ahead of a backlog; a backlog goes through the bulk endpoint
// grouped by status in batches (halved on 413/422, PUTs when the server has no bulk endpoint);
// at most the DeliveryWindow's size in flight (adapting to the protocol and to 429/503s), of them
// at most maxHeavyInFlight bulk calls and re-reads; one request per relationship at a time, a
// newer decision
// on a row superseding older unsent ones; a 429 holds everything until Retry-After; a transient
// failure comes back after a capped exponential backoff with jitter, a bounded number of times.
// Plain data on the UI thread: the engine makes the requests and reports the outcomes.
class DeliveryQueue
{
public:
    void setConfig(const SyncConfig& config);
    const SyncConfig& config() const { return m_config; }
    // Another origin: what was learnt about the server and the rows no longer holds.
    void restart();

    // Ordering: the newest decision known per row; older ones are never sent.
    void noteLatest(const QList<DeliveryItem>& items);
    bool isLatest(const DeliveryItem& item) const;
    std::optional<RelationshipStatus> latestStatus(const QUuid& relationshipId) const;

    // Decisions the engine has taken on (queued, in flight or awaiting a re-read) until settled.
    bool tracks(qint64 decisionId) const { return m_tracked.contains(decisionId); }
    void track(qint64 decisionId) { m_tracked.insert(decisionId); }
    bool untrack(qint64 decisionId) { return m_tracked.remove(decisionId); }

    // Queueing.
    void queueInteractive(const QList<DeliveryItem>& items); // one PUT each, ahead of a backlog
    void queueBacklog(const QList<DeliveryItem>& items, bool atFront);
    void queueRead(DeliveryJob::Kind kind, RelationshipStatus status = {},
                   const QList<DeliveryItem>& items = {}); // a re-read, first in line
    void requeue(DeliveryJob job);                         // first in line, as it is
    void append(DeliveryJob job);
    // A job of the current generation for these items.
    DeliveryJob job(DeliveryJob::Kind kind, RelationshipStatus status,
                    const QList<DeliveryItem>& items) const;
    // Bulk-sent decisions, confirmed by re-reading the list once no bulk call is queued or in
    // flight: one read per status instead of one per batch.
    void awaitVerification(const DeliveryItem& item, RelationshipStatus status);
    // Queues the re-reads when their time has come (not while `held`); true when it did.
    bool queueVerifications(bool held);

    // What may leave at `nowMs`: the jobs to start (counted in flight until finished()), the
    // items a newer decision superseded (never to be sent), and when to look again (-1: no need).
    struct Ready
    {
        QList<DeliveryJob> start;
        QList<DeliveryItem> superseded;
        qint64 wakeInMs = -1;
    };
    Ready takeReady(qint64 nowMs);
    // Its answer came: the rows may take the next one, and the window learns from `answer`.
    void finished(const DeliveryJob& job,
                  DeliveryWindow::Answer answer = DeliveryWindow::Answer::Other);
    // What the server's answers come over (sets the window's ceiling).
    void setProtocol(DeliveryWindow::Protocol protocol) { m_window.setProtocol(protocol); }
    const DeliveryWindow& window() const { return m_window; }

    // Pacing after failures.
    void holdUntil(qint64 untilMs) { m_holdUntilMs = qMax(m_holdUntilMs, untilMs); }
    // How long everything still waits for a Retry-After at `nowMs` (0: not held).
    qint64 heldFor(qint64 nowMs) const { return qMax<qint64>(0, m_holdUntilMs - nowMs); }
    // Counts a try of `job`; true when the run has had its allowed tries of it.
    bool countTry(DeliveryJob& job) const;
    // The jittered wait before the job's next try (`retryAfterMs`: the server's, -1 none).
    qint64 retryDelay(const DeliveryJob& job, qint64 retryAfterMs) const;
    // The server refused a batch this large: halves it and the batch size for the rest of the
    // run, queueing both halves first. Returns the new batch size.
    int splitBatch(const DeliveryJob& job);
    // The server has no bulk endpoint: PUTs from now on. True the first time.
    bool markBulkUnsupported();

    // Drops everything queued or awaiting a re-read and starts a new generation (the answers of
    // requests in flight then belong to an older one). Returns the items dropped.
    QList<DeliveryItem> dropAll();
    // Takes withdrawn decisions out of the queued jobs.
    void removeIf(const QSet<qint64>& decisionIds);

    quint64 generation() const { return m_generation; }
    bool isCurrent(const DeliveryJob& job) const { return job.generation == m_generation; }
    bool hasQueued() const { return !m_queue.isEmpty(); }
    bool awaitsVerification() const { return !m_verify.isEmpty(); }
    int inFlight() const { return m_inFlight; }
    bool isInFlight(const QUuid& relationshipId) const { return m_busy.contains(relationshipId); }
    bool isIdle() const { return m_queue.isEmpty() && m_inFlight == 0 && m_verify.isEmpty(); }

    // The delay before retry `attempt` (1-based), without jitter.
    static qint64 backoffDelayMs(const SyncConfig& config, int attempt);
    // The wait before retry `attempt` (1-based): the backoff with "equal jitter" (`jitter` in
    // [0, 1] picks between half and all of it), or the server's Retry-After (ms; -1: not said)
    // when that is longer, capped at maxRetryAfterMs. A Retry-After of 0 or in the past is no
    // reason to come back at once: the jittered backoff is the least it waits.
    static qint64 retryDelayMs(const SyncConfig& config, int attempt, qint64 retryAfterMs,
                               double jitter);

private:
    SyncConfig m_config;
    QList<DeliveryJob> m_queue;
    QSet<qint64> m_tracked;
    QSet<QUuid> m_busy; // rows with a request in flight
    QHash<QUuid, std::pair<qint64, RelationshipStatus>> m_latest;
    QHash<int, QList<DeliveryItem>> m_verify; // by status
    int m_inFlight = 0;
    int m_bulkInFlight = 0;
    int m_heavyInFlight = 0; // bulk calls and re-reads
    DeliveryWindow m_window;
    int m_batchSize = 500;
    bool m_bulkUnsupported = false;
    qint64 m_holdUntilMs = 0;
    quint64 m_generation = 0;
};
