#pragma once

#include "ApiClient.h"
#include "DecisionJournal.h"
#include "Relationship.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

class RelationshipStore;
class RelationshipRows;
class JournalWriter;

// How the engine paces itself. The defaults suit the hosted service; tests shrink the delays.
struct SyncConfig
{
    int bulkBatchSize = 500; // ids per bulk call; halved for the rest of the run on 413 or 422
    int maxInFlight = 4;     // requests at once
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

// A decision the server's state contradicts: the analyst keeps theirs or takes the server's.
struct SyncConflict
{
    qint64 decisionId = 0;
    QUuid relationshipId;
    QString mine;     // the status decided here
    QString previous; // the status it replaced, as the analyst saw it
    qint64 decidedOnUpdatedMs = 0;
    bool serverKnown = false; // false until the server has been read in this session
    QString serverStatus;
    qint64 serverUpdatedMs = 0;
};

enum class ConflictResolution { KeepMine, TakeServer };

// What a sync() run ended with, for the sync panel and the command line.
struct SyncSummary
{
    DecisionCounts counts; // the origin's decisions after the run
    int runTotal = 0;      // decisions this run took on
    bool complete = false; // every decision of the origin is confirmed (or superseded)
    bool pausedForToken = false;
    QString message; // the reason the run stopped early, if it did
};

// Delivers the intents recorded in the DecisionJournal to the server through the ApiClient, for
// one origin (a live source or a snapshot). Interactive decisions go at once, one PUT each, and
// the answer refreshes the row. Backlogs (an offline sync, a bulk session) go through the bulk
// endpoint grouped by status, a bounded number at once, and are confirmed by re-reading the list.
// Transient failures are retried with capped exponential backoff and jitter (QTimer-driven);
// 429 holds every request until Retry-After has passed; 401/403 pause everything until
// setToken(). Per relationship, requests are ordered: a newer decision waits until the older
// request on that row is answered, and superseded decisions are never sent.
//
// Snapshot origins: sync() first re-reads the server; a row whose status or updated_at changed
// since the snapshot is a conflict, reported and never overwritten.
//
// Bookkeeping (sending, confirmed, failed) reaches the journal in batches; the decisions
// themselves are already durable there. After a crash, 'sending' entries return to pending
// (setOrigin() does that) and are sent again, which is harmless: the body sets a status.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    SyncEngine(DecisionJournal* journal, ApiClient* client, QObject* parent = nullptr);
    ~SyncEngine() override; // flushes the journal bookkeeping

    void setConfig(const SyncConfig& config);
    const SyncConfig& config() const { return m_config; }
    // Optional: answers, failures and conflicts are reflected in the store's rows.
    void setStore(RelationshipStore* store);
    RelationshipStore* store() const { return m_store; }
    // The client requests go through: a snapshot's decisions go to the snapshot's server, which
    // may not be the one the window is connected to.
    void setClient(ApiClient* client);
    DecisionJournal* journal() const { return m_journal; }
    ApiClient* client() const { return m_client; }

    // The origin whose decisions this engine delivers: registers it in the journal, stops
    // whatever ran for another origin, and returns decisions an interrupted run left 'sending'
    // to pending. Returns false (lastError) when the journal refused.
    bool setOrigin(const DecisionOrigin& origin);
    const DecisionOrigin& origin() const { return m_origin; }
    qint64 originId() const { return m_originId; }
    QString lastError() const { return m_lastError; }

    // Interactive decisions (already recorded): one PUT each, as soon as allowed.
    void deliver(const QList<qint64>& decisionIds);
    // A backlog of recorded decisions, through the bulk endpoint.
    void enqueueBulk(const QList<qint64>& decisionIds);
    // deliver() or enqueueBulk() of decisions just recorded, with what they say (`decisions[i]`
    // is what `decisionIds[i]` recorded): queued without reading them back from the journal.
    void deliverRecorded(const QList<qint64>& decisionIds, const QList<NewDecision>& decisions,
                         bool bulk);
    // Every pending decision of the origin: for a snapshot, after re-reading the server for
    // conflicts. Ends with syncFinished().
    void sync();
    // Failed decisions of the origin become pending and are synced again.
    void retryFailed();
    // Drops everything queued (their decisions stay pending in the journal) and lets the
    // requests in flight finish.
    void stop();
    // Takes back recorded decisions that have not left: dropped from the queue and cancelled
    // in the journal, so that nothing is ever sent for them. Decisions already sent (even once,
    // and failed since), in flight or settled are left alone. Returns the ids taken back. For
    // undo and for cancelling a bulk run: an unsent decision is withdrawn rather than answered
    // by a second request.
    QList<qint64> withdraw(const QList<qint64>& decisionIds);
    // Holds back the re-read that confirms bulk calls while a caller is still adding to the
    // same backlog in parts (a bulk run recorded part by part): one re-read of the list at the
    // end instead of one per part. Releasing it lets the re-read go.
    void setVerificationHeld(bool held);
    // Whether a request carrying a decision on this relationship is on its way now.
    bool isInFlight(const QUuid& relationshipId) const { return m_busy.contains(relationshipId); }

