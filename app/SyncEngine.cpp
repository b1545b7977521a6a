#include "SyncEngine.h"

#include "BackgroundWork.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QLocale>
#include <QMutex>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QThread>
#include <QWaitCondition>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', ms < 10000 ? 1 : 0);
}

// How long one slice of a re-read's answers may take before its store update (which costs about
// as much again): the whole slice stays well under the 50 ms a user notices.
constexpr qint64 VerificationSliceMs = 4;

} // namespace

// Writes the engine's bookkeeping to the journal on a thread of its own, strictly in the order
// it was handed over, so that thousands of answers never wait for SQLite (and the fsync of each
// commit) on the UI thread. One thread, alive as long as the engine: the journal keeps a
// connection per thread until that thread finishes, and the engine goes before the journal.
class JournalWriter : public QThread
{
public:
    using Task = std::function<void(DecisionJournal&)>;

    explicit JournalWriter(DecisionJournal* journal)
        : m_journal(journal)
    {
        setObjectName(u"relreview journal writer"_s);
        start();
    }

    ~JournalWriter() override
    {
        {
            QMutexLocker lock(&m_mutex);
            m_stopping = true; // what was handed over is still written
            m_wake.wakeAll();
        }
        wait();
    }

    void post(Task task)
    {
        QMutexLocker lock(&m_mutex);
        m_tasks.append(std::move(task));
        m_wake.wakeAll();
    }

    void waitUntilIdle()
    {
        QMutexLocker lock(&m_mutex);
        while (!m_tasks.isEmpty() || m_busy) {
            m_idle.wait(&m_mutex);
        }
    }

protected:
    void run() override
    {
        yieldToTheUiThread();
        QMutexLocker lock(&m_mutex);
        while (true) {
            while (m_tasks.isEmpty() && !m_stopping) {
                m_wake.wait(&m_mutex);
            }
            if (m_tasks.isEmpty()) {
                return;
            }
            Task task = m_tasks.takeFirst();
            m_busy = true;
            lock.unlock();
            task(*m_journal);
            lock.relock();
            m_busy = false;
            if (m_tasks.isEmpty()) {
                m_idle.wakeAll();
            }
        }
    }

private:
    DecisionJournal* m_journal;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    QList<Task> m_tasks;
    bool m_busy = false;
    bool m_stopping = false;
};

// A list read back from the server, parsed off the UI thread.
struct SyncEngine::ReadResult
{
    bool ok = false;
    QString message;
    RelationshipRows rows;
    // A verification's answer, compared on the worker: per item of the job, the server's row
    // when it holds the job's status.
    QList<std::optional<Relationship>> matches;
};

// The answers of one confirming re-read, applied a slice per turn of the event loop.
struct SyncEngine::VerificationRun
{
    Job job;
    std::shared_ptr<ReadResult> result;
    qsizetype next = 0;
    QList<Item> fallback;
};

SyncEngine::SyncEngine(DecisionJournal* journal, ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_client(client)
{
    m_clock.start();
    m_batchSize = m_config.bulkBatchSize;
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &SyncEngine::pump);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &SyncEngine::flushJournal);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(100);
    connect(&m_countsTimer, &QTimer::timeout, this, &SyncEngine::refreshCountsLater);
    // Connections to an in-memory journal are databases of their own: one thread only.
    if (m_journal && m_journal->path() != QLatin1StringView(DecisionJournal::InMemory)) {
        m_writer = std::make_unique<JournalWriter>(m_journal);
    }
}

SyncEngine::~SyncEngine()
{
    // Requests still in flight stay 'sending' in the journal; the next start returns them to
    // pending. Their callbacks never run: this object is their context.
    flushJournal();
    m_writer.reset(); // writes what it was handed, then ends its thread
}

void SyncEngine::setConfig(const SyncConfig& config)
{
    m_config = config;
    m_config.maxInFlight = qMax(1, m_config.maxInFlight);
    m_config.bulkBatchSize = qMax(1, m_config.bulkBatchSize);
    m_batchSize = m_config.bulkBatchSize;
    m_bulkUnsupported = !m_config.useBulk;
}

void SyncEngine::setStore(RelationshipStore* store)
{
    m_store = store;
}

void SyncEngine::setClient(ApiClient* client)
{
    if (client == m_client) {
        return;
    }
    // Requests already sent through the other client finish there; their answers still land.
    m_client = client;
    if (!m_client) {
        stop();
    }
}

bool SyncEngine::setOrigin(const DecisionOrigin& origin)
{
    stop();
    syncJournal();
    m_origin = origin;
    m_originId = m_journal->ensureOrigin(origin);
    m_latest.clear();
    m_serverRows.clear();
    m_batchSize = m_config.bulkBatchSize;
    m_bulkUnsupported = !m_config.useBulk;
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
    return !m_queue.isEmpty() || m_inFlight > 0 || !m_verify.isEmpty() ||
           m_verificationsApplying > 0 || !m_changes.isEmpty() || m_writesInFlight > 0;
}

qint64 SyncEngine::backoffDelayMs(const SyncConfig& config, int attempt)
{
    const int exponent = qBound(0, attempt - 1, 30);
    const qint64 delay = qint64(config.backoffBaseMs) << exponent;
    return qMin<qint64>(delay, config.backoffCapMs);
}

qint64 SyncEngine::retryDelayMs(const SyncConfig& config, int attempt, qint64 retryAfterMs,
                                double jitter)
{
    // "Equal jitter": between half and all of the delay, so that clients that failed together
    // do not come back together, and no retry comes back at once.
    const qint64 delay = qMax<qint64>(1, backoffDelayMs(config, attempt));
    const double share = std::isfinite(jitter) ? qBound(0.0, jitter, 1.0) : 1.0;
    const qint64 half = delay / 2;
    const qint64 spread = delay - half;
    const qint64 jittered = half + qint64(double(spread) * share);
    if (retryAfterMs < 0) {
        return jittered;
    }
    const qint64 told = qMin<qint64>(retryAfterMs, qMax(0, config.maxRetryAfterMs));
    return qMax(jittered, told);
}

