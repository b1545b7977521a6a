// The sync engine's window of requests in flight (DeliveryWindow): the protocol's ceiling, slow
// start over HTTP/2, multiplicative decrease on overload once per round trip, additive increase
// after it; and the DeliveryQueue paced by it (heavy requests bounded apart, one request per row
// at a time however wide the window).

#include "DeliveryQueue.h"
#include "DeliveryWindow.h"

#include <QSet>
#include <QTest>

using Answer = DeliveryWindow::Answer;
using Protocol = DeliveryWindow::Protocol;

namespace {

QUuid idOf(int n)
{
    return QUuid(uint(n + 1), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

DeliveryItem item(qint64 decisionId, int row, RelationshipStatus status)
{
    DeliveryItem result;
    result.decisionId = decisionId;
    result.relationshipId = idOf(row);
    result.status = status;
    return result;
}

// Sends `count` requests and answers them all with `answer`; returns the window after.
int roundTrip(DeliveryWindow& window, int count, Answer answer)
{
    QList<quint64> tickets;
    for (int i = 0; i < count; ++i)
        tickets.append(window.sent());
    for (const quint64 ticket : std::as_const(tickets))
        window.answered(ticket, answer);
    return window.size();
}

} // namespace

class TestDeliveryWindow : public QObject
{
    Q_OBJECT

private slots:
    void http1KeepsSixAtMost();
    void http2GrowsFastToItsCeiling();
    void overloadHalvesOncePerRoundTrip();
    void growsBackAdditivelyAfterADecrease();
    void neverBelowOne();
    void otherAnswersChangeNothing();
    void explicitCeilingHoldsForEitherProtocol();
    void resetForgetsTheServer();

    void queueFollowsTheWindow();
    void heavyRequestsAreBoundedApart();
    void wideWindowStillSendsOneRequestPerRow();
};

void TestDeliveryWindow::http1KeepsSixAtMost()
{
    DeliveryWindow window;
    QCOMPARE(window.protocol(), Protocol::Unknown);
    QCOMPARE(window.size(), DeliveryWindow::DefaultHttp1Ceiling);
    QCOMPARE(roundTrip(window, 50, Answer::Success), 6); // unknown: HTTP/1.1's ceiling
    window.setProtocol(Protocol::Http1);
    QCOMPARE(window.ceiling(), 6);
    QCOMPARE(roundTrip(window, 50, Answer::Success), 6);
}

void TestDeliveryWindow::http2GrowsFastToItsCeiling()
{
    DeliveryWindow window;
    window.setProtocol(Protocol::Http2);
    QCOMPARE(window.ceiling(), DeliveryWindow::DefaultHttp2Ceiling);
    QCOMPARE(window.size(), 6); // starts where HTTP/1.1 is, then grows
    QVERIFY(window.inSlowStart());
    // Slow start: one more per success, so a full window's answers double it.
    QCOMPARE(roundTrip(window, 6, Answer::Success), 12);
    QCOMPARE(roundTrip(window, 12, Answer::Success), 24);
    QCOMPARE(roundTrip(window, 24, Answer::Success), 48);
    QCOMPARE(roundTrip(window, 48, Answer::Success), 96);
    QCOMPARE(DeliveryWindow::DefaultHttp2Ceiling, 100);    // what every server should allow
    QCOMPARE(roundTrip(window, 96, Answer::Success), 100); // capped at the ceiling
    QCOMPARE(roundTrip(window, 100, Answer::Success), 100);
    // Back on HTTP/1.1 (another server): the ceiling applies at once.
    window.setProtocol(Protocol::Http1);
    QCOMPARE(window.size(), 6);
}

void TestDeliveryWindow::overloadHalvesOncePerRoundTrip()
{
    DeliveryWindow window;
    window.setCeilings(0, DeliveryWindow::DefaultHttp1Ceiling, 64);
    window.setProtocol(Protocol::Http2);
    roundTrip(window, 200, Answer::Success);
    QCOMPARE(window.size(), 64);
    // A burst of 503s to a full window: one halving, not 64 of them.
    QCOMPARE(roundTrip(window, 64, Answer::Overload), 32);
    QVERIFY(!window.inSlowStart());
    // A late 429 for a request sent before that halving changes nothing more.
    const quint64 early = window.sent();
    QCOMPARE(roundTrip(window, 32, Answer::Overload), 16); // the next round: halved again
    window.answered(early, Answer::Overload);
    QCOMPARE(window.size(), 16);
}

void TestDeliveryWindow::growsBackAdditivelyAfterADecrease()
{
    DeliveryWindow window;
    window.setCeilings(0, DeliveryWindow::DefaultHttp1Ceiling, 64);
    window.setProtocol(Protocol::Http2);
    roundTrip(window, 200, Answer::Success);
    QCOMPARE(roundTrip(window, 64, Answer::Overload), 32);
    // One more per window's worth of successes: 32 answers make 33, 33 more make 34.
    QCOMPARE(roundTrip(window, 31, Answer::Success), 32);
    QCOMPARE(roundTrip(window, 1, Answer::Success), 33);
    QCOMPARE(roundTrip(window, 33, Answer::Success), 34);
    // And on to the ceiling, never past it.
    for (int round = 0; round < 100; ++round)
        roundTrip(window, window.size(), Answer::Success);
    QCOMPARE(window.size(), 64);
}

void TestDeliveryWindow::neverBelowOne()
{
    DeliveryWindow window;
    for (int round = 0; round < 10; ++round)
        roundTrip(window, window.size(), Answer::Overload);
    QCOMPARE(window.size(), 1);
    QCOMPARE(roundTrip(window, 1, Answer::Success), 2); // 1/1 per success
}

void TestDeliveryWindow::otherAnswersChangeNothing()
{
    DeliveryWindow window;
    window.setProtocol(Protocol::Http2);
    QCOMPARE(roundTrip(window, 100, Answer::Other), 6);
    QVERIFY(window.inSlowStart());
}

void TestDeliveryWindow::explicitCeilingHoldsForEitherProtocol()
{
    DeliveryWindow window;
    window.setCeilings(3);
    QCOMPARE(window.size(), 3);
    window.setProtocol(Protocol::Http2);
    QCOMPARE(roundTrip(window, 50, Answer::Success), 3);
    QCOMPARE(roundTrip(window, 3, Answer::Overload), 1);
    QCOMPARE(roundTrip(window, 1, Answer::Success), 2);
    QCOMPARE(roundTrip(window, 2, Answer::Success), 3);
    QCOMPARE(roundTrip(window, 30, Answer::Success), 3);

    window.setCeilings(100);
    QCOMPARE(window.size(), 100); // an explicit ceiling is also where it starts
    window.setCeilings(0, 4, 10);
    QCOMPARE(window.size(), 4);
    window.setProtocol(Protocol::Http2);
    QCOMPARE(roundTrip(window, 50, Answer::Success), 10);
}

void TestDeliveryWindow::resetForgetsTheServer()
{
    DeliveryWindow window;
    window.setProtocol(Protocol::Http2);
    roundTrip(window, 100, Answer::Success);
    const quint64 old = window.sent();
    window.reset();
    QCOMPARE(window.protocol(), Protocol::Unknown);
    QCOMPARE(window.size(), 6);
    window.answered(old, Answer::Overload); // the old server's answer: ignored
    QCOMPARE(window.size(), 6);
}

void TestDeliveryWindow::queueFollowsTheWindow()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.useBulk = false;
    queue.setConfig(config);
    QList<DeliveryItem> items;
    for (int n = 0; n < 300; ++n)
        items.append(item(n + 1, n, RelationshipStatus::Approved));
    queue.noteLatest(items);
    queue.queueBacklog(items, false);

    DeliveryQueue::Ready ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 6); // nothing known of the server yet
    queue.setProtocol(Protocol::Http2);
    for (const DeliveryJob& job : std::as_const(ready.start))
        queue.finished(job, Answer::Success);
    ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 12);
    QCOMPARE(queue.inFlight(), 12);
    for (const DeliveryJob& job : std::as_const(ready.start))
        queue.finished(job, Answer::Success);
    ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 24);

    // 503s for all of them: half the window, and the queue keeps to it.
    for (const DeliveryJob& job : std::as_const(ready.start))
        queue.finished(job, Answer::Overload);
    QCOMPARE(queue.window().size(), 12);
    QCOMPARE(queue.inFlight(), 0);
    ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 12);
}

