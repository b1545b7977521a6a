#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

#include <optional>

// Runs tests/devserver (relreview-devserver) as a child process on a free loopback port, for
// integration tests, GUI tests and benchmarks. The token goes to the child through its
// environment, never its command line. The synchronous helpers talk to the server with their own
// QNetworkAccessManager and a local event loop, so that tests can set up and inspect the server's
// state in one line.
class DevServerProcess : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // Exactly one data source: a list or snapshot file, the demo set, or generated rows.
        QString dataFile;
        bool demo = false;
        int generate = 0;
        quint64 seed = 20261127; // DemoDataGenerator's default
        QString token = QStringLiteral("test-token");
        int latencyMs = 0;
        int latencyJitterMs = 0; // each delay is latencyMs ± up to this, drawn (seeded) per answer
        double failRate = 0;
        int rateLimitEvery = 0;
        int retryAfterSeconds = 1;
        double dropRate = 0;
        bool dropAfterApply = false;
        quint64 faultSeed = 1;
        bool noBulk = false;
        int maxBulk = 0;
        int bandwidthKbit = 0; // each answer's body at most this fast (a WAN link); 0: no cap
        QString host;          // a loopback address to listen on, e.g. 127.0.0.2; empty: 127.0.0.1
        // Hostile modes, set through POST /_dev/config once the server runs (see DevServer.h).
        QString putAnswerStatus;
        QString answerSourceId;
        QString retryAfter; // raw Retry-After text; overrides retryAfterSeconds
        QString redirect;   // "loop" or an absolute URL
        qint64 announceContentLength = -1;
        qint64 oversizeBodyBytes = 0;
        int dripBytesPerSecond = 0;
        int badRows = 0;
        bool bulkNoop = false;
        bool logRequests = false; // true: request lines go to standardError() (keep it read)
        int startTimeoutMs = 60000;
        QStringList extraArgs;
    };

    // What a call answered. status is 0 when no HTTP answer came (see networkError).
    struct HttpResult
    {
        int status = 0;
        QByteArray body;
        QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
        QList<QNetworkReply::RawHeaderPair> headers;

        QByteArray header(const QByteArray& name) const; // case-insensitive; empty when absent
        QJsonDocument json() const;
        bool ok() const { return status >= 200 && status < 300; }
    };
    enum class Auth { Token, None, WrongToken };

    explicit DevServerProcess(QObject* parent = nullptr);
    ~DevServerProcess() override;

    // Starts the server and waits for its "listening" line. False, with errorString(), when it
    // did not start in time or exited.
    bool start(const Options& options);
    void stop();
    bool isRunning() const;
    QString errorString() const { return m_errorString; }

    QUrl baseUrl() const { return m_baseUrl; }
    QUuid sourceId() const { return m_sourceId; }
    QString token() const { return m_token; } // the current one, also after configure()
    int port() const { return m_baseUrl.port(); }
    QUrl url(const QString& pathAndQuery) const;
    // Everything the server wrote to stderr so far (request lines when Options::logRequests).
    QByteArray standardError();

    // A request with or without the token; `timeoutMs` bounds the whole exchange.
    HttpResult request(const QByteArray& verb, const QString& pathAndQuery,
                       const QByteArray& body = {}, Auth auth = Auth::Token, int timeoutMs = 30000);
    // A request with exactly these headers (no token unless given), e.g. a stale token.
    HttpResult requestWithHeaders(const QByteArray& verb, const QString& pathAndQuery,
                                  const QByteArray& body,
                                  const QList<QNetworkReply::RawHeaderPair>& headers,
                                  int timeoutMs = 30000);
    // GET on the API with the token: the body (empty on failure, *status tells).
    QByteArray apiGet(const QString& pathAndQuery, int* status = nullptr);

    // Development endpoints (no token).
    QJsonObject relationship(const QUuid& id); // empty when unknown
    QJsonArray requests();                     // the last API requests, oldest first
    // The same, as received: each has "method", "target", "hasAuthorization" and
    // "authorizationSha256" (hex SHA-256 of the Authorization value as sent, never the value).
    QJsonArray receivedRequests() { return requests(); }
    // How many of `received` carried an Authorization header (of any value).
    static int countWithAuthorization(const QJsonArray& received);
    bool clearRequests();
    bool configure(const QJsonObject& settings);                  // also remembers a new "token"
    bool setServerStatus(const QUuid& id, const QString& status); // as another reviewer would
    QJsonObject stats();

    // The ids of the served rows, in order (one GET of the list).
    QList<QUuid> relationshipIds();

    QStringList arguments(const Options& options) const;        // exposed for tests of the harness
    static QString programPath();                               // the built relreview-devserver
    static QJsonObject hostileSettings(const Options& options); // the /_dev/config for them

private:
    HttpResult exchange(QNetworkRequest request, const QByteArray& verb, const QByteArray& body,
                        int timeoutMs);

    QProcess m_process;
    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QUuid m_sourceId;
    QString m_token;
    QString m_errorString;
    QByteArray m_stderr;
};
