// The real network's front: nginx (TlsFront) as a TLS and HTTP/2 reverse proxy with gzip, in
// front of the development server, which delays (and jitters) its answers. Over HTTP/2 the sync
// engine keeps many single PUTs in flight on one connection, and still never two for one row;
// over HTTP/1.1 six at most; a burst of 503s shrinks its window and success grows it back. A
// live list arrives gzip-compressed (the bytes on the wire, from nginx's access log) and is
// loaded right. Concurrency is read from nginx's access log (each request's start and end).

#include "ApiClient.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "RelationshipStore.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TlsFront.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QStringList Statuses = {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s};
constexpr int ServerRows = 1200;

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

SyncConfig quickConfig()
{
    SyncConfig config;
    config.useBulk = false; // single PUTs, as key presses send them
    config.backoffBaseMs = 20;
    config.backoffCapMs = 200;
    config.maxRetryAfterMs = 1500;
    config.journalFlushMs = 5;
    return config;
}

QList<TlsFront::Request> putsOf(const QList<TlsFront::Request>& requests)
{
    QList<TlsFront::Request> puts;
    for (const TlsFront::Request& request : requests) {
        if (request.method == u"PUT")
            puts.append(request);
    }
    return puts;
}

} // namespace

class TestNetFront : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void http2CarriesManyPutsAtOnceAndKeepsTheirOrder();
    void http1KeepsSixAtMost();
    void serviceUnavailableShrinksTheWindowThenItGrowsBack();
    void liveListArrivesCompressed();
    void connectionClosedAfterSomeRequestsDoesNotStall();
    void aBurstOpensOneConnection();
    void callsWaitingForTheConnectionCanBeCancelled();
    void aSlowServerIsNotASilentConnection();

private:
    bool startFront(bool http2, int requestsPerConnection = 0);
    std::unique_ptr<SyncEngine> makeEngine(const SyncConfig& config = quickConfig());
    QHash<QUuid, QJsonObject> serverRows();
    // Records a decision for each of `ids`, a status other than the server's (`shift` picks
    // which); returns the ids recorded and fills `intended`.
    QList<qint64> recordDecisions(const QList<QUuid>& ids, int shift,
                                  QHash<QUuid, QString>* intended);
    void checkServerHas(const QHash<QUuid, QString>& intended);
    bool waitIdle(SyncEngine& engine, int timeoutMs);

    QTemporaryDir m_dir;
    DevServerProcess m_server;
    QList<QUuid> m_ids;
    std::unique_ptr<TlsFront> m_front;
    std::unique_ptr<DecisionJournal> m_journal;
    std::unique_ptr<ApiClient> m_client;
    qint64 m_origin = 0;
};

void TestNetFront::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DevServerProcess::Options options;
    options.generate = ServerRows;
    options.token = u"front-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
    m_ids = m_server.relationshipIds();
    QCOMPARE(m_ids.size(), ServerRows);
}

void TestNetFront::init()
{
    QVERIFY(m_server.configure(
        {{u"latency_ms"_s, 0}, {u"latency_jitter_ms"_s, 0}, {u"fail_rate"_s, 0}}));
    QVERIFY(m_server.clearRequests());
    m_journal = std::make_unique<DecisionJournal>(
        m_dir.filePath(u"%1.sqlite3"_s.arg(QString::fromLatin1(QTest::currentTestFunction()))));
    QVERIFY2(m_journal->open(), qPrintable(m_journal->lastError()));
    m_client = std::make_unique<ApiClient>();
    m_client->setTransferTimeoutMs(20000);
}

void TestNetFront::cleanup()
{
    m_client.reset();
    m_journal.reset();
    m_front.reset();
}

bool TestNetFront::startFront(bool http2, int requestsPerConnection)
{
    m_front = std::make_unique<TlsFront>();
    TlsFront::Options options;
    options.http2 = http2;
    options.requestsPerConnection = requestsPerConnection;
    // nginx-light and openssl are in scripts/deps.sh: without them this fails, it does not skip.
    if (!m_front->start(m_server.baseUrl(), options)) {
        qWarning("%s", qPrintable(m_front->errorString()));
        return false;
    }
    ConnectionProfile profile;
    profile.baseUrl = m_front->baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    profile.caCertificates = m_front->caCertificatePath();
    m_client->setProfile(profile);
    if (!m_client->caCertificatesProblem().isEmpty()) {
        qWarning("%s", qPrintable(m_client->caCertificatesProblem()));
        return false;
    }
    m_client->setToken(m_server.token());
    m_origin = m_journal->ensureOrigin(DecisionOrigin::forLive(profile));
    return m_origin > 0;
}

