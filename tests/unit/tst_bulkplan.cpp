#include "BulkPlan.h"
#include "DemoDataGenerator.h"
#include "RelationshipStore.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

Relationship relationship(int index, RelationshipStatus status, double score)
{
    Relationship r;
    r.id = QUuid::createUuidV5(QUuid(), QString::number(index));
    r.integrationSourceId = QUuid::createUuidV5(QUuid(), u"source"_s);
    r.fromColumnId = QUuid::createUuidV5(QUuid(), u"from"_s + QString::number(index % 7));
    r.toTableId = QUuid::createUuidV5(QUuid(), u"table"_s);
    r.toColumnName = u"id"_s;
    r.status = status;
    r.statusText = status == RelationshipStatus::Unknown ? u"ARCHIVED"_s : statusName(status);
    r.typeText = typeName(r.type);
    r.hasScore = !std::isnan(score);
    r.score = score;
    return r;
}

std::vector<int> allRows(const RelationshipStore& store)
{
    std::vector<int> rows(size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

} // namespace

class TestBulkPlan : public QObject
{
    Q_OBJECT

private slots:
    void leavesOutRowsAlreadyInTheTarget();
    void thresholdBoundsAreExact();
    void pendingDecisionsCountAsWhatTheyWillBe();
    void countsAddUpOnGeneratedData();
    void texts();
};

void TestBulkPlan::leavesOutRowsAlreadyInTheTarget()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    RelationshipRows rows;
    rows.append(relationship(0, RelationshipStatus::Suggested, 0.9));
    rows.append(relationship(1, RelationshipStatus::Approved, 0.95));
    rows.append(relationship(2, RelationshipStatus::Rejected, 0.3));
    rows.append(relationship(3, RelationshipStatus::Unknown, nan));
    rows.append(relationship(4, RelationshipStatus::Suggested, 1.4));
    RelationshipStore store;
    store.adopt(std::move(rows), {});

    BulkPlan::Options options;
    options.target = RelationshipStatus::Approved;
    // The scope's order is kept: the dialog previews and applies in view order.
    const BulkPlan plan = BulkPlan::make(store, {4, 3, 2, 1, 0}, options);
    QCOMPARE(plan.rows(), (std::vector<int>{4, 3, 2, 0}));
    QCOMPARE(plan.scopeCount(), 5);
    QCOMPARE(plan.alreadyInTarget(), 1);
    QCOMPARE(plan.outsideBound(), 0);
    QCOMPARE(plan.fromStatus().count(RelationshipStatus::Suggested), 2);
    QCOMPARE(plan.fromStatus().count(RelationshipStatus::Rejected), 1);
    QCOMPARE(plan.fromStatus().count(RelationshipStatus::Unknown), 1);
    QCOMPARE(plan.fromStatus().count(RelationshipStatus::Approved), 0);
    QCOMPARE(plan.histogram().totalRows(), 4);
    QCOMPARE(plan.histogram().noScore().total(), 1);
    QCOMPARE(plan.histogram().outOfRange().total(), 1);

    options.target = RelationshipStatus::Suggested;
    QCOMPARE(BulkPlan::make(store, allRows(store), options).rows(), (std::vector<int>{1, 2, 3}));
    QVERIFY(BulkPlan::make(store, {}, options).isEmpty());
}

void TestBulkPlan::thresholdBoundsAreExact()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    RelationshipRows rows;
    const double scores[] = {0.79999999, 0.8, 0.80000001, 1.0, 0.0, nan, 1.2, -0.1};
    for (int i = 0; i < 8; ++i)
        rows.append(relationship(i, RelationshipStatus::Suggested, scores[i]));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    BulkPlan::Options options;
    options.bound = BulkPlan::Bound::AtOrAbove;
    options.threshold = 0.8;
    const BulkPlan above = BulkPlan::make(store, allRows(store), options);
    QCOMPARE(above.rows(), (std::vector<int>{1, 2, 3}));
    QCOMPARE(above.outsideBound(), 5); // below, no score, out of range
    options.bound = BulkPlan::Bound::Below;
    options.target = RelationshipStatus::Rejected;
    const BulkPlan below = BulkPlan::make(store, allRows(store), options);
    QCOMPARE(below.rows(), (std::vector<int>{0, 4}));
    QCOMPARE(below.outsideBound(), 6);
    // Together they cover exactly the rows with a usable score.
    QCOMPARE(above.changeCount() + below.changeCount(), 5);
}

