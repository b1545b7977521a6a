#include "RelationshipStore.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

Relationship makeRelationship(int n)
{
    Relationship relationship;
    relationship.id =
        QUuid::fromString(u"3c90c3cc-0d44-4b50-8888-%1"_s.arg(n, 12, 10, QChar(u'0')));
    relationship.integrationSourceId = QUuid::fromString(u"6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f"_s);
    relationship.fromColumnId =
        QUuid::fromString(u"11111111-2222-4333-8444-%1"_s.arg(n, 12, 10, QChar(u'0')));
    relationship.toTableId =
        QUuid::fromString(u"aaaaaaaa-bbbb-4ccc-8ddd-%1"_s.arg(n % 7, 12, 10, QChar(u'0')));
    relationship.toColumnName = n % 2 ? u"id"_s : u"customer_id"_s;
    relationship.createdAtMs = 1767600000000LL + n * 1000LL;
    relationship.updatedAtMs = relationship.createdAtMs + 250;
    relationship.createdAtText = formatTimestamp(relationship.createdAtMs);
    relationship.updatedAtText = formatTimestamp(relationship.updatedAtMs);
    relationship.type = RelationshipType::Inferred;
    relationship.typeText = u"INFERRED"_s;
    relationship.status = RelationshipStatus::Suggested;
    relationship.statusText = u"SUGGESTED"_s;
    relationship.hasScore = true;
    relationship.score = 0.5 + n * 0.001;
    relationship.evidenceJson = "{\"n\":" + QByteArray::number(n) + "}";
    return relationship;
}

RelationshipRows makeRows(int count)
{
    RelationshipRows rows;
    for (int n = 0; n < count; ++n)
        rows.append(makeRelationship(n));
    return rows;
}

QList<int> rowsOf(const QList<QVariant>& arguments)
{
    return arguments.at(0).value<QList<int>>();
}

} // namespace

class TestRelationshipStore : public QObject
{
    Q_OBJECT
private slots:
    void stringPoolInternsOnce();
    void byteArenaViewsStayValid();
    void byteArenaHugeAppend();
    void roundTrip();
    void unknownStatusAndTypeKept();
    void emptyTextsUseApiNames();
    void nullScore();
    void rawTimesKept();
    void rawTimesDroppedWhenReplacedByCanonical();
    void rowOfFindsEveryRow();
    void replaceKeepsIndexAndChangedIdIsReindexed();
    void memoryReported();
    void movedRowsStayUsable();
    void overlayPending();
    void overlayFailedKeepsServerStatus();
    void applyServerAnswerReplacesAndClears();
    void applyServerAnswersOneSignal();
    void goneAndConflict();
    void invalidRowsIgnored();
    void adoptResets();
};

void TestRelationshipStore::stringPoolInternsOnce()
{
    StringPool pool;
    QList<quint32> ids;
    for (int i = 0; i < 1000; ++i)
        ids.append(pool.intern(u"column_%1"_s.arg(i)));
    QCOMPARE(pool.size(), 1000);
    for (int i = 0; i < 1000; ++i) {
        const QString text = u"column_%1"_s.arg(i);
        QCOMPARE(pool.intern(text), ids[i]);
        QCOMPARE(pool.at(ids[i]), text);
    }
    QCOMPARE(pool.size(), 1000);
    const quint32 empty = pool.intern(QStringView());
    QCOMPARE(pool.intern(u""), empty);
    QVERIFY(pool.at(empty).isEmpty());
    QCOMPARE(pool.intern(u"Zürich"), pool.intern(QString::fromUtf8("Z\xc3\xbcrich")));
    QVERIFY(pool.memoryBytes() > 1000 * qint64(sizeof(QString)));
}

