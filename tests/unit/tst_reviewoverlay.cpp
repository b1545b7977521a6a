#include "ReviewOverlay.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QList<int> rowsOf(const QList<QVariant>& arguments)
{
    return arguments.at(0).value<QList<int>>();
}

using Outcome = ReviewOverlay::Outcome;

} // namespace

// ReviewOverlay is the one writer of the rows' review state: these cases go through each outcome
// the session and the sync side report, and check the state and the signals after each.
class TestReviewOverlay : public QObject
{
    Q_OBJECT

private slots:
    void decidedRowsArePending();
    void outcomesMoveARowThroughItsStates();
    void pendingWithStatusesPerRow();
    void laterOutcomeOnARowWinsInOneBatch();
    void undeliveredKeepsTheIntent();
    void rowsOutsideTheListAreIgnored();
    void resetForgetsEverythingQuietly();
};

void TestReviewOverlay::decidedRowsArePending()
{
    ReviewOverlay overlay;
    overlay.reset(10);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    QSignalSpy pending(&overlay, &ReviewOverlay::pendingCountChanged);

    overlay.markPending({1, 3, 5}, RelationshipStatus::Approved);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({1, 3, 5}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 3);
    QCOMPARE(overlay.pendingCount(), 3);
    QCOMPARE(overlay.delivery(3), DeliveryState::Pending);
    QCOMPARE(overlay.pendingStatus(3), std::optional(RelationshipStatus::Approved));
    QCOMPARE(overlay.pendingStatus(2), std::nullopt);
    QVERIFY(overlay.state(2) == nullptr);

    // A newer decision on a pending row changes what it shows, not the count.
    overlay.markPending({3}, RelationshipStatus::Rejected);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(overlay.pendingStatus(3), std::optional(RelationshipStatus::Rejected));
}

void TestReviewOverlay::outcomesMoveARowThroughItsStates()
{
    ReviewOverlay overlay;
    overlay.reset(4);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    QSignalSpy pending(&overlay, &ReviewOverlay::pendingCountChanged);

    overlay.apply({{2, Outcome::Pending, RelationshipStatus::Approved, {}}});
    QCOMPARE(overlay.delivery(2), DeliveryState::Pending);
    QCOMPARE(overlay.pendingCount(), 1);

    overlay.apply({{2, Outcome::Failed, RelationshipStatus::Approved, u"HTTP 503"_s}});
    QCOMPARE(overlay.delivery(2), DeliveryState::Failed);
    QCOMPARE(overlay.state(2)->message, u"HTTP 503"_s);
    QCOMPARE(overlay.state(2)->intendedStatus, RelationshipStatus::Approved);
    QCOMPARE(overlay.pendingStatus(2), std::nullopt); // the row shows the server's status
    QCOMPARE(overlay.pendingCount(), 0);

    // Retried: on its way again.
    overlay.apply({{2, Outcome::Pending, RelationshipStatus::Approved, {}}});
    QCOMPARE(overlay.pendingCount(), 1);

    overlay.apply({{2, Outcome::Conflict, RelationshipStatus::Approved, u"changed"_s}});
    QCOMPARE(overlay.delivery(2), DeliveryState::Conflict);
    overlay.apply({{2, Outcome::Gone, RelationshipStatus::Approved, u"not found"_s}});
    QCOMPARE(overlay.delivery(2), DeliveryState::Gone);

    overlay.apply({{2, Outcome::Pending, RelationshipStatus::Rejected, {}}});
    overlay.apply({{2, Outcome::Confirmed, RelationshipStatus::Rejected, {}}});
    QCOMPARE(overlay.delivery(2), DeliveryState::None);
    QVERIFY(overlay.state(2) == nullptr);

    overlay.apply({{2, Outcome::Pending, RelationshipStatus::Rejected, {}}});
    overlay.apply({{2, Outcome::Withdrawn, RelationshipStatus::Unknown, {}}});
    QCOMPARE(overlay.delivery(2), DeliveryState::None);
    QCOMPARE(overlay.pendingCount(), 0);

    // One rowsChanged per apply(); pendingCountChanged only when the count moved.
    QCOMPARE(changed.size(), 9);
    for (const QList<QVariant>& arguments : std::as_const(changed))
        QCOMPARE(rowsOf(arguments), QList<int>({2}));
    QList<int> counts;
    for (const QList<QVariant>& arguments : std::as_const(pending))
        counts.append(arguments.at(0).toInt());
    QCOMPARE(counts, QList<int>({1, 0, 1, 0, 1, 0, 1, 0}));
}

