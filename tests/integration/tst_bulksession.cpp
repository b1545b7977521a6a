// A bulk session of many rows against the development server, the way the Bulk review dialog
// runs it (ReviewHistory -> journal in parts -> SyncEngine -> bulk calls -> one confirming
// re-read of the list): every row is confirmed, the store shows each, the server holds each,
// and the re-read's answers are applied across turns of the event loop, not in one go.

#include "DevServerProcess.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

class TestBulkSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bulkConfirmsEveryRowAppliedAcrossTurns();
    void bulkWithTheJournalInMemory();

private:
    static constexpr int Rows = 20000;
    DevServerProcess m_server;
    QString m_token;
    QTemporaryDir m_dir;
};

void TestBulkSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("RELREVIEW_DATA_DIR", m_dir.filePath(u"data"_s).toLocal8Bit());
    m_token = u"bulk-"_s + QUuid::createUuid().toString(QUuid::Id128);
    DevServerProcess::Options options;
    options.generate = Rows;
    options.token = m_token;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestBulkSession::bulkConfirmsEveryRowAppliedAcrossTurns()
{
    RelationshipStore store;
    ReviewSession session(&store);
    ConnectionProfile profile;
    profile.baseUrl = m_server.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    session.setProfile(profile);
    session.setToken(m_token);
    QSignalSpy loaded(&session, &ReviewSession::loadFinished);
    session.loadLive();
    QVERIFY(loaded.wait(60000));
    QVERIFY2(loaded.constFirst().at(0).toBool(), qPrintable(loaded.constFirst().at(1).toString()));
    QCOMPARE(store.size(), Rows);

    constexpr RelationshipStatus target = RelationshipStatus::Rejected;
    QList<int> rows;
    int expected = 0;
    for (int row = 0; row < store.size(); ++row) {
        rows.append(row);
        if (store.rows().row(row).status != target)
            ++expected;
    }
    QVERIFY(expected > Rows / 2); // the generated statuses are mixed

    // Turns of the event loop, counted by a zero timer: if the re-read's answers were applied
    // in one go, none would pass between the first confirmation and the last.
    qint64 turns = 0;
    QTimer turnCounter;
    turnCounter.setInterval(0);
    connect(&turnCounter, &QTimer::timeout, this, [&turns] { ++turns; });
    turnCounter.start();
    int confirmed = 0;
    int failed = 0;
    qint64 turnsAtFirst = -1;
    qint64 turnsAtLast = -1;
    connect(&session, &ReviewSession::decisionConfirmed, this, [&] {
        if (confirmed++ == 0)
            turnsAtFirst = turns;
        turnsAtLast = turns;
    });
    connect(&session, &ReviewSession::decisionFailed, this, [&failed] { ++failed; });
    QVERIFY(m_server.clearRequests());

    ReviewHistory history(&session);
    SyncEngine* engine = session.syncEngine();
    history.decide(rows, target, u"bulk"_s, ReviewSession::Delivery::Bulk);
    QTRY_VERIFY_WITH_TIMEOUT(
        !history.isMoving() && !engine->isBusy() && confirmed + failed >= expected, 120000);
    QCOMPARE(failed, 0);
    QCOMPARE(confirmed, expected);
    QVERIFY2(turnsAtLast > turnsAtFirst,
             "the re-read's answers were applied without letting the event loop run");

    // The store shows every row as the server confirmed it, nothing pending.
    for (int row = 0; row < store.size(); ++row) {
        QCOMPARE(store.effectiveStatus(row), target);
        QCOMPARE(store.delivery(row), DeliveryState::None);
    }
    QCOMPARE(store.rows().row(0).status, target);
    QCOMPARE(store.rows().row(Rows - 1).status, target);

    // The journal says every decision is confirmed (its bookkeeping went through the writer).
    engine->refreshCounts();
    QCOMPARE(engine->counts().confirmed(), expected);
    QCOMPARE(engine->counts().outstanding(), 0);
    QCOMPARE(session.outstandingDecisions(), 0);
    const ReviewHistory::StepState state = history.stepState(history.stepCount() - 1);
    QCOMPARE(state.sent, expected);
    QCOMPARE(state.confirmed, expected);

    // Everything went through the bulk endpoint, and the server holds every row so.
    const QJsonObject stats = m_server.stats();
    QCOMPARE(stats.value("puts"_L1).toInteger(), 0);
    QCOMPARE(stats.value("bulk_ids"_L1).toInteger(), expected);
    int status = 0;
    const QByteArray list = m_server.apiGet(u"/api/integration-sources/"_s +
                                                m_server.sourceId().toString(QUuid::WithoutBraces) +
                                                u"/relationships"_s,
                                            &status);
    QCOMPARE(status, 200);
    const RelationshipParser::Result parsed = RelationshipParser::parseBytes(list);
    QVERIFY(parsed.ok);
    QCOMPARE(parsed.document.rows.size(), Rows);
    for (int row = 0; row < parsed.document.rows.size(); ++row)
        QCOMPARE(parsed.document.rows.row(row).status, target);
}

// When the data folder cannot be written and the analyst agrees, decisions are held in memory,
// shared by every thread's connection: a bulk recorded in parts on a worker thread, and its
// bookkeeping written by the engine's writer thread, must all be recorded there.
void TestBulkSession::bulkWithTheJournalInMemory()
{
    const QString blocker = m_dir.filePath(u"not-a-folder"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const QByteArray previous = qgetenv("RELREVIEW_DATA_DIR");
    qputenv("RELREVIEW_DATA_DIR", QFile::encodeName(blocker + u"/data"_s));
    RelationshipStore store;
    ReviewSession session(&store);
    qputenv("RELREVIEW_DATA_DIR", previous);
    QCOMPARE(session.journalState(), ReviewSession::JournalState::Unavailable);
    QVERIFY(session.holdDecisionsInMemory());
    QCOMPARE(session.journalState(), ReviewSession::JournalState::HeldInMemory);
    QCOMPARE(session.journal()->storage(), DecisionJournal::Storage::Memory);
    ConnectionProfile profile;
    profile.baseUrl = m_server.baseUrl();
    profile.integrationSourceId = m_server.sourceId();
    session.setProfile(profile);
    session.setToken(m_token);
    QSignalSpy loaded(&session, &ReviewSession::loadFinished);
    session.loadLive();
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.constFirst().at(0).toBool());

    constexpr RelationshipStatus target = RelationshipStatus::Approved;
    QList<int> rows;
    for (int row = 0; row < 2000; ++row) {
        if (store.rows().row(row).status != target)
            rows.append(row);
    }
    QVERIFY(rows.size() > 1000);
    int confirmed = 0;
    connect(&session, &ReviewSession::decisionConfirmed, this, [&confirmed] { ++confirmed; });
    ReviewHistory history(&session);
    history.setPartSize(300); // several parts, none of them small enough to be done at once
    history.decide(rows, target, u"bulk"_s, ReviewSession::Delivery::Bulk);
    QTRY_VERIFY_WITH_TIMEOUT(!history.isMoving() && !session.syncEngine()->isBusy(), 60000);
    QCOMPARE(confirmed, int(rows.size()));
    QCOMPARE(history.stepState(0).sent, int(rows.size()));
    for (int row : std::as_const(rows)) {
        QCOMPARE(store.effectiveStatus(row), target);
        QCOMPARE(store.delivery(row), DeliveryState::None);
    }
    QCOMPARE(m_server.relationship(store.rows().row(rows.last()).id).value("status"_L1).toString(),
             u"APPROVED"_s);
}

QTEST_GUILESS_MAIN(TestBulkSession)
#include "tst_bulksession.moc"
