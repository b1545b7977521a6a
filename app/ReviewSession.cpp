#include "ReviewSession.h"

#include "BackgroundWork.h"
#include "CarriedForward.h"
#include "LoadJob.h"
#include "OfflineSnapshot.h"
#include "SyncEngine.h"
#include "TableNameStore.h"

#include <QFileInfo>

#include <utility>

using namespace Qt::StringLiterals;

ReviewSession::ReviewSession(RelationshipStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    connect(&m_client, &ApiClient::requestsInFlightChanged, this,
            [this] { emit requestsInFlightChanged(requestsInFlight()); });
    connect(&m_snapshotClient, &ApiClient::requestsInFlightChanged, this,
            [this] { emit requestsInFlightChanged(requestsInFlight()); });
    openJournal();
    m_tableNames = std::make_unique<TableNameStore>(m_store, m_journal.get());
    m_engine = std::make_unique<SyncEngine>(m_journal.get(), &m_client);
    m_carriedForward = std::make_unique<CarriedForward>(m_store);
    SyncConfig config; // requests in flight adapt: six over HTTP/1.1, up to 64 over HTTP/2
    // Bounded like every client's retries (429s count too): a request the server keeps refusing
    // is given up after these tries, about five minutes with the backoff at its cap; its
    // decisions stay pending in the journal for the next sync (Sync now, or the next decision).
    config.maxTransientAttempts = 12;
    m_engine->setConfig(config);
    m_engine->setStore(m_store);
    connect(m_engine.get(), &SyncEngine::tokenRequired, this,
            &ReviewSession::onEngineTokenRequired);
    connect(m_engine.get(), &SyncEngine::deliveryProblem, this, [this](const QString& message) {
        setLastError(message);
        m_lastErrorIsDelivery = true;
    });
    connect(m_engine.get(), &SyncEngine::decisionConfirmed, this,
            [this](qint64, const QUuid& relationshipId) {
                if (m_lastErrorIsDelivery) {
                    setLastError({}); // the retried problem is over
                }
                emit decisionConfirmed(relationshipId);
            });
    connect(m_engine.get(), &SyncEngine::decisionFailed, this,
            [this](qint64 decisionId, const QUuid& relationshipId, const QString& message) {
                const std::optional<DecisionRecord> record = m_journal->decision(decisionId);
                const RelationshipStatus status =
                    record ? statusFromName(record->status).value_or(RelationshipStatus::Unknown)
                           : RelationshipStatus::Unknown;
                setLastError(tr("%1 %2 failed: %3")
                                 .arg(statusDisplayName(status), shortId(relationshipId), message));
                emit decisionFailed(relationshipId, message);
            });
}

ReviewSession::~ReviewSession()
{
    // Load jobs use the client, which goes before the QObject base deletes children.
    const QList<LoadJob*> jobs = findChildren<LoadJob*>(Qt::FindDirectChildrenOnly);
    for (LoadJob* job : jobs) {
        delete job;
    }
    m_loadJob = nullptr;
    // The engine writes its last bookkeeping to the journal; both outlive it.
    m_engine.reset();
    m_carriedForward.reset(); // waits for its read of the journal
}

void ReviewSession::openJournal()
{
    m_journal = std::make_unique<DecisionJournal>();
    if (!m_journal->open()) {
        // No silent stand-in: until the journal opens (retryJournal()) or the analyst agrees to
        // hold decisions in memory, decisions are refused and the window says why.
        m_journalProblem = m_journal->lastError();
    }
}

ReviewSession::JournalState ReviewSession::journalState() const
{
    switch (m_journal->storage()) {
    case DecisionJournal::Storage::File:
        return JournalState::Durable;
    case DecisionJournal::Storage::Memory:
        return JournalState::HeldInMemory;
    case DecisionJournal::Storage::Closed:
        break;
    }
    return JournalState::Unavailable;
}

QString ReviewSession::decisionsRefusedReason() const
{
    if (m_journal->isOpen()) {
        return {};
    }
    return tr("Not recorded: the decision journal cannot be opened (%1). Retry, or hold "
              "decisions in memory, from the bar above the table.")
        .arg(m_journalProblem);
}

