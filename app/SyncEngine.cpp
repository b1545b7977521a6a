#include "SyncEngine.h"

#include "DeliveryOutcomes.h"
#include "JournalBookkeeping.h"
#include "RelationshipStore.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

// The journal barriers (JournalBookkeeping::sync(): the UI thread waits until the bookkeeping
// handed over is written) that remain, each where the engine reads back what it wrote:
//  - setOrigin(): requeueInterrupted() must come after the last 'sending' of the run it ends;
//  - loadItems() (deliver(), enqueueBulk(), sync()): the states it filters on;
//  - retryFailed(): the failed decisions it reads and requeues;
//  - withdraw(): whether a decision ever left (its attempts) decides whether it may be withdrawn;
//  - conflicts() and resolveConflict(): the conflicts recorded;
//  - refreshCounts(): for the callers that need counts() at once (refreshCountsSoon() does not
//    wait). Each costs nothing when the bookkeeping is written already.

SyncEngine::SyncEngine(DecisionJournal* journal, ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_client(client)
    , m_bookkeeping(std::make_unique<JournalBookkeeping>(journal))
    , m_outcomes(std::make_unique<DeliveryOutcomes>(m_bookkeeping.get(), &m_queue))
    , m_reads(std::make_unique<ServerListRead>(this))
{
    m_clock.start();
    m_bookkeeping->setFlushMs(m_queue.config().journalFlushMs);
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &SyncEngine::pump);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(100);
    connect(&m_countsTimer, &QTimer::timeout, this, &SyncEngine::refreshCountsSoon);
    connect(m_bookkeeping.get(), &JournalBookkeeping::written, this, &SyncEngine::onWritten);
    connect(m_outcomes.get(), &DeliveryOutcomes::decisionConfirmed, this,
            &SyncEngine::decisionConfirmed);
    connect(m_outcomes.get(), &DeliveryOutcomes::decisionFailed, this, &SyncEngine::decisionFailed);
    connect(m_outcomes.get(), &DeliveryOutcomes::settled, this, &SyncEngine::markSettled);
    connect(m_outcomes.get(), &DeliveryOutcomes::conflictFound, this,
            [this] { m_conflictsDirty = true; });
}

SyncEngine::~SyncEngine()
{
    // Requests still in flight stay 'sending' in the journal; the next start returns them to
    // pending. Their callbacks never run: this object is their context. The bookkeeping writes
    // what it holds as it goes.
    m_outcomes->flush();
}

void SyncEngine::setConfig(const SyncConfig& config)
{
    m_queue.setConfig(config);
    m_bookkeeping->setFlushMs(m_queue.config().journalFlushMs);
}

void SyncEngine::setStore(RelationshipStore* store)
{
    m_outcomes->setStore(store);
}

RelationshipStore* SyncEngine::store() const
{
    return m_outcomes->store();
}

void SyncEngine::setClient(ApiClient* client)
{
    if (client == m_client)
        return;
    // Requests already sent through the other client finish there; their answers still land.
    m_client = client;
    if (!m_client)
        stop();
}

bool SyncEngine::setOrigin(const DecisionOrigin& origin)
{
    stop();
    m_bookkeeping->sync(); // barrier: requeueInterrupted() below comes after the run's 'sending'
    m_origin = origin;
    m_originId = m_journal->ensureOrigin(origin);
    m_queue.restart();
    m_conflictCheck.forgetAll();
    if (m_originId <= 0) {
        m_lastError = m_journal->lastError();
        return false;
    }
    if (m_journal->requeueInterrupted(m_originId) < 0) {
        m_lastError = m_journal->lastError();
        return false;
    }
    m_lastError.clear();
    refreshCounts();
    emit conflictsChanged();
    return true;
}

bool SyncEngine::isBusy() const
{
    return !m_queue.isIdle() || m_verificationsApplying > 0 || m_bookkeeping->isBusy();
}

