#include "DeliveryBenchmark.h"

#include "BenchmarkSupport.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TlsFront.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int ServerStartTimeoutMs = 10 * 60 * 1000;
constexpr int LoadTimeoutMs = 10 * 60 * 1000;

// Generous, but bounded: even 1,000 decisions a second finishes well inside it.
int deliveryTimeLimitMs(int decisions)
{
    return 60 * 1000 + decisions * 5;
}

double ratePerSecond(int count, double ms)
{
    return ms > 0 ? double(count) * 1000.0 / ms : 0;
}

// Reads a few rows back from the server: did the run really leave them with `expected`?
bool spotCheck(DevServerProcess& server, const QList<QUuid>& ids,
               const std::function<QString(int)>& expected)
{
    if (ids.isEmpty())
        return true;
    for (const qsizetype index : {qsizetype(0), ids.size() / 2, ids.size() - 1}) {
        const QJsonObject row = server.relationship(ids[index]);
        if (row.value(u"status"_s).toString() != expected(int(index)))
            return false;
    }
    return true;
}

bool loadLive(ReviewSession& session, double* elapsedMs, QString* message)
{
    bool finished = false;
    bool ok = false;
    QObject context;
    QObject::connect(&session, &ReviewSession::loadFinished, &context,
                     [&](bool success, const QString& text) {
                         finished = true;
                         ok = success;
                         *message = text;
                     });
    QElapsedTimer clock;
    clock.start();
    session.loadLive();
    if (!spinUntil([&] { return finished; }, LoadTimeoutMs)) {
        session.cancelLoad();
        *message = u"the list did not load in time"_s;
        return false;
    }
    *elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    return ok;
}

// How long the table model takes to take in the store's row changes: the time between a marker
// connected before the model and one connected after it, per emission of rowsChanged().
struct ModelCost
{
    double totalMs = 0;
    double worstMs = 0;
    qint64 emissions = 0;
    qint64 rows = 0;
    void reset() { *this = {}; }
};

// Single PUTs as the app sends them: ReviewHistory::decide (a key press on the selection),
// answers applied to the store.
QJsonObject appPuts(ReviewSession& session, DevServerProcess& server, Heartbeat& heartbeat,
                    ModelCost& modelCost, int count)
{
    const RelationshipStore& store = *session.store();
    QList<int> toApprove;
    QList<int> toReject;
    QList<QUuid> ids;
    QList<QString> expected;
    for (int row = 0; row < count; ++row) {
        const bool approved = store.rows().row(row).status == RelationshipStatus::Approved;
        (approved ? toReject : toApprove).append(row);
        ids.append(store.rows().row(row).id);
        expected.append(approved ? u"REJECTED"_s : u"APPROVED"_s);
    }

    int confirmed = 0;
    int failed = 0;
    int maxInFlight = 0;
    QString firstFailure;
    QObject context;
    QObject::connect(&session, &ReviewSession::decisionConfirmed, &context, [&] { ++confirmed; });
    QObject::connect(&session, &ReviewSession::decisionFailed, &context,
                     [&](const QUuid&, const QString& message) {
                         if (failed++ == 0)
                             firstFailure = message;
                     });
    QObject::connect(&session, &ReviewSession::requestsInFlightChanged, &context,
                     [&](int inFlight) { maxInFlight = std::max(maxInFlight, inFlight); });

    modelCost.reset();
    heartbeat.reset();
    const double cpuBeforeMs = processCpuMs();
    const double uiCpuBeforeMs = threadCpuMs();
    QElapsedTimer clock;
    clock.start();
    // As a key press on a selection decides (TriageController): a step of the undo history,
    // recorded in parts when it is large, each decision its own PUT.
    ReviewHistory history(&session);
    history.decide(toApprove, RelationshipStatus::Approved, u"approve"_s,
                   ReviewSession::Delivery::Immediate);
    history.decide(toReject, RelationshipStatus::Rejected, u"reject"_s,
                   ReviewSession::Delivery::Immediate);
    const double decideCallMs = double(clock.nsecsElapsed()) / 1e6;
    const bool done = spinUntil([&] { return !history.isMoving() && confirmed + failed >= count; },
                                deliveryTimeLimitMs(count));
    const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    const double stallMs = heartbeat.worstLatenessMs();
    const double uiCpuMs = threadCpuMs() - uiCpuBeforeMs;
    const double cpuMs = processCpuMs() - cpuBeforeMs;

    QJsonObject result{{u"decisions"_s, count},
                       {u"clientCpuMs"_s, cpuMs},
                       {u"uiThreadCpuMs"_s, uiCpuMs},
                       {u"modelMs"_s, modelCost.totalMs},
                       {u"modelWorstMs"_s, modelCost.worstMs},
                       {u"clientCpuMicrosecondsPerDecision"_s, cpuMs * 1000.0 / count},
                       {u"confirmed"_s, confirmed},
                       {u"failed"_s, failed},
                       {u"completed"_s, done},
                       {u"elapsedMs"_s, elapsedMs},
                       {u"decisionsPerSecond"_s, ratePerSecond(confirmed, elapsedMs)},
                       {u"decideCallMs"_s, decideCallMs},
                       {u"stallMs"_s, stallMs},
                       {u"maxInFlight"_s, maxInFlight}};
    if (!firstFailure.isEmpty())
        result.insert(u"firstFailure"_s, firstFailure);
    if (done)
        result.insert(u"verified"_s,
                      spotCheck(server, ids, [&](int index) { return expected[index]; }));
    return result;
}

