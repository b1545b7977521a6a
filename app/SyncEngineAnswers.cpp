// SyncEngine, continued: what the engine makes of the server's answers (PUT, bulk call, re-read)
// and of failures: retried, paused, halved, asked again row by row, or settled. The engine's
// runs and public API are in SyncEngine.cpp.
#include "DeliveryOutcomes.h"
#include "JournalBookkeeping.h"
#include "SyncEngine.h"

#include <QElapsedTimer>
#include <QLocale>

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', ms < 10000 ? 1 : 0);
}

// How long one slice of a re-read's answers may take before its store update (which costs about
// as much again): the whole slice stays well under the 50 ms a user notices.
constexpr qint64 VerificationSliceMs = 4;

} // namespace

// The answers of one confirming re-read, applied a slice per turn of the event loop.
struct SyncEngine::VerificationRun
{
    Job job;
    std::shared_ptr<ServerListRead::Result> result;
    qsizetype next = 0;
    QList<Item> fallback;
};

void SyncEngine::finishJob(const Job& job, const ApiError& error)
{
    if (m_client && m_client->lastHttpVersion() > 0)
        m_queue.setProtocol(m_client->lastHttpVersion() >= 2 ? DeliveryWindow::Protocol::Http2
                                                             : DeliveryWindow::Protocol::Http1);
    // Too many requests, or a server (or the gateway in front of it) out of breath: fewer at
    // once. Any other answer from the server: it copes.
    DeliveryWindow::Answer answer = DeliveryWindow::Answer::Other;
    const int status = error.httpStatus;
    if (error.kind == ApiError::Kind::RateLimited || status == 429 || status == 502 ||
        status == 503 || status == 504)
        answer = DeliveryWindow::Answer::Overload;
    else if (error.ok())
        answer = DeliveryWindow::Answer::Success;
    m_queue.finished(job, answer);
}

