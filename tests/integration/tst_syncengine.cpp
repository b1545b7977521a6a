// The sync engine against the development server over loopback: backlogs through the bulk
// endpoint, interactive PUTs, faults (503, 429 with Retry-After, latency, dropped connections),
// token rotation in the middle of a run, the fall back to PUTs, batch halving, conflicts of a
// snapshot's decisions with newer server state, and recovery of an interrupted run.

#include "ApiClient.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "SyncEngine.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList Statuses = {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s};

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// Settings that keep retries quick in tests; the defaults are for the hosted service.
SyncConfig quickConfig()
{
    SyncConfig config;
    config.backoffBaseMs = 20;
    config.backoffCapMs = 200;
    config.maxRetryAfterMs = 1500;
    config.journalFlushMs = 5;
    return config;
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void backlogGoesThroughBulkAndIsConfirmedByRereading();
    void interactiveDecisionIsOnePutAndRefreshesTheRow();
    void newerDecisionOnARowWinsOverAnOlderOne();
    void faultsDoNotChangeTheOutcome_data();
    void faultsDoNotChangeTheOutcome();
    void tokenRotationPausesAndResumesWithoutLoss();
    void bulkNotFoundFallsBackToPuts();
    void noBulkSendsOnlyPuts();
    void tooLargeBatchesAreHalved();
    void unknownRelationshipIsGone();
    void snapshotConflictsAreReportedNotOverwritten();
    void resolvingConflicts();
    void interruptedRunIsResumedAndNothingAppliedTwice();
    void reopeningASnapshotRestoresItsDecisions();
    void backoffIsExponentialAndCapped();

private:
    bool startServer(DevServerProcess::Options options = {});
    // The server's rows, read without faults.
    QHash<QUuid, QJsonObject> serverRows();
    RelationshipRows serverList();
    // Records a decision for each of `ids` in the live origin; the status differs from the row's.
    QHash<QUuid, QString> recordDecisions(const QList<QUuid>& ids, QList<qint64>* decisionIds);
    void checkServerHas(const QHash<QUuid, QString>& intended);
    std::unique_ptr<SyncEngine> makeEngine(const SyncConfig& config = quickConfig());
    SyncSummary runSync(SyncEngine& engine, int timeoutMs = 60000);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
    std::unique_ptr<DecisionJournal> m_journal;
    std::unique_ptr<ApiClient> m_client;
    qint64 m_origin = 0;
};

void TestSyncEngine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_journal = std::make_unique<DecisionJournal>(m_dir->filePath(u"journal.sqlite3"_s));
    QVERIFY2(m_journal->open(), qPrintable(m_journal->lastError()));
    m_server = std::make_unique<DevServerProcess>();
    m_client = std::make_unique<ApiClient>();
    m_client->setTransferTimeoutMs(5000);
}

void TestSyncEngine::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_journal.reset();
    m_dir.reset();
}

bool TestSyncEngine::startServer(DevServerProcess::Options options)
{
    if (options.dataFile.isEmpty() && options.generate == 0) {
        options.generate = 300;
    }
    if (!m_server->start(options)) {
        qWarning("%s", qPrintable(m_server->errorString()));
        return false;
    }
    ConnectionProfile profile;
    profile.baseUrl = m_server->baseUrl();
    profile.integrationSourceId = m_server->sourceId();
    m_client->setProfile(profile);
    m_client->setToken(m_server->token());
    m_origin = m_journal->ensureOrigin(DecisionOrigin::forLive(profile));
    return m_origin > 0;
}

RelationshipRows TestSyncEngine::serverList()
{
    int status = 0;
    const QByteArray body = m_server->apiGet(
        u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server->sourceId())), &status);
    RelationshipParser::Result parsed = RelationshipParser::parseBytes(body);
    if (status != 200 || !parsed.ok) {
        qWarning("cannot read the server's list: HTTP %d", status);
    }
    return std::move(parsed.document.rows);
}