std::unique_ptr<SyncEngine> TestNetFront::makeEngine(const SyncConfig& config)
{
    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    engine->setConfig(config);
    const std::optional<DecisionOrigin> origin = m_journal->origin(m_origin);
    if (!origin || !engine->setOrigin(*origin))
        qWarning("cannot set the origin");
    return engine;
}

QHash<QUuid, QJsonObject> TestNetFront::serverRows()
{
    QHash<QUuid, QJsonObject> rows;
    int status = 0;
    const QByteArray body = m_server.apiGet(
        u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server.sourceId())), &status);
    for (const QJsonValue value : QJsonDocument::fromJson(body).array()) {
        const QJsonObject object = value.toObject();
        rows.insert(QUuid(object.value("id"_L1).toString()), object);
    }
    return rows;
}

QList<qint64> TestNetFront::recordDecisions(const QList<QUuid>& ids, int shift,
                                            QHash<QUuid, QString>* intended)
{
    const QHash<QUuid, QJsonObject> rows = serverRows();
    QList<NewDecision> decisions;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QJsonObject row = rows.value(ids[i]);
        const QString current = row.value("status"_L1).toString();
        QString status = Statuses[(i + shift) % 3];
        if (status == current)
            status = Statuses[(i + shift + 1) % 3];
        NewDecision decision;
        decision.relationshipId = ids[i];
        decision.status = status;
        decision.previousStatus = current;
        decision.serverUpdatedMs =
            parseTimestampMs(row.value("updated_at"_L1).toString()).value_or(0);
        decisions.append(decision);
        intended->insert(ids[i], status);
    }
    return m_journal->record(m_origin, decisions);
}

void TestNetFront::checkServerHas(const QHash<QUuid, QString>& intended)
{
    const QHash<QUuid, QJsonObject> rows = serverRows();
    int wrong = 0;
    for (auto it = intended.cbegin(); it != intended.cend(); ++it) {
        const QString actual = rows.value(it.key()).value("status"_L1).toString();
        if (actual != it.value() && ++wrong <= 5)
            qWarning("%s: server has %s, intended %s", qPrintable(idText(it.key())),
                     qPrintable(actual), qPrintable(it.value()));
    }
    QCOMPARE(wrong, 0);
}

bool TestNetFront::waitIdle(SyncEngine& engine, int timeoutMs)
{
    return QTest::qWaitFor([&] { return !engine.isBusy(); }, timeoutMs);
}

