#include "ApiClient.h"

#include "ApiAnswer.h"
#include "ApiCall.h"
#include "CaCertificates.h"
#include "NetworkGenerations.h"
#include "RelationshipParser.h"
#include "SecretRedaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// `Link: <https://…?page=2>; rel="next"` means the answer is one page of several.
bool hasNextPageLink(const QByteArray& linkHeader)
{
    static const QRegularExpression nextRel(u"rel\\s*=\\s*\"?([^\";]*\\s)?next[\\s\";,]"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    return nextRel.match(QString::fromLatin1(linkHeader) + u';').hasMatch();
}

ApiError noRoomError(QNetworkReply* reply, qint64 announced, qint64 available,
                     const QString& folder)
{
    ApiError error;
    error.kind = ApiError::Kind::Storage;
    error.permanent = true;
    error.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto size = [](qint64 bytes) {
        return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
    };
    error.message = ApiError::tr("The server announces %1, more than the %2 free in %3; not "
                                 "downloaded.")
                        .arg(size(announced), size(available), QDir::toNativeSeparators(folder));
    return error;
}

// Set on a reply by ApiClient::noteSslErrors(): what was wrong with the server's certificate.
constexpr const char* TlsProblemProperty = "relreviewTlsProblem";

// Names the host and the certificate problem; a TLS failure is never retried.
QString tlsErrorMessage(QNetworkReply* reply)
{
    QString problem = reply->property(TlsProblemProperty).toString();
    if (!problem.isEmpty()) {
        return problem;
    }
    return ApiError::tr("TLS handshake with %1 failed: %2")
        .arg(reply->url().host(), reply->errorString());
}

} // namespace

ApiClient::ApiClient(QObject* parent)
    : QObject(parent)
    , m_networks(new NetworkGenerations(this))
{
    m_sslConfiguration = QSslConfiguration::defaultConfiguration();
    m_sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // Certificate errors are never ignored: noteSslErrors() only words them for the message.
    connect(m_networks, &NetworkGenerations::sslErrors, this, &ApiClient::noteSslErrors);
    m_clock.start();
    m_strandedTimer = new QTimer(this);
    m_strandedTimer->setSingleShot(true);
    connect(m_strandedTimer, &QTimer::timeout, this, &ApiClient::stopStrandedCalls);
}

ApiClient::~ApiClient()
{
    m_held.clear();
    const auto calls = m_calls;
    m_calls.clear();
    for (const auto& [reply, call] : calls) {
        call->done = true;
        if (reply) {
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
        }
    }
}

void ApiClient::setProfile(const ConnectionProfile& profile)
{
    const bool sameCertificates = profile.caCertificates == m_profile.caCertificates;
    m_profile = profile;
    if (sameCertificates && m_caProblem.isEmpty()) {
        return;
    }
    m_caProblem.clear();
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!profile.caCertificates.isEmpty()) {
        const QList<QSslCertificate> extra =
            CaCertificates::load(profile.caCertificates, &m_caProblem);
        configuration.addCaCertificates(extra);
    }
    m_sslConfiguration = configuration;
}

void ApiClient::setToken(const QString& token)
{
    setToken(token, Origin::of(m_profile.baseUrl));
}

void ApiClient::setToken(const QString& token, const Origin& origin)
{
    // A pasted token often carries a line break; one inside a header would split it.
    QString cleaned = token.trimmed();
    cleaned.remove(u'\r');
    cleaned.remove(u'\n');
    m_token = origin.isValid() ? cleaned : QString();
    m_tokenOrigin = m_token.isEmpty() ? Origin() : origin;
}

QString ApiClient::withoutToken(const QString& text) const
{
    return SecretRedaction::redact(text, m_token);
}

bool ApiClient::hasToken() const
{
    return !m_token.isEmpty() && m_tokenOrigin == Origin::of(m_profile.baseUrl);
}

ApiError ApiClient::refusalFor(const QUrl& url) const
{
    ApiError error;
    QString problem = Origin::transportProblem(url);
    if (problem.isEmpty()) {
        problem = m_caProblem;
    }
    if (!problem.isEmpty()) {
        error.kind = ApiError::Kind::Refused;
        error.message = problem;
    }
    return error;
}