QHash<QUuid, QJsonObject> TestSyncEngine::serverRows()
{
    QHash<QUuid, QJsonObject> rows;
    int status = 0;
    const QByteArray body = m_server->apiGet(
        u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server->sourceId())), &status);
    for (const QJsonValue& value : QJsonDocument::fromJson(body).array()) {
        const QJsonObject object = value.toObject();
        rows.insert(QUuid(object.value("id"_L1).toString()), object);
    }
    return rows;
}

QHash<QUuid, QString> TestSyncEngine::recordDecisions(const QList<QUuid>& ids,
                                                      QList<qint64>* decisionIds)
{
    const QHash<QUuid, QJsonObject> rows = serverRows();
    QList<NewDecision> decisions;
    QHash<QUuid, QString> intended;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QJsonObject row = rows.value(ids[i]);
        const QString current = row.value("status"_L1).toString();
        // A status different from the current one, spread over all three.
        QString status = Statuses[i % 3];
        if (status == current) {
            status = Statuses[(i + 1) % 3];
        }
        NewDecision decision;
        decision.relationshipId = ids[i];
        decision.status = status;
        decision.previousStatus = current;
        decision.serverUpdatedMs =
            parseTimestampMs(row.value("updated_at"_L1).toString()).value_or(0);
        decisions.append(decision);
        intended.insert(ids[i], status);
    }
    const QList<qint64> recorded = m_journal->record(m_origin, decisions);
    if (decisionIds) {
        *decisionIds = recorded;
    }
    return intended;
}

void TestSyncEngine::checkServerHas(const QHash<QUuid, QString>& intended)
{
    const QHash<QUuid, QJsonObject> rows = serverRows();
    int wrong = 0;
    for (auto it = intended.cbegin(); it != intended.cend(); ++it) {
        const QString actual = rows.value(it.key()).value("status"_L1).toString();
        if (actual != it.value()) {
            if (++wrong <= 5) {
                qWarning("%s: server has %s, intended %s", qPrintable(idText(it.key())),
                         qPrintable(actual), qPrintable(it.value()));
            }
        }
    }
    QCOMPARE(wrong, 0);
}

std::unique_ptr<SyncEngine> TestSyncEngine::makeEngine(const SyncConfig& config)
{
    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    engine->setConfig(config);
    const std::optional<DecisionOrigin> origin = m_journal->origin(m_origin);
    if (!origin || !engine->setOrigin(*origin)) {
        qWarning("cannot set the origin");
    }
    return engine;
}

SyncSummary TestSyncEngine::runSync(SyncEngine& engine, int timeoutMs)
{
    QSignalSpy finished(&engine, &SyncEngine::syncFinished);
    engine.sync();
    if (finished.isEmpty() && !finished.wait(timeoutMs)) {
        qWarning("the sync did not finish in time");
        return {};
    }
    return finished.constFirst().constFirst().value<SyncSummary>();
}

void TestSyncEngine::backlogGoesThroughBulkAndIsConfirmedByRereading()
{
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 250);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);
    SyncConfig config = quickConfig();
    config.bulkBatchSize = 40;
    auto engine = makeEngine(config);
    QSignalSpy progress(engine.get(), &SyncEngine::progressChanged);
    QVERIFY(m_server->clearRequests());

    const SyncSummary summary = runSync(*engine);
    const QJsonArray requests = m_server->requests();
    QVERIFY2(summary.complete, qPrintable(summary.message));
    QCOMPARE(summary.runTotal, 250);
    QCOMPARE(summary.counts.confirmed(), 250);
    QCOMPARE(engine->counts().confirmed(), 250);
    QCOMPARE(engine->counts().outstanding(), 0);
    checkServerHas(intended);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toInt(), 250);

    // Bulk calls of at most 40 ids, grouped by status; then one filtered re-read per status.
    const QJsonObject stats = m_server->stats();
    QCOMPARE(stats.value("puts"_L1).toInteger(), 0);
    QCOMPARE(stats.value("bulk_ids"_L1).toInteger(), 250);
    int reads = 0;
    for (const QJsonValue& value : requests) {
        const QJsonObject request = value.toObject();
        if (request.value("method"_L1).toString() == "POST"_L1) {
            const QJsonObject body =
                QJsonDocument::fromJson(request.value("body"_L1).toString().toUtf8()).object();
            QVERIFY(body.value("relationship_ids"_L1).toArray().size() <= 40);
            QCOMPARE(body.keys(), QStringList({u"relationship_ids"_s, u"status"_s}));
        } else if (request.value("method"_L1).toString() == "GET"_L1) {
            ++reads;
            QVERIFY(Statuses.contains(
                request.value("query"_L1).toObject().value("status"_L1).toString()));
        }
    }
    QVERIFY(reads >= 1 && reads <= 3);
}

