// The client against a development server that lies, stalls and loops (its hostile modes):
// answers are believed only when they match the question (issue 11, item 3), and retries are
// bounded and polite (item 4). The engine and the loader in process, the command line as a
// script runs it; what the server received is counted through its /_dev endpoints.

#include "ApiClient.h"
#include "CliRunner.h"
#include "DecisionJournal.h"
#include "DevServerProcess.h"
#include "LoadJob.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "SyncEngine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString idText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

SyncConfig quickConfig()
{
    SyncConfig config;
    config.backoffBaseMs = 20;
    config.backoffCapMs = 200;
    config.maxRetryAfterMs = 300;
    config.journalFlushMs = 5;
    return config;
}

const QUuid ForeignSource(u"99999999-8888-4777-8666-555555555555"_s);

} // namespace

class TestHostileAnswers : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // Item 3: answers that do not match the question.
    void putAnsweredWithAnotherStatusFails();
    void putAnsweredForAnotherSourceFails();
    void anAnswerEchoingTheTokenIsQuotedWithoutIt();
    void bulkThatChangesNothingIsNotConfirmed();
    void listRowsOfAnotherSourceAreRefusedByRecord();
    void cliSyncExitsOneWhenTheServerContradicts();
    void cliBulkExitsOneWhenTheServerChangesNothing();

    // Item 4: bounded, polite retries, deadlines, downloads.
    void retryAfterZeroCountsTowardsTheLimit();
    void absurdRetryAfterIsCapped();
    void redirectLoopIsNotRetried();
    void redirectToAnotherOriginIsNotFollowed();
    void badRowIsReportedOnceNotDownloadedAgain();
    void cliSyncBadRowIsOneGet();
    void cliExportTimeoutBoundsADrip();
    void hugeAnnouncedListIsRefusedBeforeDownload();
    void downloadsGoToTheCacheFolder();

private:
    bool startServer(const QJsonObject& hostile = {}, int rows = 60);
    std::unique_ptr<SyncEngine> makeEngine(const SyncConfig& config = quickConfig());
    QList<qint64> record(const QList<QUuid>& ids, const QString& status);
    CliRun cli(const QStringList& arguments, const QString& token = {});
    QString exportSnapshot();
    qint64 stat(const char* name)
    {
        return m_server->stats().value(QLatin1StringView(name)).toInteger();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
    std::unique_ptr<DecisionJournal> m_journal;
    std::unique_ptr<ApiClient> m_client;
    qint64 m_origin = 0;
};

void TestHostileAnswers::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_journal = std::make_unique<DecisionJournal>(m_dir->filePath(u"journal.sqlite3"_s));
    QVERIFY2(m_journal->open(), qPrintable(m_journal->lastError()));
    m_server = std::make_unique<DevServerProcess>();
    m_client = std::make_unique<ApiClient>();
    m_client->setTransferTimeoutMs(10000);
}

void TestHostileAnswers::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_journal.reset();
    m_dir.reset();
}

bool TestHostileAnswers::startServer(const QJsonObject& hostile, int rows)
{
    DevServerProcess::Options options;
    options.generate = rows;
    options.token = u"hostile-test-token"_s;
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
    if (!hostile.isEmpty() && !m_server->configure(hostile)) {
        qWarning("the server refused the settings %s",
                 QJsonDocument(hostile).toJson(QJsonDocument::Compact).constData());
        return false;
    }
    return m_origin > 0;
}

std::unique_ptr<SyncEngine> TestHostileAnswers::makeEngine(const SyncConfig& config)
{
    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    engine->setConfig(config);
    DecisionOrigin origin = DecisionOrigin::forLive(m_client->profile());
    engine->setOrigin(origin);
    return engine;
}

QList<qint64> TestHostileAnswers::record(const QList<QUuid>& ids, const QString& status)
{
    QList<NewDecision> decisions;
    for (const QUuid& id : ids) {
        NewDecision decision;
        decision.relationshipId = id;
        decision.status = status;
        decision.serverUpdatedMs = -1;
        decisions.append(decision);
    }
    return m_journal->record(m_origin, decisions);
}

