#include "ConflictCheck.h"
#include "DecisionJournal.h"
#include "DeliveryQueue.h"
#include "JournalBookkeeping.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QUuid idOf(int n)
{
    return QUuid::fromString(u"3c90c3cc-0d44-4b50-8888-%1"_s.arg(n, 12, 10, QChar(u'0')));
}

DeliveryItem item(qint64 decisionId, int row, RelationshipStatus status)
{
    DeliveryItem result;
    result.decisionId = decisionId;
    result.relationshipId = idOf(row);
    result.status = status;
    return result;
}

QList<qint64> decisionIds(const QList<DeliveryJob>& jobs)
{
    QList<qint64> ids;
    for (const DeliveryJob& job : jobs) {
        for (const DeliveryItem& each : job.items)
            ids.append(each.decisionId);
    }
    return ids;
}

} // namespace

// The parts of the sync engine that hold no network: the delivery queue's order and pacing, the
// conflict check's verdicts, and the journal bookkeeping's promise that idle means written.
class TestSyncParts : public QObject
{
    Q_OBJECT

private slots:
    void interactiveGoesAheadOfTheBacklog();
    void backlogIsGroupedByStatusInBatches();
    void newerDecisionSupersedesAndRowsTakeTurns();
    void inFlightLimitAndHold();
    void droppingStartsANewGeneration();
    void conflictVerdicts();
    void bookkeepingIdleMeansWritten();
};

void TestSyncParts::interactiveGoesAheadOfTheBacklog()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.maxInFlight = 10;
    queue.setConfig(config);
    const QList<DeliveryItem> backlog = {item(1, 1, RelationshipStatus::Approved),
                                         item(2, 2, RelationshipStatus::Approved)};
    queue.noteLatest(backlog);
    queue.queueBacklog(backlog, false);
    const QList<DeliveryItem> keys = {item(3, 3, RelationshipStatus::Rejected),
                                      item(4, 4, RelationshipStatus::Approved)};
    queue.noteLatest(keys);
    queue.queueInteractive(keys);
    const DeliveryQueue::Ready ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 3);
    QCOMPARE(ready.start[0].kind, DeliveryJob::Kind::Put);
    QCOMPARE(ready.start[1].kind, DeliveryJob::Kind::Put);
    QCOMPARE(ready.start[2].kind, DeliveryJob::Kind::Bulk);
    QCOMPARE(decisionIds(ready.start), QList<qint64>({3, 4, 1, 2}));
    QCOMPARE(queue.inFlight(), 3);
    QVERIFY(queue.isInFlight(idOf(1)));
}

void TestSyncParts::backlogIsGroupedByStatusInBatches()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.bulkBatchSize = 2;
    config.maxInFlight = 10;
    queue.setConfig(config);
    QList<DeliveryItem> backlog;
    for (int n = 0; n < 5; ++n)
        backlog.append(
            item(n + 1, n, n % 2 ? RelationshipStatus::Rejected : RelationshipStatus::Approved));
    queue.noteLatest(backlog);
    queue.queueBacklog(backlog, false);
    const DeliveryQueue::Ready ready = queue.takeReady(0);
    // Approved: 1, 3, 5 (two batches); rejected: 2, 4.
    QCOMPARE(ready.start.size(), 3);
    QCOMPARE(decisionIds({ready.start[0]}), QList<qint64>({1, 3}));
    QCOMPARE(decisionIds({ready.start[1]}), QList<qint64>({5}));
    QCOMPARE(decisionIds({ready.start[2]}), QList<qint64>({2, 4}));
    QCOMPARE(ready.start[2].status, RelationshipStatus::Rejected);

    // Halving a refused batch halves the batches after it too.
    QCOMPARE(queue.splitBatch(ready.start[0]), 1);
    QVERIFY(queue.markBulkUnsupported());
    QVERIFY(!queue.markBulkUnsupported());
}