void TestSyncEngine::interactiveDecisionIsOnePutAndRefreshesTheRow()
{
    QVERIFY(startServer());
    RelationshipStore store;
    store.adopt(serverList(), {});
    auto engine = makeEngine();
    engine->setStore(&store);

    const QUuid id = store.rows().row(0).id;
    const Relationship before = store.rows().relationship(0);
    const QString target =
        before.status == RelationshipStatus::Approved ? u"REJECTED"_s : u"APPROVED"_s;
    NewDecision decision;
    decision.relationshipId = id;
    decision.status = target;
    decision.previousStatus = before.statusText;
    const QList<qint64> recorded = m_journal->record(m_origin, {decision});
    QCOMPARE(recorded.size(), 1);
    store.markPending({0}, *statusFromName(target));

    QSignalSpy confirmed(engine.get(), &SyncEngine::decisionConfirmed);
    engine->deliver(recorded);
    QVERIFY(confirmed.wait(10000));
    QCOMPARE(confirmed.constFirst().at(0).toLongLong(), recorded[0]);
    QTRY_COMPARE(m_journal->decision(recorded[0])->state, DecisionState::Confirmed);

    // The row is the server's answer: new status, new updated_at, no overlay.
    QTRY_COMPARE(store.delivery(0), DeliveryState::None);
    QCOMPARE(statusName(store.rows().row(0).status), target);
    QVERIFY(store.rows().row(0).updatedAtMs > before.updatedAtMs);
    QCOMPARE(m_journal->decision(recorded[0])->confirmedUpdatedMs, store.rows().row(0).updatedAtMs);
    QCOMPARE(m_server->relationship(id).value("status"_L1).toString(), target);
    QCOMPARE(m_server->stats().value("puts"_L1).toInteger(), 1);
}

void TestSyncEngine::newerDecisionOnARowWinsOverAnOlderOne()
{
    DevServerProcess::Options options;
    options.latencyMs = 30; // the first PUT is still in flight when the next decisions come
    QVERIFY(startServer(options));
    auto engine = makeEngine();
    const QUuid id = m_server->relationshipIds().first();
    QList<qint64> all;
    for (const QString& status : {u"APPROVED"_s, u"REJECTED"_s, u"SUGGESTED"_s, u"REJECTED"_s}) {
        NewDecision decision;
        decision.relationshipId = id;
        decision.status = status;
        const QList<qint64> recorded = m_journal->record(m_origin, {decision});
        QCOMPARE(recorded.size(), 1);
        all += recorded;
        engine->deliver(recorded);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 10000);
    QCOMPARE(m_server->relationship(id).value("status"_L1).toString(), u"REJECTED"_s);
    QCOMPARE(m_journal->decision(all.last())->state, DecisionState::Confirmed);
    // The first went out at once; the two in between were superseded before they could go.
    QCOMPARE(m_journal->decision(all[0])->state, DecisionState::Confirmed);
    QCOMPARE(m_journal->decision(all[1])->state, DecisionState::Cancelled);
    QCOMPARE(m_journal->decision(all[2])->state, DecisionState::Cancelled);
    QCOMPARE(m_server->stats().value("puts"_L1).toInteger(), 2);
}

