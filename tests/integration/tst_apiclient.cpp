// ApiClient against the development server over loopback: the exact requests it sends, how it
// classifies every kind of failure, and that the token never shows up in a URL or a log line.

#include "ApiClient.h"
#include "DevServerProcess.h"
#include "RelationshipParser.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Every message any code (ours or Qt's) logs during the run, to prove the token is not in any.
QMutex capturedMutex;
QStringList capturedMessages;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&capturedMutex);
        capturedMessages.append(message);
    }
    if (previousHandler) {
        previousHandler(type, context, message);
    }
}

struct PutOutcome
{
    bool done = false;
    ApiError error;
    Relationship relationship;
};

struct BodyOutcome
{
    bool done = false;
    ApiError error;
    QByteArray body;
};

// A one-shot HTTP answer over loopback for what the development server never does on purpose
// (a garbage body, a wrong-shaped object, a paged list, an HTTP date in Retry-After). It speaks
// real HTTP to the real client; nothing of the client is replaced.
class CannedHttpServer : public QTcpServer
{
public:
    explicit CannedHttpServer(QByteArray answer)
        : m_answer(std::move(answer))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (m_request.contains("\r\n\r\n")) {
                        socket->write(m_answer);
                        socket->disconnectFromHost();
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:"_s + QString::number(serverPort())); }
    QByteArray request() const { return m_request; }

private:
    QByteArray m_answer;
    QByteArray m_request;
};

QByteArray cannedAnswer(const QByteArray& statusLine, const QByteArray& body,
                        const QByteArray& extraHeaders = {})
{
    return "HTTP/1.1 " + statusLine + "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" +
           body;
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void putSendsExactlyTheDocumentedRequest();
    void scopeIdsFollowTheDocumentedOrder();
    void listOmitsIntegrationSourceScopeAndStreamsToFile();
    void columnsCallAsksForActiveColumns();
    void bulkStatusSendsIdsAndStatus();
    void missingTokenIsAuth403();
    void wrongTokenIsAuth401();
    void unknownIdIsNotFoundWithServerDetail();
    void validationDetailIsRenderedReadably();
    void serverFailureIsServerError();
    void rateLimitReadsRetryAfterSeconds();
    void rateLimitReadsRetryAfterHttpDate();
    void droppedConnectionIsNetwork();
    void refusedConnectionIsNetwork();
    void slowAnswerIsTimeout();
    void oversizedAnswerIsTooLarge();
    void oversizedDownloadIsTooLarge();
    void garbageAnswerIsBadResponse();
    void wrongShapedAnswerIsBadResponse();
    void pagedListIsRefusedNotTruncated();
    void cancelledCallReportsCancelled();
    void requestsInFlightIsReportedOnEveryChange();
    void tokenNeverInUrlsOrLogs();

private:
    ConnectionProfile serverProfile() const;
    PutOutcome put(ApiClient& client, const QUuid& id, RelationshipStatus status);
    std::optional<QJsonObject> lastRequest(const QString& method, const QString& path);

    DevServerProcess m_server;
    QString m_token;
    QList<QUuid> m_ids;
    QTemporaryDir m_dir;
};

void TestApiClient::initTestCase()
{
    previousHandler = qInstallMessageHandler(captureMessage);
    // Qt's own network logging too: whatever it prints must not carry the token either.
    QLoggingCategory::setFilterRules(u"qt.network.*=true"_s);

    m_token = u"tok-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = 40;
    options.token = m_token;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
    m_ids = m_server.relationshipIds();
    QCOMPARE(m_ids.size(), 40);
    QVERIFY(m_dir.isValid());
}

void TestApiClient::init()
{
    QVERIFY(m_server.clearRequests());
}

void TestApiClient::cleanup()
{
    // Faults configured by one test never leak into the next.
    QVERIFY(m_server.configure(QJsonObject{{u"latency_ms"_s, 0},
                                           {u"fail_rate"_s, 0},
                                           {u"rate_limit_every"_s, 0},
                                           {u"retry_after"_s, 1},
                                           {u"drop_rate"_s, 0}}));
}

void TestApiClient::cleanupTestCase()
{
    QLoggingCategory::setFilterRules(QString());
    qInstallMessageHandler(previousHandler);
    QMutexLocker lock(&capturedMutex);
    QVERIFY2(capturedMessages.size() >= 10, "the message handler saw nothing: the check is void");
    for (const QString& message : std::as_const(capturedMessages)) {
        QVERIFY2(!message.contains(m_token), "the token appeared in a log message");
    }
    QVERIFY2(!m_server.standardError().contains(m_token.toUtf8()),
             "the token appeared in the server's output");
}

ConnectionProfile TestApiClient::serverProfile() const
{
    ConnectionProfile profile;
    profile.name = u"test"_s;
    profile.baseUrl = m_server.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    return profile;
}

PutOutcome TestApiClient::put(ApiClient& client, const QUuid& id, RelationshipStatus status)
{
    PutOutcome outcome;
    client.updateStatus(id, status, this,
                        [&outcome](const ApiError& error, const Relationship& relationship) {
                            outcome.done = true;
                            outcome.error = error;
                            outcome.relationship = relationship;
                        });
    if (!QTest::qWaitFor([&outcome] { return outcome.done; }, 20000)) {
        outcome.error.kind = ApiError::Kind::Cancelled;
        outcome.error.message = u"the test gave up waiting for an answer"_s;
    }
    // Through the message handler, as the status bar's text would go to a log: checked at the end.
    qDebug("PUT %s: %s", qPrintable(client.endpointUrl(u"/"_s, {}, false).toString()),
           qPrintable(outcome.error.ok() ? u"ok"_s : outcome.error.message));
    return outcome;
}

std::optional<QJsonObject> TestApiClient::lastRequest(const QString& method, const QString& path)
{
    const QJsonArray entries = m_server.requests();
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QJsonObject entry = entries.at(i).toObject();
        if (entry.value("method"_L1).toString() == method &&
            entry.value("path"_L1).toString() == path) {
            return entry;
        }
    }
    return std::nullopt;
}

