// The sync panel, the status bar's pending count and File → Export snapshot…, driven as an
// analyst would (buttons, selections, the action) against the development server.

#include "ApiClient.h"
#include "DecisionJournal.h"
#include "DemoDataGenerator.h"
#include "DevServerProcess.h"
#include "OfflineSnapshot.h"
#include "RelationshipParser.h"
#include "RelationshipWriter.h"
#include "RelationshipStore.h"
#include "SnapshotActions.h"
#include "SyncEngine.h"
#include "SyncPanel.h"

#include <QAction>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSyncPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void countsAndSyncNow();
    void conflictsAreListedAndResolved();
    void exportSnapshotAction();
    void exportCanBeCancelled();

private:
    QString writeServerList();
    std::unique_ptr<SyncEngine> makeEngine(const DecisionOrigin& origin);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
    std::unique_ptr<DecisionJournal> m_journal;
    std::unique_ptr<ApiClient> m_client;
};

void TestSyncPanel::initTestCase()
{
    SnapshotActions::setMessageBoxesEnabled(false);
}

void TestSyncPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<DevServerProcess>();
    DevServerProcess::Options options;
    options.generate = 80;
    QVERIFY2(m_server->start(options), qPrintable(m_server->errorString()));
    m_journal = std::make_unique<DecisionJournal>(m_dir->filePath(u"journal.sqlite3"_s));
    QVERIFY(m_journal->open());
    m_client = std::make_unique<ApiClient>();
    ConnectionProfile profile;
    profile.baseUrl = m_server->baseUrl();
    profile.integrationSourceId = m_server->sourceId();
    m_client->setProfile(profile);
    m_client->setToken(m_server->token());
}

void TestSyncPanel::cleanup()
{
    SnapshotActions::setFileNameProviderForTests({});
    m_client.reset();
    m_journal.reset();
    m_server.reset();
    m_dir.reset();
}

QString TestSyncPanel::writeServerList()
{
    const QString path = m_dir->filePath(u"list.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(m_server->apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
        m_server->sourceId().toString(QUuid::WithoutBraces))));
    return path;
}

std::unique_ptr<SyncEngine> TestSyncPanel::makeEngine(const DecisionOrigin& origin)
{
    auto engine = std::make_unique<SyncEngine>(m_journal.get(), m_client.get());
    SyncConfig config;
    config.backoffBaseMs = 20;
    config.backoffCapMs = 200;
    config.bulkBatchSize = 25;
    engine->setConfig(config);
    engine->setOrigin(origin);
    return engine;
}

void TestSyncPanel::countsAndSyncNow()
{
    OfflineSnapshot list = OfflineSnapshot::open(writeServerList(), nullptr);
    QVERIFY(list.ok);
    RelationshipStore store;
    store.adopt(std::move(list.document.rows), {});
    ConnectionProfile profile = m_client->profile();
    auto engine = makeEngine(DecisionOrigin::forLive(profile));
    engine->setStore(&store);
    QList<NewDecision> decisions;
    for (int row = 0; row < 30; ++row) {
        NewDecision decision;
        decision.relationshipId = store.rows().row(row).id;
        decision.status = u"REJECTED"_s;
        decisions.append(decision);
    }
    QCOMPARE(m_journal->record(engine->originId(), decisions).size(), 30);

    SyncPanel panel(engine.get(), &store);
    PendingCountLabel pending(engine.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.countText(DecisionState::Pending), u"30"_s);
    QCOMPARE(panel.countText(DecisionState::Confirmed), u"0"_s);
    QVERIFY(pending.text().contains(u"30 pending"_s));
    QVERIFY(panel.syncButton()->isEnabled());
    QVERIFY(!panel.retryButton()->isEnabled());

    QTest::mouseClick(panel.syncButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel.countText(DecisionState::Confirmed), u"30"_s, 20000);
    QTRY_COMPARE(panel.countText(DecisionState::Pending), u"0"_s);
    QTRY_VERIFY(!panel.progressBar()->isVisible());
    QTRY_COMPARE(pending.text(), u"All decisions delivered"_s);
    QVERIFY(!panel.syncButton()->isEnabled());
    QCOMPARE(m_server->relationship(decisions[0].relationshipId).value("status"_L1).toString(),
             u"REJECTED"_s);
}