bool ReviewSession::retryJournal()
{
    if (m_journal->isDurable()) {
        return true;
    }
    if (m_journal->isOpen() && m_engine->origin().isValid()) {
        // The engine writes what it holds to the decisions held in memory first, so that they
        // move into the file complete.
        m_engine->setOrigin(m_engine->origin());
    }
    const bool opened = m_journal->open();
    m_journalProblem = opened ? QString() : m_journal->lastError();
    if (opened) {
        journalStorageChanged();
    }
    emit journalStateChanged();
    return opened;
}

bool ReviewSession::holdDecisionsInMemory()
{
    if (m_journal->isOpen()) {
        return true;
    }
    if (!m_journal->openInMemory()) {
        setLastError(m_journal->lastError());
        return false;
    }
    journalStorageChanged();
    emit journalStateChanged();
    return true;
}

int ReviewSession::decisionsLostOnExit() const
{
    if (journalState() != JournalState::HeldInMemory) {
        return 0;
    }
    const DecisionCounts counts = m_journal->countsAll();
    return counts.outstanding() + counts.failed() + counts.conflicts();
}

// The journal now records (in the file or in memory): the origin is registered there, and what
// it holds for the open rows shows on them.
void ReviewSession::journalStorageChanged()
{
    if (m_lastError.startsWith(tr("Not recorded:"))) {
        setLastError({});
    }
    m_tableNames->reload();
    const DecisionOrigin origin = m_engine->origin();
    if (!origin.isValid() || m_loading) {
        return; // registered when the load finishes
    }
    if (!m_engine->setOrigin(origin)) {
        setLastError(m_engine->lastError());
        return;
    }
    SyncEngine::restoreOverlay(*m_journal, m_engine->originId(), *m_store);
    if (m_carriedForward) {
        m_carriedForward->start(m_journal.get(), m_engine->originId());
    }
    emit originChanged();
    if (!m_snapshotOpen && m_engine->counts().pending() > 0) {
        m_engine->sync();
    }
}

void ReviewSession::setProfile(const ConnectionProfile& profile)
{
    // The client keeps the token bound to its origin: a profile on another server gets none.
    m_client.setProfile(profile);
    if (!m_snapshotOpen) {
        useLiveOrigin();
    }
}

void ReviewSession::setToken(const QString& token)
{
    const bool wasPaused = m_engine->isPausedForToken();
    m_tokenOrigin = Origin::of(m_client.profile().baseUrl);
    m_client.setToken(token, m_tokenOrigin);
    m_token = m_client.hasToken() ? token : QString();
    if (m_token.isEmpty()) {
        m_tokenOrigin = {};
    }
    updateSnapshotToken();
    // The engine hands the token to the client it uses, for that client's origin: only when the
    // token may go there.
    if (m_engine->client() == &m_client || snapshotTargetAllowed()) {
        m_engine->setToken(token);
    }
    if (wasPaused && !m_engine->isPausedForToken()) {
        setLastError({});
    }
}

Origin ReviewSession::snapshotTarget() const
{
    return m_snapshotOpen ? Origin::of(m_snapshotClient.profile().baseUrl) : Origin();
}

bool ReviewSession::snapshotTargetAllowed() const
{
    const Origin target = Origin::of(m_snapshotClient.profile().baseUrl);
    return target.isValid() && m_tokenOrigin.isValid() &&
           (target == m_tokenOrigin || m_originAnswers.value(target.toString(), false));
}

bool ReviewSession::snapshotTargetRefused() const
{
    const Origin target = snapshotTarget();
    return target.isValid() && !snapshotTargetAllowed() &&
           !m_originAnswers.value(target.toString(), true);
}

bool ReviewSession::needsOriginConfirmation() const
{
    const Origin target = snapshotTarget();
    // A target refused anyway (http:// to another machine) is not worth asking about.
    return target.isValid() && !m_token.isEmpty() && !snapshotTargetAllowed() &&
           !m_originAnswers.contains(target.toString()) && snapshotTransportProblem().isEmpty();
}