void TestApiClient::putSendsExactlyTheDocumentedRequest()
{
    const QUuid organization = QUuid::createUuid();
    const QUuid job = QUuid::createUuid();
    ConnectionProfile profile = serverProfile();
    profile.scope.insert(u"organization_id"_s, organization);
    profile.scope.insert(u"job_id"_s, job);

    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    const QUuid id = m_ids.at(3);
    const PutOutcome outcome = put(client, id, RelationshipStatus::Rejected);
    QVERIFY2(outcome.error.ok(), qPrintable(outcome.error.message));

    const QString path =
        u"/api/integration-sources/relationships/"_s + id.toString(QUuid::WithoutBraces);
    const std::optional<QJsonObject> entry = lastRequest(u"PUT"_s, path);
    QVERIFY2(entry, "the server did not see the PUT");
    QCOMPARE(entry->value("body"_L1).toString(), u"{\"status\":\"REJECTED\"}"_s);
    const QJsonObject query = entry->value("query"_L1).toObject();
    QCOMPARE(query,
             (QJsonObject{{u"organization_id"_s, organization.toString(QUuid::WithoutBraces)},
                          {u"job_id"_s, job.toString(QUuid::WithoutBraces)}}));
    const QJsonObject headers = entry->value("headers"_L1).toObject();
    QCOMPARE(headers.value("authorization"_L1).toString(), u"Bearer <valid>"_s);
    QCOMPARE(headers.value("content-type"_L1).toString(), u"application/json"_s);
    QCOMPARE(headers.value("accept"_L1).toString(), u"application/json"_s);
    QCOMPARE(entry->value("status"_L1).toInt(), 200);

    // The answer is the server's whole updated row.
    QCOMPARE(outcome.relationship.id, id);
    QCOMPARE(outcome.relationship.status, RelationshipStatus::Rejected);
    const QJsonObject onServer = m_server.relationship(id);
    QCOMPARE(onServer.value("status"_L1).toString(), u"REJECTED"_s);
    QCOMPARE(outcome.relationship.updatedAtMs,
             parseTimestampMs(onServer.value("updated_at"_L1).toString()).value_or(-1));
}