void TestRelationshipStore::byteArenaViewsStayValid()
{
    ByteArena arena;
    std::vector<ByteArena::Span> spans;
    std::vector<QByteArrayView> views;
    // Enough to fill several blocks, so that earlier views would dangle if blocks moved.
    for (int i = 0; i < 60000; ++i) {
        const QByteArray bytes = QByteArray::number(i).repeated(1 + i % 97);
        spans.push_back(arena.append(bytes));
        views.push_back(arena.view(spans.back()));
    }
    qint64 expectedBytes = 0;
    for (int i = 0; i < 60000; ++i) {
        const QByteArray bytes = QByteArray::number(i).repeated(1 + i % 97);
        expectedBytes += bytes.size();
        QCOMPARE(views[size_t(i)].toByteArray(), bytes);
        QCOMPARE(arena.view(spans[size_t(i)]).toByteArray(), bytes);
    }
    QCOMPARE(arena.bytesUsed(), expectedBytes);
    QVERIFY(arena.bytesReserved() >= arena.bytesUsed());
    QVERIFY(arena.bytesReserved() < 2 * arena.bytesUsed() + 64 * 1024);

    const ByteArena::Span empty = arena.append({});
    QCOMPARE(empty.length, 0u);
    QVERIFY(arena.view(empty).isEmpty());
}

void TestRelationshipStore::byteArenaHugeAppend()
{
    ByteArena arena;
    const ByteArena::Span small = arena.append("before");
    const QByteArray huge(9 * 1024 * 1024, 'x');
    const ByteArena::Span big = arena.append(huge);
    const ByteArena::Span after = arena.append("after");
    QCOMPARE(arena.view(small).toByteArray(), QByteArray("before"));
    QVERIFY(arena.view(big) == QByteArrayView(huge));
    QCOMPARE(arena.view(after).toByteArray(), QByteArray("after"));
    // The small ones share a block; the huge one got its own.
    QVERIFY(arena.bytesReserved() < huge.size() + 1024 * 1024);
}

void TestRelationshipStore::roundTrip()
{
    RelationshipRows rows;
    QList<Relationship> sent;
    for (int n = 0; n < 500; ++n) {
        Relationship relationship = makeRelationship(n);
        if (n % 5 == 0)
            relationship.extraMembersJson = "\"pipeline\":{\"run\":" + QByteArray::number(n) + "}";
        if (n % 3 == 0) {
            relationship.status = RelationshipStatus::Approved;
            relationship.statusText = u"APPROVED"_s;
            relationship.type = RelationshipType::ForeignKey;
            relationship.typeText = u"FOREIGN_KEY"_s;
        }
        QCOMPARE(rows.append(relationship), n);
        sent.append(relationship);
    }
    QCOMPARE(rows.size(), 500);
    for (int n = 0; n < 500; ++n) {
        QCOMPARE(rows.relationship(n), sent[n]);
        QCOMPARE(rows.row(n).status, sent[n].status);
        QCOMPARE(rows.statusText(n), sent[n].statusText);
        QCOMPARE(rows.toColumnName(n), sent[n].toColumnName);
        QCOMPARE(rows.integrationSourceId(n), sent[n].integrationSourceId);
        QCOMPARE(rows.evidenceJson(n).toByteArray(), sent[n].evidenceJson);
        QCOMPARE(rows.extraMembersJson(n).toByteArray(), sent[n].extraMembersJson);
        QVERIFY(!rows.row(n).hasRawTimes);
    }
}

void TestRelationshipStore::unknownStatusAndTypeKept()
{
    RelationshipRows rows;
    Relationship relationship = makeRelationship(1);
    relationship.status = RelationshipStatus::Unknown;
    relationship.statusText = u"NEEDS_SECOND_LOOK"_s;
    relationship.type = RelationshipType::Unknown;
    relationship.typeText = u"heuristic-v9"_s;
    const int row = rows.append(relationship);
    QCOMPARE(rows.row(row).status, RelationshipStatus::Unknown);
    QCOMPARE(rows.statusText(row), u"NEEDS_SECOND_LOOK"_s);
    QCOMPARE(rows.typeText(row), u"heuristic-v9"_s);
    QCOMPARE(rows.relationship(row), relationship);
}

