#include "ReviewSession.h"

#include "LoadJob.h"

#include <QMap>
#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Without automatic retry (that comes with the journal), a 429 is still worth a few patient
// attempts: the server said when to come back.
constexpr int MaxRateLimitedAttempts = 5;
constexpr qint64 MaxRateLimitWaitMs = 60 * 1000;

} // namespace

ReviewSession::ReviewSession(RelationshipStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_rateLimitTimer(new QTimer(this))
{
    m_rateLimitTimer->setSingleShot(true);
    connect(m_rateLimitTimer, &QTimer::timeout, this, &ReviewSession::pump);
    connect(&m_client, &ApiClient::requestsInFlightChanged, this,
            &ReviewSession::requestsInFlightChanged);
}

ReviewSession::~ReviewSession()
{
    // Load jobs use the client, which goes before the QObject base deletes children.
    const QList<LoadJob*> jobs = findChildren<LoadJob*>(Qt::FindDirectChildrenOnly);
    for (LoadJob* job : jobs) {
        delete job;
    }
    m_loadJob = nullptr;
}

void ReviewSession::setProfile(const ConnectionProfile& profile)
{
    m_client.setProfile(profile);
}

void ReviewSession::setToken(const QString& token)
{
    m_client.setToken(token);
    if (m_pausedForToken && m_client.hasToken()) {
        m_pausedForToken = false;
        m_tokenRequestedThisPause = false;
        setLastError({});
        pump();
    }
}

QString ReviewSession::sourceDescription() const
{
    return m_sourceDescription.isEmpty() ? tr("nothing open") : m_sourceDescription;
}

int ReviewSession::outstandingDecisions() const
{
    int count = int(m_sending.size());
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it) {
        if (!m_sending.contains(it.key())) {
            ++count;
        }
    }
    return count;
}

void ReviewSession::setLastError(const QString& message)
{
    if (message == m_lastError) {
        return;
    }
    m_lastError = message;
    emit lastErrorChanged(message);
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
    m_loading = true;
    m_lastLoadError = {};
    m_sourceDescription = job->description();
    connect(job, &LoadJob::progress, this, &ReviewSession::loadProgress);
    connect(job, &LoadJob::phaseChanged, this, &ReviewSession::loadPhaseChanged);
    connect(job, &LoadJob::rowsFinished, this, [this, job] { onRowsFinished(job); });
    connect(job, &LoadJob::firstRowsReady, this, [this, job] { onFirstRows(job); });
    connect(job, &LoadJob::catalogFinished, this, [this, job] { onCatalogFinished(job); });
    emit loadStarted(tr("Loading %1…").arg(job->description()));
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
    m_readOnly = job->kind() == LoadJob::Kind::Snapshot;
    const int count = document.rows.size();
    m_showingPartialRows = false;
    m_store->adopt(std::move(document.rows), std::move(catalog));
    remarkOutstanding();
    if (job->catalogDone()) {
        m_loadJob = nullptr;
        job->deleteLater();
    }
    finishLoad(true,
               tr("Loaded %n relationship(s) from %1.", nullptr, count).arg(m_sourceDescription));
}

void ReviewSession::onFirstRows(LoadJob* job)
{
    std::optional<RelationshipRows> rows = job->takeFirstRows();
    // Only into an empty window: a list already shown is complete, and better to look at than
    // the start of the next one until that one is whole.
    if (job != m_loadJob || !m_loading || !rows || m_store->size() > 0)
        return;
    m_showingPartialRows = true;
    const int count = rows->size();
    m_store->adopt(std::move(*rows), ColumnCatalog());
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
        m_store->setCatalog(std::move(*columns));
    }
    m_loadJob = nullptr;
    job->deleteLater();
}

void ReviewSession::remarkOutstanding()
{
    // Decisions outlive a reload: rows that still wait for an answer show their intent again.
    QMap<RelationshipStatus, QList<int>> rowsByStatus;
    QSet<QUuid> ids;
    for (auto it = m_sending.cbegin(); it != m_sending.cend(); ++it) {
        ids.insert(it.key());
    }
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it) {
        ids.insert(it.key());
    }
    for (const QUuid& id : std::as_const(ids)) {
        const std::optional<int> row = m_store->rows().rowOf(id);
        if (row) {
            rowsByStatus[m_waiting.value(id, m_sending.value(id))].append(*row);
        }
    }
    for (auto it = rowsByStatus.cbegin(); it != rowsByStatus.cend(); ++it) {
        m_store->markPending(it.value(), it.key());
    }
}

// ---- deciding --------------------------------------------------------------------------------