void TestDeliveryWindow::heavyRequestsAreBoundedApart()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.bulkBatchSize = 1;
    config.maxHeavyInFlight = 2;
    config.maxInFlight = 20;
    queue.setConfig(config);
    QList<DeliveryItem> backlog;
    for (int n = 0; n < 10; ++n)
        backlog.append(item(n + 1, n, RelationshipStatus::Approved));
    queue.noteLatest(backlog);
    queue.queueBacklog(backlog, false); // ten bulk calls of one id
    QList<DeliveryItem> keys;
    for (int n = 10; n < 15; ++n)
        keys.append(item(n + 1, n, RelationshipStatus::Rejected));
    queue.noteLatest(keys);
    queue.queueInteractive(keys);
    queue.queueRead(DeliveryJob::Kind::ConflictRead);

    DeliveryQueue::Ready ready = queue.takeReady(0);
    int puts = 0;
    int heavy = 0;
    for (const DeliveryJob& job : std::as_const(ready.start))
        (job.kind == DeliveryJob::Kind::Put ? puts : heavy) += 1;
    QCOMPARE(puts, 5);
    QCOMPARE(heavy, 2); // the re-read and one bulk call; the others wait for them
    QVERIFY(queue.hasQueued());
    for (const DeliveryJob& job : std::as_const(ready.start)) {
        if (job.kind != DeliveryJob::Kind::Put) {
            queue.finished(job, Answer::Success);
            break;
        }
    }
    ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 1);
    QCOMPARE(ready.start.first().kind, DeliveryJob::Kind::Bulk);
}

