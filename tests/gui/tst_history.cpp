// Undo and redo against the development server: every step restores each row's previous status
// on the server; a step not yet sent is withdrawn, never answered by a second request.
#include "DevServerProcess.h"
#include "HistoryPanel.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SyncEngine.h"
#include "TriageController.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// The real main window on the server's list, the keyboard on the first row.
struct Window : MainWindowFixture
{
    bool load()
    {
        if (!loadLive())
            return false;
        focusRow(0);
        return rowCount() > 20;
    }

    // Store rows by the server's status, in store order.
    QList<int> rowsWith(RelationshipStatus status, int count) const
    {
        QList<int> rows;
        for (int row = 0; row < store()->size() && rows.size() < count; ++row) {
            if (store()->effectiveStatus(row) == status)
                rows.append(row);
        }
        return rows;
    }
    QUuid idOf(int storeRow) const { return store()->rows().row(storeRow).id; }
};

QString serverStatus(DevServerProcess& server, const QUuid& id)
{
    return server.relationship(id).value(u"status"_s).toString();
}

// The API requests that changed something (PUTs and bulk calls) since the log was cleared.
QList<QJsonObject> writes(DevServerProcess& server)
{
    QList<QJsonObject> result;
    for (const QJsonValue& value : server.requests()) {
        const QJsonObject request = value.toObject();
        const QString method = request.value(u"method"_s).toString();
        if (method == u"PUT"_s || method == u"POST"_s)
            result.append(request);
    }
    return result;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void triageByKeysWithUndo();
    void undoOfADeliveredDecisionRestoresIt();
    void undoOfAPendingStepSendsNothing();
    void undoOfABulkRestoresEveryStatus();
    void historyPanelUndoesUpToAStep();
    void undoStepsAgainAfterANewList();
    void screenshot();

private:
    DevServerProcess m_server;
};

void TestHistory::initTestCase()
{
    QCoreApplication::setOrganizationName(u"relreview-tests"_s);
    QCoreApplication::setApplicationName(u"tst_history"_s);
    DevServerProcess::Options options;
    options.generate = 400;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestHistory::init()
{
    // Each test function has a journal and settings of its own (MainWindowFixture).
    QVERIFY(m_server.clearRequests());
}

void TestHistory::triageByKeysWithUndo()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    QVERIFY(window.applyFilter(u"status:suggested"_s));
    window.focusRow(0);
    const QUuid first = window.idOf(window.model()->storeRow(0));
    const QUuid second = window.idOf(window.model()->storeRow(1));
    const QUuid third = window.idOf(window.model()->storeRow(2));

    QTest::keyClick(window.table(), Qt::Key_A); // approve the first, move on
    QTest::keyClick(window.table(), Qt::Key_J); // skip the second
    QTest::keyClick(window.table(), Qt::Key_R); // reject the third
    QCOMPARE(window.history()->stepCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, third), u"REJECTED"_s, 10000);
    QTest::keyClick(window.table(), Qt::Key_Z, Qt::ControlModifier); // undo the rejection
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, third), u"SUGGESTED"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 10000);
    QCOMPARE(serverStatus(m_server, first), u"APPROVED"_s);
    QCOMPARE(serverStatus(m_server, second), u"SUGGESTED"_s);
    QCOMPARE(window.history()->undoStack()->index(), 1);
    QVERIFY(window.triage()->action(TriageController::Redo)->isEnabled());
    QVERIFY(window.triage()->action(TriageController::Undo)->text().contains(u"Approve"_s));
    // The toolbar keeps the short name; the tooltip names the step.
    QCOMPARE(window.triage()->action(TriageController::Undo)->iconText(), u"Undo"_s);
    QVERIFY(window.triage()->action(TriageController::Undo)->toolTip().contains(u"Approve"_s));
    QVERIFY(window.triage()->action(TriageController::Redo)->toolTip().contains(u"Reject"_s));
}