// The same PUTs from curl --parallel, driven by a config file that holds the token.
// `extraOptions`: config-file lines for every transfer (curl's `next` resets per-transfer options,
// so those given on the command line would apply to the first transfer only).
QJsonObject curlPuts(ApiClient& client, DevServerProcess& server, const QList<QUuid>& ids,
                     RelationshipStatus status, int parallel, const QByteArray& extraOptions = {})
{
    QJsonObject result{{u"decisions"_s, int(ids.size())}, {u"parallel"_s, parallel}};
    QTemporaryDir directory; // 0700
    if (!directory.isValid()) {
        result.insert(u"error"_s, u"no temporary folder"_s);
        return result;
    }
    const QString configPath = directory.filePath(u"puts.curlrc"_s);
    {
        QFile config(configPath);
        if (!config.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            !config.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            result.insert(u"error"_s, u"cannot write the curl config file"_s);
            return result;
        }
        // Each transfer takes its own options: `next` starts the next one from scratch.
        const QByteArray common = "request = \"PUT\"\n"
                                  "header = \"Authorization: Bearer " +
                                  server.token().toUtf8() +
                                  "\"\n"
                                  "header = \"Content-Type: application/json\"\n"
                                  "data = \"{\\\"status\\\":\\\"" +
                                  statusName(status).toUtf8() +
                                  "\\\"}\"\n"
                                  "output = \"/dev/null\"\n"
                                  "write-out = \"%{http_code}\\n\"\n" +
                                  extraOptions;
        QByteArray block;
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const QUrl url = client.endpointUrl(u"/api/integration-sources/relationships/"_s +
                                                    ids[i].toString(QUuid::WithoutBraces),
                                                {}, false);
            block = "url = \"" + url.toEncoded() + "\"\n" + common;
            if (i + 1 < ids.size())
                block += "next\n";
            if (config.write(block) != block.size()) {
                result.insert(u"error"_s, u"cannot write the curl config file"_s);
                return result;
            }
        }
        if (!config.flush()) {
            result.insert(u"error"_s, u"cannot write the curl config file"_s);
            return result;
        }
    }

    const ProcessRun run =
        runProcess(u"curl"_s,
                   {u"--parallel"_s, u"--parallel-max"_s, QString::number(parallel), u"--silent"_s,
                    u"--show-error"_s, u"--config"_s, configPath},
                   deliveryTimeLimitMs(int(ids.size())));
    QFile::remove(configPath);
    int succeeded = 0;
    for (const QByteArray& line : run.standardOutput.split('\n')) {
        if (line.trimmed() == "200")
            ++succeeded;
    }
    result.insert(u"confirmed"_s, succeeded);
    result.insert(u"failed"_s, int(ids.size()) - succeeded);
    result.insert(u"completed"_s, run.ok());
    result.insert(u"elapsedMs"_s, run.wallMs);
    result.insert(u"decisionsPerSecond"_s, ratePerSecond(succeeded, run.wallMs));
    result.insert(u"peakResidentBytes"_s, double(run.peakResidentBytes));
    result.insert(u"clientCpuMs"_s, run.cpuMs);
    result.insert(u"clientCpuMicrosecondsPerDecision"_s,
                  ids.isEmpty() ? 0.0 : run.cpuMs * 1000.0 / double(ids.size()));
    if (!run.ok())
        result.insert(u"error"_s, run.describeFailure());
    const QString expected = statusName(status);
    result.insert(u"verified"_s, spotCheck(server, ids, [&](int) { return expected; }));
    return result;
}