void TestSyncParts::newerDecisionSupersedesAndRowsTakeTurns()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.maxInFlight = 10;
    queue.setConfig(config);
    const DeliveryItem first = item(1, 7, RelationshipStatus::Approved);
    queue.noteLatest({first});
    queue.queueInteractive({first});
    DeliveryQueue::Ready ready = queue.takeReady(0);
    QCOMPARE(decisionIds(ready.start), QList<qint64>({1}));

    // While the first is in flight: two more on the same row; only the newest is sent, after it.
    const QList<DeliveryItem> later = {item(2, 7, RelationshipStatus::Rejected),
                                       item(3, 7, RelationshipStatus::Suggested)};
    queue.noteLatest(later);
    queue.queueInteractive(later);
    QVERIFY(!queue.isLatest(later[0]));
    QCOMPARE(queue.latestStatus(idOf(7)), std::optional(RelationshipStatus::Suggested));
    ready = queue.takeReady(0);
    QVERIFY(ready.start.isEmpty()); // the row is busy
    QCOMPARE(ready.superseded.size(), 1);
    QCOMPARE(ready.superseded[0].decisionId, 2);

    queue.finished(queue.job(DeliveryJob::Kind::Put, first.status, {first}));
    ready = queue.takeReady(0);
    QCOMPARE(decisionIds(ready.start), QList<qint64>({3}));
}

void TestSyncParts::inFlightLimitAndHold()
{
    DeliveryQueue queue;
    SyncConfig config;
    config.maxInFlight = 2;
    config.useBulk = false;
    config.backoffBaseMs = 100;
    config.maxTransientAttempts = 2;
    queue.setConfig(config);
    QList<DeliveryItem> items;
    for (int n = 0; n < 4; ++n)
        items.append(item(n + 1, n, RelationshipStatus::Approved));
    queue.noteLatest(items);
    queue.queueBacklog(items, false); // no bulk: PUTs
    DeliveryQueue::Ready ready = queue.takeReady(0);
    QCOMPARE(ready.start.size(), 2);
    QCOMPARE(ready.start[0].kind, DeliveryJob::Kind::Put);

    // A transient failure: back first in line, not before its backoff.
    DeliveryJob failed = ready.start[0];
    queue.finished(failed);
    QVERIFY(!queue.countTry(failed));
    const qint64 delay = queue.retryDelay(failed, -1);
    QVERIFY(delay >= 50 && delay <= 100);
    failed.notBeforeMs = 1000 + delay;
    queue.requeue(failed);
    ready = queue.takeReady(1000);
    QCOMPARE(decisionIds(ready.start), QList<qint64>({3})); // the retry waits, the next goes
    QCOMPARE(ready.wakeInMs, delay);
    QVERIFY(queue.countTry(failed)); // the second try was the last allowed

    // A 429 holds everything.
    queue.holdUntil(5000);
    QCOMPARE(queue.heldFor(4000), 1000);
    QCOMPARE(queue.heldFor(6000), 0);
}

void TestSyncParts::droppingStartsANewGeneration()
{
    DeliveryQueue queue;
    const QList<DeliveryItem> items = {item(1, 1, RelationshipStatus::Approved),
                                       item(2, 2, RelationshipStatus::Rejected)};
    queue.noteLatest(items);
    queue.queueBacklog(items, false);
    queue.awaitVerification(item(3, 3, RelationshipStatus::Approved), RelationshipStatus::Approved);
    const DeliveryJob before = queue.job(DeliveryJob::Kind::Put, {}, {});
    QVERIFY(queue.isCurrent(before));
    QCOMPARE(queue.dropAll().size(), 3);
    QVERIFY(!queue.isCurrent(before));
    QVERIFY(queue.isIdle());

    queue.queueBacklog(items, false);
    queue.removeIf({1, 2});
    QVERIFY(!queue.hasQueued());
}