void ReviewSession::decide(const QList<int>& storeRows, RelationshipStatus status)
{
    if (m_showingPartialRows) {
        setLastError(tr("The list is still loading; decide once it has loaded."));
        return;
    }
    if (m_readOnly) {
        setLastError(tr("This snapshot is open read-only; decisions on it are not sent."));
        return;
    }
    if (statusName(status).isEmpty()) {
        return;
    }
    const RelationshipRows& rows = m_store->rows();
    QList<int> toMark;
    QList<int> toClear;
    for (const int row : storeRows) {
        if (row < 0 || row >= rows.size()) {
            continue;
        }
        const QUuid id = rows.row(row).id;
        const DeliveryState delivery = m_store->delivery(row);
        if (delivery == DeliveryState::Gone) {
            continue; // the server no longer knows it; nothing to send
        }
        const bool outstanding = m_waiting.contains(id) || m_sending.contains(id);
        if (!outstanding && rows.row(row).status == status) {
            // Already so on the server: nothing to send, and a failure shown there is moot.
            if (delivery != DeliveryState::None) {
                toClear.append(row);
            }
            continue;
        }
        recordIntent(id, status);
        toMark.append(row);
    }
    if (!toClear.isEmpty()) {
        m_store->clearReviewState(toClear);
    }
    if (!toMark.isEmpty()) {
        m_store->markPending(toMark, status);
    }
    pump();
}

void ReviewSession::recordIntent(const QUuid& id, RelationshipStatus status)
{
    const auto sending = m_sending.constFind(id);
    if (sending != m_sending.cend()) {
        // The request in flight already carries this intent: anything waiting is superseded.
        if (*sending == status) {
            m_waiting.remove(id);
        } else {
            m_waiting.insert(id, status); // sent when the one in flight has finished
        }
        return;
    }
    if (!m_waiting.contains(id)) {
        m_queue.enqueue(id);
    }
    m_waiting.insert(id, status); // a newer intent replaces a queued one
}

void ReviewSession::pump()
{
    if (m_pausedForToken || m_rateLimitTimer->isActive()) {
        return;
    }
    while (m_sending.size() < m_maxInFlight && !m_queue.isEmpty()) {
        if (!m_client.hasToken()) {
            pauseForToken(tr("No API token is set."));
            return;
        }
        const QUuid id = m_queue.dequeue();
        if (m_sending.contains(id)) {
            continue; // queued again when the request in flight has finished
        }
        const auto waiting = m_waiting.constFind(id);
        if (waiting == m_waiting.cend()) {
            continue; // superseded
        }
        const Intent intent{id, *waiting};
        m_waiting.erase(waiting);
        send(intent);
    }
}

void ReviewSession::send(const Intent& intent)
{
    m_sending.insert(intent.id, intent.status);
    m_client.updateStatus(intent.id, intent.status, this,
                          [this, intent](const ApiError& error, const Relationship& answer) {
                              onAnswer(intent, error, answer);
                          });
}

void ReviewSession::requeueFront(const Intent& intent)
{
    if (!m_waiting.contains(intent.id)) {
        m_waiting.insert(intent.id, intent.status);
    }
    m_queue.prepend(intent.id);
}

void ReviewSession::pauseForToken(const QString& reason)
{
    m_pausedForToken = true;
    setLastError(reason);
    if (!m_tokenRequestedThisPause) {
        m_tokenRequestedThisPause = true;
        emit tokenRequired(reason);
    }
}

void ReviewSession::onAnswer(const Intent& intent, const ApiError& error,
                             const Relationship& answer)
{
    m_sending.remove(intent.id);
    // Answers for a list that is no longer open (a snapshot replaced it) change nothing shown.
    const std::optional<int> row = m_readOnly ? std::nullopt : m_store->rows().rowOf(intent.id);
    const auto newerWaiting = m_waiting.constFind(intent.id);
    const bool hasNewer = newerWaiting != m_waiting.cend();

    if (error.ok()) {
        m_rateLimitedAttempts.remove(intent.id);
        if (row) {
            m_store->applyServerAnswer(*row, answer);
            if (hasNewer) {
                m_store->markPending({*row}, *newerWaiting);
            }
        }
        if (hasNewer) {
            m_queue.enqueue(intent.id);
        } else {
            emit decisionConfirmed(intent.id);
        }
        pump();
        return;
    }

    switch (error.kind) {
    case ApiError::Kind::Auth:
        // Nothing is lost: the intent goes back to the front and everything waits for a token.
        requeueFront(intent);
        pauseForToken(error.message);
        return;
    case ApiError::Kind::RateLimited:
        if (++m_rateLimitedAttempts[intent.id] <= MaxRateLimitedAttempts) {
            requeueFront(intent);
            const qint64 waitMs = error.retryAfterMs >= 0
                                      ? qMin(error.retryAfterMs, MaxRateLimitWaitMs)
                                      : qint64(1000) * m_rateLimitedAttempts.value(intent.id);
            setLastError(error.message);
            m_rateLimitTimer->start(int(waitMs));
            return;
        }
        break;
    case ApiError::Kind::Cancelled:
        return;
    default:
        break;
    }

    m_rateLimitedAttempts.remove(intent.id);
    const QString message = error.kind == ApiError::Kind::NotFound
                                ? tr("Gone from the server: %1").arg(error.message)
                                : error.message;
    setLastError(
        tr("%1 %2 failed: %3").arg(statusDisplayName(intent.status), shortId(intent.id), message));
    emit decisionFailed(intent.id, message);

    if (error.kind == ApiError::Kind::NotFound) {
        // A gone relationship takes no further decisions.
        m_waiting.remove(intent.id);
        if (row) {
            m_store->markGone(*row, message);
        }
    } else if (hasNewer) {
        // The newer intent may well succeed where this one failed: the row stays pending for it.
        m_queue.enqueue(intent.id);
    } else if (row) {
        m_store->markFailed(*row, message);
    }
    pump();
}