SyncEngine::Item SyncEngine::itemFor(const DecisionRecord& record) const
{
    Item item;
    item.decisionId = record.id;
    item.relationshipId = record.relationshipId;
    item.status = statusFromName(record.status).value_or(RelationshipStatus::Unknown);
    item.previousStatus = record.previousStatus;
    item.serverUpdatedMs = record.serverUpdatedMs;
    return item;
}

bool SyncEngine::refuseUnknownStatus(const Item& item, const QString& status)
{
    if (item.status != RelationshipStatus::Unknown)
        return false;
    // Only the three known statuses can be sent; this one came from an import.
    m_outcomes->failed(item, DecisionState::Failed,
                       tr("\"%1\" is not a status the server accepts").arg(status));
    return true;
}

QList<SyncEngine::Item> SyncEngine::loadItems(const QList<qint64>& decisionIds)
{
    m_bookkeeping->sync(); // barrier: what is not written yet would make the states stale
    QList<Item> items;
    const QList<DecisionRecord> records = m_journal->decisionsWithIds(decisionIds);
    items.reserve(records.size());
    for (const DecisionRecord& record : records) {
        if (m_queue.tracks(record.id))
            continue;
        if (record.state != DecisionState::Pending && record.state != DecisionState::Sending)
            continue; // settled, or superseded before it could be sent
        const Item item = itemFor(record);
        if (refuseUnknownStatus(item, record.status))
            continue;
        m_queue.track(item.decisionId);
        items.append(item);
    }
    return items;
}

void SyncEngine::deliver(const QList<qint64>& decisionIds)
{
    deliverItems(loadItems(decisionIds));
}

void SyncEngine::enqueueBulk(const QList<qint64>& decisionIds)
{
    enqueueItems(loadItems(decisionIds));
}

void SyncEngine::deliverRecorded(const QList<qint64>& decisionIds,
                                 const QList<NewDecision>& decisions, bool bulk)
{
    if (decisionIds.size() != decisions.size()) {
        (bulk ? enqueueBulk(decisionIds) : deliver(decisionIds));
        return;
    }
    QList<Item> items;
    items.reserve(decisions.size());
    for (qsizetype i = 0; i < decisions.size(); ++i) {
        const NewDecision& decision = decisions[i];
        if (m_queue.tracks(decisionIds[i]))
            continue;
        Item item;
        item.decisionId = decisionIds[i];
        item.relationshipId = decision.relationshipId;
        item.status = statusFromName(decision.status).value_or(RelationshipStatus::Unknown);
        item.previousStatus = decision.previousStatus;
        item.serverUpdatedMs = decision.serverUpdatedMs;
        if (refuseUnknownStatus(item, decision.status))
            continue;
        m_queue.track(item.decisionId);
        items.append(item);
    }
    (bulk ? enqueueItems(items) : deliverItems(items));
}

void SyncEngine::deliverItems(const QList<Item>& items)
{
    if (items.isEmpty())
        return;
    m_queue.noteLatest(items);
    m_queue.queueInteractive(items);
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    setBusy(true);
    scheduleCounts();
    pump();
}

void SyncEngine::enqueueItems(const QList<Item>& items)
{
    if (items.isEmpty())
        return;
    m_queue.noteLatest(items);
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    m_queue.queueBacklog(items, false);
    setBusy(true);
    emit statusMessage(tr("Sending %1 decisions…").arg(QLocale().toString(m_runTotal)));
    pump();
}

void SyncEngine::sync()
{
    if (m_originId <= 0) {
        SyncSummary summary;
        summary.message = tr("Nothing to sync: no source or snapshot is open.");
        emit syncFinished(summary);
        return;
    }
    if (m_syncRun)
        return;
    m_syncRun = true;
    m_runStopReason.clear();
    m_runGaveUp = 0;
    m_bookkeeping->sync(); // barrier: the pending decisions are read below (loadItems() too)
    QList<qint64> ids;
    for (const DecisionRecord& record : m_journal->pending(m_originId)) {
        if (!m_queue.tracks(record.id))
            ids.append(record.id);
    }
    const bool needsServerInfo = m_origin.isSnapshot() && m_queue.config().checkConflicts &&
                                 (!ids.isEmpty() || m_journal->counts(m_originId).conflicts() > 0);
    const QList<Item> items = loadItems(ids);
    m_queue.noteLatest(items);
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    setBusy(true);
    if (needsServerInfo) {
        // Nothing of a snapshot is pushed before the server's current state is known.
        m_conflictCheck.setWaiting(items);
        m_queue.queueRead(JobKind::ConflictRead);
        emit statusMessage(tr("Reading the server's current state…"));
    } else if (!items.isEmpty()) {
        m_queue.queueBacklog(items, false);
        emit statusMessage(tr("Sending %1 decisions…").arg(QLocale().toString(items.size())));
    }
    pump();
}