void ApiClient::noteSslErrors(QNetworkReply* reply, const QList<QSslError>& errors)
{
    QStringList problems;
    bool untrusted = false;
    for (const QSslError& error : errors) {
        if (!problems.contains(error.errorString())) {
            problems.append(error.errorString());
        }
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            untrusted = true;
            break;
        default:
            break;
        }
    }
    QString message = tr("The certificate of %1 was not accepted: %2.")
                          .arg(reply->url().host(), problems.join(u"; "_s));
    if (untrusted) {
        message += u' ' + tr("If %1 uses a private certificate authority, add it with "
                             "--ca-certificates FILE (PEM).")
                              .arg(reply->url().host());
    }
    reply->setProperty(TlsProblemProperty, message);
}

QUrl ApiClient::endpointUrl(const QString& path,
                            const QList<std::pair<QString, QString>>& extraQuery,
                            bool omitIntegrationSourceScope) const
{
    QUrl url = m_profile.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/')) {
        basePath.chop(1);
    }
    url.setPath(basePath + path);
    url.setFragment({});

    QUrlQuery query;
    for (const QString& name : ConnectionProfile::scopeParameterNames()) {
        if (omitIntegrationSourceScope && name == "integration_source_id"_L1) {
            continue;
        }
        const auto it = m_profile.scope.constFind(name);
        if (it != m_profile.scope.cend() && !it->isNull()) {
            query.addQueryItem(name, idText(*it));
        }
    }
    for (const auto& [name, value] : extraQuery) {
        if (!value.isEmpty()) {
            query.addQueryItem(name, value);
        }
    }
    if (query.isEmpty()) {
        url.setQuery(QString());
    } else {
        url.setQuery(query);
    }
    return url;
}

QNetworkRequest ApiClient::makeRequest(const QUrl& url) const
{
    QNetworkRequest request(url);
    // The token goes only to the origin it was given for, whatever URL the profile names.
    if (!m_token.isEmpty() && m_tokenOrigin.isValid() && Origin::of(url) == m_tokenOrigin) {
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + m_token.toUtf8());
    }
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("relreview/" RELREVIEW_VERSION));
    request.setTransferTimeout(m_transferTimeoutMs);
    request.setSslConfiguration(m_sslConfiguration);
    // The token must never follow a redirect to another origin: Qt follows only redirects with
    // the same scheme, host and port (anything else fails the request).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return request;
}

void ApiClient::setInFlight(int count)
{
    if (count == m_inFlight) {
        return;
    }
    m_inFlight = count;
    emit requestsInFlightChanged(count);
}

void ApiClient::start(const std::shared_ptr<ApiCall>& call, QObject* context)
{
    call->context = context;
    call->hadContext = context != nullptr;
    call->maxBodyBytes = m_maxBodyBytes;
    call->maxDownloadBytes = m_maxDownloadBytes;
    setInFlight(m_inFlight + 1);
    send(call);
}

void ApiClient::send(const std::shared_ptr<ApiCall>& call)
{
    if (holdUntilConnected(call)) {
        return;
    }
    QNetworkAccessManager* network = m_networks->current();
    QNetworkReply* reply = nullptr;
    if (call->verb == "PUT") {
        reply = network->put(call->request, call->upload);
    } else if (call->verb == "POST") {
        reply = network->post(call->request, call->upload);
    } else {
        reply = network->get(call->request);
    }
    if (call->readBufferBytes > 0) {
        reply->setReadBufferSize(call->readBufferBytes);
    }
    call->generation = m_networks->currentGeneration();
    call->startedMs = m_clock.elapsed();
    m_calls.append({QPointer<QNetworkReply>(reply), call});
    watchConnection();
    if (call->opensConnection) {
        connect(reply, &QNetworkReply::encrypted, this, [this, call] { connectionUp(call); });
    }
    track(reply, call);
}