void TestSyncEngine::faultsDoNotChangeTheOutcome_data()
{
    QTest::addColumn<bool>("useBulk");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("dropAfterApply");
    QTest::addColumn<int>("rateLimitEvery"); // each 429 holds everything for a second
    QTest::newRow("bulk") << true << 240 << false << 6;
    QTest::newRow("bulk, answers lost after applying") << true << 240 << true << 6;
    QTest::newRow("one PUT each") << false << 50 << true << 25;
}

void TestSyncEngine::faultsDoNotChangeTheOutcome()
{
    QFETCH(bool, useBulk);
    QFETCH(int, count);
    QFETCH(bool, dropAfterApply);
    QFETCH(int, rateLimitEvery);
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, count);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);

    // 20% 503, a 429 with Retry-After: 1 every few requests, latency, dropped connections.
    QVERIFY(m_server->configure(QJsonObject{{u"fail_rate"_s, 0.2},
                                            {u"rate_limit_every"_s, rateLimitEvery},
                                            {u"retry_after_seconds"_s, 1},
                                            {u"latency_ms"_s, 5},
                                            {u"drop_rate"_s, 0.1},
                                            {u"drop_after_apply"_s, dropAfterApply}}));
    SyncConfig config = quickConfig();
    config.useBulk = useBulk;
    config.bulkBatchSize = 30;
    auto engine = makeEngine(config);
    QSignalSpy messages(engine.get(), &SyncEngine::statusMessage);
    const SyncSummary summary = runSync(*engine, 90000);
    QVERIFY(m_server->configure(QJsonObject{{u"fail_rate"_s, 0},
                                            {u"rate_limit_every"_s, 0},
                                            {u"latency_ms"_s, 0},
                                            {u"drop_rate"_s, 0}}));
    QVERIFY2(summary.complete, qPrintable(summary.message));
    QCOMPARE(summary.counts.confirmed(), count);
    checkServerHas(intended);

    // The faults really happened, and the engine waited as told.
    const QJsonObject stats = m_server->stats();
    QVERIFY(stats.value("failed"_L1).toInteger() > 0);
    QVERIFY(stats.value("rate_limited"_L1).toInteger() > 0);
    QVERIFY(stats.value("dropped"_L1).toInteger() > 0);
    bool waitedForRetryAfter = false;
    for (const QList<QVariant>& message : std::as_const(messages)) {
        waitedForRetryAfter |= message.constFirst().toString().contains(u"waiting 1.0 s"_s);
    }
    QVERIFY(waitedForRetryAfter);
}

void TestSyncEngine::tokenRotationPausesAndResumesWithoutLoss()
{
    DevServerProcess::Options options;
    options.latencyMs = 20;
    QVERIFY(startServer(options));
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 200);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);
    SyncConfig config = quickConfig();
    config.bulkBatchSize = 10;
    config.maxInFlight = 2;
    auto engine = makeEngine(config);
    QSignalSpy tokenRequired(engine.get(), &SyncEngine::tokenRequired);
    QSignalSpy finished(engine.get(), &SyncEngine::syncFinished);
    engine->sync();

    // The token expires while the run is under way.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->stats().value("bulk_calls"_L1).toInteger() >= 3, 20000);
    QVERIFY(m_server->configure(QJsonObject{{u"token"_s, u"rotated-token"_s}}));
    // configure() waits for its answer in an event loop of its own, where the engine may already
    // have met the new token: count the signal rather than wait for one still to come.
    QTRY_VERIFY_WITH_TIMEOUT(!tokenRequired.isEmpty(), 20000);
    QCOMPARE(tokenRequired.size(), 1); // asked once, not once per request
    QVERIFY(engine->isPausedForToken());
    QVERIFY(finished.isEmpty());

    // Nothing more is sent while paused.
    QTRY_COMPARE_WITH_TIMEOUT(m_client->requestsInFlight(), 0, 10000);
    const qint64 requestsWhilePaused = m_server->stats().value("requests"_L1).toInteger();
    QTest::qWait(150); // a window in which a paused engine must stay silent
    QCOMPARE(m_server->stats().value("requests"_L1).toInteger(), requestsWhilePaused);
    QVERIFY(engine->counts().outstanding() > 0);

    engine->setToken(u"rotated-token"_s);
    QVERIFY(finished.wait(30000));
    const SyncSummary summary = finished.constFirst().constFirst().value<SyncSummary>();
    QVERIFY2(summary.complete, qPrintable(summary.message));
    QCOMPARE(summary.counts.confirmed(), 200);
    checkServerHas(intended);
    QVERIFY(m_server->stats().value("auth_rejected"_L1).toInteger() >= 1);
}

