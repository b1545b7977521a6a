// The sync panel, the status bar's pending count and File → Export snapshot…, driven as an
// analyst would (keys, buttons, selections, the action) in the real main window against the
// development server.

#include "DemoDataGenerator.h"
#include "DevServerProcess.h"
#include "MainWindowFixture.h"
#include "RelationshipParser.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "RelationshipWriter.h"
#include "ReviewSession.h"
#include "SnapshotActions.h"
#include "SyncEngine.h"
#include "SyncPanel.h"
#include "TestData.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
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
    // The window on a snapshot of the server's rows that names the server (its token's own
    // origin: nothing is asked), decisions kept until synced; the sync dock in front.
    void openServerSnapshot();
    // Decides the store row with its key (R, or A for a rejected row); the status decided.
    QString decideRow(int storeRow);
    SyncPanel* panel() const { return m_fx->syncPanel(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevServerProcess> m_server;
    std::unique_ptr<MainWindowFixture> m_fx;
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
    m_fx = std::make_unique<MainWindowFixture>();
    QVERIFY(m_fx->start(m_server.get()));
}

void TestSyncPanel::cleanup()
{
    m_fx.reset();
    SnapshotActions::setFileNameProviderForTests({});
    m_server.reset();
    m_dir.reset();
}

void TestSyncPanel::openServerSnapshot()
{
    const QString path = TestData::writeDemoSnapshot(
        m_fx->scratch(), 80, DemoDataGenerator::Options{}.seed, m_server->baseUrl().toString());
    QVERIFY(!path.isEmpty());
    QVERIFY2(m_fx->openSnapshot(path), qPrintable(m_fx->lastLoadMessage()));
    QTRY_VERIFY(!m_fx->session()->isReadOnly());
    QCOMPARE(m_fx->store()->rows().row(0).id, m_server->relationshipIds().constFirst());
    QDockWidget* dock = m_fx->dock(u"syncDock"_s);
    QVERIFY(dock);
    dock->show();
    dock->raise();
    QTRY_VERIFY(panel()->isVisible());
    QVERIFY(m_server->clearRequests());
}

QString TestSyncPanel::decideRow(int storeRow)
{
    const RelationshipStatus status =
        m_fx->store()->rows().row(storeRow).status == RelationshipStatus::Rejected
            ? RelationshipStatus::Approved
            : RelationshipStatus::Rejected;
    const int viewRow = m_fx->model()->viewRow(storeRow);
    if (viewRow < 0)
        return QString();
    m_fx->focusRow(viewRow);
    QTest::keyClick(m_fx->table(), status == RelationshipStatus::Approved ? Qt::Key_A : Qt::Key_R);
    return m_fx->store()->effectiveStatus(storeRow) == status ? statusName(status) : QString();
}

void TestSyncPanel::countsAndSyncNow()
{
    openServerSnapshot();
    // Thirty rows not yet rejected, selected and rejected with one key: kept, not sent.
    QVERIFY(m_fx->applyFilter(u"-status:rejected"_s));
    QVERIFY(m_fx->rowCount() >= 30);
    QList<QUuid> decided;
    for (int row = 0; row < 30; ++row)
        decided.append(m_fx->idAt(row));
    m_fx->selectRows(0, 29);
    QTest::keyClick(m_fx->table(), Qt::Key_R);
    SyncPanel* panel = this->panel();
    auto* pending = m_fx->label(u"pendingLabel"_s);
    QVERIFY(pending);
    QTRY_COMPARE(panel->countText(DecisionState::Pending), u"30"_s);
    QCOMPARE(panel->countText(DecisionState::Confirmed), u"0"_s);
    QTRY_VERIFY2(pending->text().contains(u"30 pending"_s), qPrintable(pending->text()));
    QTRY_VERIFY(panel->syncButton()->isEnabled());
    QVERIFY(!panel->retryButton()->isEnabled());
    QVERIFY(m_server->requests().isEmpty()); // kept until synced

    QTest::mouseClick(panel->syncButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel->countText(DecisionState::Confirmed), u"30"_s, 20000);
    QTRY_COMPARE(panel->countText(DecisionState::Pending), u"0"_s);
    QTRY_VERIFY(!panel->progressBar()->isVisible());
    QTRY_COMPARE(pending->text(), u"All decisions delivered"_s);
    QVERIFY(!panel->syncButton()->isEnabled());
    for (const QUuid& id : std::as_const(decided))
        QCOMPARE(m_server->relationship(id).value("status"_L1).toString(), u"REJECTED"_s);
}

void TestSyncPanel::conflictsAreListedAndResolved()
{
    openServerSnapshot();
    const RelationshipStore& store = *m_fx->store();
    QList<QUuid> ids;
    QList<QString> mine;
    QList<QString> theirs;
    for (int row = 0; row < 2; ++row) {
        const Relationship relationship = store.rows().relationship(row);
        ids.append(relationship.id);
        mine.append(decideRow(row));
        QVERIFY(!mine.last().isEmpty());
        // Another reviewer changes the row on the server meanwhile.
        for (const QString& other : {u"SUGGESTED"_s, u"APPROVED"_s, u"REJECTED"_s}) {
            if (other != mine.last() && other != relationship.statusText) {
                theirs.append(other);
                break;
            }
        }
        QVERIFY(m_server->setServerStatus(relationship.id, theirs.last()));
    }

    SyncPanel* panel = this->panel();
    QSignalSpy activated(panel, &SyncPanel::relationshipActivated);
    QTRY_VERIFY(panel->syncButton()->isEnabled());
    QTest::mouseClick(panel->syncButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel->conflictTable()->rowCount(), 2, 20000);
    QTRY_COMPARE(panel->countText(DecisionState::Conflict), u"2"_s);
    QVERIFY(!panel->keepMineButton()->isEnabled()); // nothing selected yet

    // The row shows both sides.
    QTableWidget* table = panel->conflictTable();
    int first = -1;
    for (int row = 0; row < 2; ++row) {
        if (table->item(row, 0)->toolTip() == ids[0].toString(QUuid::WithoutBraces))
            first = row;
    }
    QVERIFY(first >= 0);
    QCOMPARE(table->item(first, 1)->text(), statusDisplayName(*statusFromName(mine[0])));
    QCOMPARE(table->item(first, 2)->text(), statusDisplayName(*statusFromName(theirs[0])));

    // A double click shows the relationship in the table.
    m_fx->focusRow(m_fx->rowCount() - 1);
    const QPoint cell = table->visualItemRect(table->item(first, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.constFirst().constFirst().toUuid(), ids[0]);
    QCOMPARE(m_fx->currentId(), ids[0]);

    // Keep mine for the first: it is sent and wins.
    table->clearSelection();
    table->selectRow(first);
    QVERIFY(panel->keepMineButton()->isEnabled());
    QTest::mouseClick(panel->keepMineButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->relationship(ids[0]).value("status"_L1).toString(), mine[0],
                              10000);

    // Take the server's for the other: nothing is sent.
    table->selectRow(0);
    QTest::mouseClick(panel->takeServerButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 0);
    QTRY_COMPARE(panel->countText(DecisionState::Conflict), u"0"_s);
    QCOMPARE(m_server->relationship(ids[1]).value("status"_L1).toString(), theirs[1]);
    const int row = *store.rows().rowOf(ids[1]);
    QCOMPARE(store.delivery(row), DeliveryState::None);
    QCOMPARE(statusName(store.rows().row(row).status), theirs[1]);
}

void TestSyncPanel::exportSnapshotAction()
{
    QAction* exportAction = m_fx->action(u"exportSnapshotAction"_s); // File → Export snapshot…
    QVERIFY(exportAction);
    QVERIFY(!exportAction->isEnabled()); // nothing loaded yet
    QVERIFY(m_fx->loadLive());
    QVERIFY(exportAction->isEnabled());

    const QString path = m_dir->filePath(u"exported.json"_s);
    QString suggested;
    SnapshotActions::setFileNameProviderForTests([&](const QString& proposal) {
        suggested = proposal;
        return path;
    });
    auto* actions = m_fx->find<SnapshotActions>();
    QVERIFY(actions);
    QSignalSpy finished(actions, &SnapshotActions::exportFinished);
    exportAction->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.constFirst().at(0).toBool(),
             qPrintable(finished.constFirst().at(1).toString()));
    QVERIFY(suggested.endsWith(u".json"_s));

    const RelationshipStore& store = *m_fx->store();
    RelationshipParser::Result read = RelationshipParser::parseFile(path);
    QVERIFY2(read.ok, qPrintable(read.error.describe(path)));
    QVERIFY(read.document.header.isEnvelope);
    QCOMPARE(read.document.header.source.baseUrl, m_server->baseUrl().toString());
    QCOMPARE(read.document.header.source.integrationSourceId, m_server->sourceId());
    QCOMPARE(read.document.rows.size(), store.size());
    // Each record as the server sent it (compared as JSON: a null score is NaN, never equal).
    for (int row = 0; row < store.size(); ++row) {
        QCOMPARE(RelationshipWriter::recordJson(read.document.rows, row),
                 RelationshipWriter::recordJson(store.rows(), row));
    }
    QVERIFY(exportAction->isEnabled());
}

// The exporter's own behaviour given a large store: cancelled under way, it leaves no file.
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