// The bulk endpoint in batches, a bounded number of calls at once.
QJsonObject bulkCalls(ApiClient& client, DevServerProcess& server, const QList<QUuid>& ids,
                      RelationshipStatus status, int batchSize, int maxInFlight)
{
    int next = 0;
    int inFlight = 0;
    int succeeded = 0;
    int failedCalls = 0;
    bool stopping = false;
    QString firstFailure;
    QObject context;
    std::function<void()> pump = [&] {
        while (!stopping && inFlight < maxInFlight && next < ids.size()) {
            const QList<QUuid> batch = ids.mid(next, batchSize);
            next += int(batch.size());
            ++inFlight;
            client.bulkStatus(
                batch, status, &context,
                [&, size = int(batch.size())](const ApiError& error, const QByteArray&) {
                    --inFlight;
                    if (error.ok()) {
                        succeeded += size;
                    } else if (failedCalls++ == 0) {
                        firstFailure = error.message;
                    }
                    pump();
                });
        }
    };
    const double cpuBeforeMs = processCpuMs();
    QElapsedTimer clock;
    clock.start();
    pump();
    const bool done = spinUntil([&] { return inFlight == 0 && next >= ids.size(); },
                                deliveryTimeLimitMs(int(ids.size())));
    const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    stopping = true;
    client.cancelCalls(&context);

    const double cpuMs = processCpuMs() - cpuBeforeMs;
    QJsonObject result{{u"decisions"_s, int(ids.size())},
                       {u"clientCpuMs"_s, cpuMs},
                       {u"batchSize"_s, batchSize},
                       {u"maxInFlight"_s, maxInFlight},
                       {u"confirmed"_s, succeeded},
                       {u"failedCalls"_s, failedCalls},
                       {u"completed"_s, done},
                       {u"elapsedMs"_s, elapsedMs},
                       {u"decisionsPerSecond"_s, ratePerSecond(succeeded, elapsedMs)}};
    if (!firstFailure.isEmpty())
        result.insert(u"firstFailure"_s, firstFailure);
    const QString expected = statusName(status);
    result.insert(u"verified"_s, spotCheck(server, ids, [&](int) { return expected; }));
    return result;
}