void TestRelationshipStore::emptyTextsUseApiNames()
{
    RelationshipRows rows;
    Relationship relationship = makeRelationship(2);
    relationship.status = RelationshipStatus::Rejected;
    relationship.statusText.clear();
    relationship.type = RelationshipType::Manual;
    relationship.typeText.clear();
    const int row = rows.append(relationship);
    QCOMPARE(rows.statusText(row), u"REJECTED"_s);
    QCOMPARE(rows.typeText(row), u"MANUAL"_s);
}

void TestRelationshipStore::nullScore()
{
    RelationshipRows rows;
    Relationship relationship = makeRelationship(3);
    relationship.hasScore = false;
    relationship.score = std::numeric_limits<double>::quiet_NaN();
    const int row = rows.append(relationship);
    QVERIFY(!rows.row(row).hasScore);
    QVERIFY(std::isnan(rows.row(row).score));
    const Relationship back = rows.relationship(row);
    QVERIFY(!back.hasScore);
    QVERIFY(std::isnan(back.score));
}

void TestRelationshipStore::rawTimesKept()
{
    RelationshipRows rows;
    Relationship relationship = makeRelationship(4);
    // What a Python server writes: microseconds and a numeric offset. Neither round-trips
    // through formatTimestamp(), so the texts must be kept as sent.
    relationship.createdAtText = u"2026-01-05T09:00:01.123456+01:00"_s;
    relationship.createdAtMs = *parseTimestampMs(relationship.createdAtText);
    relationship.updatedAtText = u"2026-01-05T08:00:02Z"_s;
    relationship.updatedAtMs = *parseTimestampMs(relationship.updatedAtText);
    const int plain = rows.append(makeRelationship(5));
    const int row = rows.append(relationship);
    QVERIFY(rows.row(row).hasRawTimes);
    QVERIFY(!rows.row(plain).hasRawTimes);
    QCOMPARE(rows.row(row).createdAtMs, relationship.createdAtMs);
    QCOMPARE(rows.rawCreatedAtText(row).toByteArray(),
             QByteArray("2026-01-05T09:00:01.123456+01:00"));
    QCOMPARE(rows.relationship(row), relationship);
    QVERIFY(rows.rawCreatedAtText(plain).isEmpty());
}

void TestRelationshipStore::rawTimesDroppedWhenReplacedByCanonical()
{
    RelationshipRows rows;
    Relationship relationship = makeRelationship(6);
    relationship.createdAtText = u"2026-01-05 08:00:06z"_s;
    const int row = rows.append(relationship);
    QVERIFY(rows.row(row).hasRawTimes);
    const Relationship canonical = makeRelationship(6);
    rows.replace(row, canonical);
    QVERIFY(!rows.row(row).hasRawTimes);
    QCOMPARE(rows.relationship(row), canonical);
}

void TestRelationshipStore::rowOfFindsEveryRow()
{
    const RelationshipRows rows = makeRows(5000);
    for (int n = 0; n < 5000; ++n)
        QCOMPARE(rows.rowOf(makeRelationship(n).id).value_or(-1), n);
    QVERIFY(!rows.rowOf(QUuid::createUuid()));
    QVERIFY(!RelationshipRows().rowOf(makeRelationship(0).id));
}

void TestRelationshipStore::replaceKeepsIndexAndChangedIdIsReindexed()
{
    RelationshipRows rows = makeRows(100);
    Relationship answer = makeRelationship(42);
    answer.status = RelationshipStatus::Approved;
    answer.statusText = u"APPROVED"_s;
    answer.updatedAtMs += 60000;
    answer.updatedAtText = formatTimestamp(answer.updatedAtMs);
    answer.evidenceJson = R"({"changed":true})";
    rows.replace(42, answer);
    QCOMPARE(rows.size(), 100);
    QCOMPARE(rows.relationship(42), answer);
    QCOMPARE(rows.rowOf(answer.id).value_or(-1), 42);

    Relationship moved = makeRelationship(1000);
    rows.replace(7, moved);
    QCOMPARE(rows.rowOf(moved.id).value_or(-1), 7);
    QVERIFY(!rows.rowOf(makeRelationship(7).id));
    QCOMPARE(rows.rowOf(makeRelationship(8).id).value_or(-1), 8);
}