void TestNetFront::http2CarriesManyPutsAtOnceAndKeepsTheirOrder()
{
    QVERIFY(startFront(true));
    QVERIFY(m_server.configure({{u"latency_ms"_s, 50}, {u"latency_jitter_ms"_s, 10}}));
    const QList<QUuid> ids = m_ids.mid(0, 400);
    QHash<QUuid, QString> intended;
    const QList<qint64> first = recordDecisions(ids, 0, &intended);
    auto engine = makeEngine();
    QSignalSpy confirmed(engine.get(), &SyncEngine::decisionConfirmed);
    engine->deliver(first);
    // Second thoughts on a hundred rows while the first decisions are on their way: the newer
    // decision must win on the server.
    const QList<qint64> second = recordDecisions(ids.mid(0, 100), 1, &intended);
    engine->deliver(second);
    QVERIFY(waitIdle(*engine, 60000));
    engine->refreshCounts();
    QCOMPARE(engine->counts().outstanding(), 0);
    checkServerHas(intended);

    QCOMPARE(m_client->lastHttpVersion(), 2);
    QCOMPARE(engine->deliveryWindowCeiling(), DeliveryWindow::DefaultHttp2Ceiling);
    const QList<TlsFront::Request> puts = putsOf(m_front->requests());
    QVERIFY2(puts.size() >= 400 && puts.size() <= 500, qPrintable(QString::number(puts.size())));
    QSet<qint64> connections;
    for (const TlsFront::Request& put : puts) {
        QCOMPARE(put.protocol, u"HTTP/2.0"_s);
        QCOMPARE(put.status, 200);
        connections.insert(put.connection);
    }
    QCOMPARE(connections.size(), 1); // every stream on one connection
    // Far more at once than HTTP/1.1's six connections allow (up to 64 once the window grew).
    const int most = TlsFront::maxConcurrent(puts);
    qInfo("%d PUTs over HTTP/2, at most %d at once", int(puts.size()), most);
    QVERIFY2(most >= 24 && most <= DeliveryWindow::DefaultHttp2Ceiling,
             qPrintable(QString::number(most)));

    // Never two PUTs on one row at once: per row, each began after the one before it ended (at
    // the log's millisecond resolution).
    QHash<QString, QList<TlsFront::Request>> byRow;
    for (const TlsFront::Request& put : puts)
        byRow[put.target.section(u'?', 0, 0)].append(put);
    int rowsWithTwo = 0;
    for (auto it = byRow.begin(); it != byRow.end(); ++it) {
        QList<TlsFront::Request>& row = it.value();
        std::sort(row.begin(), row.end(),
                  [](const auto& a, const auto& b) { return a.startMs < b.startMs; });
        for (qsizetype i = 1; i < row.size(); ++i)
            QVERIFY2(row[i].startMs >= row[i - 1].endMs - 1.0, qPrintable(it.key()));
        rowsWithTwo += row.size() > 1 ? 1 : 0;
    }
    QVERIFY(rowsWithTwo <= 100);
}

void TestNetFront::http1KeepsSixAtMost()
{
    QVERIFY(startFront(false));
    QVERIFY(m_server.configure({{u"latency_ms"_s, 30}}));
    QHash<QUuid, QString> intended;
    const QList<qint64> decisions = recordDecisions(m_ids.mid(400, 100), 0, &intended);
    auto engine = makeEngine();
    engine->deliver(decisions);
    QVERIFY(waitIdle(*engine, 60000));
    checkServerHas(intended);

    QCOMPARE(m_client->lastHttpVersion(), 1);
    QCOMPARE(engine->deliveryWindowCeiling(), DeliveryWindow::DefaultHttp1Ceiling);
    const QList<TlsFront::Request> puts = putsOf(m_front->requests());
    QCOMPARE(puts.size(), 100);
    for (const TlsFront::Request& put : puts)
        QCOMPARE(put.protocol, u"HTTP/1.1"_s);
    const int most = TlsFront::maxConcurrent(puts);
    QVERIFY2(most >= 2 && most <= 6, qPrintable(QString::number(most)));
}

void TestNetFront::serviceUnavailableShrinksTheWindowThenItGrowsBack()
{
    QVERIFY(startFront(true));
    // Slow answers, so that the run lasts while the test changes the server under it.
    QVERIFY(m_server.configure({{u"latency_ms"_s, 200}}));
    QHash<QUuid, QString> intended;
    const QList<qint64> decisions = recordDecisions(m_ids.mid(500, 700), 0, &intended);
    auto engine = makeEngine();
    engine->deliver(decisions);
    QCOMPARE(engine->deliveryWindow(), 6);
    QTRY_VERIFY_WITH_TIMEOUT(engine->deliveryWindow() >= 32, 20000); // slow start over HTTP/2

    // A burst of 503s: the window halves each round trip, down to a few.
    QVERIFY(m_server.configure({{u"fail_rate"_s, 1.0}}));
    QTRY_VERIFY_WITH_TIMEOUT(engine->deliveryWindow() <= 2, 30000);
    const int smallest = engine->deliveryWindow();

    // The server recovers (and answers at once, so that the rest goes quickly): it grows back.
    QVERIFY(m_server.configure({{u"fail_rate"_s, 0}, {u"latency_ms"_s, 0}}));
    QTRY_VERIFY_WITH_TIMEOUT(engine->deliveryWindow() >= smallest + 3, 30000);
    QVERIFY(waitIdle(*engine, 60000));
    engine->refreshCounts();
    QCOMPARE(engine->counts().outstanding(), 0);
    checkServerHas(intended);

    const QList<TlsFront::Request> puts = putsOf(m_front->requests());
    int unavailable = 0;
    for (const TlsFront::Request& put : puts) {
        QCOMPARE(put.protocol, u"HTTP/2.0"_s);
        unavailable += put.status == 503 ? 1 : 0;
    }
    QVERIFY(unavailable > 0);
    QCOMPARE(int(puts.size()) - unavailable, 700);
}