    void setToken(const QString& token); // resumes a run paused on 401/403
    bool isPausedForToken() const { return m_pausedForToken; }
    // Something queued, in flight, being re-read, or bookkeeping not yet in the journal: once
    // false, the journal holds the outcome of everything handed to the engine.
    bool isBusy() const;
    bool isSyncing() const { return m_syncRun; }

    DecisionCounts counts() const { return m_counts; }
    void refreshCounts(); // reads the journal now and emits countsChanged() on a change

    QList<SyncConflict> conflicts();
    void resolveConflict(qint64 decisionId, ConflictResolution resolution);
    void resolveAllConflicts(ConflictResolution resolution);

    // Lays the origin's recorded decisions over freshly loaded rows: the newest decision per row
    // shows as pending, failed, gone or conflicting; a confirmed one becomes the row's baseline
    // (status and updated_at), so that later decisions are compared against what the server
    // confirmed rather than the snapshot's older state. Returns how many rows it touched.
    static int restoreOverlay(DecisionJournal& journal, qint64 originId, RelationshipStore& store);

    // For tests: the delay before retry `attempt` (1-based), without jitter.
    static qint64 backoffDelayMs(const SyncConfig& config, int attempt);
    // The wait before retry `attempt` (1-based): the backoff with "equal jitter" (`jitter` in
    // [0, 1] picks between half and all of it), or the server's Retry-After (ms; -1: not said)
    // when that is longer, capped at maxRetryAfterMs. A Retry-After of 0 or in the past is no
    // reason to come back at once: the jittered backoff is the least it waits.
    static qint64 retryDelayMs(const SyncConfig& config, int attempt, qint64 retryAfterMs,
                               double jitter);

signals:
    void countsChanged(const DecisionCounts& counts);
    void progressChanged(int settled, int total); // for the current run
    void statusMessage(const QString& message);   // "Reading the server's state…", …
    void tokenRequired(const QString& reason);    // nothing is sent until setToken()
    // A failure the engine retries by itself (5xx, timeout, dropped connection, 429): for a
    // status bar. Cleared, in effect, by the next decisionConfirmed().
    void deliveryProblem(const QString& message);
    void conflictsChanged();
    void decisionConfirmed(qint64 decisionId, const QUuid& relationshipId);
    void decisionFailed(qint64 decisionId, const QUuid& relationshipId, const QString& message);
    void busyChanged(bool busy);
    void syncFinished(const SyncSummary& summary);

private:
    struct Item
    {
        qint64 decisionId = 0;
        QUuid relationshipId;
        RelationshipStatus status = RelationshipStatus::Suggested;
        QString previousStatus;      // for the conflict check
        qint64 serverUpdatedMs = 0;  // likewise; -1: no check
        bool verifyFallback = false; // a re-read did not confirm it: ask with a PUT instead
        QString bulkAnswer;          // what the bulk call answered, for a re-read that denies it
    };
    enum class JobKind { Put, Bulk, Verify, ConflictRead };
    struct Job
    {
        JobKind kind = JobKind::Put;
        RelationshipStatus status = RelationshipStatus::Suggested;
        QList<Item> items;
        int attempt = 0;        // transient failures so far, 429s included
        qint64 notBeforeMs = 0; // monotonic time
        quint64 generation = 0; // the engine's generation when queued (see stop())
    };
    struct ReadResult;
    struct VerificationRun;