void ApiClient::track(QNetworkReply* reply, const std::shared_ptr<ApiCall>& call)
{
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, call] {
        call->headersSeen = true;
        noteAnswer(*call);
        connectionUp(call);
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (!length.isValid()) {
            return;
        }
        // Refused before a byte is written: a download that cannot fit would only fill the
        // disk and fail anyway.
        if (call->streamsToFile(reply) && call->file) {
            const QString folder = QFileInfo(call->file->fileName()).absolutePath();
            const QStorageInfo storage(folder);
            if (storage.isValid() && storage.isReady() &&
                length.toLongLong() > storage.bytesAvailable()) {
                call->abort(reply, noRoomError(reply, length.toLongLong(), storage.bytesAvailable(),
                                               folder));
                return;
            }
        }
        const qint64 limit = call->limitFor(reply);
        if (length.toLongLong() > limit) {
            call->abort(reply, ApiCall::tooLargeError(reply, limit));
        }
    });
    if (m_callDeadlineMs > 0) {
        // The transfer timeout notices silence only; a byte a second would keep a call alive
        // for ever. The timer lives with the reply.
        auto* deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [reply, call, ms = m_callDeadlineMs] {
            ApiError error;
            error.kind = ApiError::Kind::Timeout;
            error.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            error.message = ApiError::tr("The transfer did not finish within %1 s (the time limit "
                                         "for a call); stopped.")
                                .arg(QString::number(ms / 1000.0, 'g', 3));
            call->abort(reply, error);
        });
        deadline->start(m_callDeadlineMs);
    }
    connect(reply, &QNetworkReply::readyRead, this, [reply, call] { call->readFrom(reply); });
    if (!call->upload.isEmpty()) {
        connect(reply, &QNetworkReply::uploadProgress, this, [call](qint64 sent, qint64 total) {
            call->uploaded = call->uploaded || (total > 0 && sent >= total);
        });
    }
    if (call->progress) {
        connect(reply, &QNetworkReply::downloadProgress, this,
                [call](qint64 received, qint64 total) {
                    if (!call->aborted && !call->done) {
                        call->progress(received, qMax<qint64>(0, total));
                    }
                });
    }
    if (call->context) {
        // Nobody is left to hear the answer: stop the transfer.
        connect(call->context, &QObject::destroyed, reply, [reply, call] {
            ApiError error;
            error.kind = ApiError::Kind::Cancelled;
            call->abort(reply, error);
        });
    }
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, call] { finishCall(reply, call); });
}

void ApiClient::finishCall(QNetworkReply* reply, const std::shared_ptr<ApiCall>& call)
{
    if (call->done) {
        return;
    }
    call->paused = false;  // the end is taken whatever the sink said: it is all there is
    call->readFrom(reply); // whatever arrived with the end of the transfer
    call->done = true;
    connectionUp(call); // or down: the calls held for it go their own way
    m_calls.removeIf([reply](const auto& entry) { return entry.first == reply; });
    reply->deleteLater();

    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() > 0) {
        m_lastHttpVersion =
            reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? 2 : 1;
        m_slowAnswerMs = qMax(double(m_clock.elapsed() - call->startedMs), m_slowAnswerMs * 0.95);
    }
    // Refused by a GOAWAY (the server never started it), or stranded on the connection that
    // went away: asking again on a new connection is safe, and needs no backoff.
    const bool goAway = call->stranded || (!call->aborted && isGoAway(reply));
    const int generation = call->generation;
    if (goAway && generation == m_networks->currentGeneration()) {
        noteGoAway();
    }
    const bool heard = !call->hadContext || call->context;
    if (goAway && heard && call->resends < MaxGoAwayResends) {
        call->resetForResend();
        ++m_goAwayResends;
        send(call);
        releaseRetired(generation);
        return;
    }
    releaseRetired(generation);
    ApiError error = call->aborted ? call->abortReason : classify(reply, call->body);
    if (goAway && !call->stranded) {
        // Refused that many times: the caller decides, with its backoff.
        error.kind = ApiError::Kind::Network;
        error.permanent = false;
        error.message = tr("The server closed the connection (HTTP/2 GOAWAY) before this "
                           "request started.");
    }
    if (error.kind == ApiError::Kind::Timeout && !call->aborted && error.httpStatus == 0) {
        error.message = tr("No answer from the server within %1 s.")
                            .arg(QString::number(m_transferTimeoutMs / 1000.0, 'g', 3));
    }
    if (call->file) {
        if (!call->file->flush() && error.ok()) {
            error = ApiCall::storageError(*call->file);
        }
        call->file->close();
    }
    // A server that echoes what it was sent must not get the token into a message (whole
    // occurrences only: a short token must not garble the words that contain it).
    error.message = SecretRedaction::redact(error.message, m_token);

    setInFlight(m_inFlight - 1);
    if (call->hadContext && !call->context) {
        return;
    }
    if (call->finished) {
        call->finished(error, reply, call->body);
    }
}