QString ReviewSession::snapshotTransportProblem() const
{
    return m_snapshotOpen ? Origin::transportProblem(m_snapshotClient.profile().baseUrl)
                          : QString();
}

QString ReviewSession::refusedTargetMessage() const
{
    return tr("Nothing was sent to %1: you chose not to send this snapshot's decisions and your "
              "token for %2 there. Connect to %1 (Ctrl+L) to send them.")
        .arg(snapshotTarget().toString(), m_tokenOrigin.toString());
}

void ReviewSession::updateSnapshotToken()
{
    // Until the token may go to the snapshot's server, the snapshot client holds it for the
    // token's own origin: it sends nothing with it, and the engine pauses rather than send.
    m_snapshotClient.setToken(m_token, snapshotTargetAllowed()
                                           ? Origin::of(m_snapshotClient.profile().baseUrl)
                                           : m_tokenOrigin);
}

void ReviewSession::answerOriginConfirmation(const Origin& origin, bool send)
{
    if (!origin.isValid()) {
        return;
    }
    m_originAnswers.insert(origin.toString(), send);
    if (origin != snapshotTarget()) {
        return; // another snapshot is open by now; the answer waits for this origin
    }
    updateSnapshotToken();
    const bool syncWanted = std::exchange(m_syncAfterConfirmation, false);
    if (!send) {
        m_engine->stop();
        setLastError(refusedTargetMessage());
        return;
    }
    if (m_engine->client() == &m_snapshotClient) {
        m_engine->setToken(m_token); // resumes a run that paused for it
    }
    if (syncWanted) {
        m_engine->sync();
    }
}

void ReviewSession::onEngineTokenRequired(const QString& reason)
{
    if (m_snapshotOpen && m_engine->client() == &m_snapshotClient) {
        if (const QString problem = snapshotTransportProblem(); !problem.isEmpty()) {
            m_engine->stop();
            setLastError(tr("Nothing was sent: %1").arg(problem));
            return;
        }
        if (needsOriginConfirmation()) {
            emit originConfirmationRequired(snapshotTarget(), m_tokenOrigin);
            return;
        }
        if (snapshotTargetRefused()) {
            m_engine->stop();
            setLastError(refusedTargetMessage());
            return;
        }
    }
    setLastError(reason);
    emit tokenRequired(reason);
}

void ReviewSession::setMaxInFlight(int count)
{
    SyncConfig config = m_engine->config();
    config.maxInFlight = qMax(1, count);
    m_engine->setConfig(config);
}

bool ReviewSession::isPausedForToken() const
{
    return m_engine->isPausedForToken();
}

QString ReviewSession::sourceDescription() const
{
    return m_sourceDescription.isEmpty() ? tr("nothing open") : m_sourceDescription;
}

int ReviewSession::outstandingDecisions() const
{
    m_engine->refreshCounts();
    return m_engine->counts().outstanding();
}

void ReviewSession::setLastError(const QString& message)
{
    m_lastErrorIsDelivery = false;
    if (message == m_lastError) {
        return;
    }
    m_lastError = message;
    emit lastErrorChanged(message);
}

void ReviewSession::syncNow()
{
    if (const QString problem = snapshotTransportProblem(); !problem.isEmpty()) {
        setLastError(tr("Nothing was sent: %1").arg(problem));
        return;
    }
    if (needsOriginConfirmation()) {
        m_syncAfterConfirmation = true;
        emit originConfirmationRequired(snapshotTarget(), m_tokenOrigin);
        return;
    }
    if (snapshotTargetRefused()) {
        setLastError(refusedTargetMessage());
        return;
    }
    m_engine->sync();
}