void TestReviewOverlay::pendingWithStatusesPerRow()
{
    ReviewOverlay overlay;
    overlay.reset(8);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    overlay.markPending(
        QList<std::pair<int, RelationshipStatus>>{{6, RelationshipStatus::Rejected},
                                                  {1, RelationshipStatus::Approved},
                                                  {4, RelationshipStatus::Suggested}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({6, 1, 4}));
    const std::vector<std::pair<int, RelationshipStatus>> expected = {
        {1, RelationshipStatus::Approved},
        {4, RelationshipStatus::Suggested},
        {6, RelationshipStatus::Rejected}};
    QVERIFY(overlay.pendingStatuses() == expected);
}

void TestReviewOverlay::laterOutcomeOnARowWinsInOneBatch()
{
    ReviewOverlay overlay;
    overlay.reset(5);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    QSignalSpy pending(&overlay, &ReviewOverlay::pendingCountChanged);
    overlay.apply({{1, Outcome::Pending, RelationshipStatus::Approved, {}},
                   {3, Outcome::Pending, RelationshipStatus::Approved, {}},
                   {1, Outcome::Confirmed, RelationshipStatus::Approved, {}},
                   {3, Outcome::Failed, RelationshipStatus::Approved, u"422"_s}});
    QCOMPARE(overlay.delivery(1), DeliveryState::None);
    QCOMPARE(overlay.delivery(3), DeliveryState::Failed);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({1, 3})); // each row once
    QCOMPARE(pending.size(), 0);                         // 0 before, 0 after
}

void TestReviewOverlay::undeliveredKeepsTheIntent()
{
    ReviewOverlay overlay;
    overlay.reset(3);
    overlay.markPending({0}, RelationshipStatus::Rejected);
    overlay.markUndelivered(0, Outcome::Gone, u"not found"_s, RelationshipStatus::Suggested);
    QCOMPARE(overlay.state(0)->intendedStatus, RelationshipStatus::Rejected);
    QCOMPARE(overlay.delivery(0), DeliveryState::Gone);
    // Nothing pending on the row: the fallback names the decision.
    overlay.markUndelivered(1, Outcome::Failed, u"503"_s, RelationshipStatus::Approved);
    QCOMPARE(overlay.state(1)->intendedStatus, RelationshipStatus::Approved);
}

void TestReviewOverlay::rowsOutsideTheListAreIgnored()
{
    ReviewOverlay overlay;
    overlay.reset(3);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    overlay.markPending({-1, 3, 99}, RelationshipStatus::Approved);
    overlay.clear({7});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(overlay.pendingCount(), 0);
    overlay.markPending({-1, 2}, RelationshipStatus::Approved);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({2}));
}

void TestReviewOverlay::resetForgetsEverythingQuietly()
{
    ReviewOverlay overlay;
    overlay.reset(5);
    overlay.markPending({1, 2}, RelationshipStatus::Approved);
    overlay.markUndelivered(2, Outcome::Failed, u"x"_s, RelationshipStatus::Approved);
    QSignalSpy changed(&overlay, &ReviewOverlay::rowsChanged);
    QSignalSpy pending(&overlay, &ReviewOverlay::pendingCountChanged);
    QVERIFY(overlay.reset(8)); // row 1 was pending
    QCOMPARE(changed.size(), 0);
    QCOMPARE(pending.size(), 0);
    QCOMPARE(overlay.pendingCount(), 0);
    QCOMPARE(overlay.delivery(2), DeliveryState::None);
    QCOMPARE(overlay.rowCount(), 8);
    QVERIFY(!overlay.reset(8));
}

QTEST_GUILESS_MAIN(TestReviewOverlay)
#include "tst_reviewoverlay.moc"
