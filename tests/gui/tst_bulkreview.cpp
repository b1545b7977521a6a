// The bulk dialog against the development server: with a threshold it applies exactly the
// previewed rows, and undoing the run restores every previous status.
#include "BulkReviewDialog.h"
#include "DevServerProcess.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewHistory.h"
#include "ReviewSession.h"
#include "SyncEngine.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

class TestBulkReview : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void thresholdRunAppliesThePreviewAndUndoRestores();
    void screenshot();

private:
    QHash<QString, QString> serverStatuses();
    BulkReviewDialog* openBulkReview(MainWindowFixture& window);
    DevServerProcess m_server;
};

void TestBulkReview::initTestCase()
{
    DevServerProcess::Options options;
    options.generate = 500;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

QHash<QString, QString> TestBulkReview::serverStatuses()
{
    QHash<QString, QString> statuses;
    const QJsonArray list =
        QJsonDocument::fromJson(m_server.apiGet(u"/api/integration-sources/%1/relationships"_s.arg(
                                    m_server.sourceId().toString(QUuid::WithoutBraces))))
            .array();
    for (const QJsonValue& value : list)
        statuses.insert(value[u"id"_s].toString(), value[u"status"_s].toString());
    return statuses;
}

// Review → Bulk review… (Ctrl+B in the table): the dialog the window opens.
BulkReviewDialog* TestBulkReview::openBulkReview(MainWindowFixture& window)
{
    window.activate();
    window.table()->setFocus();
    QTest::keyClick(window.table(), Qt::Key_B, Qt::ControlModifier);
    BulkReviewDialog* dialog = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] { return (dialog = window.find<BulkReviewDialog>()) && dialog->isVisible(); });
    return shown ? dialog : nullptr;
}

void TestBulkReview::thresholdRunAppliesThePreviewAndUndoRestores()
{
    MainWindowFixture window;
    QVERIFY(window.start(&m_server));
    window.history()->setPartSize(40); // parts, off the UI thread, even for a few hundred rows
    QVERIFY(window.loadLive());
    QVERIFY(window.applyFilter(u"-status:approved"_s));
    const RelationshipStore& store = *window.store();
    const RelationshipTableModel& model = *window.model();
    ReviewHistory& history = *window.history();
    ReviewSession& session = *window.session();

    BulkReviewDialog* opened = openBulkReview(window);
    QVERIFY(opened);
    BulkReviewDialog& dialog = *opened;
    dialog.setTarget(RelationshipStatus::Approved);
    dialog.setBound(BulkPlan::Bound::AtOrAbove);
    dialog.setThreshold(0.7);
    // The preview: exactly the shown rows scored at or above 0.7, none already approved.
    QSet<QString> expected;
    for (int row : model.visibleRows()) {
        const RelationshipRow& fields = store.rows().row(row);
        if (fields.hasScore && fields.score >= 0.7 && fields.score <= 1.0)
            expected.insert(fields.id.toString(QUuid::WithoutBraces));
    }
    QVERIFY(expected.size() > 40);
    QCOMPARE(dialog.plan().changeCount(), int(expected.size()));
    QVERIFY(dialog.applyButton()->text().contains(QLocale().toString(int(expected.size()))));
    const QHash<QString, QString> before = serverStatuses();

    QSignalSpy finished(&dialog, &BulkReviewDialog::runFinished);
    QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000) || finished.count() > 0);
    QVERIFY(
        dialog.progressText().startsWith(QLocale().toString(int(expected.size())) + u" done"_s));
    QHash<QString, QString> after = serverStatuses();
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QCOMPARE(after.value(it.key()), expected.contains(it.key()) ? u"APPROVED"_s : it.value());

    // One undo step restores every previous status on the server.
    QCOMPARE(history.stepCount(), 1);
    dialog.close();                                 // deleted on close: not used after this
    QAction* undo = window.action(u"undoAction"_s); // Edit → Undo (Ctrl+Z)
    QVERIFY(undo && undo->isEnabled());
    undo->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!history.isMoving() && !session.syncEngine()->isBusy(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(serverStatuses(), before, 30000);
}

void TestBulkReview::screenshot()
{
    const QString directory = qEnvironmentVariable("RELREVIEW_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set RELREVIEW_SCREENSHOT_DIR to write the bulk dialog screenshot");
    MainWindowFixture window;
    QVERIFY(window.start(&m_server));
    QVERIFY(window.loadLive());
    window.selectRows(0, 2);
    BulkReviewDialog* opened = openBulkReview(window);
    QVERIFY(opened);
    BulkReviewDialog& dialog = *opened;
    dialog.setBound(BulkPlan::Bound::AtOrAbove);
    dialog.setThreshold(0.8);
    QVERIFY(dialog.grab().save(directory + u"/bulk-review.png"_s));
}

QTEST_MAIN(TestBulkReview)
#include "tst_bulkreview.moc"