CliRun TestHostileAnswers::cli(const QStringList& arguments, const QString& token)
{
    return runCli(arguments, m_dir->filePath(u"data"_s), token, {m_server->token()}, 90000);
}

QString TestHostileAnswers::exportSnapshot()
{
    const QString path = m_dir->filePath(u"snapshot.json"_s);
    const CliRun run = cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                            u"--source"_s, idText(m_server->sourceId()), u"-o"_s, path},
                           m_server->token());
    if (run.status != 0) {
        qWarning("export failed: %s", qPrintable(run.all()));
        return {};
    }
    return path;
}

void TestHostileAnswers::putAnsweredWithAnotherStatusFails()
{
    QVERIFY(startServer({{u"putAnswerStatus"_s, u"REJECTED"_s}}));
    const QUuid id = m_server->relationshipIds().first();
    auto engine = makeEngine();
    const QList<qint64> recorded = record({id}, u"APPROVED"_s);
    QSignalSpy confirmed(engine.get(), &SyncEngine::decisionConfirmed);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 20000);
    const DecisionRecord decision = *m_journal->decision(recorded[0]);
    QCOMPARE(decision.state, DecisionState::Failed);
    // The message quotes what the server said.
    QVERIFY2(decision.lastError.contains(u"REJECTED"_s), qPrintable(decision.lastError));
    QVERIFY(decision.lastError.contains(u"APPROVED"_s));
    QCOMPARE(confirmed.count(), 0);
}

void TestHostileAnswers::anAnswerEchoingTheTokenIsQuotedWithoutIt()
{
    // The failure message quotes the status the server claimed; here that is the token itself.
    QVERIFY(startServer());
    const QString token = m_server->token();
    QVERIFY(!token.isEmpty());
    QVERIFY(m_server->configure({{u"putAnswerStatus"_s, token}}));
    const QUuid id = m_server->relationshipIds().first();
    auto engine = makeEngine();
    const QList<qint64> recorded = record({id}, u"APPROVED"_s);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 20000);
    const DecisionRecord decision = *m_journal->decision(recorded[0]);
    QCOMPARE(decision.state, DecisionState::Failed);
    // No message on failure: it would print the token.
    QVERIFY(!decision.lastError.contains(token));
    QVERIFY(decision.lastError.contains(u"\"[token]\""_s));
}

void TestHostileAnswers::putAnsweredForAnotherSourceFails()
{
    QVERIFY(startServer({{u"answerSourceId"_s, idText(ForeignSource)}}));
    // The list is read before the lie starts: only the PUT's answer is at stake here.
    const QUuid id = m_server->relationshipIds().first();
    auto engine = makeEngine();
    const QList<qint64> recorded = record({id}, u"REJECTED"_s);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 20000);
    const DecisionRecord decision = *m_journal->decision(recorded[0]);
    QCOMPARE(decision.state, DecisionState::Failed);
    QVERIFY2(decision.lastError.contains(idText(ForeignSource)), qPrintable(decision.lastError));
}

void TestHostileAnswers::bulkThatChangesNothingIsNotConfirmed()
{
    QVERIFY(startServer({{u"bulkNoop"_s, true}}));
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 5);
    auto engine = makeEngine();
    QStringList before;
    for (const QUuid& id : ids) {
        before.append(m_server->relationship(id).value("status"_L1).toString());
    }
    const QString wanted = before.contains(u"APPROVED"_s) ? u"REJECTED"_s : u"APPROVED"_s;
    const QList<QUuid> changing = [&] {
        QList<QUuid> result;
        for (qsizetype i = 0; i < ids.size(); ++i) {
            if (before[i] != wanted) {
                result.append(ids[i]);
            }
        }
        return result;
    }();
    QVERIFY(!changing.isEmpty());
    const QList<qint64> recorded = record(changing, wanted);
    engine->enqueueBulk(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 20000);
    QVERIFY(stat("bulk_calls") >= 1);
    for (qint64 id : recorded) {
        const DecisionRecord decision = *m_journal->decision(id);
        QCOMPARE(decision.state, DecisionState::Failed);
        // What the server claimed, and what its list showed instead.
        QVERIFY2(decision.lastError.contains(u"updated"_s), qPrintable(decision.lastError));
        QVERIFY(decision.lastError.contains(wanted));
    }
}