void TestSyncParts::conflictVerdicts()
{
    RelationshipRows server;
    for (int n = 0; n < 3; ++n) {
        Relationship row;
        row.id = idOf(n);
        row.status = RelationshipStatus::Suggested;
        row.statusText = u"SUGGESTED"_s;
        row.updatedAtMs = 1000;
        server.append(row);
    }
    server.replace(1, [&] {
        Relationship changed = server.relationship(1);
        changed.status = RelationshipStatus::Rejected;
        changed.statusText = u"REJECTED"_s;
        changed.updatedAtMs = 2000;
        return changed;
    }());
    ConflictCheck check;
    DeliveryItem same = item(1, 0, RelationshipStatus::Suggested);
    DeliveryItem changed = item(2, 1, RelationshipStatus::Approved);
    changed.serverUpdatedMs = 1000;
    changed.previousStatus = u"SUGGESTED"_s;
    DeliveryItem push = item(3, 2, RelationshipStatus::Approved);
    push.serverUpdatedMs = 1000;
    push.previousStatus = u"SUGGESTED"_s;
    DeliveryItem gone = item(4, 9, RelationshipStatus::Approved);
    check.setWaiting({same, changed, push, gone});
    const ConflictCheck::Verdicts verdicts = check.check(server, {});
    QCOMPARE(verdicts.confirmed.size(), 1);
    QCOMPARE(verdicts.confirmed[0].first.decisionId, 1);
    QCOMPARE(verdicts.conflicts.size(), 1);
    QCOMPARE(verdicts.conflicts[0].first.decisionId, 2);
    QCOMPARE(verdicts.push.size(), 1);
    QCOMPARE(verdicts.push[0].decisionId, 3);
    QCOMPARE(verdicts.gone.size(), 1);
    QVERIFY(check.takeWaiting().isEmpty());
    QCOMPARE(check.serverRow(idOf(1))->updatedAtMs, 2000);
    QVERIFY(ConflictCheck::describe(*check.serverRow(idOf(1))).contains(u"REJECTED"_s));

    DecisionRecord record;
    record.id = 2;
    record.relationshipId = idOf(1);
    record.state = DecisionState::Conflict;
    record.status = u"APPROVED"_s;
    const QList<SyncConflict> conflicts = check.conflicts({record});
    QCOMPARE(conflicts.size(), 1);
    QVERIFY(conflicts[0].serverKnown);
    QCOMPARE(conflicts[0].serverStatus, u"REJECTED"_s);
    check.forget(idOf(1));
    QVERIFY(!check.conflicts({record})[0].serverKnown);
}

void TestSyncParts::bookkeepingIdleMeansWritten()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DecisionJournal journal(dir.filePath(u"journal.sqlite3"_s));
    QVERIFY2(journal.open(), qPrintable(journal.lastError()));
    DecisionOrigin origin;
    origin.key = u"live:test"_s;
    const qint64 originId = journal.ensureOrigin(origin);
    QList<NewDecision> decisions;
    for (int n = 0; n < 300; ++n) {
        NewDecision decision;
        decision.relationshipId = idOf(n);
        decision.status = u"APPROVED"_s;
        decisions.append(decision);
    }
    const QList<qint64> ids = journal.record(originId, decisions);
    QCOMPARE(ids.size(), 300);

    JournalBookkeeping bookkeeping(&journal);
    bookkeeping.setFlushMs(1000); // long: isBusy() must cover the batch still waiting
    QSignalSpy written(&bookkeeping, &JournalBookkeeping::written);
    for (const qint64 id : ids) {
        DecisionChange sending;
        sending.id = id;
        sending.state = DecisionState::Sending;
        sending.countAttempt = true;
        sending.keepError = true;
        bookkeeping.change(sending);
        DecisionChange confirmed;
        confirmed.id = id;
        confirmed.state = DecisionState::Confirmed;
        bookkeeping.change(confirmed);
    }
    QVERIFY(bookkeeping.isBusy());
    bookkeeping.flush();
    QVERIFY(bookkeeping.isBusy()); // written on the lane, delivered later
    QTRY_VERIFY(!bookkeeping.isBusy());
    QCOMPARE(written.size(), 1);
    QVERIFY(written.at(0).at(0).toBool());
    // Idle: every change is in the journal, in order (confirmed after sending).
    QCOMPARE(journal.counts(originId).confirmed(), 300);
    QCOMPARE(journal.decision(ids.last())->attempts, 1);

    // Counts are read after what was handed over before them.
    DecisionChange failed;
    failed.id = ids.first();
    failed.state = DecisionState::Failed;
    bookkeeping.change(failed);
    std::optional<DecisionCounts> counts;
    bookkeeping.readCounts(originId, [&counts](const DecisionCounts& read) { counts = read; });
    QTRY_VERIFY(counts.has_value());
    QCOMPARE(counts->failed(), 1);
    QCOMPARE(counts->confirmed(), 299);
    QTRY_VERIFY(!bookkeeping.isBusy());

    // sync(): written when it returns.
    DecisionChange again;
    again.id = ids.first();
    again.state = DecisionState::Pending;
    bookkeeping.change(again);
    bookkeeping.sync();
    QCOMPARE(journal.decision(ids.first())->state, DecisionState::Pending);
}

QTEST_GUILESS_MAIN(TestSyncParts)
#include "tst_syncparts.moc"