void TestDeliveryWindow::wideWindowStillSendsOneRequestPerRow()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.maxInFlight = 64;
    queue.setConfig(config);
    // Ten rows, five decisions each, made one after the other (interactive PUTs).
    QList<DeliveryItem> items;
    qint64 decision = 0;
    for (int round = 0; round < 5; ++round) {
        for (int row = 0; row < 10; ++row)
            items.append(
                item(++decision, row,
                     round % 2 ? RelationshipStatus::Rejected : RelationshipStatus::Approved));
    }
    // Only the first round is known when it is sent.
    const QList<DeliveryItem> first = items.mid(0, 10);
    queue.noteLatest(first);
    queue.queueInteractive(first);
    DeliveryQueue::Ready ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 10);
    const QList<DeliveryJob> sent = ready.start;

    // The later rounds arrive while the first is in flight: nothing more may leave for these
    // rows, and of the waiting decisions only the newest per row will ever be sent.
    const QList<DeliveryItem> later = items.mid(10);
    queue.noteLatest(later);
    queue.queueInteractive(later);
    ready = queue.takeReady(0);
    QVERIFY(ready.start.isEmpty());
    QCOMPARE(ready.superseded.size(), 30); // rounds two to four
    for (int row = 0; row < 10; ++row)
        QVERIFY(queue.isInFlight(idOf(row)));

    // The answers come: the last round goes, one request per row.
    for (const DeliveryJob& job : sent)
        queue.finished(job, Answer::Success);
    ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 10);
    QSet<QUuid> rows;
    for (const DeliveryJob& job : std::as_const(ready.start)) {
        QCOMPARE(job.items.size(), 1);
        QVERIFY(job.items.first().decisionId > 40);
        rows.insert(job.items.first().relationshipId);
    }
    QCOMPARE(rows.size(), 10);
}

QTEST_GUILESS_MAIN(TestDeliveryWindow)
#include "tst_deliverywindow.moc"