void TestHostileAnswers::listRowsOfAnotherSourceAreRefusedByRecord()
{
    QVERIFY(startServer({{u"answerSourceId"_s, idText(ForeignSource)}}));
    LoadJob* job = LoadJob::live(m_client.get(), this);
    QSignalSpy finished(job, &LoadJob::rowsFinished);
    job->start();
    QVERIFY(finished.wait(30000) || finished.count() == 1);
    QVERIFY(!job->ok());
    QCOMPARE(job->error().kind, ApiError::Kind::Mismatch);
    // The record by position and id, and the source it claimed.
    QVERIFY2(job->message().contains(u"record 0"_s), qPrintable(job->message()));
    QVERIFY(job->message().contains(idText(ForeignSource)));
    QVERIFY(job->message().contains(idText(m_server->sourceId())));
    QCOMPARE(job->takeDocument().rows.size(), 0);
    QTRY_VERIFY(job->catalogDone());
    delete job;
}

void TestHostileAnswers::cliSyncExitsOneWhenTheServerContradicts()
{
    QVERIFY(startServer());
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QUuid id = m_server->relationshipIds().first();
    const QString status = m_server->relationship(id).value("status"_L1).toString();
    const QString wanted = status == "APPROVED"_L1 ? u"REJECTED"_s : u"APPROVED"_s;
    const QString claimed = wanted == "APPROVED"_L1 ? u"SUGGESTED"_s : u"APPROVED"_s;
    QCOMPARE(
        cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, idText(id), u"--status"_s, wanted})
            .status,
        0);
    QVERIFY(m_server->configure({{u"putAnswerStatus"_s, claimed}}));
    const CliRun run = cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s,
                            m_server->baseUrl().toString(), u"--no-bulk"_s},
                           m_server->token());
    QCOMPARE(run.status, 1);
    QVERIFY2(run.out.contains(u"failed: "_s + idText(id)), qPrintable(run.all()));
    QVERIFY(run.out.contains(claimed));
    QVERIFY(run.out.contains(u"0 confirmed"_s));
}

void TestHostileAnswers::cliBulkExitsOneWhenTheServerChangesNothing()
{
    QVERIFY(startServer({{u"bulkNoop"_s, true}}));
    const CliRun run = cli({u"bulk"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                            u"--source"_s, idText(m_server->sourceId()), u"--where"_s, u""_s,
                            u"--status"_s, u"APPROVED"_s, u"--yes"_s, u"--quiet"_s},
                           m_server->token());
    QCOMPARE(run.status, 1);
    QVERIFY2(run.out.contains(u"Applied: 0 of"_s), qPrintable(run.all()));
    QVERIFY(run.out.contains(u"updated"_s));
}

void TestHostileAnswers::retryAfterZeroCountsTowardsTheLimit()
{
    // Every request is answered 429 with Retry-After: 0.
    QVERIFY(startServer({{u"retryAfter"_s, u"0"_s}}));
    const QUuid id = m_server->relationshipIds().first();
    QVERIFY(m_server->configure({{u"rate_limit_every"_s, 1}}));
    SyncConfig config = quickConfig();
    config.maxTransientAttempts = 4;
    auto engine = makeEngine(config);
    const QList<qint64> recorded = record({id}, u"REJECTED"_s);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 30000);
    // Four tries, then the decision waits for the next sync.
    QCOMPARE(stat("rate_limited"), 4);
    QCOMPARE(m_journal->decision(recorded[0])->state, DecisionState::Pending);
    QVERIFY(m_journal->decision(recorded[0])->lastError.contains(u"Rate limited"_s));
}