void TestApiClient::scopeIdsFollowTheDocumentedOrder()
{
    ConnectionProfile profile = serverProfile();
    QStringList expected;
    // Inserted in reverse, sent in the documented order.
    const QStringList names = ConnectionProfile::scopeParameterNames();
    for (auto it = names.crbegin(); it != names.crend(); ++it) {
        profile.scope.insert(*it, QUuid::createUuid());
    }
    for (const QString& name : names) {
        expected.append(name + u'=' + profile.scope.value(name).toString(QUuid::WithoutBraces));
    }
    ApiClient client;
    client.setProfile(profile);

    QCOMPARE(client.endpointUrl(u"/x"_s, {}, false).query(), expected.join(u'&'));
    QStringList withoutSource = expected;
    withoutSource.removeAt(names.indexOf(u"integration_source_id"_s));
    QCOMPARE(client.endpointUrl(u"/x"_s, {{u"status"_s, u"APPROVED"_s}}, true).query(),
             (withoutSource + QStringList{u"status=APPROVED"_s}).join(u'&'));

    // Only configured ids are sent; a base URL with a path keeps it.
    ConnectionProfile bare = serverProfile();
    bare.baseUrl = QUrl(u"https://example.invalid/prefix/"_s);
    client.setProfile(bare);
    const QUrl url = client.endpointUrl(u"/api/integration-sources/relationships/abc"_s, {}, false);
    QCOMPARE(url.toString(),
             u"https://example.invalid/prefix/api/integration-sources/relationships/abc"_s);
}

void TestApiClient::listOmitsIntegrationSourceScopeAndStreamsToFile()
{
    ConnectionProfile profile = serverProfile();
    const QUuid resource = QUuid::createUuid();
    profile.scope.insert(u"resource_id"_s, resource);
    profile.scope.insert(u"integration_source_id"_s, m_server.sourceId());
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);

    const QString path = m_dir.filePath(u"list.json"_s);
    bool done = false;
    ApiError result;
    qint64 lastReceived = -1;
    int progressCalls = 0;
    client.downloadRelationships(
        path, this,
        [&](const ApiError& error) {
            done = true;
            result = error;
        },
        [&](qint64 received, qint64) {
            ++progressCalls;
            lastReceived = received;
        });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QVERIFY2(result.ok(), qPrintable(result.message));

    const std::optional<QJsonObject> entry = lastRequest(
        u"GET"_s, u"/api/integration-sources/"_s +
                      m_server.sourceId().toString(QUuid::WithoutBraces) + u"/relationships"_s);
    QVERIFY(entry);
    QCOMPARE(entry->value("query"_L1).toObject(),
             (QJsonObject{{u"resource_id"_s, resource.toString(QUuid::WithoutBraces)}}));
    QCOMPARE(entry->value("headers"_L1).toObject().value("authorization"_L1).toString(),
             u"Bearer <valid>"_s);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(progressCalls > 0);
    QCOMPARE(lastReceived, file.size());
    const RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
    QVERIFY2(parsed.ok, qPrintable(parsed.error.describe(path)));
    QCOMPARE(parsed.document.rows.size(), m_ids.size());
}

void TestApiClient::columnsCallAsksForActiveColumns()
{
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    BodyOutcome outcome;
    client.fetchColumns(this, [&outcome](const ApiError& error, const QByteArray& body) {
        outcome = {true, error, body};
    });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000);
    QVERIFY2(outcome.error.ok(), qPrintable(outcome.error.message));
    QVERIFY(QJsonDocument::fromJson(outcome.body).isArray());
    QVERIFY(!QJsonDocument::fromJson(outcome.body).array().isEmpty());

    const std::optional<QJsonObject> entry = lastRequest(
        u"GET"_s, u"/api/integration-sources/"_s +
                      m_server.sourceId().toString(QUuid::WithoutBraces) + u"/columns"_s);
    QVERIFY(entry);
    QCOMPARE(entry->value("query"_L1).toObject(), (QJsonObject{{u"active_only"_s, u"true"_s}}));
}

void TestApiClient::bulkStatusSendsIdsAndStatus()
{
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    BodyOutcome outcome;
    client.bulkStatus({m_ids.at(10), m_ids.at(11)}, RelationshipStatus::Approved, this,
                      [&outcome](const ApiError& error, const QByteArray& body) {
                          outcome = {true, error, body};
                      });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000);
    QVERIFY2(outcome.error.ok(), qPrintable(outcome.error.message));

    const std::optional<QJsonObject> entry =
        lastRequest(u"POST"_s, u"/api/integration-sources/relationships/bulk-status"_s);
    QVERIFY(entry);
    const QJsonObject body =
        QJsonDocument::fromJson(entry->value("body"_L1).toString().toUtf8()).object();
    QCOMPARE(body, (QJsonObject{{u"relationship_ids"_s,
                                 QJsonArray{m_ids.at(10).toString(QUuid::WithoutBraces),
                                            m_ids.at(11).toString(QUuid::WithoutBraces)}},
                                {u"status"_s, u"APPROVED"_s}}));
    QCOMPARE(m_server.relationship(m_ids.at(11)).value("status"_L1).toString(), u"APPROVED"_s);
}