SnapshotSource ReviewSession::snapshotSource() const
{
    if (m_snapshotOpen) {
        SnapshotSource source = m_snapshotHeader.source;
        const DecisionOrigin& origin = m_engine->origin();
        if (source.baseUrl.isEmpty()) {
            source.baseUrl = origin.baseUrl;
        }
        if (source.integrationSourceId.isNull()) {
            source.integrationSourceId = origin.integrationSourceId;
        }
        return source;
    }
    SnapshotSource source;
    const ConnectionProfile& live = m_client.profile();
    source.baseUrl = live.baseUrl.toString();
    source.integrationSourceId = live.integrationSourceId;
    for (auto it = live.scope.cbegin(); it != live.scope.cend(); ++it) {
        if (!it.value().isNull()) {
            source.scope.insert(it.key(), it.value().toString(QUuid::WithoutBraces));
        }
    }
    return source;
}

// ---- where decisions belong ----------------------------------------------------------------

void ReviewSession::useLiveOrigin()
{
    m_snapshotOpen = false;
    m_engine->setClient(&m_client);
    const ConnectionProfile& profile = m_client.profile();
    if (profile.integrationSourceId.isNull()) {
        return;
    }
    const DecisionOrigin origin = DecisionOrigin::forLive(profile);
    if (origin.key == m_engine->origin().key) {
        return; // the same source: keep what is under way
    }
    // A journal that is not open says so in its own place (journalState()), not as an error of
    // this source.
    if (!m_engine->setOrigin(origin) && m_journal->isOpen()) {
        setLastError(m_engine->lastError());
    }
    emit originChanged();
}

void ReviewSession::useSnapshotOrigin(const QString& path, const SnapshotHeader& header,
                                      const QString& fingerprint)
{
    DecisionOrigin origin = OfflineSnapshot::originFor(path, header, m_store->rows(), fingerprint);
    if (!origin.isValid()) {
        m_readOnlyReason = tr("%1 can no longer be read, so decisions on it cannot be recorded.")
                               .arg(QFileInfo(path).fileName());
        m_readOnly = true;
        return;
    }
    // Where its decisions go: the snapshot's server. A bare list names none; then the one an
    // earlier sync recorded, else the one this window is connected to.
    if (const std::optional<qint64> known = m_journal->originIdForKey(origin.key)) {
        if (const std::optional<DecisionOrigin> recorded = m_journal->origin(*known)) {
            if (origin.baseUrl.isEmpty()) {
                origin.baseUrl = recorded->baseUrl;
            }
            if (origin.integrationSourceId.isNull()) {
                origin.integrationSourceId = recorded->integrationSourceId;
            }
            if (origin.scope.isEmpty()) {
                origin.scope = recorded->scope;
            }
        }
    }
    const ConnectionProfile& live = m_client.profile();
    if (origin.baseUrl.isEmpty()) {
        origin.baseUrl = live.baseUrl.toString();
    }
    if (origin.integrationSourceId.isNull()) {
        origin.integrationSourceId = live.integrationSourceId;
    }
    ConnectionProfile target;
    target.name = live.name;
    target.baseUrl = QUrl(origin.baseUrl);
    target.integrationSourceId = origin.integrationSourceId;
    for (auto it = origin.scope.constBegin(); it != origin.scope.constEnd(); ++it) {
        const QUuid id = QUuid::fromString(it.value().toString());
        if (!id.isNull() && it.key() != "integration_source_id"_L1) {
            target.scope.insert(it.key(), id);
        }
    }
    target.caCertificates = live.caCertificates;
    m_snapshotClient.setProfile(target);
    m_snapshotClient.setTransferTimeoutMs(m_client.transferTimeoutMs());
    updateSnapshotToken();

    m_snapshotOpen = true;
    m_engine->setClient(&m_snapshotClient);
    if (!m_engine->setOrigin(origin)) {
        if (!m_journal->isOpen()) {
            // Refused until the journal opens (decisionsRefusedReason()), and taken up then by
            // journalStorageChanged(): not a read-only snapshot.
            m_readOnly = false;
            m_readOnlyReason.clear();
            return;
        }
        m_readOnlyReason = tr("Decisions cannot be recorded: %1").arg(m_engine->lastError());
        m_readOnly = true;
        return;
    }
    m_readOnly = false;
    m_readOnlyReason.clear();
    // Reopening a snapshot shows the decisions made on it.
    SyncEngine::restoreOverlay(*m_journal, m_engine->originId(), *m_store);
    if (m_carriedForward) {
        m_carriedForward->start(m_journal.get(), m_engine->originId());
    }
    emit originChanged();
}