void TestHostileAnswers::absurdRetryAfterIsCapped()
{
    QVERIFY(startServer({{u"retryAfter"_s, u"99999999999999999"_s}}));
    const QUuid id = m_server->relationshipIds().first();
    QVERIFY(m_server->configure({{u"rate_limit_every"_s, 1}}));
    SyncConfig config = quickConfig(); // waits at most maxRetryAfterMs (300 ms)
    config.maxTransientAttempts = 3;
    auto engine = makeEngine(config);
    QSignalSpy problems(engine.get(), &SyncEngine::deliveryProblem);
    engine->deliver(record({id}, u"REJECTED"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 30000);
    QCOMPARE(stat("rate_limited"), 3);
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.first().first().toString().contains(u"waiting 0.3 s"_s),
             qPrintable(problems.first().first().toString()));
}

void TestHostileAnswers::redirectLoopIsNotRetried()
{
    QVERIFY(startServer());
    const QUuid id = m_server->relationshipIds().first();
    QVERIFY(m_server->configure({{u"redirect"_s, u"loop"_s}}));
    const qint64 before = stat("requests");
    SyncConfig config = quickConfig();
    config.maxTransientAttempts = 0; // as in the desktop app: no limit but the classification
    auto engine = makeEngine(config);
    const QList<qint64> recorded = record({id}, u"REJECTED"_s);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 30000);
    const DecisionRecord decision = *m_journal->decision(recorded[0]);
    QCOMPARE(decision.state, DecisionState::Failed);
    QVERIFY2(decision.lastError.contains(u"loop"_s), qPrintable(decision.lastError));
    // One chain of redirects (Qt follows at most 50), never a second one.
    const qint64 received = stat("requests") - before;
    QVERIFY2(received >= 1 && received <= 52, qPrintable(QString::number(received)));
    QCOMPARE(m_journal->decision(recorded[0])->attempts, 1);
}

void TestHostileAnswers::redirectToAnotherOriginIsNotFollowed()
{
    QVERIFY(startServer());
    const QUuid id = m_server->relationshipIds().first();
    // Another origin: the same server under another name.
    QUrl elsewhere = m_server->baseUrl();
    elsewhere.setHost(u"localhost"_s);
    QVERIFY(m_server->configure({{u"redirect"_s, elsewhere.toString()}}));
    QVERIFY(m_server->clearRequests());
    auto engine = makeEngine();
    const QList<qint64> recorded = record({id}, u"REJECTED"_s);
    engine->deliver(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 30000);
    const DecisionRecord decision = *m_journal->decision(recorded[0]);
    QCOMPARE(decision.state, DecisionState::Failed);
    QVERIFY2(decision.lastError.contains(u"another origin"_s), qPrintable(decision.lastError));
    // Only the first request; never one with the token at the other name.
    const QJsonArray requests = m_server->requests();
    int puts = 0;
    for (const QJsonValue& request : requests) {
        if (request.toObject().value("method"_L1).toString() == "PUT"_L1) {
            ++puts;
        }
    }
    QCOMPARE(puts, 1);
}

void TestHostileAnswers::badRowIsReportedOnceNotDownloadedAgain()
{
    QVERIFY(startServer());
    const QList<QUuid> ids = m_server->relationshipIds().mid(0, 3);
    QVERIFY(m_server->configure({{u"badRows"_s, 1}}));
    const qint64 gets = stat("gets");
    SyncConfig config = quickConfig();
    config.maxTransientAttempts = 0; // the desktop app's setting, where it used to loop
    auto engine = makeEngine(config);
    const QList<qint64> recorded = record(ids, u"REJECTED"_s);
    engine->enqueueBulk(recorded);
    QTRY_VERIFY_WITH_TIMEOUT(!engine->isBusy(), 30000);
    // The confirming re-read could not be used: asked once, then row by row with PUTs.
    QCOMPARE(stat("gets") - gets, 1);
    for (qint64 id : recorded) {
        QCOMPARE(m_journal->decision(id)->state, DecisionState::Confirmed);
    }
}

