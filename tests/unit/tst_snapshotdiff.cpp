// SnapshotDiff: two lists matched by column pair (ids may differ), each field's change, evidence
// compared as JSON, duplicates kept and reported, empty lists, and a generated pair of lists
// checked against a plain reference.

#include "DemoDataGenerator.h"
#include "SnapshotDiff.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace {

const QUuid SourceId(u"{6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f}"_s);

QUuid idOf(int n)
{
    return QUuid(uint(n), 0x1111, 0x2222, 1, 2, 3, 4, 5, 6, 7, 8);
}

Relationship link(int id, int fromColumn, int toTable, const QString& toColumn)
{
    Relationship r;
    r.id = idOf(id);
    r.integrationSourceId = SourceId;
    r.fromColumnId = QUuid(uint(fromColumn), 0xaaaa, 0xbbbb, 9, 9, 9, 9, 9, 9, 9, 9);
    r.toTableId = QUuid(uint(toTable), 0xcccc, 0xdddd, 7, 7, 7, 7, 7, 7, 7, 7);
    r.toColumnName = toColumn;
    r.status = RelationshipStatus::Suggested;
    r.statusText = statusName(r.status);
    r.type = RelationshipType::Inferred;
    r.typeText = typeName(r.type);
    r.score = 0.5;
    r.hasScore = true;
    r.evidenceJson = "{\"name_similarity\": 0.9, \"overlap\": {\"ratio\": 0.5, \"n\": 10}}";
    r.createdAtMs = r.updatedAtMs = 1700000000000;
    return r;
}

RelationshipRows rowsOf(const QList<Relationship>& list)
{
    RelationshipRows rows;
    for (const Relationship& r : list)
        rows.append(r);
    return rows;
}

// The pair as text, for the reference.
QString pairOf(const RelationshipRows& rows, int row)
{
    const RelationshipRow& r = rows.row(row);
    return r.fromColumnId.toString() + u'|' + r.toTableId.toString() + u'|' +
           rows.toColumnName(row);
}

} // namespace

class TestSnapshotDiff : public QObject
{
    Q_OBJECT

private slots:
    void emptyLists()
    {
        const RelationshipRows none;
        const SnapshotDiff both = SnapshotDiff::compute(none, none);
        QVERIFY(!both.isCancelled());
        QCOMPARE(both.addedRows().size(), size_t(0));
        QCOMPARE(both.removedRows().size(), size_t(0));
        QCOMPARE(both.unchangedCount(), 0);

        const RelationshipRows some = rowsOf({link(1, 1, 1, u"id"_s), link(2, 2, 1, u"id"_s)});
        const SnapshotDiff fromNothing = SnapshotDiff::compute(none, some);
        QCOMPARE(fromNothing.addedRows(), (std::vector<int>{0, 1}));
        QVERIFY(fromNothing.removedRows().empty());
        QCOMPARE(fromNothing.stateOfNew(1), SnapshotDiff::State::Added);
        QCOMPARE(fromNothing.oldRowOf(0), -1);

        const SnapshotDiff toNothing = SnapshotDiff::compute(some, none);
        QVERIFY(toNothing.addedRows().empty());
        QCOMPARE(toNothing.removedRows(), (std::vector<int>{0, 1}));
        QVERIFY(toNothing.isRemoved(0));
    }

    void matchesByColumnPairNotById()
    {
        // The same three links under new ids and in another order, plus one new and one gone.
        const RelationshipRows before = rowsOf({link(1, 1, 1, u"id"_s), link(2, 2, 1, u"code"_s),
                                                link(3, 3, 2, u"id"_s), link(4, 4, 2, u"key"_s)});
        const RelationshipRows after = rowsOf({link(30, 3, 2, u"id"_s), link(10, 1, 1, u"id"_s),
                                               link(50, 5, 5, u"x"_s), link(20, 2, 1, u"code"_s)});
        const SnapshotDiff diff = SnapshotDiff::compute(before, after);
        QCOMPARE(diff.unchangedCount(), 3);
        QVERIFY(diff.changed().empty());
        QCOMPARE(diff.addedRows(), std::vector<int>{2});
        QCOMPARE(diff.removedRows(), std::vector<int>{3});
        QCOMPARE(diff.oldRowOf(0), 2);
        QCOMPARE(diff.oldRowOf(1), 0);
        QCOMPARE(diff.oldRowOf(3), 1);
        QCOMPARE(diff.stateOfNew(0), SnapshotDiff::State::Unchanged);
        QVERIFY(diff.duplicates().empty());
    }