void TestApiClient::missingTokenIsAuth403()
{
    ApiClient client;
    client.setProfile(serverProfile());
    const PutOutcome outcome = put(client, m_ids.at(0), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Auth);
    QCOMPARE(outcome.error.httpStatus, 403);
    QVERIFY2(outcome.error.message.contains(u"Not authenticated"_s),
             qPrintable(outcome.error.message));
    QVERIFY(!outcome.error.isTransient());
    const std::optional<QJsonObject> entry =
        lastRequest(u"PUT"_s, u"/api/integration-sources/relationships/"_s +
                                  m_ids.at(0).toString(QUuid::WithoutBraces));
    QVERIFY(entry);
    QVERIFY(!entry->value("headers"_L1).toObject().contains("authorization"_L1));
}

void TestApiClient::wrongTokenIsAuth401()
{
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(u"not-the-token"_s);
    const PutOutcome outcome = put(client, m_ids.at(0), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Auth);
    QCOMPARE(outcome.error.httpStatus, 401);
    QVERIFY(outcome.error.message.contains(u"Token rejected"_s));
}

void TestApiClient::unknownIdIsNotFoundWithServerDetail()
{
    const QUuid unknown = QUuid::createUuid();
    const QString path =
        u"/api/integration-sources/relationships/"_s + unknown.toString(QUuid::WithoutBraces);
    const DevServerProcess::HttpResult raw =
        m_server.request("PUT", path, QByteArrayLiteral("{\"status\":\"APPROVED\"}"));
    QCOMPARE(raw.status, 404);
    const QString detail = raw.json().object().value("detail"_L1).toString();
    QVERIFY(!detail.isEmpty());

    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    const PutOutcome outcome = put(client, unknown, RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::NotFound);
    QCOMPARE(outcome.error.httpStatus, 404);
    QCOMPARE(outcome.error.message, detail);
}

void TestApiClient::validationDetailIsRenderedReadably()
{
    // The only 422 the client can provoke: a status filter the server does not know.
    const QString path = u"/api/integration-sources/"_s +
                         m_server.sourceId().toString(QUuid::WithoutBraces) + u"/relationships"_s;
    const DevServerProcess::HttpResult raw = m_server.request("GET", path + u"?status=MAYBE"_s);
    QCOMPARE(raw.status, 422);
    const QJsonArray detail = raw.json().object().value("detail"_L1).toArray();
    QVERIFY(!detail.isEmpty());
    QStringList loc;
    for (const QJsonValue& part : detail.first().toObject().value("loc"_L1).toArray()) {
        loc.append(part.toString());
    }
    const QString expected =
        loc.join(u'.') + u": "_s + detail.first().toObject().value("msg"_L1).toString();

    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    bool done = false;
    ApiError result;
    client.downloadRelationships(
        m_dir.filePath(u"refused.json"_s), this,
        [&](const ApiError& error) {
            done = true;
            result = error;
        },
        {}, u"MAYBE"_s);
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QCOMPARE(result.kind, ApiError::Kind::Validation);
    QCOMPARE(result.httpStatus, 422);
    QVERIFY2(result.message.startsWith(expected), qPrintable(result.message));
    QVERIFY(!result.message.contains(u'{'));
}

