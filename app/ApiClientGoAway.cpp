// ApiClient's connections: a network's first TLS connection opened by one call while the others
// wait, and what happens when an HTTP/2 server ends a connection (GOAWAY): requests it refused to
// start, and requests left without an answer on the old connection, are asked again at once
// through a new network (NetworkGenerations); see ApiClient::finishCall().

#include "ApiCall.h"
#include "ApiClient.h"
#include "NetworkGenerations.h"

#include <QNetworkReply>

#include <algorithm>

using namespace Qt::StringLiterals;

bool ApiClient::isGoAway(QNetworkReply* reply)
{
    // Qt 6.4: ContentReSendError for streams the server refused, ProtocolUnknownError "GOAWAY
    // received, cannot start a request" for those not yet started; no HTTP status either way.
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() > 0) {
        return false;
    }
    return reply->error() == QNetworkReply::ContentReSendError ||
           (reply->error() == QNetworkReply::ProtocolUnknownError &&
            reply->errorString().contains(u"GOAWAY"_s));
}

void ApiClient::noteGoAway()
{
    // Requests from now on go through a new manager, so over a new connection; the ones
    // without an answer a while later are stranded on the old one.
    m_networks->retire();
    m_connectionUp = false;
    m_connecting = false;
    m_lastAnswerMs = m_clock.elapsed(); // the new network's silence counts from now
    if (!m_strandedTimer->isActive()) {
        m_strandedTimer->start(goAwayGraceMs());
    }
}

int ApiClient::goAwayGraceMs() const
{
    return qBound(GoAwayGraceMinMs, int(3 * m_slowAnswerMs), GoAwayGraceMaxMs);
}

int ApiClient::silentConnectionMs() const
{
    return qBound(SilentConnectionMinMs, int(10 * m_slowAnswerMs), SilentConnectionMaxMs);
}

void ApiClient::noteAnswer(const ApiCall& call)
{
    if (call.generation == m_networks->currentGeneration()) {
        m_lastAnswerMs = m_clock.elapsed();
    }
}

void ApiClient::watchConnection()
{
    if (m_lastHttpVersion == 2 && !m_strandedTimer->isActive()) {
        m_strandedTimer->start(qMin(goAwayGraceMs(), silentConnectionMs() / 2));
    }
}

void ApiClient::stopStrandedCalls()
{
    ApiError error;
    error.kind = ApiError::Kind::Network;
    error.message = tr("The server closed the connection (HTTP/2 GOAWAY) before answering.");
    // Only the calls that went through a retired manager can be stranded, and no new call goes
    // there: the look repeats until none of them is left waiting for its first answer.
    const int grace = goAwayGraceMs();
    const qint64 now = m_clock.elapsed();
    const int current = m_networks->currentGeneration();
    bool waiting = false;
    bool currentWaits = false; // a call on the current network waits for its first answer
    qint64 oldestCurrentMs = -1;
    const auto calls = m_calls;
    for (const auto& [reply, call] : calls) {
        if (!reply || call->done || call->headersSeen) {
            continue;
        }
        if (call->generation == current) {
            currentWaits = true;
            // Only a request Qt has not written yet counts: a slow server is not a silent
            // connection (and a body's end is the one thing Qt says it wrote).
            if (!call->upload.isEmpty() && !call->uploaded) {
                oldestCurrentMs = std::max(oldestCurrentMs, now - call->startedMs);
            }
        } else if (!call->upload.isEmpty() && call->uploaded) {
            // Written before the GOAWAY and not refused: the server answers it.
            continue;
        } else if (now - call->startedMs >= grace) {
            call->stranded = true;
            call->abort(reply, error);
        } else {
            waiting = true;
        }
    }
    // Over HTTP/2, Qt 6.4 can stop writing the requests it was given to a connection (seen
    // about once in a hundred runs of 600 PUTs crossing four GOAWAYs under load: the socket
    // idle both ways, nginx idle, the requests never sent). A connection that has answered
    // nothing for much longer than answers take while requests it was given stay unwritten is
    // given up like a closed one: they are asked again on a new one.
    const int silent = silentConnectionMs();
    if (oldestCurrentMs >= silent && now - m_lastAnswerMs >= silent) {
        noteGoAway();
        waiting = true;
    }
    if (waiting) {
        m_strandedTimer->start(grace);
    } else if (currentWaits && m_lastHttpVersion == 2) {
        m_strandedTimer->start(qMin(grace, silent / 2));
    }
}

void ApiClient::releaseRetired(int generation)
{
    if (generation == m_networks->currentGeneration()) {
        return;
    }
    const bool inUse = std::any_of(m_calls.cbegin(), m_calls.cend(), [generation](const auto& e) {
        return e.second->generation == generation;
    });
    if (!inUse) {
        m_networks->release(generation);
    }
}

bool ApiClient::holdUntilConnected(const std::shared_ptr<ApiCall>& call)
{
    if (m_connectionUp || call->request.url().scheme() != "https"_L1) {
        return false;
    }
    if (m_connecting) {
        m_held.append(call);
        return true;
    }
    m_connecting = true;
    call->opensConnection = true;
    return false;
}

void ApiClient::connectionUp(const std::shared_ptr<ApiCall>& call)
{
    if (!call->opensConnection) {
        return;
    }
    call->opensConnection = false;
    if (call->generation != m_networks->currentGeneration()) {
        return; // that network was retired meanwhile: the new one opens its own
    }
    m_connectionUp = true;
    m_connecting = false;
    const QList<std::shared_ptr<ApiCall>> held = std::exchange(m_held, {});
    for (const std::shared_ptr<ApiCall>& waiting : held) {
        if (waiting->hadContext && !waiting->context) {
            setInFlight(m_inFlight - 1); // nobody is left to hear the answer
            continue;
        }
        send(waiting);
    }
}

void ApiClient::cancelHeld(QObject* context)
{
    QList<std::shared_ptr<ApiCall>> cancelled;
    m_held.removeIf([&](const std::shared_ptr<ApiCall>& call) {
        if (call->hadContext && call->context == context) {
            cancelled.append(call);
            return true;
        }
        return false;
    });
    for (const std::shared_ptr<ApiCall>& call : cancelled) {
        ApiError error;
        error.kind = ApiError::Kind::Cancelled;
        error.message = tr("Cancelled.");
        call->done = true;
        if (call->file) {
            call->file->close();
        }
        setInFlight(m_inFlight - 1);
        if (call->finished) {
            call->finished(error, nullptr, {});
        }
    }
}