    void eachPartOfThePairCounts()
    {
        // Same from column, other table; same table, other column name; names the other list's
        // pool holds under other ids.
        const RelationshipRows before =
            rowsOf({link(1, 1, 1, u"a"_s), link(2, 1, 2, u"b"_s), link(3, 2, 3, u"only_old"_s)});
        const RelationshipRows after = rowsOf({link(4, 1, 1, u"zzz"_s), link(5, 1, 2, u"a"_s),
                                               link(6, 1, 1, u"a"_s), link(7, 2, 3, u"b"_s)});
        const SnapshotDiff diff = SnapshotDiff::compute(before, after);
        QCOMPARE(diff.unchangedCount(), 1);
        QCOMPARE(diff.oldRowOf(2), 0);
        QCOMPARE(diff.addedRows(), (std::vector<int>{0, 1, 3}));
        QCOMPARE(diff.removedRows(), (std::vector<int>{1, 2}));
    }

    void eachFieldChange_data()
    {
        QTest::addColumn<int>("field");
        QTest::addRow("status") << int(SnapshotDiff::StatusField);
        QTest::addRow("score") << int(SnapshotDiff::ScoreField);
        QTest::addRow("score none") << int(SnapshotDiff::ScoreField);
        QTest::addRow("type") << int(SnapshotDiff::TypeField);
        QTest::addRow("unknown type text") << int(SnapshotDiff::TypeField);
        QTest::addRow("evidence") << int(SnapshotDiff::EvidenceField);
    }

    void eachFieldChange()
    {
        QFETCH(int, field);
        const Relationship old = link(1, 1, 1, u"id"_s);
        Relationship changed = old;
        changed.id = idOf(99);
        const QByteArray tag = QTest::currentDataTag();
        if (tag == "status") {
            changed.status = RelationshipStatus::Rejected;
            changed.statusText = statusName(changed.status);
        } else if (tag == "score") {
            changed.score = 0.75;
        } else if (tag == "score none") {
            changed.hasScore = false;
            changed.score = std::numeric_limits<double>::quiet_NaN();
        } else if (tag == "type") {
            changed.type = RelationshipType::ForeignKey;
            changed.typeText = typeName(changed.type);
        } else if (tag == "unknown type text") {
            changed.type = RelationshipType::Unknown;
            changed.typeText = u"FUTURE_KIND"_s;
        } else {
            changed.evidenceJson =
                "{\"name_similarity\": 0.8, \"overlap\": {\"ratio\": 0.5, \"n\": 10}}";
        }
        // A second link that stays as it is, so that a diff marking everything fails.
        const SnapshotDiff diff = SnapshotDiff::compute(rowsOf({old, link(2, 2, 2, u"k"_s)}),
                                                        rowsOf({link(3, 2, 2, u"k"_s), changed}));
        QCOMPARE(diff.changed().size(), size_t(1));
        const SnapshotDiff::Change& change = diff.changed().front();
        QCOMPARE(change.oldRow, 0);
        QCOMPARE(change.newRow, 1);
        QCOMPARE(int(change.fields), field);
        QCOMPARE(diff.stateOfNew(1), SnapshotDiff::State::Changed);
        QCOMPARE(diff.changedFields(1), quint8(field));
        QCOMPARE(diff.unchangedCount(), 1);
        QCOMPARE(diff.stateOfNew(0), SnapshotDiff::State::Unchanged);
    }