bool SyncEngine::handleCommonError(Job& job, const ApiError& error)
{
    switch (error.kind) {
    case ApiError::Kind::Cancelled:
        m_outcomes->backToPending(job.items, {});
        return true;
    case ApiError::Kind::Auth:
        // Nothing more goes out until a token is given; this request is the first to go again.
        if (m_queue.isCurrent(job)) {
            m_outcomes->stillOnItsWay(job.items, DecisionState::Pending, error.message);
            m_queue.requeue(job);
        } else {
            m_outcomes->backToPending(job.items, error.message);
        }
        pauseForToken(error.message);
        return true;
    case ApiError::Kind::RateLimited: {
        // A 429 is a try like any other: a server that answers nothing else ends the run.
        if (giveUpAfter(job, error))
            return true;
        const qint64 wait = m_queue.retryDelay(job, error.retryAfterMs);
        m_queue.holdUntil(nowMs() + wait);
        if (m_queue.isCurrent(job))
            m_queue.requeue(job);
        else
            m_outcomes->backToPending(job.items, error.message);
        emit statusMessage(tr("Rate limited by the server: waiting %1 s").arg(seconds(wait)));
        emit deliveryProblem(tr("Rate limited by the server: waiting %1 s").arg(seconds(wait)));
        return true;
    }
    case ApiError::Kind::Server:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Network:
    case ApiError::Kind::Storage:
        if (error.permanent)
            return false; // a redirect loop, another origin, TLS: asking again changes nothing
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

void SyncEngine::giveUpConflictCheck(const QString& message)
{
    const QList<Item> waiting = m_conflictCheck.takeWaiting();
    m_outcomes->backToPending(waiting, message);
    m_runGaveUp += int(waiting.size());
    markSettled(int(waiting.size()));
}

bool SyncEngine::giveUpAfter(Job& job, const ApiError& error)
{
    const bool lastTry = m_queue.countTry(job);
    if (!m_queue.isCurrent(job)) {
        m_outcomes->backToPending(job.items, error.message);
        return true;
    }
    if (!lastTry)
        return false;
    // This run gives up on them; they stay pending for the next sync.
    m_outcomes->backToPending(job.items, error.message);
    if (job.kind == JobKind::ConflictRead)
        giveUpConflictCheck(error.message);
    m_runGaveUp += int(job.items.size());
    markSettled(int(job.items.size()));
    m_runStopReason = tr("%1 (gave up after %n tries)", nullptr, job.attempt).arg(error.message);
    return true;
}

void SyncEngine::retryLater(Job job, const ApiError& error)
{
    if (giveUpAfter(job, error))
        return;
    const qint64 jittered = m_queue.retryDelay(job, -1);
    job.notBeforeMs = nowMs() + jittered;
    m_outcomes->stillOnItsWay(
        job.items, job.kind == JobKind::Verify ? DecisionState::Sending : DecisionState::Pending,
        error.message);
    emit statusMessage(tr("%1 Retrying in %2 s.").arg(error.message, seconds(jittered)));
    emit deliveryProblem(tr("%1 Retrying in %2 s.").arg(error.message, seconds(jittered)));
    m_queue.requeue(job);
}

void SyncEngine::onPutAnswer(Job job, const ApiError& error, const Relationship& answer)
{
    finishJob(job, error);
    const Item item = job.items.first();
    if (error.ok()) {
        m_outcomes->confirmed(item, answer.updatedAtMs, answer);
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else if (error.kind == ApiError::Kind::NotFound) {
        m_outcomes->failed(item, DecisionState::Gone, error.message);
    } else if (error.kind == ApiError::Kind::BadResponse ||
               error.kind == ApiError::Kind::TooLarge) {
        // An answer arrived but could not be used: the status may well have been applied.
        // Re-reading tells.
        if (item.verifyFallback) {
            m_outcomes->failed(item, DecisionState::Failed, error.message);
        } else if (!m_queue.isCurrent(job)) {
            m_outcomes->backToPending(job.items, error.message);
        } else {
            Item verify = item;
            verify.verifyFallback = true;
            m_queue.awaitVerification(verify, job.status);
        }
    } else {
        m_outcomes->failed(item, DecisionState::Failed, error.message);
    }
    pump();
}

void SyncEngine::onBulkAnswer(Job job, const ApiError& error, const QByteArray& answer)
{
    finishJob(job, error);
    const bool unusableButAnswered = error.kind == ApiError::Kind::BadResponse &&
                                     error.httpStatus >= 200 && error.httpStatus < 300;
    if ((error.ok() || unusableButAnswered) && !m_queue.isCurrent(job)) {
        // Stopped meanwhile: the next run finds out whether it was applied.
        m_outcomes->backToPending(job.items, {});
    } else if (error.ok() || unusableButAnswered) {
        // The answer's members are not documented: the re-read confirms, and a re-read that
        // does not show the status quotes what the server claimed.
        QString claim = QString::fromUtf8(answer.left(4096)).simplified();
        if (m_client)
            claim = m_client->withoutToken(claim); // a server may echo what it was sent
        if (claim.size() > 200)
            claim = claim.left(200) + u'…';
        if (claim.isEmpty())
            claim = tr("an empty answer");
        for (Item item : std::as_const(job.items)) {
            item.bulkAnswer = claim;
            m_queue.awaitVerification(item, job.status);
        }
    } else if (error.kind != ApiError::Kind::Auth &&
               (error.httpStatus == 404 || error.httpStatus == 405)) {
        if (m_queue.markBulkUnsupported())
            emit statusMessage(
                tr("The server has no bulk endpoint; sending one request per decision."));
        if (m_queue.isCurrent(job))
            m_queue.queueBacklog(job.items, true);
        else
            m_outcomes->backToPending(job.items, error.message);
    } else if (error.kind == ApiError::Kind::TooLarge || error.kind == ApiError::Kind::Validation) {
        if (!m_queue.isCurrent(job)) {
            m_outcomes->backToPending(job.items, error.message);
        } else if (job.items.size() > 1) {
            // Too many ids for the server, or one bad id spoiling the batch: halve, for this
            // batch and the rest of the run.
            const int batchSize = m_queue.splitBatch(job);
            emit statusMessage(tr("The server refused %1 ids in one call; sending %2 at a time.")
                                   .arg(job.items.size())
                                   .arg(batchSize));
        } else {
            // One id the bulk call refuses: its own PUT says why, or goes through.
            Job put = job;
            put.kind = JobKind::Put;
            put.attempt = 0;
            put.notBeforeMs = 0;
            m_queue.requeue(put);
        }
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else {
        for (const Item& item : std::as_const(job.items))
            m_outcomes->failed(item, DecisionState::Failed, error.message);
    }
    pump();
}

void SyncEngine::onReadAnswer(Job job, const ApiError& answerError,
                              std::shared_ptr<ServerListRead::Result> result)
{
    finishJob(job, answerError);
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
        if (job.kind == JobKind::Verify)
            applyVerification(job, result);
        else
            applyConflictCheck(result->rows);
    } else if (handleCommonError(job, error)) {
        // requeued, paused or retried
    } else if (job.kind == JobKind::Verify && error.permanent &&
               error.kind == ApiError::Kind::Network) {
        // A redirect loop or a TLS failure: each PUT would meet the same.
        for (const Item& item : std::as_const(job.items)) {
            if (!m_queue.isCurrent(job))
                m_outcomes->backToPending({item}, error.message);
            else
                m_outcomes->failed(item, DecisionState::Failed, error.message);
        }
    } else if (job.kind == JobKind::Verify) {
        // Cannot re-read: ask row by row instead; each PUT's answer is definitive.
        for (Item item : std::as_const(job.items)) {
            item.verifyFallback = true;
            Job put = job;
            put.kind = JobKind::Put;
            put.items = {item};
            put.attempt = 0;
            put.notBeforeMs = 0;
            m_queue.requeue(put);
        }
    } else {
        // Without the server's state nothing of a snapshot may be pushed.
        giveUpConflictCheck(error.message);
        m_runStopReason = tr("Cannot read the server's current state: %1").arg(error.message);
        emit statusMessage(m_runStopReason);
    }
    pump();
}

void SyncEngine::applyVerification(const Job& job, std::shared_ptr<ServerListRead::Result> result)
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
            m_outcomes->confirmed(item, matches[index]->updatedAtMs, matches[index]);
        } else if (!m_queue.isLatest(item)) {
            m_outcomes->cancelled(item, tr("superseded by a newer decision"));
        } else if (!m_queue.isCurrent(job)) {
            m_outcomes->backToPending({item}, {}); // stopped meanwhile: the next run asks again
        } else if (item.verifyFallback) {
            m_outcomes->failed(
                item, DecisionState::Failed,
                tr("the server did not take the status %1").arg(statusName(job.status)));
        } else if (!item.bulkAnswer.isEmpty()) {
            // The bulk call said it was done; the server's own list says otherwise.
            m_outcomes->failed(
                item, DecisionState::Failed,
                tr("the server answered the bulk update with %1, but its list does not show the "
                   "relationship as %2; not confirmed")
                    .arg(item.bulkAnswer, statusName(job.status)));
        } else {
            Item retry = item;
            retry.verifyFallback = true;
            run->fallback.append(retry);
        }
        if ((run->next & 63) == 0 && slice.elapsed() >= VerificationSliceMs)
            break;
    }
    m_outcomes->flush();
    if (run->next < job.items.size()) {
        QTimer::singleShot(0, this, [this, run] { continueVerification(run); });
        return;
    }
    // Not in the list with the new status: the bulk call skipped it (unknown id, a change in
    // between). Its own PUT gives a definitive answer (404: gone).
    for (auto it = run->fallback.crbegin(); it != run->fallback.crend(); ++it) {
        Job put = job;
        put.kind = JobKind::Put;
        put.items = {*it};
        put.attempt = 0;
        put.notBeforeMs = 0;
        m_queue.requeue(put);
    }
    --m_verificationsApplying;
    pump();
}

void SyncEngine::applyConflictCheck(const RelationshipRows& rows)
{
    const ConflictCheck::Verdicts verdicts =
        m_conflictCheck.check(rows, m_journal->decisions(m_originId, {DecisionState::Conflict}));
    for (const Item& item : verdicts.gone)
        m_outcomes->failed(item, DecisionState::Gone,
                           tr("The relationship is no longer on the server."));
    for (const auto& [item, server] : verdicts.confirmed)
        m_outcomes->confirmed(item, server.updatedAtMs, server);
    for (const auto& [item, server] : verdicts.conflicts)
        m_outcomes->conflict(item, server, ConflictCheck::describe(server));
    if (verdicts.serverSideLearnt)
        emit conflictsChanged();
    if (!verdicts.push.isEmpty()) {
        m_queue.queueBacklog(verdicts.push, false);
        emit statusMessage(
            tr("Sending %1 decisions…").arg(QLocale().toString(verdicts.push.size())));
    }
}