void SyncEngine::retryFailed()
{
    if (m_originId <= 0)
        return;
    m_bookkeeping->sync(); // barrier: the failed decisions are read and requeued
    const QList<DecisionRecord> failed = m_journal->decisions(m_originId, {DecisionState::Failed});
    if (m_journal->retryFailed(m_originId) < 0) {
        m_lastError = m_journal->lastError();
        return;
    }
    if (RelationshipStore* rows = store()) {
        QList<std::pair<int, RelationshipStatus>> pending;
        for (const DecisionRecord& record : failed) {
            if (const auto row = m_outcomes->storeRow(record.relationshipId))
                pending.append(
                    {*row, statusFromName(record.status).value_or(RelationshipStatus::Unknown)});
        }
        rows->overlay().markPending(pending);
    }
    scheduleCounts();
    if (m_syncRun) {
        QList<qint64> ids;
        for (const DecisionRecord& record : failed)
            ids.append(record.id);
        enqueueBulk(ids);
    } else {
        sync();
    }
}

void SyncEngine::stop()
{
    m_outcomes->backToPending(m_queue.dropAll(), {});
    m_outcomes->backToPending(m_conflictCheck.takeWaiting(), {});
    m_wakeTimer.stop();
    if (m_runStopReason.isEmpty() && m_syncRun)
        m_runStopReason = tr("Stopped");
    m_bookkeeping->flush();
    checkIdle();
}

void SyncEngine::setVerificationHeld(bool held)
{
    if (m_verificationHeld == held)
        return;
    m_verificationHeld = held;
    if (!held)
        QTimer::singleShot(0, this, &SyncEngine::pump);
}

QList<qint64> SyncEngine::withdraw(const QList<qint64>& decisionIds)
{
    m_bookkeeping->sync(); // barrier: whether a decision ever left is in the journal
    QSet<qint64> withdrawn;
    QList<QUuid> rows;
    for (const DecisionRecord& record : m_journal->decisionsWithIds(decisionIds)) {
        // attempts > 0: it left at least once; a dropped answer may still have been applied.
        if (record.originId == m_originId && record.state == DecisionState::Pending &&
            record.attempts == 0) {
            withdrawn.insert(record.id);
            rows.append(record.relationshipId);
        }
    }
    if (withdrawn.isEmpty())
        return {};
    m_queue.removeIf(withdrawn);
    m_conflictCheck.removeIf(withdrawn);
    // The queue keeps naming a withdrawn decision as the newest on its row, so that older ones
    // still queued stay superseded.
    QList<qint64> ids(withdrawn.cbegin(), withdrawn.cend());
    std::sort(ids.begin(), ids.end());
    int wereQueued = 0;
    for (qint64 id : std::as_const(ids))
        wereQueued += m_queue.untrack(id) ? 1 : 0;
    if (!m_journal->setState(ids, DecisionState::Cancelled, tr("withdrawn before it was sent"))) {
        m_lastError = m_journal->lastError();
        emit statusMessage(m_lastError);
    }
    // Each row shows the server's status again, unless an earlier decision on it is still on
    // its way (then that one, pending). Only those few rows need the journal's word.
    for (const QUuid& relationshipId : std::as_const(rows)) {
        std::optional<RelationshipStatus> earlier;
        if (m_queue.isInFlight(relationshipId)) {
            const std::optional<DecisionRecord> latest =
                m_journal->latestFor(m_originId, relationshipId);
            if (latest && (latest->state == DecisionState::Sending ||
                           latest->state == DecisionState::Pending))
                earlier = statusFromName(latest->status);
        }
        m_outcomes->withdrawn(relationshipId, earlier);
    }
    m_outcomes->flush();
    markSettled(wereQueued); // part of the run's total only if they were queued for it
    checkIdle();
    return ids;
}