void TestHistory::undoOfADeliveredDecisionRestoresIt()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    const QList<int> rows = window.rowsWith(RelationshipStatus::Rejected, 1);
    QCOMPARE(rows.size(), 1);
    const QUuid id = window.idOf(rows.first());
    window.history()->decide(rows, RelationshipStatus::Approved, u"Approve one"_s);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, id), u"APPROVED"_s, 10000);
    QTRY_COMPARE(window.history()->stepStateText(0), u"confirmed"_s);

    window.history()->undoStack()->undo();
    // At once in the table, then on the server: REJECTED again, by one more PUT.
    QCOMPARE(window.store()->effectiveStatus(rows.first()), RelationshipStatus::Rejected);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, id), u"REJECTED"_s, 10000);
    QTRY_COMPARE(window.history()->stepStateText(0), u"undone · confirmed"_s);
    QCOMPARE(writes(m_server).size(), 2);

    window.history()->undoStack()->redo();
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, id), u"APPROVED"_s, 10000);
    QCOMPARE(writes(m_server).size(), 3);
}

void TestHistory::undoOfAPendingStepSendsNothing()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    // No token: the engine holds every decision back, as when a token has just expired.
    window.session()->setToken(QString());
    const QList<int> rows = window.rowsWith(RelationshipStatus::Suggested, 30);
    window.history()->decide(rows, RelationshipStatus::Rejected, u"Reject 30"_s,
                             ReviewSession::Delivery::Bulk);
    QCOMPARE(window.store()->effectiveStatus(rows.first()), RelationshipStatus::Rejected);
    QCOMPARE(window.history()->stepState(0).outstanding(), 30);

    window.history()->undoStack()->undo();
    QCOMPARE(window.history()->stepState(0).withdrawn, 30);
    QCOMPARE(window.history()->stepState(0).sent, 0);
    QCOMPARE(window.history()->stepStateText(0), u"undone · withdrawn before sending"_s);
    for (int row : rows) {
        QCOMPARE(window.store()->effectiveStatus(row), RelationshipStatus::Suggested);
        QCOMPARE(window.store()->delivery(row), DeliveryState::None);
    }
    // Cancelled in the journal: the token coming back sends nothing.
    const DecisionCounts counts = window.session()->journal()->countsAll();
    QCOMPARE(counts.cancelled(), 30);
    QCOMPARE(counts.outstanding(), 0);
    window.session()->setToken(m_server.token());
    // Nothing is queued, so nothing can leave later either.
    QVERIFY(!window.session()->syncEngine()->isBusy());
    QCOMPARE(writes(m_server).size(), 0);
    for (int row : rows)
        QCOMPARE(serverStatus(m_server, window.idOf(row)), u"SUGGESTED"_s);

    // Redo sends it after all, through the bulk endpoint.
    window.history()->undoStack()->redo();
    for (int row : rows)
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, window.idOf(row)), u"REJECTED"_s, 10000);
    const QList<QJsonObject> sent = writes(m_server);
    QVERIFY(!sent.isEmpty());
    for (const QJsonObject& request : sent)
        QVERIFY(request.value(u"path"_s).toString().endsWith(u"bulk-status"_s));
}

void TestHistory::undoOfABulkRestoresEveryStatus()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    // Rows of every status; the approved ones are left out of an approval.
    QList<int> rows = window.rowsWith(RelationshipStatus::Suggested, 60);
    rows += window.rowsWith(RelationshipStatus::Rejected, 25);
    const QList<int> alreadyApproved = window.rowsWith(RelationshipStatus::Approved, 10);
    rows += alreadyApproved;
    QHash<QUuid, QString> before;
    for (int row : rows)
        before.insert(window.idOf(row), serverStatus(m_server, window.idOf(row)));

    const ReviewSession::RecordedStep step = window.history()->decide(
        rows, RelationshipStatus::Approved, u"Approve 95"_s, ReviewSession::Delivery::Bulk);
    QCOMPARE(step.decisionIds.size(), 85);
    QCOMPARE(window.history()->stepState(0).rows, 85);
    for (int row : rows)
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, window.idOf(row)), u"APPROVED"_s, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(window.history()->stepState(0).confirmed, 85, 15000);
    QVERIFY(m_server.clearRequests());

    window.history()->undoStack()->undo();
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, it.key()), it.value(), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 15000);
    // Grouped per status through the bulk endpoint: one call for SUGGESTED, one for REJECTED.
    QStringList statuses;
    for (const QJsonObject& request : writes(m_server)) {
        QVERIFY(request.value(u"path"_s).toString().endsWith(u"bulk-status"_s));
        statuses.append(QJsonDocument::fromJson(request.value(u"body"_s).toString().toUtf8())
                            .object()
                            .value(u"status"_s)
                            .toString());
    }
    statuses.sort();
    QCOMPARE(statuses, (QStringList{u"REJECTED"_s, u"SUGGESTED"_s}));
    QTRY_COMPARE(window.history()->stepState(0).confirmed, 85);
    QVERIFY(window.history()->stepStateText(0).startsWith(u"undone · 85 confirmed"_s));
}