// A bulk session as the Bulk review dialog runs it: ReviewHistory::decide with
// Delivery::Bulk (the journal written in parts on a worker, the parts handed to the engine, the
// bulk endpoint in batches, one confirming re-read of the list at the end, the answers applied
// to the store and the model). Measured until every decision is confirmed.
QJsonObject sessionBulk(ReviewSession& session, DevServerProcess& server, Heartbeat& heartbeat,
                        ModelCost& modelCost, int count, RelationshipStatus status)
{
    const RelationshipStore& store = *session.store();
    QList<int> rows;
    QList<QUuid> ids;
    int unchanged = 0;
    for (int row = 0; row < count; ++row) {
        rows.append(row);
        ids.append(store.rows().row(row).id);
        if (store.rows().row(row).status == status)
            ++unchanged;
    }

    ReviewHistory history(&session);
    int confirmed = 0;
    int failed = 0;
    QString firstFailure;
    QObject context;
    QObject::connect(&session, &ReviewSession::decisionConfirmed, &context, [&] { ++confirmed; });
    QObject::connect(&session, &ReviewSession::decisionFailed, &context,
                     [&](const QUuid&, const QString& message) {
                         if (failed++ == 0)
                             firstFailure = message;
                     });
    double recordedMs = -1;
    QElapsedTimer clock;
    QObject::connect(&history, &ReviewHistory::moveFinished, &context, [&] {
        if (recordedMs < 0)
            recordedMs = double(clock.nsecsElapsed()) / 1e6;
    });

    const int expected = count - unchanged;
    SyncEngine* engine = session.syncEngine();
    modelCost.reset();
    heartbeat.reset();
    const double cpuBeforeMs = processCpuMs();
    const double uiCpuBeforeMs = threadCpuMs();
    clock.start();
    history.decide(rows, status, u"benchmark bulk"_s, ReviewSession::Delivery::Bulk);
    const double decideCallMs = double(clock.nsecsElapsed()) / 1e6;
    const bool done = spinUntil(
        [&] { return !history.isMoving() && !engine->isBusy() && confirmed + failed >= expected; },
        deliveryTimeLimitMs(count));
    const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    const double stallMs = heartbeat.worstLatenessMs();
    const double uiCpuMs = threadCpuMs() - uiCpuBeforeMs;
    const double cpuMs = processCpuMs() - cpuBeforeMs;
    const ReviewHistory::StepState state = history.stepState(history.stepCount() - 1);

    QJsonObject result{{u"decisions"_s, count},
                       {u"recorded"_s, state.sent},
                       {u"confirmed"_s, confirmed},
                       {u"failed"_s, failed},
                       {u"completed"_s, done && confirmed == expected},
                       {u"elapsedMs"_s, elapsedMs},
                       {u"recordedMs"_s, recordedMs},
                       {u"decisionsPerSecond"_s, ratePerSecond(confirmed, elapsedMs)},
                       {u"decideCallMs"_s, decideCallMs},
                       {u"stallMs"_s, stallMs},
                       {u"uiThreadCpuMs"_s, uiCpuMs},
                       {u"clientCpuMs"_s, cpuMs},
                       {u"modelMs"_s, modelCost.totalMs},
                       {u"modelWorstMs"_s, modelCost.worstMs},
                       {u"modelRowsChanged"_s, double(modelCost.emissions)}};
    if (!firstFailure.isEmpty())
        result.insert(u"firstFailure"_s, firstFailure);
    if (done) {
        const QString name = statusName(status);
        bool shown = true;
        for (int row = 0; row < count && shown; ++row)
            shown =
                store.effectiveStatus(row) == status && store.delivery(row) == DeliveryState::None;
        result.insert(u"verified"_s, shown && spotCheck(server, ids, [&](int) { return name; }));
    }
    return result;
}

// Single PUTs as `relreview-cli sync --no-bulk` sends them: the decisions recorded in a journal
// of their own, then one SyncEngine::sync() run with the command line's settings (no bulk, eight
// tries per request; `maxInFlight` 0: the adaptive window, N: --max-in-flight N).
QJsonObject cliSyncPuts(const ConnectionProfile& profile, const QString& token,
                        DevServerProcess& server, const QList<QUuid>& ids,
                        RelationshipStatus status, int maxInFlight)
{
    QJsonObject result{{u"decisions"_s, int(ids.size())}, {u"maxInFlightSetting"_s, maxInFlight}};
    QTemporaryDir directory;
    DecisionJournal journal(directory.filePath(u"journal.sqlite3"_s));
    if (!directory.isValid() || !journal.open()) {
        result.insert(u"error"_s, QString(u"cannot open a journal: "_s + journal.lastError()));
        return result;
    }
    ApiClient client;
    client.setProfile(profile);
    client.setToken(token);
    const qint64 originId = journal.ensureOrigin(DecisionOrigin::forLive(profile));
    QList<NewDecision> decisions;
    for (const QUuid& id : ids) {
        NewDecision decision;
        decision.relationshipId = id;
        decision.status = statusName(status);
        decisions.append(decision);
    }
    journal.record(originId, decisions);
    SyncEngine engine(&journal, &client);
    SyncConfig config;
    config.useBulk = false;
    config.maxTransientAttempts = 8;
    config.maxInFlight = maxInFlight;
    engine.setConfig(config);
    const std::optional<DecisionOrigin> origin = journal.origin(originId);
    if (!origin || !engine.setOrigin(*origin)) {
        result.insert(u"error"_s, u"cannot set the origin"_s);
        return result;
    }
    int maxInFlightSeen = 0;
    int largestWindow = 0;
    QObject context;
    QObject::connect(&client, &ApiClient::requestsInFlightChanged, &context, [&](int inFlight) {
        maxInFlightSeen = std::max(maxInFlightSeen, inFlight);
        largestWindow = std::max(largestWindow, engine.deliveryWindow());
    });
    bool finished = false;
    SyncSummary summary;
    QObject::connect(&engine, &SyncEngine::syncFinished, &context, [&](const SyncSummary& answer) {
        summary = answer;
        finished = true;
    });
    const double cpuBeforeMs = processCpuMs();
    QElapsedTimer clock;
    clock.start();
    engine.sync();
    const bool done = spinUntil([&] { return finished && !engine.isBusy(); },
                                deliveryTimeLimitMs(int(ids.size())));
    const double elapsedMs = double(clock.nsecsElapsed()) / 1e6;
    const double cpuMs = processCpuMs() - cpuBeforeMs;
    engine.refreshCounts();
    const int confirmed = int(engine.counts().confirmed());
    result.insert(u"confirmed"_s, confirmed);
    result.insert(u"failed"_s, int(ids.size()) - confirmed);
    result.insert(u"completed"_s, done && summary.complete);
    result.insert(u"elapsedMs"_s, elapsedMs);
    result.insert(u"decisionsPerSecond"_s, ratePerSecond(confirmed, elapsedMs));
    result.insert(u"clientCpuMs"_s, cpuMs);
    result.insert(u"maxInFlight"_s, maxInFlightSeen);
    result.insert(u"largestWindow"_s, largestWindow);
    result.insert(u"httpVersion"_s, client.lastHttpVersion());
    if (!summary.message.isEmpty())
        result.insert(u"message"_s, summary.message);
    const QString expected = statusName(status);
    result.insert(u"verified"_s, spotCheck(server, ids, [&](int) { return expected; }));
    return result;
}

