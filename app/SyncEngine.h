#pragma once

#include "ApiClient.h"
#include "ConflictCheck.h"
#include "DecisionJournal.h"
#include "DeliveryQueue.h"
#include "Relationship.h"
#include "ServerListRead.h"

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
class DeliveryOutcomes;
class JournalBookkeeping;
class ServerListRead;

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
//
// A façade over its parts: DeliveryQueue (order, pacing, retries, backoff), JournalBookkeeping
// (the batched journal writes, off the UI thread), ConflictCheck (a snapshot against the server's
// state), ServerListRead (re-reads of the server's list, parsed off the UI thread) and
// DeliveryOutcomes (what became of each decision, reported to the journal, the store's
// ReviewOverlay and the signals). The engine makes the requests and sorts their answers.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    SyncEngine(DecisionJournal* journal, ApiClient* client, QObject* parent = nullptr);
    ~SyncEngine() override; // writes the journal bookkeeping

    void setConfig(const SyncConfig& config);
    const SyncConfig& config() const { return m_queue.config(); }
    // Optional: answers, failures and conflicts are reflected in the store's rows.
    void setStore(RelationshipStore* store);
    RelationshipStore* store() const;
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
    // by a second request. Their rows are reported to the store's overlay: the server's status
    // again, or an earlier decision still on its way.
    QList<qint64> withdraw(const QList<qint64>& decisionIds);
    // Holds back the re-read that confirms bulk calls while a caller is still adding to the
    // same backlog in parts (a bulk run recorded part by part): one re-read of the list at the
    // end instead of one per part. Releasing it lets the re-read go.
    void setVerificationHeld(bool held);
    // Whether a request carrying a decision on this relationship is on its way now.
    bool isInFlight(const QUuid& relationshipId) const
    {
        return m_queue.isInFlight(relationshipId);
    }
    // How many requests may be in flight now (see DeliveryWindow), and at most.
    int deliveryWindow() const { return m_queue.window().size(); }
    int deliveryWindowCeiling() const { return m_queue.window().ceiling(); }

    void setToken(const QString& token); // resumes a run paused on 401/403
    bool isPausedForToken() const { return m_pausedForToken; }
    // Something queued, in flight, being re-read, or bookkeeping not yet in the journal: once
    // false, the journal holds the outcome of everything handed to the engine.
    bool isBusy() const;
    bool isSyncing() const { return m_syncRun; }

    DecisionCounts counts() const { return m_counts; }
    // Reads the journal now (after the bookkeeping: the UI thread waits for it) and emits
    // countsChanged() on a change. For callers that need counts() at once.
    void refreshCounts();
    // The same without waiting: the counts are read after the bookkeeping, off the UI thread,
    // and countsChanged() tells.
    void refreshCountsSoon();

    QList<SyncConflict> conflicts();
    void resolveConflict(qint64 decisionId, ConflictResolution resolution);
    void resolveAllConflicts(ConflictResolution resolution);

    // Lays the origin's recorded decisions over freshly loaded rows: the newest decision per row
    // shows as pending, failed, gone or conflicting; a confirmed one becomes the row's baseline
    // (status and updated_at), so that later decisions are compared against what the server
    // confirmed rather than the snapshot's older state. Returns how many rows it touched.
    static int restoreOverlay(DecisionJournal& journal, qint64 originId, RelationshipStore& store);

    // See DeliveryQueue::backoffDelayMs() and DeliveryQueue::retryDelayMs().
    static qint64 backoffDelayMs(const SyncConfig& config, int attempt)
    {
        return DeliveryQueue::backoffDelayMs(config, attempt);
    }
    static qint64 retryDelayMs(const SyncConfig& config, int attempt, qint64 retryAfterMs,
                               double jitter)
    {
        return DeliveryQueue::retryDelayMs(config, attempt, retryAfterMs, jitter);
    }

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
    using Item = DeliveryItem;
    using Job = DeliveryJob;
    using JobKind = DeliveryJob::Kind;
    struct VerificationRun;

    Item itemFor(const DecisionRecord& record) const;
    QList<Item> loadItems(const QList<qint64>& decisionIds);
    // Takes on a decision of a status the server cannot be sent: failed at once.
    bool refuseUnknownStatus(const Item& item, const QString& status);
    void schedulePump();
    void pump();
    void start(Job job);
    void startPut(Job job);
    void startBulk(Job job);
    void startRead(Job job);
    // The answer to `job` came: the queue frees its rows, and its window learns from it.
    void finishJob(const Job& job, const ApiError& error);
    void onPutAnswer(Job job, const ApiError& error, const Relationship& answer);
    void onBulkAnswer(Job job, const ApiError& error, const QByteArray& answer);
    void onReadAnswer(Job job, const ApiError& error,
                      std::shared_ptr<ServerListRead::Result> result);
    void applyVerification(const Job& job, std::shared_ptr<ServerListRead::Result> result);
    void continueVerification(const std::shared_ptr<VerificationRun>& run);
    void applyConflictCheck(const RelationshipRows& rows);
    // Common handling of an error that is not specific to the request: true when handled.
    bool handleCommonError(Job& job, const ApiError& error);
    void retryLater(Job job, const ApiError& error);
    // Counts a try of `job`; true when it was its last (its decisions are back to pending and
    // the run has given up on them).
    bool giveUpAfter(Job& job, const ApiError& error);
    void giveUpConflictCheck(const QString& message);
    void pauseForToken(const QString& reason);

    void deliverItems(const QList<Item>& items);
    void enqueueItems(const QList<Item>& items);
    void markSettled(int count);
    void noteProgress();
    void emitProgressNow();

    void onWritten(bool ok, const QString& error);
    void applyCounts(const DecisionCounts& counts);
    void scheduleCounts();
    void checkIdle();
    void finishRun();
    void setBusy(bool busy);
    qint64 nowMs() const { return m_clock.elapsed(); }

    DecisionJournal* m_journal;
    QPointer<ApiClient> m_client;
    DecisionOrigin m_origin;
    qint64 m_originId = 0;
    QString m_lastError;

    DeliveryQueue m_queue;
    ConflictCheck m_conflictCheck;
    std::unique_ptr<JournalBookkeeping> m_bookkeeping;
    std::unique_ptr<DeliveryOutcomes> m_outcomes;
    std::unique_ptr<ServerListRead> m_reads;

    bool m_pausedForToken = false;
    bool m_tokenRequestedThisPause = false;
    bool m_syncRun = false;
    bool m_busyState = false;
    bool m_verificationHeld = false;
    bool m_conflictsDirty = false;
    int m_runTotal = 0;
    int m_runSettled = 0;
    int m_runGaveUp = 0;
    QString m_runStopReason;
    int m_verificationsApplying = 0; // re-read answers being applied in slices
    bool m_progressQueued = false;
    bool m_countsQueued = false;
    quint64 m_countsSerial = 0; // bumped by refreshCounts(): reads queued before it are old

    QElapsedTimer m_clock;
    QTimer m_wakeTimer;
    QTimer m_countsTimer;
    DecisionCounts m_counts;
};