void TestBulkPlan::pendingDecisionsCountAsWhatTheyWillBe()
{
    RelationshipRows rows;
    for (int i = 0; i < 4; ++i)
        rows.append(relationship(i, RelationshipStatus::Suggested, 0.5));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    store.markPending({0, 1}, RelationshipStatus::Approved);
    BulkPlan::Options options;
    const BulkPlan plan = BulkPlan::make(store, allRows(store), options);
    QCOMPARE(plan.rows(), (std::vector<int>{2, 3}));
    QCOMPARE(plan.alreadyInTarget(), 2);
    options.target = RelationshipStatus::Rejected;
    const BulkPlan reject = BulkPlan::make(store, allRows(store), options);
    QCOMPARE(reject.fromStatus().count(RelationshipStatus::Approved), 2);
    QCOMPARE(reject.fromStatus().count(RelationshipStatus::Suggested), 2);
}

void TestBulkPlan::countsAddUpOnGeneratedData()
{
    DemoDataGenerator::Options generated;
    generated.relationshipCount = 2000;
    const DemoDataGenerator generator(generated);
    RelationshipRows rows;
    for (int i = 0; i < generated.relationshipCount; ++i)
        rows.append(generator.relationship(i));
    RelationshipStore store;
    store.adopt(std::move(rows), generator.catalog());
    for (auto target : {RelationshipStatus::Suggested, RelationshipStatus::Approved,
                        RelationshipStatus::Rejected}) {
        for (auto bound :
             {BulkPlan::Bound::None, BulkPlan::Bound::AtOrAbove, BulkPlan::Bound::Below}) {
            BulkPlan::Options options;
            options.target = target;
            options.bound = bound;
            options.threshold = 0.85;
            const BulkPlan plan = BulkPlan::make(store, allRows(store), options);
            QCOMPARE(plan.changeCount() + plan.alreadyInTarget() + plan.outsideBound(),
                     store.size());
            QCOMPARE(plan.fromStatus().total(), plan.changeCount());
            QCOMPARE(plan.histogram().totalRows(), plan.changeCount());
            for (int row : plan.rows())
                QVERIFY(store.effectiveStatus(row) != target);
            if (bound == BulkPlan::Bound::None)
                QVERIFY(plan.changeCount() > 0);
        }
    }
}

void TestBulkPlan::texts()
{
    RelationshipRows rows;
    rows.append(relationship(0, RelationshipStatus::Suggested, 0.91));
    rows.append(relationship(1, RelationshipStatus::Rejected, 0.92));
    rows.append(relationship(2, RelationshipStatus::Approved, 0.93));
    rows.append(relationship(3, RelationshipStatus::Suggested, 0.1));
    RelationshipStore store;
    store.adopt(std::move(rows), {});
    BulkPlan::Options options;
    options.bound = BulkPlan::Bound::AtOrAbove;
    options.threshold = 0.9;
    options.binCount = 10;
    const BulkPlan plan = BulkPlan::make(store, allRows(store), options);
    QCOMPARE(plan.summaryText(true),
             u"2 relationships change to APPROVED: 1 from SUGGESTED, 1 from REJECTED"_s);
    QCOMPARE(plan.summaryText(false),
             u"2 relationships change to Approved: 1 from Suggested, 1 from Rejected"_s);
    QVERIFY(plan.leftOutText(true).contains(u"1 already APPROVED"_s));
    QVERIFY(plan.leftOutText(true).contains(u"1 below the threshold"_s));
    const QStringList lines = plan.textHistogram(20);
    QCOMPARE(lines.size(), 12);
    QVERIFY(lines[9].startsWith(u"0.90-1.00"_s));
    QVERIFY(lines[9].contains(QString(20, u'#')));
    QVERIFY(lines[9].endsWith(u" 2"_s));
    QVERIFY(lines[0].endsWith(u" 0"_s));
    QVERIFY(!lines[0].contains(u'#'));
    for (const QString& line : lines)
        QCOMPARE(line.size(), lines.first().size());

    options.target = RelationshipStatus::Suggested;
    options.bound = BulkPlan::Bound::None;
    QCOMPARE(BulkPlan::make(store, {0, 3}, options).summaryText(true),
             u"Nothing changes to SUGGESTED."_s);
}

QTEST_GUILESS_MAIN(TestBulkPlan)
#include "tst_bulkplan.moc"