void TestRelationshipStore::memoryReported()
{
    const RelationshipRows rows = makeRows(2000);
    QVERIFY(rows.memoryBytes() >= 2000 * qint64(sizeof(RelationshipRow)));
    // Compact: well under a kilobyte per small row.
    QVERIFY2(rows.memoryBytes() < 2000 * 400, qPrintable(QString::number(rows.memoryBytes())));
}

void TestRelationshipStore::movedRowsStayUsable()
{
    RelationshipRows source = makeRows(300);
    const QByteArrayView evidence = source.evidenceJson(12);
    RelationshipRows moved = std::move(source);
    // The blocks moved with the rows: views taken before stay valid.
    QCOMPARE(evidence.toByteArray(), makeRelationship(12).evidenceJson);
    QCOMPARE(moved.relationship(299), makeRelationship(299));
    QCOMPARE(moved.rowOf(makeRelationship(7).id).value_or(-1), 7);

    // What is left behind is empty and can be filled again.
    QCOMPARE(source.size(), 0); // NOLINT(bugprone-use-after-move): that is the point
    QCOMPARE(source.append(makeRelationship(5)), 0);
    QCOMPARE(source.relationship(0), makeRelationship(5));
    QCOMPARE(source.rowOf(makeRelationship(5).id).value_or(-1), 0);
    ByteArena arena;
    arena.append("abc");
    ByteArena other = std::move(arena);
    QCOMPARE(arena.bytesUsed(), 0);
    const ByteArena::Span span = arena.append("again");
    QCOMPARE(arena.view(span).toByteArray(), QByteArray("again"));
    QCOMPARE(other.bytesUsed(), 3);
}

void TestRelationshipStore::overlayPending()
{
    RelationshipStore store;
    store.adopt(makeRows(10), ColumnCatalog());
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);

    store.markPending({1, 3, 5}, RelationshipStatus::Approved);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({1, 3, 5}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 3);
    QCOMPARE(store.pendingCount(), 3);
    QCOMPARE(store.effectiveStatus(3), RelationshipStatus::Approved);
    QCOMPARE(store.rows().row(3).status, RelationshipStatus::Suggested);
    QCOMPARE(store.effectiveStatus(2), RelationshipStatus::Suggested);
    QCOMPARE(store.delivery(3), DeliveryState::Pending);
    QVERIFY(store.reviewState(2) == nullptr);
    QCOMPARE(store.reviewState(3)->intendedStatus, RelationshipStatus::Approved);

    // Deciding again on a pending row changes the intent, not the count.
    store.markPending({3}, RelationshipStatus::Rejected);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(rowsOf(changed.at(1)), QList<int>({3}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(store.effectiveStatus(3), RelationshipStatus::Rejected);

    store.clearReviewState({1, 5});
    QCOMPARE(changed.size(), 3);
    QCOMPARE(rowsOf(changed.at(2)), QList<int>({1, 5}));
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending.at(1).at(0).toInt(), 1);
    QCOMPARE(store.effectiveStatus(1), RelationshipStatus::Suggested);
}

void TestRelationshipStore::overlayFailedKeepsServerStatus()
{
    RelationshipStore store;
    store.adopt(makeRows(4), ColumnCatalog());
    store.markPending({2}, RelationshipStatus::Rejected);
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);

    store.markFailed(2, u"HTTP 503: service unavailable"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({2}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 0);
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(store.delivery(2), DeliveryState::Failed);
    QCOMPARE(store.effectiveStatus(2), RelationshipStatus::Suggested);
    QCOMPARE(store.reviewState(2)->message, u"HTTP 503: service unavailable"_s);
    QCOMPARE(store.reviewState(2)->intendedStatus, RelationshipStatus::Rejected);
}