void TestNetFront::liveListArrivesCompressed()
{
    QVERIFY(startFront(true));
    const QString listPath =
        u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server.sourceId()));
    int status = 0;
    const QByteArray json = m_server.apiGet(listPath, &status); // straight from the server
    QCOMPARE(status, 200);
    const QHash<QUuid, QJsonObject> expected = serverRows();
    QVERIFY(m_server.clearRequests());

    RelationshipStore store;
    ReviewSession session(&store);
    session.setProfile(m_client->profile());
    session.setToken(m_server.token());
    QSignalSpy finished(&session, &ReviewSession::loadFinished);
    session.loadLive();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.constFirst().at(0).toBool(),
             qPrintable(finished.constFirst().at(1).toString()));

    // The list as the server has it.
    QCOMPARE(store.size(), ServerRows);
    for (int row = 0; row < store.size(); ++row) {
        const RelationshipRow& relationship = store.rows().row(row);
        const QJsonObject original = expected.value(relationship.id);
        QVERIFY(!original.isEmpty());
        QCOMPARE(statusName(relationship.status), original.value("status"_L1).toString());
    }

    // Asked for compressed (Qt offers gzip unless told otherwise)...
    bool offered = false;
    for (const QJsonValue value : m_server.requests()) {
        const QJsonObject request = value.toObject();
        if (request.value("path"_L1).toString() == listPath)
            offered = request.value("headers"_L1)
                          .toObject()
                          .value("accept-encoding"_L1)
                          .toString()
                          .contains(u"gzip"_s);
    }
    QVERIFY(offered);
    // ... and sent so: over HTTP/2, a quarter of the JSON's bytes at most on the wire.
    qint64 onTheWire = -1;
    for (const TlsFront::Request& request : m_front->requests()) {
        if (request.method == u"GET" && request.target.startsWith(listPath)) {
            QCOMPARE(request.protocol, u"HTTP/2.0"_s);
            QCOMPARE(request.status, 200);
            onTheWire = request.bytesSent;
        }
    }
    QVERIFY(onTheWire > 0);
    qInfo("the list: %lld bytes on the wire for %lld bytes of JSON", onTheWire,
          qint64(json.size()));
    QVERIFY2(onTheWire * 4 <= json.size(),
             qPrintable(u"%1 bytes sent for %2 bytes of JSON"_s.arg(onTheWire).arg(json.size())));
}

void TestNetFront::connectionClosedAfterSomeRequestsDoesNotStall()
{
    // nginx ends an HTTP/2 connection after keepalive_requests (a GOAWAY; 1000 by default): the
    // requests Qt had not started on it, or left waiting there, go again on a new connection at
    // once, and none fails. The transfer timeout is longer than the wait below: a request left
    // stranded until the timeout freed it would fail this test.
    QVERIFY(startFront(true, 150));
    QVERIFY(m_server.configure({{u"latency_ms"_s, 20}}));
    m_client->setTransferTimeoutMs(120000);
    QHash<QUuid, QString> intended;
    const QList<qint64> decisions = recordDecisions(m_ids.mid(0, 600), 2, &intended);
    auto engine = makeEngine();
    QSignalSpy failed(engine.get(), &SyncEngine::decisionFailed);
    engine->deliver(decisions);
    QVERIFY(waitIdle(*engine, 60000));
    QCOMPARE(failed.size(), 0);
    engine->refreshCounts();
    QCOMPARE(engine->counts().outstanding(), 0);
    checkServerHas(intended);
    QSet<qint64> connections;
    for (const TlsFront::Request& put : putsOf(m_front->requests()))
        connections.insert(put.connection);
    QVERIFY2(connections.size() >= 4, qPrintable(QString::number(connections.size())));
    // Asked again by the client itself, not by the engine after a failure and a backoff.
    QVERIFY(m_client->goAwayResends() > 0);
}