ApiError ApiClient::classify(QNetworkReply* reply, const QByteArray& body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError code = reply->error();
    ApiError error = ApiAnswer::classify(status, reply->rawHeaderPairs(), body, code);
    // What only the reply knows: where it went, and Qt's own words for the failure.
    if (error.httpStatus == 0 || (code != QNetworkReply::NoError && int(code) < 200)) {
        switch (code) {
        case QNetworkReply::ConnectionRefusedError:
            error.message = ApiError::tr("The server refused the connection (%1).")
                                .arg(reply->url().authority());
            break;
        case QNetworkReply::HostNotFoundError:
            error.message = ApiError::tr("Host %1 not found.").arg(reply->url().host());
            break;
        case QNetworkReply::SslHandshakeFailedError:
            error.message = tlsErrorMessage(reply);
            break;
        case QNetworkReply::TooManyRedirectsError:
            error.message = ApiError::tr("%1 redirects in a loop; not asked again.")
                                .arg(reply->url().authority());
            break;
        case QNetworkReply::InsecureRedirectError:
            error.message =
                ApiError::tr("%1 redirects to another origin, where the token is not sent; not "
                             "asked again.")
                    .arg(reply->url().authority());
            break;
        case QNetworkReply::NoError:
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
        case QNetworkReply::RemoteHostClosedError:
            break;
        default:
            error.message = ApiError::tr("Network error: %1").arg(reply->errorString());
            break;
        }
    }
    return error;
}

void ApiClient::updateStatus(const QUuid& relationshipId, RelationshipStatus status,
                             QObject* context, const RelationshipCallback& done)
{
    const QString name = statusName(status);
    if (name.isEmpty() || relationshipId.isNull()) {
        ApiError error;
        error.kind = ApiError::Kind::Validation;
        error.message = tr("Only SUGGESTED, APPROVED or REJECTED can be sent for a relationship.");
        QTimer::singleShot(0, context ? context : this,
                           [done, error] { done(error, Relationship{}); });
        return;
    }
    const QUrl url = endpointUrl(
        u"/api/integration-sources/relationships/"_s + idText(relationshipId), {}, false);
    if (const ApiError refused = refusalFor(url); !refused.ok()) {
        QTimer::singleShot(0, context ? context : this,
                           [done, refused] { done(refused, Relationship{}); });
        return;
    }
    QNetworkRequest request = makeRequest(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"status"_s, name}}).toJson(QJsonDocument::Compact);

    auto call = std::make_shared<ApiCall>();
    // The answer is believed only if it is about what was asked: this relationship, this
    // status, the integration source being reviewed.
    // The messages below quote the server's answer, which may echo the token.
    const auto redacted = [done, token = m_token](ApiError error, const Relationship& row) {
        error.message = SecretRedaction::redact(error.message, token);
        done(error, row);
    };
    call->finished = [relationshipId, status, done = redacted,
                      sourceId = m_profile.integrationSourceId](
                         const ApiError& error, QNetworkReply*, const QByteArray& answer) {
        if (!error.ok()) {
            done(error, Relationship{});
            return;
        }
        ParseError parseError;
        std::optional<Relationship> relationship =
            RelationshipParser::parseRecord(answer, &parseError);
        ApiError bad;
        bad.kind = ApiError::Kind::BadResponse;
        bad.httpStatus = 200;
        if (!relationship) {
            bad.message =
                tr("The server's answer is not a relationship: %1").arg(parseError.describe());
            done(bad, Relationship{});
        } else if (relationship->id != relationshipId) {
            bad.message = tr("The server answered with relationship %1 instead of %2.")
                              .arg(idText(relationship->id), idText(relationshipId));
            done(bad, Relationship{});
        } else if (relationship->status != status) {
            ApiError mismatch;
            mismatch.kind = ApiError::Kind::Mismatch;
            mismatch.httpStatus = 200;
            mismatch.message =
                tr("The server answered the request for %1 with "
                   "status \"%2\" for relationship %3; not confirmed.")
                    .arg(statusName(status),
                         relationship->statusText.isEmpty() ? statusName(relationship->status)
                                                            : relationship->statusText,
                         idText(relationshipId));
            done(mismatch, Relationship{});
        } else if (!sourceId.isNull() && relationship->integrationSourceId != sourceId) {
            ApiError mismatch;
            mismatch.kind = ApiError::Kind::Mismatch;
            mismatch.httpStatus = 200;
            mismatch.message =
                tr("The server answered for relationship %1 with integration "
                   "source %2, not %3 (the one being reviewed); not confirmed.")
                    .arg(idText(relationshipId), idText(relationship->integrationSourceId),
                         idText(sourceId));
            done(mismatch, Relationship{});
        } else {
            done(ApiError{}, *relationship);
        }
    };
    call->verb = QByteArrayLiteral("PUT");
    call->request = request;
    call->upload = body;
    start(call, context);
}