// ---- loading ---------------------------------------------------------------------------------

void ReviewSession::loadLive()
{
    const QString problem = profile().validate();
    if (!problem.isEmpty()) {
        m_lastLoadError = ApiError{ApiError::Kind::Validation, 0, problem, -1};
        emit loadFinished(false, problem);
        return;
    }
    startLoad(LoadJob::live(&m_client, this));
}

void ReviewSession::openSnapshot(const QString& path)
{
    m_snapshotPath = path;
    startLoad(LoadJob::snapshot(path, this));
}

void ReviewSession::cancelLoad()
{
    if (!m_loadJob || !m_loading) {
        return;
    }
    // Answer at once; the job winds down in the background and is deleted when it has.
    LoadJob* job = m_loadJob;
    m_loadJob = nullptr;
    disconnect(job, nullptr, this, nullptr);
    job->cancel();
    job->deleteWhenIdle();
    dropPartialRows();
    finishLoad(false, tr("Loading cancelled."));
}

void ReviewSession::startLoad(LoadJob* job)
{
    if (m_loadJob) {
        LoadJob* previous = m_loadJob;
        m_loadJob = nullptr;
        delete previous; // cancels it and waits for its worker
    }
    m_loadJob = job;
    ++m_loadSerial;
    m_loading = true;
    m_lastLoadError = {};
    m_sourceDescription = job->description();
    connect(job, &LoadJob::progress, this, &ReviewSession::loadProgress);
    connect(job, &LoadJob::phaseChanged, this, &ReviewSession::loadPhaseChanged);
    connect(job, &LoadJob::rowsFinished, this, [this, job] { onRowsFinished(job); });
    connect(job, &LoadJob::firstRowsReady, this, [this, job] { onFirstRows(job); });
    connect(job, &LoadJob::catalogFinished, this, [this, job] { onCatalogFinished(job); });
    emit loadStarted(tr("Loading %1…").arg(job->description()));
    job->setSortSpec(m_store->sortSpec());
    job->start();
}

void ReviewSession::finishLoad(bool ok, const QString& message)
{
    m_loading = false;
    emit loadFinished(ok, message);
}