void SyncEngine::setToken(const QString& token)
{
    if (m_client)
        m_client->setToken(token);
    if (m_pausedForToken && !token.isEmpty()) {
        m_pausedForToken = false;
        m_tokenRequestedThisPause = false;
        emit statusMessage(tr("Resuming with the new token…"));
        pump();
    }
}

void SyncEngine::pump()
{
    if (!m_client)
        return;
    if (!m_pausedForToken && !m_client->hasToken() && m_queue.hasQueued())
        pauseForToken(tr("No API token is set."));
    if (m_pausedForToken) {
        checkIdle();
        return;
    }
    const qint64 now = nowMs();
    if (const qint64 held = m_queue.heldFor(now); held > 0) {
        m_wakeTimer.start(int(held));
        return;
    }
    if (m_queue.queueVerifications(m_verificationHeld))
        emit statusMessage(tr("Confirming by re-reading the server's list…"));
    DeliveryQueue::Ready ready = m_queue.takeReady(now);
    for (const Item& item : std::as_const(ready.superseded))
        m_outcomes->cancelled(item, tr("superseded by a newer decision"));
    for (Job& job : ready.start)
        start(std::move(job));
    if (ready.wakeInMs >= 0)
        m_wakeTimer.start(int(ready.wakeInMs));
    m_outcomes->flush();
    checkIdle();
}

void SyncEngine::start(Job job)
{
    if (job.carriesDecisions())
        m_outcomes->sending(job);
    switch (job.kind) {
    case JobKind::Put:
        startPut(std::move(job));
        break;
    case JobKind::Bulk:
        startBulk(std::move(job));
        break;
    case JobKind::Verify:
    case JobKind::ConflictRead:
        startRead(std::move(job));
        break;
    }
}

void SyncEngine::startPut(Job job)
{
    const Item item = job.items.first();
    m_client->updateStatus(item.relationshipId, job.status, this,
                           [this, job](const ApiError& error, const Relationship& answer) {
                               onPutAnswer(job, error, answer);
                           });
}

void SyncEngine::startBulk(Job job)
{
    QList<QUuid> ids;
    ids.reserve(job.items.size());
    for (const Item& item : std::as_const(job.items))
        ids.append(item.relationshipId);
    m_client->bulkStatus(ids, job.status, this,
                         [this, job](const ApiError& error, const QByteArray& answer) {
                             onBulkAnswer(job, error, answer);
                         });
}

void SyncEngine::startRead(Job job)
{
    // A verification compares on the worker too: the UI thread only applies the outcome.
    QList<QUuid> verifyIds;
    const bool verify = job.kind == JobKind::Verify;
    if (verify) {
        verifyIds.reserve(job.items.size());
        for (const Item& item : std::as_const(job.items))
            verifyIds.append(item.relationshipId);
    }
    m_reads->read(
        m_client, verify, job.status, verifyIds,
        [this, job](const ApiError& error, std::shared_ptr<ServerListRead::Result> result) {
            onReadAnswer(job, error, std::move(result));
        });
}

void SyncEngine::pauseForToken(const QString& reason)
{
    m_pausedForToken = true;
    if (!m_tokenRequestedThisPause) {
        m_tokenRequestedThisPause = true;
        emit statusMessage(tr("Paused: %1").arg(reason));
        emit tokenRequired(reason);
    }
}

void SyncEngine::markSettled(int count)
{
    if (count <= 0)
        return;
    m_runSettled += count;
    noteProgress();
    scheduleCounts();
}

// Thousands of answers a second each move the run on: the signal goes out once per turn.
void SyncEngine::noteProgress()
{
    if (m_progressQueued)
        return;
    m_progressQueued = true;
    QTimer::singleShot(0, this, &SyncEngine::emitProgressNow);
}