std::optional<int> SyncEngine::storeRow(const QUuid& id) const
{
    if (!m_store) {
        return std::nullopt;
    }
    return m_store->rows().rowOf(id);
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

QList<SyncEngine::Item> SyncEngine::loadItems(const QList<qint64>& decisionIds)
{
    // What the engine has not written yet would make the journal's view stale.
    syncJournal();
    QList<Item> items;
    const QList<DecisionRecord> records = m_journal->decisionsWithIds(decisionIds);
    items.reserve(records.size());
    for (const DecisionRecord& record : records) {
        if (m_queuedIds.contains(record.id)) {
            continue;
        }
        if (record.state != DecisionState::Pending && record.state != DecisionState::Sending) {
            continue; // settled, or superseded before it could be sent
        }
        Item item = itemFor(record);
        if (item.status == RelationshipStatus::Unknown) {
            // Only the three known statuses can be sent; this one came from an import.
            settleFailed(item, DecisionState::Failed,
                         tr("\"%1\" is not a status the server accepts").arg(record.status));
            continue;
        }
        m_queuedIds.insert(item.decisionId);
        items.append(item);
    }
    return items;
}

void SyncEngine::noteLatest(const QList<Item>& items)
{
    for (const Item& item : items) {
        auto it = m_latest.find(item.relationshipId);
        if (it == m_latest.end() || it->first < item.decisionId) {
            m_latest.insert(item.relationshipId, {item.decisionId, item.status});
        }
    }
}

bool SyncEngine::isLatest(const Item& item) const
{
    const auto it = m_latest.constFind(item.relationshipId);
    return it == m_latest.constEnd() || it->first <= item.decisionId;
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
        if (m_queuedIds.contains(decisionIds[i])) {
            continue;
        }
        Item item;
        item.decisionId = decisionIds[i];
        item.relationshipId = decision.relationshipId;
        item.status = statusFromName(decision.status).value_or(RelationshipStatus::Unknown);
        item.previousStatus = decision.previousStatus;
        item.serverUpdatedMs = decision.serverUpdatedMs;
        if (item.status == RelationshipStatus::Unknown) {
            settleFailed(item, DecisionState::Failed,
                         tr("\"%1\" is not a status the server accepts").arg(decision.status));
            continue;
        }
        m_queuedIds.insert(item.decisionId);
        items.append(item);
    }
    (bulk ? enqueueItems(items) : deliverItems(items));
}

void SyncEngine::deliverItems(const QList<Item>& items)
{
    if (items.isEmpty()) {
        return;
    }
    noteLatest(items);
    // Interactive decisions go ahead of a backlog, in the order they were made.
    qsizetype position = 0;
    while (position < m_queue.size() && m_queue[position].kind == JobKind::Put) {
        ++position;
    }
    for (const Item& item : items) {
        Job job;
        job.kind = JobKind::Put;
        job.status = item.status;
        job.items = {item};
        job.generation = m_generation;
        m_queue.insert(position++, job);
    }
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    setBusy(true);
    scheduleCounts();
    pump();
}

void SyncEngine::enqueueItems(const QList<Item>& items)
{
    if (items.isEmpty()) {
        return;
    }
    noteLatest(items);
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    queueBulkItems(items, false);
    setBusy(true);
    emit statusMessage(tr("Sending %1 decisions…").arg(QLocale().toString(m_runTotal)));
    pump();
}

void SyncEngine::queueBulkItems(QList<Item> items, bool atFront)
{
    QList<Job> jobs;
    if (m_bulkUnsupported) {
        for (const Item& item : items) {
            Job job;
            job.kind = JobKind::Put;
            job.status = item.status;
            job.items = {item};
            job.generation = m_generation;
            jobs.append(job);
        }
    } else {
        // Grouped by status (one bulk call sets one status), in batches, keeping the order of
        // the decisions within each status.
        QList<RelationshipStatus> order;
        QHash<int, QList<Item>> byStatus;
        for (const Item& item : items) {
            if (!byStatus.contains(int(item.status))) {
                order.append(item.status);
            }
            byStatus[int(item.status)].append(item);
        }
        for (const RelationshipStatus status : order) {
            const QList<Item>& group = byStatus[int(status)];
            for (qsizetype from = 0; from < group.size(); from += m_batchSize) {
                Job job;
                job.kind = JobKind::Bulk;
                job.status = status;
                job.items = group.mid(from, m_batchSize);
                job.generation = m_generation;
                jobs.append(job);
            }
        }
    }
    if (atFront) {
        m_queue = jobs + m_queue;
    } else {
        m_queue += jobs;
    }
}

void SyncEngine::sync()
{
    if (m_originId <= 0) {
        SyncSummary summary;
        summary.message = tr("Nothing to sync: no source or snapshot is open.");
        emit syncFinished(summary);
        return;
    }
    if (m_syncRun) {
        return;
    }
    m_syncRun = true;
    m_runStopReason.clear();
    m_runGaveUp = 0;
    syncJournal();
    QList<qint64> ids;
    for (const DecisionRecord& record : m_journal->pending(m_originId)) {
        if (!m_queuedIds.contains(record.id)) {
            ids.append(record.id);
        }
    }
    const bool needsServerInfo = m_origin.isSnapshot() && m_config.checkConflicts &&
                                 (!ids.isEmpty() || m_journal->counts(m_originId).conflicts() > 0);
    QList<Item> items = loadItems(ids);
    noteLatest(items);
    m_runTotal += int(items.size());
    emit progressChanged(m_runSettled, m_runTotal);
    setBusy(true);
    if (needsServerInfo) {
        // Nothing of a snapshot is pushed before the server's current state is known.
        m_conflictCheckItems = items;
        Job job;
        job.kind = JobKind::ConflictRead;
        job.generation = m_generation;
        m_queue.prepend(job);
        emit statusMessage(tr("Reading the server's current state…"));
    } else if (!items.isEmpty()) {
        queueBulkItems(items, false);
        emit statusMessage(tr("Sending %1 decisions…").arg(QLocale().toString(items.size())));
    }
    pump();
}