void ApiClient::bulkStatus(const QList<QUuid>& ids, RelationshipStatus status, QObject* context,
                           const BodyCallback& done)
{
    const QString name = statusName(status);
    if (name.isEmpty() || ids.isEmpty()) {
        ApiError error;
        error.kind = ApiError::Kind::Validation;
        error.message = tr("A bulk update needs at least one id and a known status.");
        QTimer::singleShot(0, context ? context : this, [done, error] { done(error, {}); });
        return;
    }
    QJsonArray idArray;
    for (const QUuid& id : ids) {
        idArray.append(idText(id));
    }
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"relationship_ids"_s, idArray}, {u"status"_s, name}})
            .toJson(QJsonDocument::Compact);
    const QUrl url =
        endpointUrl(u"/api/integration-sources/relationships/bulk-status"_s, {}, false);
    if (const ApiError refused = refusalFor(url); !refused.ok()) {
        QTimer::singleShot(0, context ? context : this, [done, refused] { done(refused, {}); });
        return;
    }
    QNetworkRequest request = makeRequest(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));

    auto call = std::make_shared<ApiCall>();
    call->finished = [done](const ApiError& error, QNetworkReply*, const QByteArray& answer) {
        if (!error.ok()) {
            done(error, answer);
            return;
        }
        // The members of the answer are not documented; only its shape is checked.
        if (!QJsonDocument::fromJson(answer).isObject()) {
            ApiError bad;
            bad.kind = ApiError::Kind::BadResponse;
            bad.httpStatus = 200;
            bad.message = tr("The server's answer to a bulk update is not a JSON object.");
            done(bad, answer);
            return;
        }
        done(error, answer);
    };
    call->verb = QByteArrayLiteral("POST");
    call->request = request;
    call->upload = body;
    start(call, context);
}

void ApiClient::downloadRelationships(const QString& filePath, QObject* context,
                                      const FileCallback& done, DownloadProgress progress,
                                      const QString& statusFilter, const QString& typeFilter)
{
    auto call = std::make_shared<ApiCall>();
    ApiError early = refusalFor(m_profile.baseUrl);
    if (!early.ok()) {
        // Not sent: nothing to download.
    } else if (m_profile.integrationSourceId.isNull()) {
        early.kind = ApiError::Kind::Validation;
        early.message = tr("No integration source is set.");
    } else {
        call->file = std::make_unique<QFile>(filePath);
        if (!call->file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            early = ApiCall::storageError(*call->file);
        }
    }
    if (!early.ok()) {
        QTimer::singleShot(0, context ? context : this, [done, early] { done(early); });
        return;
    }
    getList(std::move(call), context, done, std::move(progress), statusFilter, typeFilter);
}

void ApiClient::streamRelationships(QObject* context, ChunkSink chunks, FileCallback done,
                                    DownloadProgress progress)
{
    ApiError early = refusalFor(m_profile.baseUrl);
    if (early.ok() && m_profile.integrationSourceId.isNull()) {
        early.kind = ApiError::Kind::Validation;
        early.message = tr("No integration source is set.");
    }
    if (!early.ok()) {
        QTimer::singleShot(0, context ? context : this, [done, early] { done(early); });
        return;
    }
    auto call = std::make_shared<ApiCall>();
    call->sink = std::move(chunks);
    getList(std::move(call), context, done, std::move(progress), {}, {});
}

void ApiClient::resumeStreams(QObject* context)
{
    const auto calls = m_calls;
    for (const auto& [reply, call] : calls) {
        if (reply && call->sink && call->paused && call->hadContext && call->context == context) {
            call->paused = false;
            call->readFrom(reply);
        }
    }
}