void SyncEngine::emitProgressNow()
{
    if (!m_progressQueued)
        return;
    m_progressQueued = false;
    emit progressChanged(m_runSettled, m_runTotal);
}

void SyncEngine::onWritten(bool ok, const QString& error)
{
    if (!ok) {
        // The decisions themselves are safe; only their delivery bookkeeping is behind, and a
        // restart re-sends what is not marked confirmed.
        m_lastError = error;
        emit statusMessage(m_lastError);
    }
    // isBusy() waits for the bookkeeping too: the last write of a run may be what ends it.
    if (m_busyState && !m_bookkeeping->isBusy())
        checkIdle();
}

void SyncEngine::refreshCountsSoon()
{
    m_countsTimer.stop();
    if (m_originId <= 0)
        return;
    if (m_countsQueued) {
        scheduleCounts(); // one read at a time; ask again once it is back
        return;
    }
    m_countsQueued = true;
    const quint64 serial = m_countsSerial;
    const qint64 originId = m_originId;
    m_bookkeeping->readCounts(originId, [this, serial, originId](const DecisionCounts& counts) {
        m_countsQueued = false;
        if (serial == m_countsSerial && originId == m_originId)
            applyCounts(counts);
    });
}

void SyncEngine::applyCounts(const DecisionCounts& counts)
{
    if (m_conflictsDirty) {
        m_conflictsDirty = false;
        emit conflictsChanged();
    }
    if (!(counts == m_counts)) {
        m_counts = counts;
        emit countsChanged(m_counts);
    }
}

void SyncEngine::scheduleCounts()
{
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
}

void SyncEngine::refreshCounts()
{
    m_countsTimer.stop();
    if (m_originId <= 0)
        return;
    m_bookkeeping->sync(); // barrier: the caller wants counts() at once
    ++m_countsSerial;      // a read still on its way is older than this one
    applyCounts(m_journal->counts(m_originId));
}

void SyncEngine::setBusy(bool busy)
{
    if (m_busyState != busy) {
        m_busyState = busy;
        emit busyChanged(busy);
    }
}

void SyncEngine::checkIdle()
{
    // Paused for a token with work queued is busy too: the run resumes after setToken(), or
    // ends when the owner gives up with stop().
    if (isBusy()) {
        // The bookkeeping is all that is left: write it now rather than after the batch delay.
        if (m_queue.isIdle() && m_verificationsApplying == 0)
            m_bookkeeping->flush();
        return;
    }
    m_outcomes->flush();
    emitProgressNow();
    setBusy(false);
    if (m_syncRun)
        finishRun();
    else
        refreshCountsSoon();
    m_runTotal = 0;
    m_runSettled = 0;
}

void SyncEngine::finishRun()
{
    m_syncRun = false;
    SyncSummary summary;
    summary.runTotal = m_runTotal;
    summary.pausedForToken = m_pausedForToken;
    summary.message = m_runStopReason;
    const auto finish = [this, summary] {
        SyncSummary done = summary;
        done.counts = m_counts;
        done.complete = m_counts.pending() + m_counts.sending() + m_counts.failed() +
                            m_counts.gone() + m_counts.conflicts() ==
                        0;
        emit statusMessage(done.complete ? tr("Every decision is confirmed.")
                                         : tr("Sync finished."));
        emit syncFinished(done);
    };
    if (m_originId <= 0) {
        finish();
        return;
    }
    // The engine is idle, so the bookkeeping is written: the counts are read off the UI thread
    // and the summary goes out with them.
    m_countsTimer.stop();
    const quint64 serial = m_countsSerial;
    const qint64 originId = m_originId;
    m_bookkeeping->readCounts(originId,
                              [this, serial, originId, finish](const DecisionCounts& counts) {
                                  if (serial == m_countsSerial && originId == m_originId)
                                      applyCounts(counts);
                                  finish();
                              });
}