void TestApiClient::serverFailureIsServerError()
{
    QVERIFY(m_server.configure(QJsonObject{{u"fail_rate"_s, 1.0}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(1), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Server);
    QCOMPARE(outcome.error.httpStatus, 503);
    QVERIFY(outcome.error.isTransient());
    QVERIFY2(outcome.error.message.contains(u"503"_s), qPrintable(outcome.error.message));
}

void TestApiClient::rateLimitReadsRetryAfterSeconds()
{
    QVERIFY(m_server.configure(QJsonObject{{u"rate_limit_every"_s, 1}, {u"retry_after"_s, 7}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(2), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::RateLimited);
    QCOMPARE(outcome.error.httpStatus, 429);
    QCOMPARE(outcome.error.retryAfterMs, 7000);
    QVERIFY(outcome.error.isTransient());
}

void TestApiClient::rateLimitReadsRetryAfterHttpDate()
{
    const QDateTime in90s = QDateTime::currentDateTimeUtc().addSecs(90);
    const QByteArray date =
        QLocale::c().toString(in90s, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
    CannedHttpServer canned(cannedAnswer("429 Too Many Requests", "{\"detail\":\"slow down\"}",
                                         "Retry-After: " + date + "\r\n"));
    QVERIFY(canned.isListening());
    ConnectionProfile profile = serverProfile();
    profile.baseUrl = canned.url();
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(2), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::RateLimited);
    // Whole seconds in the date, and the clock moves on while the test runs.
    QVERIFY2(outcome.error.retryAfterMs > 80 * 1000 && outcome.error.retryAfterMs <= 90 * 1000,
             qPrintable(QString::number(outcome.error.retryAfterMs)));
}

void TestApiClient::droppedConnectionIsNetwork()
{
    QVERIFY(m_server.configure(QJsonObject{{u"drop_rate"_s, 1.0}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(4), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    QVERIFY(outcome.error.isTransient());
}

void TestApiClient::refusedConnectionIsNetwork()
{
    // A port that was just free: nothing listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    ConnectionProfile profile = serverProfile();
    profile.baseUrl = QUrl(u"http://127.0.0.1:"_s + QString::number(port));
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(4), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
}

void TestApiClient::slowAnswerIsTimeout()
{
    QVERIFY(m_server.configure(QJsonObject{{u"latency_ms"_s, 3000}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    client.setTransferTimeoutMs(300);
    const PutOutcome outcome = put(client, m_ids.at(5), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Timeout);
    QVERIFY(outcome.error.isTransient());
    QCOMPARE(client.requestsInFlight(), 0);
}

void TestApiClient::oversizedAnswerIsTooLarge()
{
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    client.setMaxBodyBytes(64); // a relationship with its evidence is far larger
    const PutOutcome outcome = put(client, m_ids.at(6), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::TooLarge);
    QCOMPARE(client.requestsInFlight(), 0);

    BodyOutcome columns;
    client.fetchColumns(this, [&columns](const ApiError& error, const QByteArray& body) {
        columns = {true, error, body};
    });
    QTRY_VERIFY_WITH_TIMEOUT(columns.done, 20000);
    QCOMPARE(columns.error.kind, ApiError::Kind::TooLarge);
    QVERIFY(columns.body.size() <= 64);
}

void TestApiClient::oversizedDownloadIsTooLarge()
{
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    client.setMaxDownloadBytes(1024);
    bool done = false;
    ApiError result;
    const QString path = m_dir.filePath(u"capped.json"_s);
    client.downloadRelationships(path, this, [&](const ApiError& error) {
        done = true;
        result = error;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QCOMPARE(result.kind, ApiError::Kind::TooLarge);
    QVERIFY(QFileInfo(path).size() <= 1024);
}

void TestApiClient::garbageAnswerIsBadResponse()
{
    CannedHttpServer canned(cannedAnswer("200 OK", "<html>captive portal</html>"));
    ConnectionProfile profile = serverProfile();
    profile.baseUrl = canned.url();
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(7), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);
    QCOMPARE(outcome.error.httpStatus, 200);
    QVERIFY(canned.request().startsWith("PUT /api/integration-sources/relationships/"));
}

void TestApiClient::wrongShapedAnswerIsBadResponse()
{
    // Valid JSON, but the answer for another relationship.
    const QJsonObject other = m_server.relationship(m_ids.at(9));
    QVERIFY(!other.isEmpty());
    CannedHttpServer canned(
        cannedAnswer("200 OK", QJsonDocument(other).toJson(QJsonDocument::Compact)));
    ConnectionProfile profile = serverProfile();
    profile.baseUrl = canned.url();
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    const PutOutcome outcome = put(client, m_ids.at(8), RelationshipStatus::Approved);
    QCOMPARE(outcome.error.kind, ApiError::Kind::BadResponse);

    CannedHttpServer array(cannedAnswer("200 OK", "[1,2,3]"));
    profile.baseUrl = array.url();
    client.setProfile(profile);
    const PutOutcome arrayOutcome = put(client, m_ids.at(8), RelationshipStatus::Approved);
    QCOMPARE(arrayOutcome.error.kind, ApiError::Kind::BadResponse);
}

void TestApiClient::pagedListIsRefusedNotTruncated()
{
    CannedHttpServer canned(
        cannedAnswer("200 OK", "[]", "Link: <http://127.0.0.1/next?page=2>; rel=\"next\"\r\n"));
    ConnectionProfile profile = serverProfile();
    profile.baseUrl = canned.url();
    ApiClient client;
    client.setProfile(profile);
    client.setToken(m_token);
    bool done = false;
    ApiError result;
    client.downloadRelationships(m_dir.filePath(u"paged.json"_s), this, [&](const ApiError& error) {
        done = true;
        result = error;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QCOMPARE(result.kind, ApiError::Kind::BadResponse);
    QVERIFY(result.message.contains(u"page"_s));
}

void TestApiClient::cancelledCallReportsCancelled()
{
    QVERIFY(m_server.configure(QJsonObject{{u"latency_ms"_s, 2000}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    QObject context;
    bool done = false;
    ApiError result;
    client.downloadRelationships(m_dir.filePath(u"cancelled.json"_s), &context,
                                 [&](const ApiError& error) {
                                     done = true;
                                     result = error;
                                 });
    QCOMPARE(client.requestsInFlight(), 1);
    client.cancelCalls(&context);
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QCOMPARE(result.kind, ApiError::Kind::Cancelled);
    QCOMPARE(client.requestsInFlight(), 0);

    // A destroyed context silences its callback and ends the call.
    bool called = false;
    {
        QObject shortLived;
        client.updateStatus(m_ids.at(12), RelationshipStatus::Approved, &shortLived,
                            [&called](const ApiError&, const Relationship&) { called = true; });
        QCOMPARE(client.requestsInFlight(), 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.requestsInFlight(), 0, 20000);
    QVERIFY(!called);
}

void TestApiClient::requestsInFlightIsReportedOnEveryChange()
{
    QVERIFY(m_server.configure(QJsonObject{{u"latency_ms"_s, 100}}));
    ApiClient client;
    client.setProfile(serverProfile());
    client.setToken(m_token);
    QSignalSpy spy(&client, &ApiClient::requestsInFlightChanged);
    int answers = 0;
    for (int i = 20; i < 25; ++i) {
        client.updateStatus(m_ids.at(i), RelationshipStatus::Approved, this,
                            [&answers](const ApiError&, const Relationship&) { ++answers; });
    }
    QCOMPARE(client.requestsInFlight(), 5);
    QTRY_COMPARE_WITH_TIMEOUT(answers, 5, 20000);
    QCOMPARE(client.requestsInFlight(), 0);
    QCOMPARE(spy.count(), 10);
    int previous = 0;
    for (const QList<QVariant>& emission : std::as_const(spy)) {
        const int count = emission.constFirst().toInt();
        QCOMPARE(qAbs(count - previous), 1);
        previous = count;
    }
    QCOMPARE(previous, 0);
}

void TestApiClient::tokenNeverInUrlsOrLogs()
{
    ApiClient client;
    ConnectionProfile profile = serverProfile();
    profile.scope.insert(u"organization_id"_s, QUuid::createUuid());
    client.setProfile(profile);
    client.setToken(m_token);
    QVERIFY(put(client, m_ids.at(13), RelationshipStatus::Rejected).error.ok());
    client.setToken(u"wrong-"_s + m_token); // a rejected token is still a secret
    QCOMPARE(put(client, m_ids.at(13), RelationshipStatus::Approved).error.kind,
             ApiError::Kind::Auth);

    const QJsonArray entries = m_server.requests();
    QVERIFY(entries.size() >= 2);
    for (const QJsonValue& value : entries) {
        const QByteArray entry = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
        QVERIFY2(!entry.contains(m_token.toUtf8()), "the token reached the request log");
        QVERIFY(!value.toObject().value("query"_L1).toObject().contains("token"_L1));
    }
    QVERIFY(!client.endpointUrl(u"/x"_s, {}, false).toString().contains(m_token));
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