void TestSyncEngine::bulkNotFoundFallsBackToPuts()
{
    DevServerProcess::Options options;
    options.noBulk = true;
    QVERIFY(startServer(options));
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 60);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);
    auto engine = makeEngine();
    const SyncSummary summary = runSync(*engine);
    QVERIFY2(summary.complete, qPrintable(summary.message));
    checkServerHas(intended);
    const QJsonObject stats = m_server->stats();
    QCOMPARE(stats.value("puts"_L1).toInteger(), 60);
    QCOMPARE(stats.value("bulk_updated"_L1).toInteger(), 0);
}

void TestSyncEngine::noBulkSendsOnlyPuts()
{
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 40);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);
    SyncConfig config = quickConfig();
    config.useBulk = false;
    auto engine = makeEngine(config);
    QVERIFY(m_server->clearRequests());
    const SyncSummary summary = runSync(*engine);
    const QJsonArray requests = m_server->requests();
    QVERIFY(summary.complete);
    checkServerHas(intended);
    QCOMPARE(requests.size(), 40);
    for (const QJsonValue& value : requests) {
        QCOMPARE(value.toObject().value("method"_L1).toString(), u"PUT"_s);
    }
    QCOMPARE(m_server->stats().value("puts"_L1).toInteger(), 40);
}

void TestSyncEngine::tooLargeBatchesAreHalved()
{
    DevServerProcess::Options options;
    options.maxBulk = 30;
    QVERIFY(startServer(options));
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 200);
    const QHash<QUuid, QString> intended = recordDecisions(ids, nullptr);
    SyncConfig config = quickConfig();
    config.bulkBatchSize = 100;
    auto engine = makeEngine(config);
    QVERIFY(m_server->clearRequests());
    const SyncSummary summary = runSync(*engine);
    QVERIFY2(summary.complete, qPrintable(summary.message));
    checkServerHas(intended);

    int refused = 0;
    int accepted = 0;
    for (const QJsonValue& value : m_server->requests()) {
        const QJsonObject request = value.toObject();
        if (request.value("method"_L1).toString() != "POST"_L1) {
            continue;
        }
        const int size = int(QJsonDocument::fromJson(request.value("body"_L1).toString().toUtf8())
                                 .object()
                                 .value("relationship_ids"_L1)
                                 .toArray()
                                 .size());
        if (request.value("status"_L1).toInt() == 413) {
            ++refused;
            QVERIFY(size > 30);
        } else {
            ++accepted;
            QVERIFY(size <= 30);
        }
    }
    QVERIFY(refused >= 1);
    QVERIFY(accepted >= 7);
    QCOMPARE(m_server->stats().value("puts"_L1).toInteger(), 0);
}