    Item itemFor(const DecisionRecord& record) const;
    QList<Item> loadItems(const QList<qint64>& decisionIds);
    void noteLatest(const QList<Item>& items);
    bool isLatest(const Item& item) const;
    void queueBulkItems(QList<Item> items, bool atFront);
    void schedulePump();
    void pump();
    void start(Job job);
    void startPut(Job job);
    void startBulk(Job job);
    void startRead(Job job);
    void onPutAnswer(Job job, const ApiError& error, const Relationship& answer);
    void onBulkAnswer(Job job, const ApiError& error, const QByteArray& answer);
    void onReadAnswer(Job job, const ApiError& error, std::shared_ptr<ReadResult> result);
    void applyVerification(const Job& job, std::shared_ptr<ReadResult> result);
    void applyConflictCheck(const RelationshipRows& rows);
    // Common handling of an error that is not specific to the request: true when handled.
    bool handleCommonError(Job& job, const ApiError& error);
    void retryLater(Job job, const ApiError& error);
    // Counts a try of `job`; true when it was its last (its decisions are back to pending and
    // the run has given up on them).
    bool giveUpAfter(Job& job, const ApiError& error);
    void onWritten();
    void pauseForToken(const QString& reason);
    void releaseBusy(const Job& job);
    void finishRequest();

    void settleConfirmed(const Item& item, qint64 serverUpdatedMs,
                         const std::optional<Relationship>& answer);
    void settleFailed(const Item& item, DecisionState state, const QString& message);
    void settleCancelled(const Item& item, const QString& message);
    void settleConflict(const Item& item, const Relationship& server);
    void backToPending(const QList<Item>& items, const QString& lastError);
    void markSettled(int count);
    void flushStore();

    void deliverItems(const QList<Item>& items);
    void enqueueItems(const QList<Item>& items);
    void continueVerification(const std::shared_ptr<VerificationRun>& run);
    void noteProgress();
    void emitProgressNow();

    void queueChange(DecisionChange change);
    // Hands the bookkeeping to the journal's writer thread (in order); syncJournal() also waits
    // until it is written, for reading the journal.
    void flushJournal();
    void syncJournal();
    void refreshCountsLater();
    void applyCounts(const DecisionCounts& counts);
    void scheduleCounts();
    void checkIdle();
    void setBusy(bool busy);
    qint64 nowMs() const { return m_clock.elapsed(); }
    std::optional<int> storeRow(const QUuid& id) const;

    DecisionJournal* m_journal;
    QPointer<ApiClient> m_client;
    QPointer<RelationshipStore> m_store;
    SyncConfig m_config;
    DecisionOrigin m_origin;
    qint64 m_originId = 0;
    QString m_lastError;

    QList<Job> m_queue;
    QSet<qint64> m_queuedIds; // decisions queued, in flight or awaiting a re-read
    QSet<QUuid> m_busy;       // rows with a request in flight
    // The newest decision known per row, and its status: older ones are not sent.
    QHash<QUuid, std::pair<qint64, RelationshipStatus>> m_latest;
    QHash<int, QList<Item>> m_verify; // bulk-sent, by status, to confirm by re-reading
    QList<Item> m_conflictCheckItems; // a snapshot's decisions waiting for the server's state
    QHash<QUuid, Relationship> m_serverRows;            // the server's rows behind conflicts
    QList<std::pair<int, Relationship>> m_storeAnswers; // store updates, applied in one go
    QList<std::pair<int, RelationshipStatus>> m_storeRepending;
    int m_inFlight = 0;
    int m_bulkInFlight = 0;
    bool m_conflictsDirty = false;
    int m_batchSize = 500;
    bool m_bulkUnsupported = false;
    bool m_pausedForToken = false;
    bool m_tokenRequestedThisPause = false;
    qint64 m_holdUntilMs = 0;
    bool m_syncRun = false;
    bool m_conflictReadPending = false;
    bool m_busyState = false;
    bool m_verificationHeld = false;
    int m_runTotal = 0;
    int m_runSettled = 0;
    int m_runGaveUp = 0;
    QString m_runStopReason;
    quint64 m_generation = 0; // bumps on stop()/setOrigin(): late answers of older runs are dropped

    int m_verificationsApplying = 0; // re-read answers being applied in slices
    bool m_progressQueued = false;
    std::unique_ptr<JournalWriter> m_writer; // null: bookkeeping written on this thread
    int m_writesInFlight = 0;                // bookkeeping handed to the writer and not yet written
    bool m_countsQueued = false;
    quint64 m_countsSerial = 0; // bumped by refreshCounts(): reads on the writer before it are old

    QElapsedTimer m_clock;
    QTimer m_wakeTimer;
    QTimer m_flushTimer;
    QTimer m_countsTimer;
    QList<DecisionChange> m_changes;
    DecisionCounts m_counts;
};