void ReviewSession::onRowsFinished(LoadJob* job)
{
    if (job != m_loadJob) {
        return;
    }
    if (!job->ok()) {
        m_lastLoadError = job->error();
        if (m_lastLoadError.ok()) {
            m_lastLoadError.kind =
                job->cancelled() ? ApiError::Kind::Cancelled : ApiError::Kind::BadResponse;
            m_lastLoadError.message = job->message();
        }
        m_loadJob = nullptr;
        job->deleteWhenIdle();
        dropPartialRows();
        finishLoad(false, job->message());
        if (m_lastLoadError.kind == ApiError::Kind::Auth) {
            emit tokenRequired(m_lastLoadError.message); // then load again with the new token
        }
        return;
    }

    ParsedDocument document = job->takeDocument();
    ColumnCatalog catalog = std::move(document.catalog);
    if (job->catalogDone()) {
        if (std::optional<ColumnCatalog> columns = job->takeColumns()) {
            catalog = std::move(*columns);
        }
    }
    const bool snapshot = job->kind() == LoadJob::Kind::Snapshot;
    const QString fingerprint = job->fingerprint();
    const SnapshotHeader header = document.header;
    const int count = document.rows.size();
    m_showingPartialRows = false;
    m_tableNames->applyTo(catalog);
    m_store->adopt(std::move(document.rows), std::move(catalog), job->takeLabels(),
                   job->takePreparedOrder());
    if (job->catalogDone()) {
        m_loadJob = nullptr;
        job->deleteLater();
    }
    const QString loaded =
        tr("Loaded %n relationship(s) from %1.", nullptr, count).arg(m_sourceDescription);
    if (!snapshot) {
        m_snapshotHeader = {};
        m_readOnly = false;
        useLiveOrigin();
        // Decisions made on this source before (a crash, a kill, no network) show again, and
        // the ones still pending go now.
        SyncEngine::restoreOverlay(*m_journal, m_engine->originId(), *m_store);
        if (m_carriedForward) {
            m_carriedForward->start(m_journal.get(), m_engine->originId());
        }
        m_engine->refreshCounts();
        if (m_engine->counts().pending() > 0) {
            m_engine->sync();
        }
        finishLoad(true, loaded);
        return;
    }
    m_snapshotHeader = header;
    if (!fingerprint.isEmpty()) { // hashed during the parse
        useSnapshotOrigin(m_snapshotPath, header, fingerprint);
        finishLoad(true, loaded);
        return;
    }
    // A snapshot's decisions are kept under a fingerprint of the file, hashed off the UI
    // thread; until it is known, nothing can be recorded on it.
    m_readOnly = true;
    m_readOnlyReason = tr("The snapshot is still being opened; decide once it has loaded.");
    const QString path = m_snapshotPath;
    const quint64 serial = m_loadSerial;
    m_fingerprints.run(
        [path](const std::atomic_bool&) { return DecisionOrigin::snapshotFingerprint(path); },
        [this, path, header, serial, loaded](const QString& computed) {
            if (serial != m_loadSerial) {
                return; // another load replaced this one
            }
            useSnapshotOrigin(path, header, computed);
            finishLoad(true, loaded);
        });
}

void ReviewSession::onFirstRows(LoadJob* job)
{
    std::shared_ptr<RowSortOrder> order;
    std::shared_ptr<const ListLabels> labels;
    std::optional<RelationshipRows> rows = job->takeFirstRows(&order, &labels);
    // Only into an empty window (or over the previous preview of the same load, with more rows):
    // a list already shown is complete, and better to look at than the start of the next one
    // until that one is whole.
    if (job != m_loadJob || !m_loading || !rows || (m_store->size() > 0 && !m_showingPartialRows) ||
        rows->size() <= (m_showingPartialRows ? m_store->size() : 0))
        return;
    m_showingPartialRows = true;
    const int count = rows->size();
    m_store->adopt(std::move(*rows), ColumnCatalog(), std::move(labels), std::move(order));
    emit partialRowsShown(count);
}

// Nothing partial stays on screen as if it were the list.
void ReviewSession::dropPartialRows()
{
    if (!m_showingPartialRows)
        return;
    m_showingPartialRows = false;
    m_store->clear();
}

void ReviewSession::onCatalogFinished(LoadJob* job)
{
    if (job != m_loadJob || !job->rowsDone() || m_loading) {
        return; // the rows take the catalog along when they are adopted
    }
    if (std::optional<ColumnCatalog> columns = job->takeColumns()) {
        m_tableNames->applyTo(*columns);
        m_store->setCatalog(std::move(*columns));
    }
    m_loadJob = nullptr;
    job->deleteLater();
}

// ---- deciding --------------------------------------------------------------------------------

void ReviewSession::decide(const QList<int>& storeRows, RelationshipStatus status)
{
    decideRows(storeRows, status, Delivery::Immediate);
}

ReviewSession::RecordedStep ReviewSession::decideRows(const QList<int>& storeRows,
                                                      RelationshipStatus status, Delivery delivery)
{
    const PreparedDecisions prepared = prepareDecisions(storeRows, status);
    if (prepared.decisions.isEmpty()) {
        return {};
    }
    // Durable first: a decision the journal did not take is not shown as made.
    const QList<qint64> ids = m_journal->record(prepared.originId, prepared.decisions);
    return recordedDecisions(prepared, ids, delivery);
}