void TestRelationshipStore::applyServerAnswerReplacesAndClears()
{
    RelationshipStore store;
    store.adopt(makeRows(6), ColumnCatalog());
    store.markPending({4}, RelationshipStatus::Approved);
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);

    Relationship answer = makeRelationship(4);
    answer.status = RelationshipStatus::Approved;
    answer.statusText = u"APPROVED"_s;
    answer.updatedAtText = u"2026-02-01T10:00:00.000001Z"_s;
    answer.updatedAtMs = *parseTimestampMs(answer.updatedAtText);
    store.applyServerAnswer(4, answer);

    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({4}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(store.delivery(4), DeliveryState::None);
    QCOMPARE(store.effectiveStatus(4), RelationshipStatus::Approved);
    QCOMPARE(store.rows().relationship(4), answer);
    QCOMPARE(store.rows().rowOf(answer.id).value_or(-1), 4);
}

void TestRelationshipStore::applyServerAnswersOneSignal()
{
    RelationshipStore store;
    store.adopt(makeRows(20), ColumnCatalog());
    store.markPending({0, 1, 2, 10}, RelationshipStatus::Rejected);
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);

    QList<std::pair<int, Relationship>> answers;
    for (const int row : {0, 1, 2}) {
        Relationship answer = makeRelationship(row);
        answer.status = RelationshipStatus::Rejected;
        answer.statusText = u"REJECTED"_s;
        answers.append({row, answer});
    }
    store.applyServerAnswers(answers);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({0, 1, 2}));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).at(0).toInt(), 1);
    QCOMPARE(store.pendingCount(), 1);
    for (const int row : {0, 1, 2})
        QCOMPARE(store.effectiveStatus(row), RelationshipStatus::Rejected);
    QCOMPARE(store.delivery(10), DeliveryState::Pending);
}

void TestRelationshipStore::goneAndConflict()
{
    RelationshipStore store;
    store.adopt(makeRows(3), ColumnCatalog());
    store.markPending({0, 1}, RelationshipStatus::Approved);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);
    store.markGone(0, u"not found"_s);
    store.markConflict(1, u"changed on the server"_s);
    QCOMPARE(store.delivery(0), DeliveryState::Gone);
    QCOMPARE(store.delivery(1), DeliveryState::Conflict);
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(pending.size(), 2);
    QCOMPARE(store.reviewState(1)->message, u"changed on the server"_s);
}

void TestRelationshipStore::invalidRowsIgnored()
{
    RelationshipStore store;
    store.adopt(makeRows(3), ColumnCatalog());
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    store.markPending({-1, 3, 99}, RelationshipStatus::Approved);
    store.markFailed(7, u"x"_s);
    store.applyServerAnswer(-2, makeRelationship(0));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(store.effectiveStatus(5), RelationshipStatus::Unknown);
    store.markPending({-1, 2}, RelationshipStatus::Approved);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rowsOf(changed.at(0)), QList<int>({2}));
}

void TestRelationshipStore::adoptResets()
{
    RelationshipStore store;
    store.adopt(makeRows(5), ColumnCatalog());
    store.markPending({1, 2}, RelationshipStatus::Approved);
    QSignalSpy reset(&store, &RelationshipStore::reset);
    QSignalSpy pending(&store, &RelationshipStore::pendingCountChanged);
    ColumnCatalog catalog;
    catalog.setTableName(makeRelationship(0).toTableId, u"customers"_s);
    store.adopt(makeRows(8), catalog);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(store.size(), 8);
    QCOMPARE(store.delivery(1), DeliveryState::None);
    QCOMPARE(store.catalog().tableName(makeRelationship(0).toTableId), u"customers"_s);

    QSignalSpy catalogChanged(&store, &RelationshipStore::catalogChanged);
    store.setCatalog(ColumnCatalog());
    QCOMPARE(catalogChanged.size(), 1);
    QVERIFY(store.catalog().isEmpty());
    store.clear();
    QCOMPARE(store.size(), 0);
    QCOMPARE(reset.size(), 2);
}

QTEST_GUILESS_MAIN(TestRelationshipStore)
#include "tst_relationshipstore.moc"