void TestSyncPanel::conflictsAreListedAndResolved()
{
    OfflineSnapshot snapshot = OfflineSnapshot::open(writeServerList(), m_journal.get());
    QVERIFY(snapshot.ok);
    snapshot.origin.baseUrl = m_server->baseUrl().toString();
    RelationshipStore store;
    store.adopt(std::move(snapshot.document.rows), {});
    auto engine = makeEngine(snapshot.origin);
    engine->setStore(&store);
    QList<NewDecision> decisions;
    QList<QString> theirs;
    for (int row = 0; row < 2; ++row) {
        const Relationship relationship = store.rows().relationship(row);
        NewDecision decision;
        decision.relationshipId = relationship.id;
        decision.status =
            relationship.status == RelationshipStatus::Approved ? u"REJECTED"_s : u"APPROVED"_s;
        decision.previousStatus = relationship.statusText;
        decision.serverUpdatedMs = relationship.updatedAtMs;
        decisions.append(decision);
        for (const QString& other : {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s}) {
            if (other != decision.status && other != decision.previousStatus) {
                theirs.append(other);
                break;
            }
        }
        QVERIFY(m_server->setServerStatus(relationship.id, theirs.last()));
    }
    QCOMPARE(m_journal->record(engine->originId(), decisions).size(), 2);

    SyncPanel panel(engine.get(), &store);
    QSignalSpy activated(&panel, &SyncPanel::relationshipActivated);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(panel.syncButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel.conflictTable()->rowCount(), 2, 20000);
    QTRY_COMPARE(panel.countText(DecisionState::Conflict), u"2"_s);
    QVERIFY(!panel.keepMineButton()->isEnabled()); // nothing selected yet

    // The row shows both sides.
    QTableWidget* table = panel.conflictTable();
    int first = -1;
    for (int row = 0; row < 2; ++row) {
        if (table->item(row, 0)->toolTip() ==
            decisions[0].relationshipId.toString(QUuid::WithoutBraces)) {
            first = row;
        }
    }
    QVERIFY(first >= 0);
    QCOMPARE(table->item(first, 1)->text(),
             statusDisplayName(*statusFromName(decisions[0].status)));
    QCOMPARE(table->item(first, 2)->text(), statusDisplayName(*statusFromName(theirs[0])));

    const QPoint cell = table->visualItemRect(table->item(first, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.constFirst().constFirst().toUuid(), decisions[0].relationshipId);

    // Keep mine for the first: it is sent and wins.
    table->clearSelection();
    table->selectRow(first);
    QVERIFY(panel.keepMineButton()->isEnabled());
    QTest::mouseClick(panel.keepMineButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->relationship(decisions[0].relationshipId).value("status"_L1).toString(),
        decisions[0].status, 10000);

    // Take the server's for the other: nothing is sent.
    table->selectRow(0);
    QTest::mouseClick(panel.takeServerButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 0);
    QTRY_COMPARE(panel.countText(DecisionState::Conflict), u"0"_s);
    QCOMPARE(m_server->relationship(decisions[1].relationshipId).value("status"_L1).toString(),
             theirs[1]);
    const int row = *store.rows().rowOf(decisions[1].relationshipId);
    QCOMPARE(store.delivery(row), DeliveryState::None);
    QCOMPARE(statusName(store.rows().row(row).status), theirs[1]);
}

void TestSyncPanel::exportSnapshotAction()
{
    OfflineSnapshot list = OfflineSnapshot::open(writeServerList(), nullptr);
    QVERIFY(list.ok);
    RelationshipStore store;
    QWidget window;
    SnapshotActions actions(&store, &window);
    QVERIFY(!actions.exportAction()->isEnabled()); // nothing loaded yet
    store.adopt(std::move(list.document.rows), std::move(list.document.catalog));
    QVERIFY(actions.exportAction()->isEnabled());

    SnapshotSource source;
    source.baseUrl = m_server->baseUrl().toString();
    source.integrationSourceId = m_server->sourceId();
    actions.setSource(source);
    const QString path = m_dir->filePath(u"exported.json"_s);
    QString suggested;
    SnapshotActions::setFileNameProviderForTests([&](const QString& proposal) {
        suggested = proposal;
        return path;
    });
    QSignalSpy finished(&actions, &SnapshotActions::exportFinished);
    actions.exportAction()->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.constFirst().at(0).toBool(),
             qPrintable(finished.constFirst().at(1).toString()));
    QVERIFY(suggested.endsWith(u".json"_s));

    RelationshipParser::Result read = RelationshipParser::parseFile(path);
    QVERIFY2(read.ok, qPrintable(read.error.describe(path)));
    QVERIFY(read.document.header.isEnvelope);
    QCOMPARE(read.document.header.source.baseUrl, source.baseUrl);
    QCOMPARE(read.document.rows.size(), store.size());
    // Each record as the server sent it (compared as JSON: a null score is NaN, never equal).
    for (int row = 0; row < store.size(); ++row) {
        QCOMPARE(RelationshipWriter::recordJson(read.document.rows, row),
                 RelationshipWriter::recordJson(store.rows(), row));
    }
    QVERIFY(actions.exportAction()->isEnabled());
}

void TestSyncPanel::exportCanBeCancelled()
{
    // Large enough to take many slices.
    DemoDataGenerator::Options options;
    options.relationshipCount = 100000;
    DemoDataGenerator generator(options);
    RelationshipRows rows;
    rows.reserve(options.relationshipCount);
    for (int i = 0; i < options.relationshipCount; ++i) {
        rows.append(generator.relationship(i));
    }
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    SnapshotActions actions(&store, nullptr);
    QSignalSpy finished(&actions, &SnapshotActions::exportFinished);
    int cancelledAt = -1;
    // Cancelled as the analyst would, once it is under way.
    connect(actions.exporter(), &SnapshotExporter::progress, this, [&](int written, int total) {
        if (cancelledAt < 0 && written > 0 && written < total) {
            cancelledAt = written;
            actions.exporter()->cancel();
        }
    });
    const QString path = m_dir->filePath(u"cancelled.json"_s);
    QVERIFY(actions.exportTo(path));
    QVERIFY(actions.exporter()->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY(cancelledAt > 0);
    QVERIFY(!finished.constFirst().at(0).toBool());
    QVERIFY(!QFile::exists(path));
    QVERIFY(actions.exportAction()->isEnabled());
}

QTEST_MAIN(TestSyncPanel)
#include "tst_syncpanel.moc"