void TestSyncEngine::unknownRelationshipIsGone()
{
    QVERIFY(startServer());
    RelationshipStore store;
    RelationshipRows rows = serverList();
    Relationship extra = rows.relationship(0);
    extra.id = QUuid(u"0f0f0f0f-1111-4222-8333-444444444444"_s); // not on the server
    const int extraRow = rows.append(extra);
    store.adopt(std::move(rows), {});
    auto engine = makeEngine();
    engine->setStore(&store);
    NewDecision decision;
    decision.relationshipId = extra.id;
    decision.status = u"APPROVED"_s;
    const QList<qint64> recorded = m_journal->record(m_origin, {decision});
    QSignalSpy failed(engine.get(), &SyncEngine::decisionFailed);
    engine->deliver(recorded);
    QVERIFY(failed.wait(10000));
    QTRY_COMPARE(m_journal->decision(recorded[0])->state, DecisionState::Gone);
    QVERIFY(!m_journal->decision(recorded[0])->lastError.isEmpty());
    QCOMPARE(store.delivery(extraRow), DeliveryState::Gone);
    QTRY_COMPARE(engine->counts().gone(), 1);
}

void TestSyncEngine::snapshotConflictsAreReportedNotOverwritten()
{
    QVERIFY(startServer());
    // The snapshot: the list as the server sent it, saved to a file.
    const QString path = m_dir->filePath(u"snapshot.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_server->apiGet(
            u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server->sourceId()))));
    }
    RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
    QVERIFY(parsed.ok);
    DecisionOrigin origin = DecisionOrigin::forSnapshot(path, parsed.document.header);
    origin.baseUrl = m_server->baseUrl().toString();
    origin.integrationSourceId = m_server->sourceId();
    m_origin = m_journal->ensureOrigin(origin);
    RelationshipStore store;
    store.adopt(std::move(parsed.document.rows), {});

    // Ten decisions on the snapshot, offline.
    QList<NewDecision> decisions;
    QHash<QUuid, QString> mine;
    for (int row = 0; row < 10; ++row) {
        const Relationship relationship = store.rows().relationship(row);
        NewDecision decision;
        decision.relationshipId = relationship.id;
        decision.status =
            relationship.status == RelationshipStatus::Rejected ? u"APPROVED"_s : u"REJECTED"_s;
        decision.previousStatus = relationship.statusText;
        decision.serverUpdatedMs = relationship.updatedAtMs;
        decisions.append(decision);
        mine.insert(relationship.id, decision.status);
    }
    const QList<qint64> recorded = m_journal->record(m_origin, decisions);
    QCOMPARE(recorded.size(), 10);

    // Meanwhile, another reviewer changes three rows on the server, and a fourth the same way
    // as decided here.
    QHash<QUuid, QString> theirs;
    for (int row = 0; row < 3; ++row) {
        const QUuid id = decisions[row].relationshipId;
        QString other;
        for (const QString& candidate : Statuses) {
            if (candidate != mine[id] && candidate != decisions[row].previousStatus) {
                other = candidate;
            }
        }
        QVERIFY(other != mine[id]);
        QVERIFY(m_server->setServerStatus(id, other));
        theirs.insert(id, other);
    }
    QVERIFY(
        m_server->setServerStatus(decisions[3].relationshipId, mine[decisions[3].relationshipId]));

    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    engine->setConfig(quickConfig());
    engine->setStore(&store);
    QVERIFY(engine->setOrigin(origin));
    QSignalSpy conflictsChanged(engine.get(), &SyncEngine::conflictsChanged);
    const SyncSummary summary = runSync(*engine);
    QVERIFY(!summary.complete);
    QCOMPARE(summary.counts.conflicts(), 3);
    QCOMPARE(summary.counts.confirmed(), 7);

    // Not overwritten: the server keeps the other reviewer's status.
    const QHash<QUuid, QJsonObject> rows = serverRows();
    for (auto it = theirs.cbegin(); it != theirs.cend(); ++it) {
        QCOMPARE(rows.value(it.key()).value("status"_L1).toString(), it.value());
    }
    for (int row = 3; row < 10; ++row) {
        const QUuid id = decisions[row].relationshipId;
        QCOMPARE(rows.value(id).value("status"_L1).toString(), mine[id]);
    }
    // The one already decided alike was not sent again: 6 ids went out.
    QCOMPARE(m_server->stats().value("bulk_ids"_L1).toInteger(), 6);

    // Listed for the analyst, with both sides.
    QVERIFY(!conflictsChanged.isEmpty());
    const QList<SyncConflict> conflicts = engine->conflicts();
    QCOMPARE(conflicts.size(), 3);
    for (const SyncConflict& conflict : conflicts) {
        QVERIFY(theirs.contains(conflict.relationshipId));
        QCOMPARE(conflict.mine, mine[conflict.relationshipId]);
        QVERIFY(conflict.serverKnown);
        QCOMPARE(conflict.serverStatus, theirs[conflict.relationshipId]);
        QVERIFY(conflict.serverUpdatedMs > conflict.decidedOnUpdatedMs);
        const std::optional<int> row = store.rows().rowOf(conflict.relationshipId);
        QVERIFY(row);
        QCOMPARE(store.delivery(*row), DeliveryState::Conflict);
    }
}