void TestHistory::historyPanelUndoesUpToAStep()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    const QList<int> rows = window.rowsWith(RelationshipStatus::Suggested, 3);
    for (int row : rows)
        window.history()->decide({row}, RelationshipStatus::Approved, u"Approve row %1"_s.arg(row));
    for (int row : rows)
        QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, window.idOf(row)), u"APPROVED"_s, 10000);
    // The History dock, brought to the front of its tab group.
    QDockWidget* dock = window.dock(u"historyDock"_s);
    QVERIFY(dock);
    dock->show();
    dock->raise();
    QTRY_VERIFY(window.historyPanel()->isVisible());
    HistoryModel* model = window.historyPanel()->model();
    QCOMPARE(model->rowCount(), 4); // the start and three steps
    QCOMPARE(model->index(2, HistoryModel::StepColumn).data().toString(),
             u"Approve row %1"_s.arg(rows[1]));
    QTRY_COMPARE(model->index(3, HistoryModel::DeliveryColumn).data().toString(), u"confirmed"_s);
    QCOMPARE(window.historyPanel()->view()->currentIndex().row(), 3);

    // Clicking the first step undoes the two after it.
    QTreeView* view = window.historyPanel()->view();
    const QRect first = view->visualRect(model->index(1, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, first.center());
    QCOMPARE(window.history()->undoStack()->index(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, window.idOf(rows[2])), u"SUGGESTED"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatus(m_server, window.idOf(rows[1])), u"SUGGESTED"_s, 10000);
    QCOMPARE(serverStatus(m_server, window.idOf(rows[0])), u"APPROVED"_s);
    QVERIFY(model->index(3, 0).data(Qt::FontRole).value<QFont>().italic());
    QCOMPARE(window.historyPanel()->view()->currentIndex().row(), 1);
}

void TestHistory::undoStepsAgainAfterANewList()
{
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    const QList<int> rows = window.rowsWith(RelationshipStatus::Suggested, 1);
    window.history()->decide(rows, RelationshipStatus::Rejected, u"Reject"_s);
    QCOMPARE(window.history()->stepCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 10000);
    // Reloading gives other rows: the old steps cannot be undone on them.
    QVERIFY(window.loadLive());
    QCOMPARE(window.history()->stepCount(), 0);
    QVERIFY(!window.triage()->action(TriageController::Undo)->isEnabled());
}

void TestHistory::screenshot()
{
    const QString directory = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set RELREVIEW_SCREENSHOT_DIR to write the history panel screenshot");
    Window window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.load());
    const QList<int> rows = window.rowsWith(RelationshipStatus::Suggested, 120);
    window.history()->decide({rows[0]}, RelationshipStatus::Approved,
                             u"Approve orders.customer_id → customers.id"_s);
    window.history()->decide(rows.mid(1, 100), RelationshipStatus::Approved,
                             u"Approve 100 relationships"_s, ReviewSession::Delivery::Bulk);
    window.history()->decide({rows[110]}, RelationshipStatus::Rejected,
                             u"Reject line_items.sku → products.code"_s);
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 15000);
    window.history()->undoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(window.store()->pendingCount(), 0, 15000);
    QTRY_VERIFY(window.historyPanel()
                    ->model()
                    ->index(2, HistoryModel::DeliveryColumn)
                    .data()
                    .toString()
                    .contains(u"100 confirmed"_s));
    window.dock(u"historyDock"_s)->raise();
    window.historyPanel()->resize(560, 220);
    QVERIFY(window.historyPanel()->grab().save(directory + u"/history-panel.png"_s));
}

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