    void severalFieldsAtOnce()
    {
        const Relationship old = link(1, 1, 1, u"id"_s);
        Relationship changed = old;
        changed.status = RelationshipStatus::Approved;
        changed.statusText = statusName(changed.status);
        changed.score = 0.9;
        const SnapshotDiff diff = SnapshotDiff::compute(rowsOf({old}), rowsOf({changed}));
        QCOMPARE(diff.changed().size(), size_t(1));
        QCOMPARE(SnapshotDiff::fieldNames(diff.changed().front().fields),
                 (QStringList{u"status"_s, u"score"_s}));
    }

    void evidenceComparesAsJson_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("same");
        QTest::addRow("identical") << QByteArray("{\"a\":1}") << QByteArray("{\"a\":1}") << true;
        QTest::addRow("spacing") << QByteArray("{\"a\":1,\"b\":[1,2]}")
                                 << QByteArray("{ \"a\" : 1,\n  \"b\": [ 1, 2 ] }") << true;
        QTest::addRow("member order")
            << QByteArray("{\"a\":1,\"b\":{\"c\":true,\"d\":null}}")
            << QByteArray("{\"b\":{\"d\":null,\"c\":true},\"a\":1}") << true;
        QTest::addRow("array order")
            << QByteArray("{\"a\":[1,2]}") << QByteArray("{\"a\":[2,1]}") << false;
        QTest::addRow("value") << QByteArray("{\"a\":1}") << QByteArray("{\"a\":2}") << false;
        QTest::addRow("key") << QByteArray("{\"a\":1}") << QByteArray("{\"b\":1}") << false;
        QTest::addRow("space inside a string")
            << QByteArray("{\"a\":\"x y\"}") << QByteArray("{\"a\":\"xy\"}") << false;
        QTest::addRow("swapped values")
            << QByteArray("{\"a\":1,\"b\":2}") << QByteArray("{\"a\":2,\"b\":1}") << false;
        QTest::addRow("extra member")
            << QByteArray("{\"a\":1}") << QByteArray("{\"a\":1,\"b\":1}") << false;
        QTest::addRow("escaped quote")
            << QByteArray("{\"a\":\"x\\\"y\"}") << QByteArray("{\"a\":\"x\\\"z\"}") << false;
        QTest::addRow("not json") << QByteArray("{\"a\":") << QByteArray("{\"a\": ") << false;
    }

    void evidenceComparesAsJson()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, same);
        QCOMPARE(SnapshotDiff::sameEvidence(a, b), same);
        QCOMPARE(SnapshotDiff::sameEvidence(b, a), same);
    }

    void duplicatesAreReportedAndMatchedInOrder()
    {
        // Old: pair P twice (rows 0 and 2). New: P three times (rows 1, 2, 3), the second with
        // another score.
        Relationship p1 = link(1, 1, 1, u"id"_s);
        Relationship p2 = link(2, 1, 1, u"id"_s);
        p2.score = 0.25;
        Relationship q = link(3, 2, 2, u"id"_s);
        Relationship n1 = p1;
        n1.id = idOf(11);
        Relationship n2 = p2;
        n2.id = idOf(12);
        n2.score = 0.3;
        Relationship n3 = p1;
        n3.id = idOf(13);
        const SnapshotDiff diff =
            SnapshotDiff::compute(rowsOf({p1, q, p2}), rowsOf({q, n1, n2, n3}));
        QCOMPARE(diff.oldRowOf(1), 0);
        QCOMPARE(diff.oldRowOf(2), 2);
        QCOMPARE(diff.changedFields(2), quint8(SnapshotDiff::ScoreField));
        QCOMPARE(diff.addedRows(), std::vector<int>{3});
        QVERIFY(diff.removedRows().empty());
        QCOMPARE(diff.unchangedCount(), 2);
        QCOMPARE(diff.duplicates().size(), size_t(3));
        const auto& d = diff.duplicates();
        QCOMPARE(d[0].inNew, false);
        QCOMPARE(d[0].row, 2);
        QCOMPARE(d[0].firstRow, 0);
        QCOMPARE(d[1].inNew, true);
        QCOMPARE(d[1].row, 2);
        QCOMPARE(d[1].firstRow, 1);
        QCOMPARE(d[2].inNew, true);
        QCOMPARE(d[2].row, 3);
        QCOMPARE(d[2].firstRow, 1);
    }

    void cancelled()
    {
        const RelationshipRows some = rowsOf({link(1, 1, 1, u"id"_s)});
        std::atomic_bool stop = true;
        const SnapshotDiff diff = SnapshotDiff::compute(some, some, &stop);
        QVERIFY(diff.isCancelled());
        QVERIFY(diff.addedRows().empty());
    }

    // Generated lists: the new one drops every 7th row, rescoring every 5th, re-ids every 3rd,
    // repeats a few and adds some of its own; the diff must agree with a plain reference that
    // matches k-th occurrence to k-th occurrence with QHash.
    void agreesWithReference()
    {
        DemoDataGenerator::Options options;
        options.relationshipCount = 4000;
        const DemoDataGenerator generator(options);
        DemoDataGenerator::Options otherOptions = options;
        otherOptions.seed = options.seed + 1;
        const DemoDataGenerator other(otherOptions);
        RelationshipRows before;
        RelationshipRows after;
        QRandomGenerator random(7);
        for (int i = 0; i < options.relationshipCount; ++i) {
            Relationship r = generator.relationship(i);
            before.append(r);
            if (i % 7 == 0)
                continue;
            if (i % 3 == 0)
                r.id = QUuid::createUuid();
            if (i % 5 == 0) {
                r.score = random.generateDouble();
                r.hasScore = true;
            }
            after.append(r);
            if (i % 97 == 0) {
                r.id = QUuid::createUuid();
                after.append(r);
            }
        }
        for (int i = 0; i < 300; ++i)
            after.append(other.relationship(i));

        const SnapshotDiff diff = SnapshotDiff::compute(before, after);

        QHash<QString, QList<int>> oldByPair;
        for (int row = 0; row < before.size(); ++row)
            oldByPair[pairOf(before, row)].append(row);
        std::vector<int> expectedOldOf(size_t(after.size()), -1);
        std::vector<quint8> oldUsed(size_t(before.size()), 0);
        int changed = 0;
        int unchanged = 0;
        for (int row = 0; row < after.size(); ++row) {
            QList<int>& candidates = oldByPair[pairOf(after, row)];
            if (candidates.isEmpty())
                continue;
            const int oldRow = candidates.takeFirst();
            expectedOldOf[size_t(row)] = oldRow;
            oldUsed[size_t(oldRow)] = 1;
            const Relationship a = before.relationship(oldRow);
            const Relationship b = after.relationship(row);
            const bool same = a.status == b.status && a.type == b.type &&
                              a.hasScore == b.hasScore && (!a.hasScore || a.score == b.score) &&
                              a.evidenceJson == b.evidenceJson;
            ++(same ? unchanged : changed);
        }
        for (int row = 0; row < after.size(); ++row)
            QCOMPARE(diff.oldRowOf(row), expectedOldOf[size_t(row)]);
        int removed = 0;
        for (int row = 0; row < before.size(); ++row) {
            QCOMPARE(diff.isRemoved(row), !oldUsed[size_t(row)]);
            removed += oldUsed[size_t(row)] ? 0 : 1;
        }
        QCOMPARE(int(diff.removedRows().size()), removed);
        QCOMPARE(int(diff.changed().size()), changed);
        QCOMPARE(diff.unchangedCount(), unchanged);
        QVERIFY(changed > 0);
        QVERIFY(removed > 0);
        QVERIFY(!diff.addedRows().empty());
        QCOMPARE(int(diff.addedRows().size() + diff.changed().size()) + diff.unchangedCount(),
                 after.size());
        QCOMPARE(int(diff.removedRows().size() + diff.changed().size()) + diff.unchangedCount(),
                 before.size());
    }
};

QTEST_GUILESS_MAIN(TestSnapshotDiff)
#include "tst_snapshotdiff.moc"