// What nginx's access log says about the requests since `from` (an index into it) with this
// method: how many, over which protocols, the most at once, and the bytes sent.
QJsonObject frontLog(const TlsFront& front, qsizetype from, const QString& method)
{
    const QList<TlsFront::Request> all = front.requests();
    QList<TlsFront::Request> requests;
    QJsonObject protocols;
    qint64 bytesSent = 0;
    QSet<qint64> connections;
    double requestMs = 0;
    for (qsizetype i = from; i < all.size(); ++i) {
        if (all[i].method != method)
            continue;
        requests.append(all[i]);
        requestMs += all[i].endMs - all[i].startMs;
        protocols.insert(all[i].protocol, protocols.value(all[i].protocol).toInt() + 1);
        bytesSent += all[i].bytesSent;
        connections.insert(all[i].connection);
    }
    return QJsonObject{{u"requests"_s, int(requests.size())},
                       {u"protocols"_s, protocols},
                       {u"connections"_s, int(connections.size())},
                       {u"maxConcurrent"_s, TlsFront::maxConcurrent(requests)},
                       {u"meanRequestMs"_s, requests.isEmpty() ? 0.0 : requestMs / requests.size()},
                       {u"bytesSent"_s, double(bytesSent)}};
}

} // namespace

QJsonObject runDeliveryBenchmark(const DeliveryOptions& options, QTextStream& log)
{
    QJsonObject result;
    DevServerProcess server;
    DevServerProcess::Options serverOptions;
    serverOptions.dataFile = options.dataFile;
    // A throwaway secret for this run only; it goes to the server through its environment.
    serverOptions.token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    serverOptions.startTimeoutMs = ServerStartTimeoutMs;
    log << "delivery: starting the development server on " << options.dataFile << Qt::endl;
    if (!server.start(serverOptions)) {
        result.insert(u"error"_s, server.errorString());
        return result;
    }
    if (server.baseUrl().host() != u"127.0.0.1"_s) {
        result.insert(u"error"_s, u"the development server is not on 127.0.0.1"_s);
        return result;
    }

    // A journal of this run alone: one left by earlier runs would grow from run to run and
    // make the numbers drift.
    QTemporaryDir dataDirectory;
    if (qEnvironmentVariableIsEmpty(DecisionJournal::DataDirVariable) && dataDirectory.isValid())
        qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(dataDirectory.path()));

    Heartbeat heartbeat;
    heartbeat.start();
    RelationshipStore store;
    ModelCost modelCost;
    QElapsedTimer modelClock;
    modelClock.start();
    qint64 modelStartNs = 0;
    QObject::connect(&store, &RelationshipStore::rowsChanged, &store,
                     [&] { modelStartNs = modelClock.nsecsElapsed(); });
    RelationshipTableModel model(&store); // answers update a sorted model, as in the app
    QObject::connect(&store, &RelationshipStore::rowsChanged, &store, [&](const QList<int>& rows) {
        const double ms = double(modelClock.nsecsElapsed() - modelStartNs) / 1e6;
        modelCost.totalMs += ms;
        modelCost.worstMs = std::max(modelCost.worstMs, ms);
        ++modelCost.emissions;
        modelCost.rows += rows.size();
    });
    model.sort(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    ReviewSession session(&store);
    ConnectionProfile profile;
    profile.baseUrl = server.baseUrl();
    profile.integrationSourceId = server.sourceId();
    session.setProfile(profile);
    session.setToken(serverOptions.token);

    double liveLoadMs = 0;
    QString message;
    if (!loadLive(session, &liveLoadMs, &message)) {
        result.insert(u"error"_s, QString(u"live load failed: "_s + message));
        return result;
    }
    result.insert(u"serverRows"_s, store.size());
    result.insert(u"liveLoadMs"_s, liveLoadMs);

    QJsonArray runs;
    for (const int requested : options.decisionCounts) {
        const int count = std::min(requested, store.size());
        QJsonObject run{{u"decisions"_s, count}};
        log << "delivery: " << count << " decisions, single PUTs (relreview)…" << Qt::endl;
        run.insert(u"appPut"_s, appPuts(session, server, heartbeat, modelCost, count));

        QList<QUuid> ids;
        ids.reserve(count);
        for (int row = 0; row < count; ++row)
            ids.append(store.rows().row(row).id);

        if (options.runCurl) {
            log << "delivery: " << count << " decisions, curl --parallel-max "
                << options.curlParallel << "…" << Qt::endl;
            run.insert(u"curlPut"_s, curlPuts(*session.client(), server, ids,
                                              RelationshipStatus::Suggested, options.curlParallel));
            const int appInFlight =
                run.value(u"appPut"_s).toObject().value(u"maxInFlight"_s).toInt(6);
            log << "delivery: " << count << " decisions, curl --parallel-max " << appInFlight << "…"
                << Qt::endl;
            run.insert(u"curlPutSameInFlight"_s,
                       curlPuts(*session.client(), server, ids, RelationshipStatus::Rejected,
                                std::max(1, appInFlight)));
        }

        log << "delivery: " << count << " decisions, bulk endpoint…" << Qt::endl;
        run.insert(u"bulk"_s,
                   bulkCalls(*session.client(), server, ids, RelationshipStatus::Approved,
                             options.bulkBatchSize, options.bulkInFlight));
        // A bulk session ends by re-reading the list (the answer's members are not documented).
        double rereadMs = 0;
        const bool reread = loadLive(session, &rereadMs, &message);
        run.insert(u"bulkRereadMs"_s, reread ? rereadMs : -1);

        // Every row of the run is APPROVED now: the session's bulk sets them all back.
        log << "delivery: " << count << " decisions, bulk through ReviewSession…" << Qt::endl;
        run.insert(u"sessionBulk"_s, sessionBulk(session, server, heartbeat, modelCost, count,
                                                 RelationshipStatus::Suggested));
        runs.append(run);
    }
    result.insert(u"runs"_s, runs);
    return result;
}