void TestNetFront::aBurstOpensOneConnection()
{
    // Forty PUTs at once from a client with no connection yet: the first opens it, the others
    // follow it over HTTP/2, on that one connection.
    QVERIFY(startFront(true));
    QVERIFY(m_server.configure({{u"latency_ms"_s, 20}}));
    int answered = 0;
    int failures = 0;
    QObject context;
    for (const QUuid& id : m_ids.mid(0, 40)) {
        m_client->updateStatus(id, RelationshipStatus::Approved, &context,
                               [&](const ApiError& error, const Relationship&) {
                                   ++answered;
                                   failures += error.ok() ? 0 : 1;
                               });
    }
    QCOMPARE(m_client->requestsInFlight(), 40);
    QTRY_COMPARE_WITH_TIMEOUT(answered, 40, 30000);
    QCOMPARE(failures, 0);
    QCOMPARE(m_client->requestsInFlight(), 0);
    QCOMPARE(m_client->lastHttpVersion(), 2);
    // (nginx logs a request just after its last byte went out.)
    QTRY_COMPARE(putsOf(m_front->requests()).size(), 40);
    QSet<qint64> connections;
    for (const TlsFront::Request& put : putsOf(m_front->requests()))
        connections.insert(put.connection);
    QCOMPARE(connections.size(), 1);
}

void TestNetFront::callsWaitingForTheConnectionCanBeCancelled()
{
    QVERIFY(startFront(true));
    QVERIFY(m_server.configure({{u"latency_ms"_s, 200}}));
    QObject first;
    QObject later;
    ApiError firstError;
    QList<ApiError::Kind> laterKinds;
    bool firstAnswered = false;
    m_client->updateStatus(m_ids.at(0), RelationshipStatus::Approved, &first,
                           [&](const ApiError& error, const Relationship&) {
                               firstError = error;
                               firstAnswered = true;
                           });
    for (const QUuid& id : m_ids.mid(1, 5)) {
        m_client->updateStatus(
            id, RelationshipStatus::Rejected, &later,
            [&](const ApiError& error, const Relationship&) { laterKinds.append(error.kind); });
    }
    // The five wait for the first call's connection; cancelled there, they end at once and
    // never reach the server.
    m_client->cancelCalls(&later);
    QCOMPARE(laterKinds, QList<ApiError::Kind>(5, ApiError::Kind::Cancelled));
    QCOMPARE(m_client->requestsInFlight(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(firstAnswered, 30000);
    QVERIFY2(firstError.ok(), qPrintable(firstError.message));
    QCOMPARE(m_client->requestsInFlight(), 0);
    QTRY_COMPARE(putsOf(m_front->requests()).size(), 1);
    QCOMPARE(m_server.requests().size(), 1); // the five never reached the server either
}

void TestNetFront::aSlowServerIsNotASilentConnection()
{
    // Answers that suddenly take far longer than before (a server busy for a while) are waited
    // for: the requests were written, so the connection is not given up and nothing is asked
    // twice.
    QVERIFY(startFront(true));
    QObject context;
    int answered = 0;
    int failures = 0;
    const auto put = [&](const QList<QUuid>& ids, RelationshipStatus status) {
        for (const QUuid& id : ids) {
            m_client->updateStatus(id, status, &context,
                                   [&](const ApiError& error, const Relationship&) {
                                       ++answered;
                                       failures += error.ok() ? 0 : 1;
                                   });
        }
    };
    put(m_ids.mid(0, 10), RelationshipStatus::Approved);
    QTRY_COMPARE_WITH_TIMEOUT(answered, 10, 30000);
    QCOMPARE(m_client->lastHttpVersion(), 2);
    QVERIFY(m_server.configure({{u"latency_ms"_s, 3 * ApiClient::SilentConnectionMinMs}}));
    put(m_ids.mid(10, 10), RelationshipStatus::Rejected);
    QTRY_COMPARE_WITH_TIMEOUT(answered, 20, 60000);
    QCOMPARE(failures, 0);
    QCOMPARE(m_client->goAwayResends(), 0);
    QTRY_COMPARE(putsOf(m_front->requests()).size(), 20);
}

QTEST_MAIN(TestNetFront)
#include "tst_netfront.moc"