void TestSyncEngine::resolvingConflicts()
{
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 2);
    const QString path = m_dir->filePath(u"snapshot.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_server->apiGet(
            u"/api/integration-sources/%1/relationships"_s.arg(idText(m_server->sourceId()))));
    }
    RelationshipParser::Result parsed = RelationshipParser::parseFile(path);
    QVERIFY(parsed.ok);
    DecisionOrigin origin = DecisionOrigin::forSnapshot(path, parsed.document.header);
    origin.baseUrl = m_server->baseUrl().toString();
    m_origin = m_journal->ensureOrigin(origin);
    RelationshipStore store;
    store.adopt(std::move(parsed.document.rows), {});
    QList<NewDecision> decisions;
    for (const QUuid& id : ids) {
        const Relationship relationship = store.rows().relationship(*store.rows().rowOf(id));
        NewDecision decision;
        decision.relationshipId = id;
        decision.status =
            relationship.status == RelationshipStatus::Approved ? u"REJECTED"_s : u"APPROVED"_s;
        decision.previousStatus = relationship.statusText;
        decision.serverUpdatedMs = relationship.updatedAtMs;
        decisions.append(decision);
        // The other reviewer picks the third status.
        for (const QString& other : Statuses) {
            if (other != decision.status && other != decision.previousStatus) {
                QVERIFY(m_server->setServerStatus(id, other));
                break;
            }
        }
    }
    const QList<qint64> recorded = m_journal->record(m_origin, decisions);
    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    engine->setConfig(quickConfig());
    engine->setStore(&store);
    QVERIFY(engine->setOrigin(origin));
    QCOMPARE(runSync(*engine).counts.conflicts(), 2);
    const QString serverChoice = m_server->relationship(ids[1]).value("status"_L1).toString();

    // Keep mine: delivered now, over the server's state the analyst saw.
    engine->resolveConflict(recorded[0], ConflictResolution::KeepMine);
    QTRY_COMPARE_WITH_TIMEOUT(m_journal->decision(recorded[0])->state, DecisionState::Confirmed,
                              10000);
    QCOMPARE(m_server->relationship(ids[0]).value("status"_L1).toString(), decisions[0].status);
    QTRY_COMPARE(store.delivery(*store.rows().rowOf(ids[0])), DeliveryState::None);

    // Take the server's: nothing is sent, the row shows the server's state.
    engine->resolveConflict(recorded[1], ConflictResolution::TakeServer);
    QCOMPARE(m_journal->decision(recorded[1])->state, DecisionState::Cancelled);
    QCOMPARE(m_server->relationship(ids[1]).value("status"_L1).toString(), serverChoice);
    const int row = *store.rows().rowOf(ids[1]);
    QCOMPARE(store.delivery(row), DeliveryState::None);
    QCOMPARE(statusName(store.rows().row(row).status), serverChoice);
    QVERIFY(engine->conflicts().isEmpty());
    QTRY_COMPARE(engine->counts().conflicts(), 0);
}