ReviewSession::PreparedDecisions ReviewSession::prepareDecisions(const QList<int>& storeRows,
                                                                 RelationshipStatus status,
                                                                 qint64 stepId)
{
    PreparedDecisions prepared;
    prepared.status = status;
    if (m_showingPartialRows) {
        setLastError(tr("The list is still loading; decide once it has loaded."));
        return prepared;
    }
    if (const QString refused = decisionsRefusedReason(); !refused.isEmpty()) {
        setLastError(refused);
        return prepared;
    }
    if (m_readOnly) {
        setLastError(m_readOnlyReason.isEmpty() ? tr("Decisions cannot be recorded on this list.")
                                                : m_readOnlyReason);
        return prepared;
    }
    if (statusName(status).isEmpty()) {
        return prepared;
    }
    if (m_engine->originId() <= 0) {
        setLastError(tr("Connect to an integration source or open a snapshot to decide."));
        return prepared;
    }
    prepared.originId = m_engine->originId();
    prepared.stepId = stepId > 0 ? stepId : m_journal->nextStepId();
    const RelationshipRows& rows = m_store->rows();
    QList<int> toClear;
    for (const int row : storeRows) {
        if (row < 0 || row >= rows.size()) {
            continue;
        }
        const DeliveryState delivery = m_store->delivery(row);
        if (delivery == DeliveryState::Gone) {
            continue; // the server no longer knows it; nothing to send
        }
        if (delivery != DeliveryState::Pending && rows.row(row).status == status) {
            // Already so on the server: nothing to send, and a failure shown there is moot.
            if (delivery != DeliveryState::None) {
                toClear.append(row);
            }
            continue;
        }
        NewDecision decision;
        decision.relationshipId = rows.row(row).id;
        decision.status = statusName(status);
        decision.previousStatus = rows.statusText(row);
        decision.serverUpdatedMs = rows.row(row).updatedAtMs;
        decision.stepId = prepared.stepId;
        decision.pair = {rows.row(row).fromColumnId, rows.row(row).toTableId,
                         rows.toColumnName(row)};
        prepared.decisions.append(decision);
        prepared.rows.append(row);
    }
    if (!toClear.isEmpty()) {
        m_store->overlay().clear(toClear);
    }
    return prepared;
}

ReviewSession::RecordedStep ReviewSession::recordedDecisions(const PreparedDecisions& prepared,
                                                             const QList<qint64>& ids,
                                                             Delivery delivery)
{
    RecordedStep recorded;
    if (prepared.decisions.isEmpty()) {
        return recorded;
    }
    if (ids.size() != prepared.decisions.size()) {
        setLastError(tr("The decision could not be recorded, so it was not made: %1")
                         .arg(m_journal->lastError()));
        return recorded;
    }
    if (prepared.originId != m_engine->originId()) {
        return recorded; // another source or snapshot was opened meanwhile: not these rows
    }
    m_store->overlay().markPending(prepared.rows, prepared.status);
    recorded.stepId = prepared.stepId;
    recorded.decisionIds = ids;
    recorded.rows = prepared.rows;
    if (m_snapshotOpen) {
        m_engine->refreshCountsSoon(); // offline review: sent when the analyst syncs
        return recorded;
    }
    if (delivery != Delivery::Held) {
        // Just recorded: the engine takes them as they are, without reading them back.
        m_engine->deliverRecorded(ids, prepared.decisions, delivery == Delivery::Bulk);
    }
    return recorded;
}

bool ReviewSession::setReason(const QList<qint64>& decisionIds, const DecisionReason& reason)
{
    if (decisionIds.isEmpty()) {
        return false;
    }
    if (!m_journal->setReason(decisionIds, reason)) {
        setLastError(tr("The reason could not be recorded: %1").arg(m_journal->lastError()));
        return false;
    }
    emit reasonChanged(decisionIds, reason);
    return true;
}

QList<qint64> ReviewSession::withdraw(const QList<qint64>& decisionIds)
{
    // The engine reports what becomes of each row to the store's overlay.
    const QList<qint64> withdrawn = m_engine->withdraw(decisionIds);
    if (!withdrawn.isEmpty()) {
        m_engine->refreshCountsSoon();
    }
    return withdrawn;
}