void SyncEngine::retryFailed()
{
    if (m_originId <= 0) {
        return;
    }
    syncJournal();
    const QList<DecisionRecord> failed = m_journal->decisions(m_originId, {DecisionState::Failed});
    if (m_journal->retryFailed(m_originId) < 0) {
        m_lastError = m_journal->lastError();
        return;
    }
    if (m_store) {
        QHash<int, QList<int>> rowsByStatus;
        for (const DecisionRecord& record : failed) {
            if (const auto row = storeRow(record.relationshipId)) {
                rowsByStatus[int(statusFromName(record.status)
                                     .value_or(RelationshipStatus::Unknown))]
                    .append(*row);
            }
        }
        for (auto it = rowsByStatus.cbegin(); it != rowsByStatus.cend(); ++it) {
            m_store->markPending(it.value(), RelationshipStatus(it.key()));
        }
    }
    scheduleCounts();
    if (m_syncRun) {
        QList<qint64> ids;
        for (const DecisionRecord& record : failed) {
            ids.append(record.id);
        }
        enqueueBulk(ids);
    } else {
        sync();
    }
}

void SyncEngine::stop()
{
    ++m_generation;
    for (const Job& job : std::as_const(m_queue)) {
        backToPending(job.items, {});
    }
    for (const QList<Item>& items : std::as_const(m_verify)) {
        backToPending(items, {});
    }
    backToPending(m_conflictCheckItems, {});
    m_conflictCheckItems.clear();
    m_queue.clear();
    m_verify.clear();
    m_holdUntilMs = 0;
    m_wakeTimer.stop();
    if (m_runStopReason.isEmpty() && m_syncRun) {
        m_runStopReason = tr("Stopped");
    }
    flushJournal();
    checkIdle();
}

void SyncEngine::setVerificationHeld(bool held)
{
    if (m_verificationHeld == held) {
        return;
    }
    m_verificationHeld = held;
    if (!held) {
        QTimer::singleShot(0, this, &SyncEngine::pump);
    }
}

QList<qint64> SyncEngine::withdraw(const QList<qint64>& decisionIds)
{
    syncJournal();
    QSet<qint64> withdrawn;
    for (const DecisionRecord& record : m_journal->decisionsWithIds(decisionIds)) {
        // attempts > 0: it left at least once; a dropped answer may still have been applied.
        if (record.originId == m_originId && record.state == DecisionState::Pending &&
            record.attempts == 0) {
            withdrawn.insert(record.id);
        }
    }
    if (withdrawn.isEmpty()) {
        return {};
    }
    const auto isWithdrawn = [&withdrawn](const Item& item) {
        return withdrawn.contains(item.decisionId);
    };
    for (qsizetype i = 0; i < m_queue.size();) {
        Job& job = m_queue[i];
        if (job.kind == JobKind::Put || job.kind == JobKind::Bulk) {
            job.items.removeIf(isWithdrawn);
            if (job.items.isEmpty()) {
                m_queue.removeAt(i);
                continue;
            }
        }
        ++i;
    }
    m_conflictCheckItems.removeIf(isWithdrawn);
    // m_latest keeps naming a withdrawn decision as the newest on its row, so that older ones
    // still queued stay superseded.
    QList<qint64> ids(withdrawn.cbegin(), withdrawn.cend());
    std::sort(ids.begin(), ids.end());
    int wereQueued = 0;
    for (qint64 id : std::as_const(ids)) {
        wereQueued += m_queuedIds.remove(id) ? 1 : 0;
    }
    if (!m_journal->setState(ids, DecisionState::Cancelled, tr("withdrawn before it was sent"))) {
        m_lastError = m_journal->lastError();
        emit statusMessage(m_lastError);
    }
    markSettled(wereQueued); // part of the run's total only if they were queued for it
    checkIdle();
    return ids;
}

void SyncEngine::setToken(const QString& token)
{
    if (m_client) {
        m_client->setToken(token);
    }
    if (m_pausedForToken && !token.isEmpty()) {
        m_pausedForToken = false;
        m_tokenRequestedThisPause = false;
        emit statusMessage(tr("Resuming with the new token…"));
        pump();
    }
}

void SyncEngine::pump()
{
    if (!m_client) {
        return;
    }
    if (!m_pausedForToken && !m_client->hasToken() && !m_queue.isEmpty()) {
        pauseForToken(tr("No API token is set."));
    }
    if (m_pausedForToken) {
        checkIdle();
        return;
    }
    const qint64 now = nowMs();
    if (now < m_holdUntilMs) {
        m_wakeTimer.start(int(m_holdUntilMs - now));
        return;
    }

    // Bulk calls are confirmed by re-reading once none is queued or in flight: one read per
    // status instead of one per batch.
    if (!m_verify.isEmpty() && m_bulkInFlight == 0 && !m_verificationHeld &&
        std::none_of(m_queue.cbegin(), m_queue.cend(),
                     [](const Job& job) { return job.kind == JobKind::Bulk; })) {
        for (auto it = m_verify.cbegin(); it != m_verify.cend(); ++it) {
            Job job;
            job.kind = JobKind::Verify;
            job.status = RelationshipStatus(it.key());
            job.items = it.value();
            job.generation = m_generation;
            m_queue.append(job);
        }
        m_verify.clear();
        emit statusMessage(tr("Confirming by re-reading the server's list…"));
    }

    qint64 earliest = std::numeric_limits<qint64>::max();
    for (qsizetype i = 0; i < m_queue.size() && m_inFlight < m_config.maxInFlight;) {
        Job& job = m_queue[i];
        if (job.notBeforeMs > now) {
            earliest = qMin(earliest, job.notBeforeMs);
            ++i;
            continue;
        }
        if (job.kind == JobKind::Put || job.kind == JobKind::Bulk) {
            // A newer decision on the row makes an older, unsent one moot.
            QList<Item> kept;
            kept.reserve(job.items.size());
            for (const Item& item : std::as_const(job.items)) {
                if (isLatest(item)) {
                    kept.append(item);
                } else {
                    settleCancelled(item, tr("superseded by a newer decision"));
                }
            }
            job.items = kept;
            if (job.items.isEmpty()) {
                m_queue.removeAt(i);
                continue;
            }
            // One request per row at a time: a decision waits for the answer to the previous
            // one on the same row, so that the server ends with the last intent.
            QList<Item> waiting;
            QList<Item> ready;
            for (const Item& item : std::as_const(job.items)) {
                (m_busy.contains(item.relationshipId) ? waiting : ready).append(item);
            }
            if (ready.isEmpty()) {
                ++i;
                continue;
            }
            if (!waiting.isEmpty()) {
                Job later = job;
                later.items = waiting;
                job.items = ready;
                m_queue.insert(i + 1, later);
            }
        }
        Job taken = m_queue.takeAt(i);
        start(std::move(taken));
    }
    if (earliest != std::numeric_limits<qint64>::max()) {
        m_wakeTimer.start(int(qMax<qint64>(0, earliest - now)));
    }
    flushStore();
    checkIdle();
}