void TestHostileAnswers::cliSyncBadRowIsOneGet()
{
    QVERIFY(startServer());
    const QString snapshot = exportSnapshot();
    QVERIFY(!snapshot.isEmpty());
    const QUuid id = m_server->relationshipIds().first();
    QCOMPARE(cli({u"decide"_s, u"--snapshot"_s, snapshot, u"--id"_s, idText(id), u"--status"_s,
                  u"REJECTED"_s})
                 .status,
             0);
    QVERIFY(m_server->configure({{u"badRows"_s, 1}}));
    const qint64 gets = stat("gets");
    // The server's state is read before a snapshot's decisions go: its list cannot be used.
    const CliRun run =
        cli({u"sync"_s, u"--snapshot"_s, snapshot, u"--base-url"_s, m_server->baseUrl().toString()},
            m_server->token());
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains(u"record "_s), qPrintable(run.all()));
    QVERIFY(run.out.contains(u"1 pending"_s));
    QCOMPARE(stat("gets") - gets, 1);
    QCOMPARE(stat("puts") + stat("bulk_calls"), 0);
}

void TestHostileAnswers::cliExportTimeoutBoundsADrip()
{
    QVERIFY(startServer({{u"dripBytesPerSecond"_s, 1}}));
    QElapsedTimer clock;
    clock.start();
    const CliRun run = cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                            u"--source"_s, idText(m_server->sourceId()), u"--no-columns"_s,
                            u"--timeout"_s, u"2"_s, u"-o"_s, m_dir->filePath(u"out.json"_s)},
                           m_server->token());
    QCOMPARE(run.status, 1);
    // Ended by the time limit for the whole transfer, not by a silence.
    QVERIFY2(run.err.contains(u"did not finish within 2 s"_s), qPrintable(run.all()));
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!QFile::exists(m_dir->filePath(u"out.json"_s)));
}

void TestHostileAnswers::hugeAnnouncedListIsRefusedBeforeDownload()
{
    QVERIFY(startServer({{u"announceContentLength"_s, 1e15}}));
    // The loader parses the list in memory as it arrives (no file): refused up front by the
    // download limit.
    LoadJob* job = LoadJob::live(m_client.get(), this);
    QSignalSpy finished(job, &LoadJob::rowsFinished);
    job->start();
    QVERIFY(finished.wait(30000) || finished.count() == 1);
    QVERIFY(!job->ok());
    QCOMPARE(job->error().kind, ApiError::Kind::TooLarge);
    QVERIFY2(job->message().contains(u"limit"_s), qPrintable(job->message()));
    QTRY_VERIFY(job->catalogDone());
    delete job;

    // The command line likewise.
    const CliRun run = cli({u"export"_s, u"--base-url"_s, m_server->baseUrl().toString(),
                            u"--source"_s, idText(m_server->sourceId()), u"--no-columns"_s, u"-o"_s,
                            m_dir->filePath(u"out.json"_s)},
                           m_server->token());
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains(u"free"_s), qPrintable(run.all()));
}

void TestHostileAnswers::downloadsGoToTheCacheFolder()
{
    // ctest points XDG_CACHE_HOME into the test's own folder: nothing lands in /tmp.
    const QString folder = ApiClient::downloadFolder();
    QVERIFY(!folder.isEmpty());
    QVERIFY(folder.startsWith(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)));
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(startServer());
    const QString path = QDir(folder).filePath(u"check.json"_s);
    ApiError result;
    bool done = false;
    qint64 seen = 0;
    m_client->downloadRelationships(
        path, this,
        [&](const ApiError& error) {
            result = error;
            done = true;
        },
        [&](qint64 received, qint64) { seen = received; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY2(result.ok(), qPrintable(result.message));
    QVERIFY(seen > 0);
    QVERIFY(QFileInfo(path).size() > 0);
    QFile::remove(path);
}

QTEST_GUILESS_MAIN(TestHostileAnswers)
#include "tst_hostileanswers.moc"