QList<SyncConflict> SyncEngine::conflicts()
{
    if (m_originId <= 0)
        return {};
    m_bookkeeping->sync(); // barrier: the conflicts recorded
    return m_conflictCheck.conflicts(m_journal->decisions(m_originId, {DecisionState::Conflict}));
}

void SyncEngine::resolveConflict(qint64 decisionId, ConflictResolution resolution)
{
    m_bookkeeping->sync(); // barrier: the conflict recorded
    const std::optional<DecisionRecord> record = m_journal->decision(decisionId);
    if (!record || record->state != DecisionState::Conflict || record->originId != m_originId)
        return;
    const std::optional<Relationship> server = m_conflictCheck.serverRow(record->relationshipId);
    RelationshipStore* rows = store();
    const std::optional<int> row = m_outcomes->storeRow(record->relationshipId);
    if (resolution == ConflictResolution::KeepMine) {
        // The new baseline is the server state the analyst saw: a change after this moment is
        // a conflict again. Unknown (not read in this session): deliver without a check.
        const qint64 baseline = server ? server->updatedAtMs : -1;
        const QString previous = server ? server->statusText : record->previousStatus;
        if (!m_journal->rebaseline(decisionId, baseline, previous)) {
            m_lastError = m_journal->lastError();
            return;
        }
        if (row) {
            if (server)
                rows->applyServerAnswer(*row, *server);
            if (const auto status = statusFromName(record->status))
                rows->overlay().markPending({*row}, *status);
        }
        m_conflictCheck.forget(record->relationshipId);
        deliver({decisionId});
    } else {
        if (!m_journal->setState({decisionId}, DecisionState::Cancelled,
                                 tr("the server's state was kept"))) {
            m_lastError = m_journal->lastError();
            return;
        }
        if (row) {
            if (server)
                rows->applyServerAnswer(*row, *server);
            else
                rows->overlay().clear({*row});
        }
        m_conflictCheck.forget(record->relationshipId);
    }
    emit conflictsChanged();
    scheduleCounts();
}

void SyncEngine::resolveAllConflicts(ConflictResolution resolution)
{
    for (const SyncConflict& conflict : conflicts())
        resolveConflict(conflict.decisionId, resolution);
}

int SyncEngine::restoreOverlay(DecisionJournal& journal, qint64 originId, RelationshipStore& store)
{
    const QList<DecisionRecord> latest = journal.latestPerRelationship(originId);
    QList<std::pair<int, Relationship>> baselines;
    QList<ReviewOverlay::RowOutcome> outcomes;
    int touched = 0;
    for (const DecisionRecord& record : latest) {
        const std::optional<int> row = store.rows().rowOf(record.relationshipId);
        const std::optional<RelationshipStatus> status = statusFromName(record.status);
        if (!row || !status)
            continue;
        ++touched;
        switch (record.state) {
        case DecisionState::Confirmed: {
            Relationship relationship = store.rows().relationship(*row);
            // Only when the confirmation is newer than the rows: a fresh live list already
            // holds it, or something newer than it.
            if (record.confirmedUpdatedMs > relationship.updatedAtMs) {
                relationship.status = *status;
                relationship.statusText = record.status;
                relationship.updatedAtMs = record.confirmedUpdatedMs;
                relationship.updatedAtText = formatTimestamp(record.confirmedUpdatedMs);
                baselines.append({*row, relationship});
            }
            break;
        }
        case DecisionState::Pending:
        case DecisionState::Sending:
            outcomes.append({*row, ReviewOverlay::Outcome::Pending, *status, {}});
            break;
        case DecisionState::Failed:
            outcomes.append({*row, ReviewOverlay::Outcome::Failed, *status, record.lastError});
            break;
        case DecisionState::Gone:
            outcomes.append({*row, ReviewOverlay::Outcome::Gone, *status, record.lastError});
            break;
        case DecisionState::Conflict:
            outcomes.append({*row, ReviewOverlay::Outcome::Conflict, *status, record.lastError});
            break;
        case DecisionState::Cancelled:
            break;
        }
    }
    if (!baselines.isEmpty())
        store.applyServerAnswers(baselines);
    store.overlay().apply(outcomes);
    return touched;
}
