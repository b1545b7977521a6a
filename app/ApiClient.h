#pragma once

#include "ApiError.h"
#include "ConnectionProfile.h"
#include "Origin.h"
#include "Relationship.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <functional>
#include <memory>

class NetworkGenerations;
class RelationshipRows;
struct ApiCall;

// The only place that builds HTTP requests. One QNetworkAccessManager at a time (see
// NetworkGenerations), a transfer timeout on
// every request, the bearer token in a header (never in a URL or a log), and the profile's scope
// ids as query parameters. Callbacks run on the client's thread; `context` bounds their life.
//
// The token belongs to one origin (scheme, host, port) and is attached only to requests to that
// origin, whatever the profile says; redirects are followed only within the origin. http:// is
// refused for anything but this machine before a connection is made, and TLS errors are never
// ignored (the profile's CA certificates are trusted in addition to the system's).
class ApiClient : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DownloadReadBufferBytes = 4 * 1024 * 1024;
    // After an HTTP/2 server ends a connection (GOAWAY, e.g. nginx after 1000 requests), how
    // long the requests still waiting on it may take to answer before they are stopped (and
    // asked again on a new connection): Qt 6.4 can leave requests it had not started waiting
    // there for the transfer timeout. Three times the slowest recent answer, within these bounds.
    static constexpr int GoAwayGraceMinMs = 250;
    static constexpr int GoAwayGraceMaxMs = 2000;
    // A request the server refused to start (GOAWAY) or that was stranded is asked again at
    // once on a new connection, this many times, before its caller hears of it.
    static constexpr int MaxGoAwayResends = 3;
    // An HTTP/2 connection on which requests wait is given up (and its requests asked again on
    // another) when it answers nothing for ten times the slowest recent answer, within these.
    static constexpr int SilentConnectionMinMs = 2000;
    static constexpr int SilentConnectionMaxMs = 15000;

    explicit ApiClient(QObject* parent = nullptr);
    ~ApiClient() override; // drops outstanding calls without running their callbacks

    // Also loads the profile's CA certificates; a problem with them is reported by every call
    // (Kind::Refused) and by caCertificatesProblem().
    void setProfile(const ConnectionProfile& profile);
    const ConnectionProfile& profile() const { return m_profile; }
    QString caCertificatesProblem() const { return m_caProblem; }
    // The token, for the origin of the profile set now.
    void setToken(const QString& token);
    // The token and the origin it was given for: it is sent there and nowhere else.
    void setToken(const QString& token, const Origin& origin);
    // A token usable for the profile's origin.
    bool hasToken() const;
    // `text` with every whole occurrence of the token replaced: for messages that quote what a
    // server sent, built outside this class.
    QString withoutToken(const QString& text) const;
    Origin tokenOrigin() const { return m_tokenOrigin; }
    void setTransferTimeoutMs(int ms) { m_transferTimeoutMs = ms; }
    // Bounds each call as a whole, however steadily the answer trickles in (the transfer
    // timeout only notices silence); 0: no bound. The command line sets it from --timeout.
    void setCallDeadlineMs(int ms) { m_callDeadlineMs = ms; }
    int callDeadlineMs() const { return m_callDeadlineMs; }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    void setMaxDownloadBytes(qint64 bytes) { m_maxDownloadBytes = bytes; }
    int transferTimeoutMs() const { return m_transferTimeoutMs; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    int requestsInFlight() const { return m_inFlight; }
    // The HTTP version the last answer came over: 2 for HTTP/2 (negotiated with ALPN over TLS,
    // when the server offers it), 1 for HTTP/1.x, 0 before any answer.
    int lastHttpVersion() const { return m_lastHttpVersion; }
    // Requests asked again because a connection went away before they were answered.
    int goAwayResends() const { return m_goAwayResends; }

    // PUT /api/integration-sources/relationships/{id} with exactly {"status": ...}.
    using RelationshipCallback = std::function<void(const ApiError&, const Relationship&)>;
    void updateStatus(const QUuid& relationshipId, RelationshipStatus status, QObject* context,
                      const RelationshipCallback& done);

    // POST /api/integration-sources/relationships/bulk-status.
    using BodyCallback = std::function<void(const ApiError&, const QByteArray& body)>;
    void bulkStatus(const QList<QUuid>& ids, RelationshipStatus status, QObject* context,
                    const BodyCallback& done);

    // GET /api/integration-sources/{id}/relationships[?status=&type=]: the body is streamed to
    // `filePath` (it can be hundreds of MB, so it belongs in downloadFolder()) and parsed from
    // there by the caller. A Content-Length larger than the free space there, or than the
    // download limit, is refused before anything is written.
    using FileCallback = std::function<void(const ApiError&)>;
    using DownloadProgress = std::function<void(qint64 received, qint64 total)>;
    void downloadRelationships(const QString& filePath, QObject* context, const FileCallback& done,
                               DownloadProgress progress = {}, const QString& statusFilter = {},
                               const QString& typeFilter = {});

    // The same GET, its body handed to `chunks` as it arrives, to be parsed meanwhile (see
    // LoadJob): nothing is written to disk. `chunks` returns false to pause: no more is read (Qt
    // stops taking from the network once the reply's buffer is full) until resumeStreams(). The
    // download limit applies as to a file; an error answer's body is kept for its message.
    using ChunkSink = std::function<bool(QByteArrayView bytes)>;
    void streamRelationships(QObject* context, ChunkSink chunks, FileCallback done,
                             DownloadProgress progress = {});
    // Reads on in the streams of `context` that its sink paused.
    void resumeStreams(QObject* context);

    // GET /api/integration-sources/{id}/columns?active_only=true
    void fetchColumns(QObject* context, const BodyCallback& done);

    // Aborts every call started with `context`; their callbacks get Kind::Cancelled.
    void cancelCalls(QObject* context);

    // Where downloads go: "downloads" in the application's cache folder (created if need be),
    // never the shared /tmp. Empty, with `error` set, when it cannot be created.
    static QString downloadFolder(QString* error = nullptr);

    // A list is believed only if every row belongs to the integration source asked for: the
    // first row of another is refused (Kind::Mismatch) with a message naming it (record index
    // and id, as a parse error would). `sourceName` is the place, e.g. the list's URL.
    static ApiError checkListSource(const RelationshipRows& rows, const QUuid& expectedSource,
                                    const QString& sourceName = {});

    // The URL a call goes to (exposed for tests): base + path + scope query (+ extra query).
    QUrl endpointUrl(const QString& path, const QList<std::pair<QString, QString>>& extraQuery,
                     bool omitIntegrationSourceScope) const;

signals:
    void requestsInFlightChanged(int count);

private:
    QNetworkRequest makeRequest(const QUrl& url) const;
    // Why a request to `url` must not be made (Kind::Refused), or no error.
    ApiError refusalFor(const QUrl& url) const;
    void noteSslErrors(QNetworkReply* reply, const QList<QSslError>& errors);
    static ApiError classify(QNetworkReply* reply, const QByteArray& body);
    // Counts the call in flight and sends it; send() sends it (again) through the current
    // network, track() follows its reply.
    void start(const std::shared_ptr<ApiCall>& call, QObject* context);
    void send(const std::shared_ptr<ApiCall>& call);
    void track(QNetworkReply* reply, const std::shared_ptr<ApiCall>& call);
    void finishCall(QNetworkReply* reply, const std::shared_ptr<ApiCall>& call);
    void setInFlight(int count);
    // An HTTP/2 GOAWAY ended a reply: new requests go through a new network (a new
    // connection), and the ones left on the old one without an answer after a grace (see
    // GoAwayGraceMinMs) are stopped and asked again.
    void noteGoAway();
    void stopStrandedCalls();
    // Lets a retired network go once none of its calls is left.
    void releaseRetired(int generation);
    // Over TLS, a network's first call opens its connection alone; the others are held until
    // that connection is up (or the call ended), then sent. Qt 6.4 given many requests before
    // it knows the protocol opens a connection for several of them, and when HTTP/2 wins the
    // race, requests could wait on a connection that never sent them.
    bool holdUntilConnected(const std::shared_ptr<ApiCall>& call);
    void connectionUp(const std::shared_ptr<ApiCall>& call);
    void cancelHeld(QObject* context);
    int goAwayGraceMs() const;
    int silentConnectionMs() const;
    void noteAnswer(const ApiCall& call);
    // Over HTTP/2, the calls in flight are looked at now and then (stopStrandedCalls()).
    void watchConnection();
    static bool isGoAway(QNetworkReply* reply);
    void getList(std::shared_ptr<ApiCall> call, QObject* context, const FileCallback& done,
                 DownloadProgress progress, const QString& statusFilter, const QString& typeFilter);

    NetworkGenerations* m_networks = nullptr;
    ConnectionProfile m_profile;
    QString m_token;
    Origin m_tokenOrigin;
    QSslConfiguration m_sslConfiguration;
    QString m_caProblem;
    int m_transferTimeoutMs = 30000;
    int m_callDeadlineMs = 0;
    qint64 m_maxBodyBytes = 64 * 1024 * 1024; // for single answers; downloads go to a file
    qint64 m_maxDownloadBytes = qint64(16) * 1024 * 1024 * 1024;
    int m_inFlight = 0;
    int m_lastHttpVersion = 0;
    QTimer* m_strandedTimer = nullptr;
    qint64 m_lastAnswerMs = 0;   // m_clock when an answer last began on the current network
    bool m_connectionUp = false; // of the current network (see holdUntilConnected)
    bool m_connecting = false;
    QList<std::shared_ptr<ApiCall>> m_held;
    int m_goAwayResends = 0;
    QElapsedTimer m_clock;
    double m_slowAnswerMs = 0; // the slowest recent answer, decaying
    QList<std::pair<QPointer<QNetworkReply>, std::shared_ptr<ApiCall>>> m_calls;
};