void ApiClient::getList(std::shared_ptr<ApiCall> call, QObject* context, const FileCallback& done,
                        DownloadProgress progress, const QString& statusFilter,
                        const QString& typeFilter)
{
    const QUrl url = endpointUrl(u"/api/integration-sources/"_s +
                                     idText(m_profile.integrationSourceId) + u"/relationships"_s,
                                 {{u"status"_s, statusFilter}, {u"type"_s, typeFilter}}, true);
    call->progress = std::move(progress);
    call->finished = [done](const ApiError& error, QNetworkReply* reply, const QByteArray&) {
        // Following pages would need merging several bodies into one list; until a server is
        // known to page, a paged answer is refused rather than shown as if it were complete.
        // (A single {"items": [...]} envelope is fine: the parser reads it.)
        if (error.ok() && hasNextPageLink(reply->rawHeader(QByteArrayLiteral("Link")))) {
            ApiError paged;
            paged.kind = ApiError::Kind::BadResponse;
            paged.httpStatus = 200;
            paged.message = tr("The server sent only the first page of the list (Link: "
                               "rel=\"next\"); paged lists are not supported yet.");
            done(paged);
            return;
        }
        done(error);
    };
    call->verb = QByteArrayLiteral("GET");
    call->request = makeRequest(url);
    // A list can be hundreds of MB: Qt's network thread stops reading once this much waits, so
    // that no readyRead() has more to write to the file than a few milliseconds' worth, however
    // long this thread was busy.
    call->readBufferBytes = DownloadReadBufferBytes;
    start(call, context);
}

void ApiClient::fetchColumns(QObject* context, const BodyCallback& done)
{
    if (m_profile.integrationSourceId.isNull()) {
        ApiError error;
        error.kind = ApiError::Kind::Validation;
        error.message = tr("No integration source is set.");
        QTimer::singleShot(0, context ? context : this, [done, error] { done(error, {}); });
        return;
    }
    const QUrl url = endpointUrl(u"/api/integration-sources/"_s +
                                     idText(m_profile.integrationSourceId) + u"/columns"_s,
                                 {{u"active_only"_s, u"true"_s}}, false);
    if (const ApiError refused = refusalFor(url); !refused.ok()) {
        QTimer::singleShot(0, context ? context : this, [done, refused] { done(refused, {}); });
        return;
    }
    auto call = std::make_shared<ApiCall>();
    call->finished = [done](const ApiError& error, QNetworkReply*, const QByteArray& answer) {
        if (!error.ok()) {
            done(error, answer);
            return;
        }
        // A cheap shape check; the caller parses the columns off the UI thread.
        const QByteArray start = answer.left(64).trimmed();
        if (!start.startsWith('[')) {
            ApiError bad;
            bad.kind = ApiError::Kind::BadResponse;
            bad.httpStatus = 200;
            bad.message = tr("The server's list of columns is not a JSON array.");
            done(bad, answer);
            return;
        }
        done(error, answer);
    };
    call->verb = QByteArrayLiteral("GET");
    call->request = makeRequest(url);
    start(call, context);
}

ApiError ApiClient::checkListSource(const RelationshipRows& rows, const QUuid& expectedSource,
                                    const QString& sourceName)
{
    if (expectedSource.isNull() || rows.isEmpty() ||
        (rows.integrationSourceIdCount() == 1 && rows.integrationSourceId(0) == expectedSource)) {
        return {};
    }
    for (int row = 0; row < rows.size(); ++row) {
        const QUuid source = rows.integrationSourceId(row);
        if (source == expectedSource) {
            continue;
        }
        ParseError where;
        where.recordIndex = row;
        where.recordId = idText(rows.row(row).id);
        where.member = u"integration_source_id"_s;
        where.message =
            ApiError::tr("belongs to integration source %1, not %2 (the one asked for); "
                         "the list is not used")
                .arg(idText(source), idText(expectedSource));
        ApiError error;
        error.kind = ApiError::Kind::Mismatch;
        error.httpStatus = 200;
        error.permanent = true;
        error.message = where.describe(sourceName);
        return error;
    }
    return {};
}

QString ApiClient::downloadFolder(QString* error)
{
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (cache.isEmpty()) {
        if (error) {
            *error = ApiError::tr("The system names no cache folder for downloads.");
        }
        return {};
    }
    QString folder = QDir(cache).filePath(u"downloads"_s);
    if (!QDir().mkpath(folder)) {
        if (error) {
            *error = ApiError::tr("Could not create the download folder %1.")
                         .arg(QDir::toNativeSeparators(folder));
        }
        return {};
    }
    return folder;
}

void ApiClient::cancelCalls(QObject* context)
{
    cancelHeld(context);
    const auto calls = m_calls;
    for (const auto& [reply, call] : calls) {
        if (reply && call->hadContext && call->context == context) {
            ApiError cancelled;
            cancelled.kind = ApiError::Kind::Cancelled;
            cancelled.message = tr("Cancelled.");
            call->abort(reply, cancelled);
        }
    }
}