void SyncEngine::start(Job job)
{
    ++m_inFlight;
    if (job.kind == JobKind::Put || job.kind == JobKind::Bulk) {
        for (const Item& item : std::as_const(job.items)) {
            m_busy.insert(item.relationshipId);
            DecisionChange change;
            change.id = item.decisionId;
            change.state = DecisionState::Sending;
            change.keepError = true;
            change.countAttempt = true;
            queueChange(change);
        }
    }
    switch (job.kind) {
    case JobKind::Put:
        startPut(std::move(job));
        break;
    case JobKind::Bulk:
        ++m_bulkInFlight;
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
    for (const Item& item : std::as_const(job.items)) {
        ids.append(item.relationshipId);
    }
    m_client->bulkStatus(ids, job.status, this,
                         [this, job](const ApiError& error, const QByteArray& answer) {
                             onBulkAnswer(job, error, answer);
                         });
}

void SyncEngine::startRead(Job job)
{
    QString folderError;
    const QString folder = ApiClient::downloadFolder(&folderError);
    auto file = std::make_shared<QTemporaryFile>(
        QDir(folder.isEmpty() ? QDir::tempPath() : folder).filePath(u"sync-XXXXXX.json"_s));
    if (folder.isEmpty() || !file->open()) {
        ApiError error;
        error.kind = ApiError::Kind::Storage;
        error.message = tr("Cannot create a file to read the server's list into: %1")
                            .arg(folder.isEmpty() ? folderError : file->errorString());
        QTimer::singleShot(0, this, [this, job, error] { onReadAnswer(job, error, nullptr); });
        return;
    }
    file->close(); // ApiClient writes it through its own handle; the name stays reserved
    const QString statusFilter = job.kind == JobKind::Verify ? statusName(job.status) : QString();
    // A verification compares on the worker too: the UI thread only applies the outcome.
    QList<QUuid> verifyIds;
    if (job.kind == JobKind::Verify) {
        verifyIds.reserve(job.items.size());
        for (const Item& item : std::as_const(job.items)) {
            verifyIds.append(item.relationshipId);
        }
    }
    const QUuid expectedSource = m_client->profile().integrationSourceId;
    m_client->downloadRelationships(
        file->fileName(), this,
        [this, job, file, verifyIds, expectedSource](const ApiError& error) {
            if (!error.ok()) {
                onReadAnswer(job, error, nullptr);
                return;
            }
            auto* watcher = new QFutureWatcher<std::shared_ptr<ReadResult>>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [this, job, watcher, file] {
                std::shared_ptr<ReadResult> result = watcher->result();
                watcher->deleteLater();
                onReadAnswer(job, ApiError{}, result);
            });
            const bool verify = job.kind == JobKind::Verify;
            watcher->setFuture(QtConcurrent::run(
                [path = file->fileName(), verify, verifyIds, status = job.status, expectedSource] {
                    yieldToTheUiThread();
                    auto result = std::make_shared<ReadResult>();
                    RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
                    // Read: removed here, since unlinking 100 MB takes the kernel a while.
                    QFile::remove(path);
                    const QString place =
                        QCoreApplication::translate("SyncEngine", "the server's list");
                    if (parsed.ok) {
                        // Rows of another integration source are not the answer to the question.
                        const ApiError foreign =
                            ApiClient::checkListSource(parsed.document.rows, expectedSource, place);
                        if (!foreign.ok()) {
                            result->message = foreign.message;
                            return result;
                        }
                    }
                    result->ok = parsed.ok;
                    if (parsed.ok && verify) {
                        const RelationshipRows& rows = parsed.document.rows;
                        result->matches.reserve(verifyIds.size());
                        for (const QUuid& id : verifyIds) {
                            const std::optional<int> row = rows.rowOf(id);
                            if (row && rows.row(*row).status == status) {
                                result->matches.append(rows.relationship(*row));
                            } else {
                                result->matches.append(std::nullopt);
                            }
                        }
                    } else if (parsed.ok) {
                        result->rows = std::move(parsed.document.rows);
                    } else {
                        result->message = parsed.error.describe(place);
                    }
                    return result;
                }));
        },
        {}, statusFilter);
}

void SyncEngine::finishRequest()
{
    --m_inFlight;
}

void SyncEngine::releaseBusy(const Job& job)
{
    if (job.kind == JobKind::Put || job.kind == JobKind::Bulk) {
        for (const Item& item : job.items) {
            m_busy.remove(item.relationshipId);
        }
    }
}

bool SyncEngine::handleCommonError(Job& job, const ApiError& error)
{
    switch (error.kind) {
    case ApiError::Kind::Cancelled:
        backToPending(job.items, {});
        return true;
    case ApiError::Kind::Auth:
        // Nothing more goes out until a token is given; this request is the first to go again.
        if (job.generation == m_generation) {
            for (const Item& item : std::as_const(job.items)) {
                DecisionChange change;
                change.id = item.decisionId;
                change.state = DecisionState::Pending;
                change.lastError = error.message;
                queueChange(change);
            }
            m_queue.prepend(job);
        } else {
            backToPending(job.items, error.message);
        }
        pauseForToken(error.message);
        return true;
    case ApiError::Kind::RateLimited: {
        // A 429 is a try like any other: a server that answers nothing else ends the run.
        if (giveUpAfter(job, error)) {
            return true;
        }
        const qint64 wait = retryDelayMs(m_config, job.attempt, error.retryAfterMs,
                                         QRandomGenerator::global()->generateDouble());
        m_holdUntilMs = qMax(m_holdUntilMs, nowMs() + wait);
        if (job.generation == m_generation) {
            m_queue.prepend(job);
        } else {
            backToPending(job.items, error.message);
        }
        emit statusMessage(tr("Rate limited by the server: waiting %1 s").arg(seconds(wait)));
        emit deliveryProblem(tr("Rate limited by the server: waiting %1 s").arg(seconds(wait)));
        return true;
    }
    case ApiError::Kind::Server:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Network:
    case ApiError::Kind::Storage:
        if (error.permanent) {
            return false; // a redirect loop, another origin, TLS: asking again changes nothing
        }
        retryLater(std::move(job), error);
        return true;
    case ApiError::Kind::BadResponse:
        if (error.httpStatus == 0) {
            retryLater(std::move(job), error); // no HTTP answer at all: like a dropped connection
            return true;
        }
        return false;
    default:
        return false;
    }
}

