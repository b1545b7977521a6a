// The bulk dialog against the development server: with a threshold it applies exactly the
// previewed rows, and undoing the run restores every previous status.
#include "BulkPlanChart.h"
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
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <cmath>

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
    static void verifyHistogram(const BulkReviewDialog& dialog);
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

// The dialog's chart draws its plan: every bin and bucket, by status, readable in the dialog.
void TestBulkReview::verifyHistogram(const BulkReviewDialog& dialog)
{
    const BulkPlanChart* chart = dialog.histogram();
    const ScoreBinning& bins = dialog.plan().histogram();
    QCOMPARE(chart->binCount(), bins.binCount());
    int drawn = 0;
    for (int slot = 0; slot < chart->slotCount(); ++slot) {
        const StatusCounts* counts = slot < bins.binCount()            ? &bins.bin(slot)
                                     : slot == chart->noScoreSlot()    ? &bins.noScore()
                                     : slot == chart->outOfRangeSlot() ? &bins.outOfRange()
                                                                       : nullptr;
        for (const RelationshipStatus status :
             {RelationshipStatus::Suggested, RelationshipStatus::Approved,
              RelationshipStatus::Rejected, RelationshipStatus::Unknown}) {
            QCOMPARE(chart->barHeight(slot, status), counts ? counts->count(status) : 0);
        }
        drawn += chart->barHeight(slot);
    }
    QCOMPARE(drawn, dialog.plan().changeCount());
    QVERIFY(dialog.plan().changeCount() > 0);
    // Readable at the dialog's size: a chart's room, inside the dialog, no label cut short.
    QVERIFY(chart->width() >= 400 && chart->height() >= 180);
    QVERIFY(dialog.rect().contains(QRect(chart->mapTo(&dialog, QPoint()), chart->size())));
    QTRY_COMPARE(MainWindowFixture::truncatedChartTexts(chart), QStringList());
    // The summary above it is never cut short as its text grows.
    for (const QLabel* label : dialog.findChildren<QLabel*>()) {
        if (label->isVisible() && label->wordWrap())
            QTRY_VERIFY2(label->height() >= label->heightForWidth(label->width()),
                         qPrintable(label->text()));
    }
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
    dialog.setBound(BulkPlan::Bound::None);
    // The preview's histogram is a chart of the rows that would change, per score bin and
    // current status, with the rows without a usable score in buckets of their own.
    const BulkPlanChart* chart = dialog.histogram();
    QVERIFY(chart && chart->isVisible());
    verifyHistogram(dialog);
    QVERIFY(std::isnan(chart->thresholdMarker()));
    dialog.setBound(BulkPlan::Bound::AtOrAbove);
    dialog.setThreshold(0.7);
    verifyHistogram(dialog);
    const int binCount = dialog.plan().histogram().binCount();
    QCOMPARE(chart->thresholdMarker(), 0.7 * binCount - 0.5);
    for (int bin = 0; bin < binCount; ++bin) {
        if (dialog.plan().histogram().binUpper(bin) <= 0.7)
            QCOMPARE(chart->barHeight(bin), 0); // below the bound: nothing changes there
    }
    QCOMPARE(chart->barHeight(chart->noScoreSlot()), 0);
    QCOMPARE(chart->barHeight(chart->outOfRangeSlot()), 0);
    const int topBin = binCount - 1;
    QVERIFY(chart->barToolTip(topBin).contains(
        QLocale().toString(dialog.plan().histogram().bin(topBin).total())));
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
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(dialog.grab().save(directory + u"/bulk-review.png"_s));
}

QTEST_MAIN(TestBulkReview)
#include "tst_bulkreview.moc"