void TestSyncEngine::interruptedRunIsResumedAndNothingAppliedTwice()
{
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 30);
    QList<qint64> recorded;
    const QHash<QUuid, QString> intended = recordDecisions(ids, &recorded);
    // A run that died with ten decisions in flight, five of which the server had applied.
    QVERIFY(m_journal->markSending(recorded.mid(0, 10)));
    for (int i = 0; i < 5; ++i) {
        QVERIFY(m_server->setServerStatus(ids[i], intended[ids[i]]));
    }
    auto engine = makeEngine(); // setOrigin returns 'sending' to pending
    QCOMPARE(engine->counts().sending(), 0);
    QCOMPARE(engine->counts().pending(), 30);
    const SyncSummary summary = runSync(*engine);
    QVERIFY(summary.complete);
    checkServerHas(intended);
    QCOMPARE(m_journal->decision(recorded[0])->attempts, 2); // the lost attempt counts
}

void TestSyncEngine::reopeningASnapshotRestoresItsDecisions()
{
    QVERIFY(startServer());
    RelationshipRows rows = serverList();
    const auto idAt = [&rows](int row) { return rows.row(row).id; };
    const qint64 confirmedAt = rows.row(3).updatedAtMs + 60000;
    QList<NewDecision> decisions;
    for (int row = 0; row < 6; ++row) {
        NewDecision decision;
        decision.relationshipId = idAt(row);
        decision.status =
            rows.row(row).status == RelationshipStatus::Rejected ? u"APPROVED"_s : u"REJECTED"_s;
        decisions.append(decision);
    }
    const QList<qint64> recorded = m_journal->record(m_origin, decisions);
    QVERIFY(m_journal->setState({recorded[1]}, DecisionState::Failed, u"refused"_s));
    QVERIFY(m_journal->setState({recorded[2]}, DecisionState::Conflict, u"changed"_s));
    QVERIFY(m_journal->markConfirmed({{recorded[3], confirmedAt}}));
    QVERIFY(m_journal->setState({recorded[4]}, DecisionState::Gone, u"404"_s));
    // Confirmed before the rows were read: the rows already hold that, or something newer.
    const RelationshipStatus row5Before = rows.row(5).status;
    QVERIFY(m_journal->markConfirmed({{recorded[5], rows.row(5).updatedAtMs - 1000}}));

    RelationshipStore store;
    store.adopt(std::move(rows), {});
    QCOMPARE(SyncEngine::restoreOverlay(*m_journal, m_origin, store), 6);
    QCOMPARE(store.delivery(0), DeliveryState::Pending);
    QCOMPARE(statusName(store.effectiveStatus(0)), decisions[0].status);
    QCOMPARE(store.pendingCount(), 1);
    QCOMPARE(store.delivery(1), DeliveryState::Failed);
    QCOMPARE(store.reviewState(1)->message, u"refused"_s);
    QCOMPARE(store.delivery(2), DeliveryState::Conflict);
    QCOMPARE(store.delivery(4), DeliveryState::Gone);
    // The confirmed decision is the row's new baseline.
    QCOMPARE(store.delivery(3), DeliveryState::None);
    QCOMPARE(statusName(store.rows().row(3).status), decisions[3].status);
    QCOMPARE(store.rows().row(3).updatedAtMs, confirmedAt);
    QCOMPARE(store.delivery(5), DeliveryState::None);
    QCOMPARE(store.rows().row(5).status, row5Before);
    QCOMPARE(store.delivery(6), DeliveryState::None);
}

void TestSyncEngine::backoffIsExponentialAndCapped()
{
    SyncConfig config;
    config.backoffBaseMs = 100;
    config.backoffCapMs = 1000;
    QCOMPARE(SyncEngine::backoffDelayMs(config, 1), 100);
    QCOMPARE(SyncEngine::backoffDelayMs(config, 2), 200);
    QCOMPARE(SyncEngine::backoffDelayMs(config, 4), 800);
    QCOMPARE(SyncEngine::backoffDelayMs(config, 5), 1000);
    QCOMPARE(SyncEngine::backoffDelayMs(config, 60), 1000);
}

QTEST_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