QJsonObject runWanDeliveryBenchmark(const WanDeliveryOptions& options, QTextStream& log)
{
    QJsonObject result{{u"latencyMs"_s, options.latencyMs}};
    QString why;
    if (!TlsFront::isAvailable(&why)) {
        result.insert(u"error"_s, why);
        return result;
    }
    DevServerProcess server;
    DevServerProcess::Options serverOptions;
    serverOptions.dataFile = options.dataFile;
    serverOptions.token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    serverOptions.startTimeoutMs = ServerStartTimeoutMs;
    log << "wan: starting the development server on " << options.dataFile << Qt::endl;
    if (!server.start(serverOptions)) {
        result.insert(u"error"_s, server.errorString());
        return result;
    }
    TlsFront front;
    TlsFront::Options frontOptions;
    frontOptions.http2 = true;
    if (!front.start(server.baseUrl(), frontOptions)) {
        result.insert(u"error"_s, front.errorString());
        return result;
    }
    log << "wan: nginx (TLS, HTTP/2, gzip) at " << front.baseUrl().toString() << Qt::endl;
    // A journal of this run alone (the loopback run's folder is gone by now), the variable put
    // back as it was afterwards.
    QTemporaryDir dataDirectory;
    const QByteArray previousDataDir = qgetenv(DecisionJournal::DataDirVariable);
    const bool ownDataDir =
        previousDataDir.isEmpty() || !QFileInfo::exists(QFile::decodeName(previousDataDir));
    if (ownDataDir && dataDirectory.isValid())
        qputenv(DecisionJournal::DataDirVariable, QFile::encodeName(dataDirectory.path()));
    const auto restore = qScopeGuard([&] {
        if (ownDataDir)
            qputenv(DecisionJournal::DataDirVariable, previousDataDir);
    });

    ConnectionProfile profile;
    profile.baseUrl = front.baseUrl();
    profile.integrationSourceId = server.sourceId();
    profile.caCertificates = front.caCertificatePath();

    Heartbeat heartbeat;
    heartbeat.start();
    RelationshipStore store;
    ModelCost modelCost; // not measured here: the loopback run has the model's share
    RelationshipTableModel model(&store);
    model.sort(RelationshipTableModel::ScoreColumn, Qt::DescendingOrder);
    ReviewSession session(&store);
    session.setProfile(profile);
    session.setToken(serverOptions.token);
    double liveLoadMs = 0;
    QString message;
    log << "wan: loading the list through the front…" << Qt::endl;
    if (!loadLive(session, &liveLoadMs, &message)) {
        result.insert(u"error"_s, QString(u"live load failed: "_s + message));
        return result;
    }
    result.insert(u"serverRows"_s, store.size());
    result.insert(u"liveLoadMs"_s, liveLoadMs);
    result.insert(u"liveLoad"_s, frontLog(front, 0, u"GET"_s));

    // Every answer from here on waits this long (the list above was loaded without it).
    if (!server.configure({{u"latency_ms"_s, options.latencyMs}})) {
        result.insert(u"error"_s, u"cannot set the server's latency"_s);
        return result;
    }
    const int puts = std::min(options.puts, store.size());
    QList<QUuid> ids;
    ids.reserve(puts);
    for (int row = 0; row < puts; ++row)
        ids.append(store.rows().row(row).id);

    const auto measured = [&](const QString& name, const QString& method, auto run) {
        const qsizetype from = front.requests().size();
        QJsonObject entry = run();
        entry.insert(u"front"_s, frontLog(front, from, method));
        result.insert(name, entry);
    };
    log << "wan: " << puts << " single PUTs, relreview sync --no-bulk --max-in-flight 4 (before)…"
        << Qt::endl;
    measured(u"cliSyncFixed4"_s, u"PUT"_s, [&] {
        return cliSyncPuts(profile, serverOptions.token, server, ids, RelationshipStatus::Rejected,
                           4);
    });
    log << "wan: " << puts << " single PUTs, relreview sync --no-bulk (adaptive)…" << Qt::endl;
    measured(u"cliSync"_s, u"PUT"_s, [&] {
        return cliSyncPuts(profile, serverOptions.token, server, ids, RelationshipStatus::Approved,
                           0);
    });
    if (options.runCurl) {
        log << "wan: " << puts << " single PUTs, curl --parallel --parallel-max "
            << options.curlParallel << " --http2…" << Qt::endl;
        measured(u"curlPut"_s, u"PUT"_s, [&] {
            return curlPuts(
                *session.client(), server, ids, RelationshipStatus::Suggested, options.curlParallel,
                "http2\ncacert = \"" + QFile::encodeName(front.caCertificatePath()) + "\"\n");
        });
    }
    log << "wan: " << puts << " single PUTs, key presses in the app (ReviewSession)…" << Qt::endl;
    measured(u"appPut"_s, u"PUT"_s,
             [&] { return appPuts(session, server, heartbeat, modelCost, puts); });

    const int bulk = std::min(options.bulkDecisions, store.size());
    log << "wan: bulk session of " << bulk << " decisions, 6 requests at once (before)…"
        << Qt::endl;
    session.setMaxInFlight(6);
    measured(u"sessionBulkFixed6"_s, u"POST"_s, [&] {
        return sessionBulk(session, server, heartbeat, modelCost, bulk,
                           RelationshipStatus::Rejected);
    });
    log << "wan: bulk session of " << bulk << " decisions (adaptive)…" << Qt::endl;
    SyncConfig adaptive = session.syncEngine()->config();
    adaptive.maxInFlight = 0;
    session.syncEngine()->setConfig(adaptive);
    measured(u"sessionBulk"_s, u"POST"_s, [&] {
        return sessionBulk(session, server, heartbeat, modelCost, bulk,
                           RelationshipStatus::Approved);
    });
    return result;
}