bool SyncEngine::giveUpAfter(Job& job, const ApiError& error)
{
    ++job.attempt;
    if (job.generation != m_generation) {
        backToPending(job.items, error.message);
        return true;
    }
    if (m_config.maxTransientAttempts > 0 && job.attempt >= m_config.maxTransientAttempts) {
        // This run gives up on them; they stay pending for the next sync.
        backToPending(job.items, error.message);
        if (job.kind == JobKind::ConflictRead) {
            backToPending(m_conflictCheckItems, error.message);
            m_runGaveUp += int(m_conflictCheckItems.size());
            markSettled(int(m_conflictCheckItems.size()));
            m_conflictCheckItems.clear();
        }
        m_runGaveUp += int(job.items.size());
        markSettled(int(job.items.size()));
        m_runStopReason =
            tr("%1 (gave up after %n tries)", nullptr, job.attempt).arg(error.message);
        return true;
    }
    return false;
}

void SyncEngine::retryLater(Job job, const ApiError& error)
{
    if (giveUpAfter(job, error)) {
        return;
    }
    const qint64 jittered =
        retryDelayMs(m_config, job.attempt, -1, QRandomGenerator::global()->generateDouble());
    job.notBeforeMs = nowMs() + jittered;
    for (const Item& item : std::as_const(job.items)) {
        DecisionChange change;
        change.id = item.decisionId;
        change.state =
            job.kind == JobKind::Verify ? DecisionState::Sending : DecisionState::Pending;
        change.lastError = error.message;
        queueChange(change);
    }
    emit statusMessage(tr("%1 Retrying in %2 s.").arg(error.message, seconds(jittered)));
    emit deliveryProblem(tr("%1 Retrying in %2 s.").arg(error.message, seconds(jittered)));
    m_queue.prepend(job);
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

void SyncEngine::onPutAnswer(Job job, const ApiError& error, const Relationship& answer)
{
    finishRequest();
    releaseBusy(job);
    const Item item = job.items.first();
    if (error.ok()) {
        settleConfirmed(item, answer.updatedAtMs, answer);
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else if (error.kind == ApiError::Kind::NotFound) {
        settleFailed(item, DecisionState::Gone, error.message);
    } else if (error.kind == ApiError::Kind::BadResponse ||
               error.kind == ApiError::Kind::TooLarge) {
        // An answer arrived but could not be used: the status may well have been applied.
        // Re-reading tells.
        if (item.verifyFallback) {
            settleFailed(item, DecisionState::Failed, error.message);
        } else if (job.generation != m_generation) {
            backToPending(job.items, error.message);
        } else {
            Item verify = item;
            verify.verifyFallback = true;
            m_verify[int(job.status)].append(verify);
        }
    } else {
        settleFailed(item, DecisionState::Failed, error.message);
    }
    pump();
}

void SyncEngine::onBulkAnswer(Job job, const ApiError& error, const QByteArray& answer)
{
    finishRequest();
    --m_bulkInFlight;
    releaseBusy(job);
    const bool unusableButAnswered = error.kind == ApiError::Kind::BadResponse &&
                                     error.httpStatus >= 200 && error.httpStatus < 300;
    if ((error.ok() || unusableButAnswered) && job.generation != m_generation) {
        // Stopped meanwhile: the next run finds out whether it was applied.
        backToPending(job.items, {});
    } else if (error.ok() || unusableButAnswered) {
        // The answer's members are not documented: the re-read confirms, and a re-read that
        // does not show the status quotes what the server claimed.
        QString claim = QString::fromUtf8(answer.left(4096)).simplified();
        if (m_client) {
            claim = m_client->withoutToken(claim); // a server may echo what it was sent
        }
        if (claim.size() > 200) {
            claim = claim.left(200) + u'…';
        }
        if (claim.isEmpty()) {
            claim = tr("an empty answer");
        }
        QList<Item>& verify = m_verify[int(job.status)];
        for (Item item : std::as_const(job.items)) {
            item.bulkAnswer = claim;
            verify.append(item);
        }
    } else if (error.kind != ApiError::Kind::Auth &&
               (error.httpStatus == 404 || error.httpStatus == 405)) {
        if (!m_bulkUnsupported) {
            m_bulkUnsupported = true;
            emit statusMessage(
                tr("The server has no bulk endpoint; sending one request per decision."));
        }
        if (job.generation == m_generation) {
            queueBulkItems(job.items, true);
        } else {
            backToPending(job.items, error.message);
        }
    } else if (error.kind == ApiError::Kind::TooLarge || error.kind == ApiError::Kind::Validation) {
        if (job.generation != m_generation) {
            backToPending(job.items, error.message);
        } else if (job.items.size() > 1) {
            // Too many ids for the server, or one bad id spoiling the batch: halve, for this
            // batch and the rest of the run.
            const qsizetype half = job.items.size() / 2;
            m_batchSize = qMax(1, int(qMin<qsizetype>(m_batchSize, half)));
            Job first = job;
            first.items = job.items.mid(0, half);
            first.attempt = 0;
            Job second = job;
            second.items = job.items.mid(half);
            second.attempt = 0;
            m_queue.prepend(second);
            m_queue.prepend(first);
            emit statusMessage(tr("The server refused %1 ids in one call; sending %2 at a time.")
                                   .arg(job.items.size())
                                   .arg(m_batchSize));
        } else {
            // One id the bulk call refuses: its own PUT says why, or goes through.
            Job put;
            put.kind = JobKind::Put;
            put.status = job.status;
            put.items = job.items;
            put.generation = job.generation;
            m_queue.prepend(put);
        }
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else {
        for (const Item& item : std::as_const(job.items)) {
            settleFailed(item, DecisionState::Failed, error.message);
        }
    }
    pump();
}

void SyncEngine::onReadAnswer(Job job, const ApiError& answerError,
                              std::shared_ptr<ReadResult> result)
{
    finishRequest();
    ApiError error = answerError;
    if (error.ok() && !(result && result->ok)) {
        // The server's list does not parse, or holds rows of another source: reported once.
        // Downloading it again would only bring the same rows back.
        error.kind = ApiError::Kind::BadResponse;
        error.httpStatus = 200;
        error.permanent = true;
        error.message = result ? result->message : tr("The server's list could not be read.");
    }
    if (error.ok()) {
        if (job.kind == JobKind::Verify) {
            applyVerification(job, result);
        } else {
            applyConflictCheck(result->rows);
        }
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else if (job.kind == JobKind::Verify && error.permanent &&
               error.kind == ApiError::Kind::Network) {
        // A redirect loop or a TLS failure: each PUT would meet the same.
        for (const Item& item : std::as_const(job.items)) {
            if (job.generation != m_generation) {
                backToPending({item}, error.message);
            } else {
                settleFailed(item, DecisionState::Failed, error.message);
            }
        }
    } else if (job.kind == JobKind::Verify) {
        // Cannot re-read: ask row by row instead; each PUT's answer is definitive.
        QList<Item> items = job.items;
        for (Item& item : items) {
            item.verifyFallback = true;
        }
        for (const Item& item : std::as_const(items)) {
            Job put;
            put.kind = JobKind::Put;
            put.status = job.status;
            put.items = {item};
            put.generation = job.generation;
            m_queue.prepend(put);
        }
    } else {
        // Without the server's state nothing of a snapshot may be pushed.
        backToPending(m_conflictCheckItems, error.message);
        m_runGaveUp += int(m_conflictCheckItems.size());
        markSettled(int(m_conflictCheckItems.size()));
        m_conflictCheckItems.clear();
        m_runStopReason = tr("Cannot read the server's current state: %1").arg(error.message);
        emit statusMessage(m_runStopReason);
    }
    pump();
}

void SyncEngine::applyVerification(const Job& job, std::shared_ptr<ReadResult> result)
{
    // 100,000 answers at once would hold the window for seconds: a slice per turn instead.
    auto run = std::make_shared<VerificationRun>();
    run->job = job;
    run->result = std::move(result);
    ++m_verificationsApplying;
    continueVerification(run);
}

void SyncEngine::continueVerification(const std::shared_ptr<VerificationRun>& run)
{
    const Job& job = run->job;
    const QList<std::optional<Relationship>>& matches = run->result->matches;
    QElapsedTimer slice;
    slice.start();
    while (run->next < job.items.size()) {
        const qsizetype index = run->next++;
        const Item& item = job.items[index];
        if (index < matches.size() && matches[index]) {
            settleConfirmed(item, matches[index]->updatedAtMs, matches[index]);
        } else if (!isLatest(item)) {
            settleCancelled(item, tr("superseded by a newer decision"));
        } else if (job.generation != m_generation) {
            backToPending({item}, {}); // stopped meanwhile: the next run asks again
        } else if (item.verifyFallback) {
            settleFailed(item, DecisionState::Failed,
                         tr("the server did not take the status %1").arg(statusName(job.status)));
        } else if (!item.bulkAnswer.isEmpty()) {
            // The bulk call said it was done; the server's own list says otherwise.
            settleFailed(item, DecisionState::Failed,
                         tr("the server answered the bulk update with %1, but its list does not "
                            "show the relationship as %2; not confirmed")
                             .arg(item.bulkAnswer, statusName(job.status)));
        } else {
            Item retry = item;
            retry.verifyFallback = true;
            run->fallback.append(retry);
        }
        if ((run->next & 63) == 0 && slice.elapsed() >= VerificationSliceMs) {
            break;
        }
    }
    flushStore();
    if (run->next < job.items.size()) {
        QTimer::singleShot(0, this, [this, run] { continueVerification(run); });
        return;
    }
    // Not in the list with the new status: the bulk call skipped it (unknown id, a change in
    // between). Its own PUT gives a definitive answer (404: gone).
    for (auto it = run->fallback.crbegin(); it != run->fallback.crend(); ++it) {
        Job put;
        put.kind = JobKind::Put;
        put.status = job.status;
        put.items = {*it};
        put.generation = job.generation;
        m_queue.prepend(put);
    }
    --m_verificationsApplying;
    pump();
}

void SyncEngine::applyConflictCheck(const RelationshipRows& rows)
{
    QList<Item> push;
    for (const Item& item : std::as_const(m_conflictCheckItems)) {
        const std::optional<int> row = rows.rowOf(item.relationshipId);
        if (!row) {
            settleFailed(item, DecisionState::Gone,
                         tr("The relationship is no longer on the server."));
            continue;
        }
        const Relationship server = rows.relationship(*row);
        if (server.status == item.status) {
            // Already what was decided: delivered before an interruption, or decided alike by
            // someone else. Sending it again would only stamp a new updated_at.
            settleConfirmed(item, server.updatedAtMs, server);
            continue;
        }
        const bool forced = item.serverUpdatedMs < 0;
        const bool timeChanged =
            item.serverUpdatedMs > 0 && server.updatedAtMs != item.serverUpdatedMs;
        const bool statusChanged =
            !item.previousStatus.isEmpty() && server.statusText != item.previousStatus;
        if (!forced && (timeChanged || statusChanged)) {
            settleConflict(item, server);
        } else {
            push.append(item);
        }
    }
    m_conflictCheckItems.clear();
    // The server's side of conflicts recorded earlier (another session, before a restart).
    bool known = false;
    for (const DecisionRecord& record :
         m_journal->decisions(m_originId, {DecisionState::Conflict})) {
        if (const std::optional<int> row = rows.rowOf(record.relationshipId)) {
            m_serverRows.insert(record.relationshipId, rows.relationship(*row));
            known = true;
        }
    }
    if (known) {
        emit conflictsChanged();
    }
    if (!push.isEmpty()) {
        queueBulkItems(push, false);
        emit statusMessage(tr("Sending %1 decisions…").arg(QLocale().toString(push.size())));
    }
}

void SyncEngine::settleConfirmed(const Item& item, qint64 serverUpdatedMs,
                                 const std::optional<Relationship>& answer)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Confirmed;
    change.confirmedUpdatedMs = serverUpdatedMs;
    queueChange(change);
    m_queuedIds.remove(item.decisionId);
    if (const std::optional<int> row = storeRow(item.relationshipId); row && answer) {
        m_storeAnswers.append({*row, *answer});
        if (!isLatest(item)) {
            // The row keeps showing the newer decision, still on its way.
            m_storeRepending.append({*row, m_latest.value(item.relationshipId).second});
        }
    }
    emit decisionConfirmed(item.decisionId, item.relationshipId);
    markSettled(1);
}

void SyncEngine::settleFailed(const Item& item, DecisionState state, const QString& message)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = state;
    change.lastError = message;
    queueChange(change);
    m_queuedIds.remove(item.decisionId);
    if (const std::optional<int> row = storeRow(item.relationshipId); row && isLatest(item)) {
        flushStore();
        if (state == DecisionState::Gone) {
            m_store->markGone(*row, message);
        } else {
            m_store->markFailed(*row, message);
        }
    }
    emit decisionFailed(item.decisionId, item.relationshipId, message);
    markSettled(1);
}

void SyncEngine::settleCancelled(const Item& item, const QString& message)
{
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Cancelled;
    change.lastError = message;
    queueChange(change);
    m_queuedIds.remove(item.decisionId);
    markSettled(1);
}

void SyncEngine::settleConflict(const Item& item, const Relationship& server)
{
    const QString message =
        tr("Changed on the server since the snapshot: now %1, updated %2")
            .arg(server.statusText.isEmpty() ? statusName(server.status) : server.statusText,
                 server.updatedAtText.isEmpty() ? formatTimestamp(server.updatedAtMs)
                                                : server.updatedAtText);
    DecisionChange change;
    change.id = item.decisionId;
    change.state = DecisionState::Conflict;
    change.lastError = message;
    queueChange(change);
    m_queuedIds.remove(item.decisionId);
    m_serverRows.insert(item.relationshipId, server);
    if (const std::optional<int> row = storeRow(item.relationshipId); row && isLatest(item)) {
        flushStore();
        m_store->markConflict(*row, message);
    }
    emit decisionFailed(item.decisionId, item.relationshipId, message);
    markSettled(1);
    m_conflictsDirty = true;
}

void SyncEngine::backToPending(const QList<Item>& items, const QString& lastError)
{
    for (const Item& item : items) {
        DecisionChange change;
        change.id = item.decisionId;
        change.state = DecisionState::Pending;
        change.lastError = lastError;
        change.keepError = lastError.isEmpty();
        queueChange(change);
        m_queuedIds.remove(item.decisionId);
    }
}

void SyncEngine::markSettled(int count)
{
    if (count <= 0) {
        return;
    }
    m_runSettled += count;
    noteProgress();
    scheduleCounts();
}

// Thousands of answers a second each move the run on: the signal goes out once per turn.
void SyncEngine::noteProgress()
{
    if (m_progressQueued) {
        return;
    }
    m_progressQueued = true;
    QTimer::singleShot(0, this, &SyncEngine::emitProgressNow);
}

void SyncEngine::emitProgressNow()
{
    if (!m_progressQueued) {
        return;
    }
    m_progressQueued = false;
    emit progressChanged(m_runSettled, m_runTotal);
}

void SyncEngine::flushStore()
{
    if (!m_store) {
        m_storeAnswers.clear();
        m_storeRepending.clear();
        return;
    }
    if (!m_storeAnswers.isEmpty()) {
        const auto answers = std::exchange(m_storeAnswers, {});
        m_store->applyServerAnswers(answers);
    }
    if (!m_storeRepending.isEmpty()) {
        QHash<int, QList<int>> rowsByStatus;
        for (const auto& [row, status] : std::exchange(m_storeRepending, {})) {
            rowsByStatus[int(status)].append(row);
        }
        for (auto it = rowsByStatus.cbegin(); it != rowsByStatus.cend(); ++it) {
            m_store->markPending(it.value(), RelationshipStatus(it.key()));
        }
    }
}

void SyncEngine::queueChange(DecisionChange change)
{
    m_changes.append(std::move(change));
    if (m_changes.size() >= 2000) {
        flushJournal();
    } else if (!m_flushTimer.isActive()) {
        m_flushTimer.start(m_config.journalFlushMs);
    }
}

void SyncEngine::flushJournal()
{
    m_flushTimer.stop();
    if (m_changes.isEmpty()) {
        return;
    }
    QList<DecisionChange> changes = std::exchange(m_changes, {});
    if (!m_writer) {
        if (!m_journal->apply(changes)) {
            // The decisions themselves are safe; only their delivery bookkeeping is behind, and
            // a restart re-sends what is not marked confirmed.
            m_lastError = m_journal->lastError();
            emit statusMessage(m_lastError);
        }
        scheduleCounts();
        // Written: the engine may be idle now (never from inside whatever called this).
        ++m_writesInFlight;
        QMetaObject::invokeMethod(
            this,
            [this] {
                --m_writesInFlight;
                onWritten();
            },
            Qt::QueuedConnection);
        return;
    }
    ++m_writesInFlight;
    m_writer->post([this, changes = std::move(changes)](DecisionJournal& journal) {
        const bool written = journal.apply(changes);
        const QString message = written ? QString() : journal.lastError();
        QMetaObject::invokeMethod(
            this,
            [this, written, message] {
                --m_writesInFlight;
                if (!written) {
                    m_lastError = message;
                    emit statusMessage(m_lastError);
                }
                onWritten();
            },
            Qt::QueuedConnection);
    });
    scheduleCounts();
}

void SyncEngine::onWritten()
{
    // isBusy() waits for the bookkeeping too: the last write of a run may be what ends it.
    if (m_busyState && m_writesInFlight == 0 && m_changes.isEmpty()) {
        checkIdle();
    }
}

void SyncEngine::syncJournal()
{
    flushJournal();
    if (m_writer) {
        m_writer->waitUntilIdle();
    }
}

// The timer's count: read on the writer, after what it was handed, so the UI never waits.
void SyncEngine::refreshCountsLater()
{
    m_countsTimer.stop();
    if (m_originId <= 0) {
        return;
    }
    if (!m_writer) {
        refreshCounts();
        return;
    }
    flushJournal();
    m_countsTimer.stop();
    if (m_countsQueued) {
        scheduleCounts(); // one read at a time; ask again once it is back
        return;
    }
    m_countsQueued = true;
    const quint64 serial = m_countsSerial;
    const qint64 originId = m_originId;
    m_writer->post([this, serial, originId](DecisionJournal& journal) {
        const DecisionCounts counts = journal.counts(originId);
        QMetaObject::invokeMethod(
            this,
            [this, serial, originId, counts] {
                m_countsQueued = false;
                if (serial == m_countsSerial && originId == m_originId) {
                    applyCounts(counts);
                }
            },
            Qt::QueuedConnection);
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
    if (!m_countsTimer.isActive()) {
        m_countsTimer.start();
    }
}

void SyncEngine::refreshCounts()
{
    m_countsTimer.stop();
    if (m_originId <= 0) {
        return;
    }
    syncJournal();
    m_countsTimer.stop();
    ++m_countsSerial; // a read still on its way to the writer is older than this one
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
        return;
    }
    flushStore();
    emitProgressNow();
    setBusy(false);
    if (m_syncRun) {
        m_syncRun = false;
        SyncSummary summary;
        summary.runTotal = m_runTotal;
        summary.pausedForToken = m_pausedForToken;
        summary.message = m_runStopReason;
        // The run's last bookkeeping may still be on its way to the journal (100,000 answers
        // take a second to write): the summary counts once it is written, without waiting here.
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
        if (!m_writer || m_originId <= 0) {
            refreshCounts();
            finish();
        } else {
            flushJournal();
            m_countsTimer.stop();
            const quint64 serial = m_countsSerial;
            const qint64 originId = m_originId;
            m_writer->post([this, serial, originId, finish](DecisionJournal& journal) {
                const DecisionCounts counts = journal.counts(originId);
                QMetaObject::invokeMethod(
                    this,
                    [this, serial, originId, counts, finish] {
                        if (serial == m_countsSerial && originId == m_originId) {
                            applyCounts(counts);
                        }
                        finish();
                    },
                    Qt::QueuedConnection);
            });
        }
    } else {
        refreshCountsLater();
    }
    m_runTotal = 0;
    m_runSettled = 0;
}

QList<SyncConflict> SyncEngine::conflicts()
{
    QList<SyncConflict> result;
    if (m_originId <= 0) {
        return result;
    }
    syncJournal();
    for (const DecisionRecord& record :
         m_journal->decisions(m_originId, {DecisionState::Conflict})) {
        SyncConflict conflict;
        conflict.decisionId = record.id;
        conflict.relationshipId = record.relationshipId;
        conflict.mine = record.status;
        conflict.previous = record.previousStatus;
        conflict.decidedOnUpdatedMs = record.serverUpdatedMs;
        const auto server = m_serverRows.constFind(record.relationshipId);
        if (server != m_serverRows.constEnd()) {
            conflict.serverKnown = true;
            conflict.serverStatus =
                server->statusText.isEmpty() ? statusName(server->status) : server->statusText;
            conflict.serverUpdatedMs = server->updatedAtMs;
        }
        result.append(conflict);
    }
    return result;
}

void SyncEngine::resolveConflict(qint64 decisionId, ConflictResolution resolution)
{
    syncJournal();
    const std::optional<DecisionRecord> record = m_journal->decision(decisionId);
    if (!record || record->state != DecisionState::Conflict || record->originId != m_originId) {
        return;
    }
    const auto server = m_serverRows.constFind(record->relationshipId);
    const bool serverKnown = server != m_serverRows.constEnd();
    const std::optional<int> row = storeRow(record->relationshipId);
    if (resolution == ConflictResolution::KeepMine) {
        // The new baseline is the server state the analyst saw: a change after this moment is
        // a conflict again. Unknown (not read in this session): deliver without a check.
        const qint64 baseline = serverKnown ? server->updatedAtMs : -1;
        const QString previous = serverKnown ? server->statusText : record->previousStatus;
        if (!m_journal->rebaseline(decisionId, baseline, previous)) {
            m_lastError = m_journal->lastError();
            return;
        }
        if (row) {
            if (serverKnown) {
                m_store->applyServerAnswer(*row, *server);
            }
            if (const auto status = statusFromName(record->status)) {
                m_store->markPending({*row}, *status);
            }
        }
        m_serverRows.remove(record->relationshipId);
        deliver({decisionId});
    } else {
        if (!m_journal->setState({decisionId}, DecisionState::Cancelled,
                                 tr("the server's state was kept"))) {
            m_lastError = m_journal->lastError();
            return;
        }
        if (row) {
            if (serverKnown) {
                m_store->applyServerAnswer(*row, *server);
            } else {
                m_store->clearReviewState({*row});
            }
        }
        m_serverRows.remove(record->relationshipId);
    }
    emit conflictsChanged();
    scheduleCounts();
}

void SyncEngine::resolveAllConflicts(ConflictResolution resolution)
{
    for (const SyncConflict& conflict : conflicts()) {
        resolveConflict(conflict.decisionId, resolution);
    }
}

int SyncEngine::restoreOverlay(DecisionJournal& journal, qint64 originId, RelationshipStore& store)
{
    const QList<DecisionRecord> latest = journal.latestPerRelationship(originId);
    QList<std::pair<int, Relationship>> baselines;
    QHash<int, QList<int>> pendingByStatus;
    struct Mark
    {
        int row;
        DecisionState state;
        QString message;
    };
    QList<Mark> marks;
    int touched = 0;
    for (const DecisionRecord& record : latest) {
        const std::optional<int> row = store.rows().rowOf(record.relationshipId);
        const std::optional<RelationshipStatus> status = statusFromName(record.status);
        if (!row || !status) {
            continue;
        }
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
            pendingByStatus[int(*status)].append(*row);
            break;
        case DecisionState::Failed:
        case DecisionState::Gone:
        case DecisionState::Conflict:
            pendingByStatus[int(*status)].append(*row);
            marks.append({*row, record.state, record.lastError});
            break;
        case DecisionState::Cancelled:
            break;
        }
    }
    if (!baselines.isEmpty()) {
        store.applyServerAnswers(baselines);
    }
    for (auto it = pendingByStatus.cbegin(); it != pendingByStatus.cend(); ++it) {
        store.markPending(it.value(), RelationshipStatus(it.key()));
    }
    for (const Mark& mark : std::as_const(marks)) {
        if (mark.state == DecisionState::Gone) {
            store.markGone(mark.row, mark.message);
        } else if (mark.state == DecisionState::Conflict) {
            store.markConflict(mark.row, mark.message);
        } else {
            store.markFailed(mark.row, mark.message);
        }
    }
    return touched;
}
