#include "DemoDataGenerator.h"
#include "RelationshipStore.h"
#include "ScoreBinning.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace Qt::StringLiterals;

namespace {
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

struct Row
{
    bool hasScore;
    double score;
    RelationshipStatus status;
};

Relationship makeRelationship(int index, const Row& row)
{
    Relationship relationship;
    relationship.id = QUuid::createUuidV5(QUuid(), QString::number(index));
    relationship.integrationSourceId = QUuid(u"{6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f}"_s);
    relationship.fromColumnId = QUuid::createUuidV5(QUuid(), u"from" % QString::number(index));
    relationship.toTableId = QUuid::createUuidV5(QUuid(), u"table"_s);
    relationship.toColumnName = u"id"_s;
    relationship.createdAtMs = 1700000000000 + index;
    relationship.updatedAtMs = relationship.createdAtMs;
    relationship.createdAtText = formatTimestamp(relationship.createdAtMs);
    relationship.updatedAtText = relationship.createdAtText;
    relationship.hasScore = row.hasScore;
    relationship.score = row.hasScore ? row.score : NaN;
    relationship.status = row.status;
    relationship.statusText =
        row.status == RelationshipStatus::Unknown ? u"ON_HOLD"_s : statusName(row.status);
    relationship.typeText = typeName(relationship.type);
    return relationship;
}

void fill(RelationshipStore& store, const QList<Row>& rows)
{
    RelationshipRows data;
    for (int i = 0; i < rows.size(); ++i)
        data.append(makeRelationship(i, rows[i]));
    store.adopt(std::move(data), ColumnCatalog());
}

void fillFromDemo(RelationshipStore& store, int count, quint64 seed)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    options.seed = seed;
    options.withCatalog = false;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    rows.reserve(count);
    for (int i = 0; i < count; ++i)
        rows.append(generator.relationship(i));
    store.adopt(std::move(rows), ColumnCatalog());
}

std::vector<int> allRows(const RelationshipStore& store)
{
    std::vector<int> rows(size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

// The bin by walking the edges from the top: a different algorithm from ScoreBinning::binOf.
int bruteForceBin(double score, int binCount)
{
    if (!(score >= 0.0 && score <= 1.0))
        return -1;
    for (int bin = binCount - 1; bin >= 0; --bin) {
        if (score >= double(bin) / double(binCount))
            return bin;
    }
    return 0;
}

// Counts everything ScoreBinning counts, one row at a time, and compares.
void compareWithBruteForce(const RelationshipStore& store, const std::vector<int>& rows,
                           int binCount, double threshold)
{
    ScoreBinning binning(binCount);
    binning.compute(store, rows, threshold);
    auto bins = std::vector<StatusCounts>(size_t(binCount));
    StatusCounts noScore, outOfRange;
    int atOrAbove = 0, below = 0, unscored = 0;
    for (const int row : rows) {
        const RelationshipRow& data = store.rows().row(row);
        const RelationshipStatus status = store.effectiveStatus(row);
        const size_t statusIndex = size_t(status);
        const bool suggested = status == RelationshipStatus::Suggested;
        if (!data.hasScore || std::isnan(data.score)) {
            ++noScore.byStatus[statusIndex];
            unscored += suggested;
            continue;
        }
        const int bin = bruteForceBin(data.score, binCount);
        if (bin < 0) {
            ++outOfRange.byStatus[statusIndex];
            unscored += suggested;
            continue;
        }
        ++bins[size_t(bin)].byStatus[statusIndex];
        if (suggested)
            (data.score >= threshold ? atOrAbove : below) += 1;
    }
    QCOMPARE(binning.totalRows(), int(rows.size()));
    for (int bin = 0; bin < binCount; ++bin)
        QCOMPARE(binning.bin(bin), bins[size_t(bin)]);
    QCOMPARE(binning.noScore(), noScore);
    QCOMPARE(binning.outOfRange(), outOfRange);
    QCOMPARE(binning.suggestedAtOrAbove(), atOrAbove);
    QCOMPARE(binning.suggestedBelow(), below);
    QCOMPARE(binning.suggestedWithoutUsableScore(), unscored);
    int total = noScore.total() + outOfRange.total();
    for (const StatusCounts& counts : bins)
        total += counts.total();
    QCOMPARE(total, int(rows.size())); // no row is silently dropped

    ScoreBinning recounted(binCount);
    recounted.compute(store, rows, 0.0);
    recounted.recountThreshold(store, rows, threshold);
    QCOMPARE(recounted.suggestedAtOrAbove(), atOrAbove);
    QCOMPARE(recounted.suggestedBelow(), below);
    QCOMPARE(recounted.suggestedWithoutUsableScore(), unscored);
}
} // namespace

class TestScoreBinning : public QObject
{
    Q_OBJECT
private slots:
    void exactEdges();
    void everyInnerEdgeGoesUp_data();
    void everyInnerEdgeGoesUp();
    void outsideTheRange();
    void emptySet();
    void nullsNanAndOutOfRange();
    void countsByStatusWithPending();
    void calibration();
    void thresholdCounts();
    void subsetsAndOrder();
    void demoDataMatchesBruteForce_data();
    void demoDataMatchesBruteForce();
    void largeSetMatchesBruteForce();
    void millionRows();
};

void TestScoreBinning::exactEdges()
{
    const ScoreBinning binning(20);
    QCOMPARE(binning.binCount(), 20);
    QCOMPARE(binning.binOf(0.0), 0);
    QCOMPARE(binning.binOf(-0.0), 0);
    QCOMPARE(binning.binOf(0.05), 1); // an inner edge goes to the upper bin
    QCOMPARE(binning.binOf(std::nextafter(0.05, 0.0)), 0);
    QCOMPARE(binning.binOf(0.1), 2);
    QCOMPARE(binning.binOf(0.95), 19);
    QCOMPARE(binning.binOf(std::nextafter(0.95, 0.0)), 18);
    QCOMPARE(binning.binOf(1.0), 19); // 1.0 falls in the last bin
    QCOMPARE(binning.binOf(std::nextafter(1.0, 0.0)), 19);
    QCOMPARE(binning.binLower(1), 0.05);
    QCOMPARE(binning.binUpper(19), 1.0);
    QCOMPARE(ScoreBinning(1).binOf(1.0), 0);
    QCOMPARE(ScoreBinning(1).binOf(0.0), 0);
}

void TestScoreBinning::everyInnerEdgeGoesUp_data()
{
    QTest::addColumn<int>("binCount");
    for (const int count : {2, 3, 7, 10, 20, 49, 100, 1000})
        QTest::addRow("%d bins", count) << count;
}

void TestScoreBinning::everyInnerEdgeGoesUp()
{
    QFETCH(int, binCount);
    const ScoreBinning binning(binCount);
    for (int edge = 1; edge < binCount; ++edge) {
        const double value = binning.edge(edge);
        QCOMPARE(binning.binOf(value), edge);
        QCOMPARE(binning.binOf(std::nextafter(value, 0.0)), edge - 1);
        // a decimal literal such as 0.29 is the same double as the edge 29/100
        QCOMPARE(binning.binOf(QString::number(value, 'g', 17).toDouble()), edge);
    }
}

void TestScoreBinning::outsideTheRange()
{
    const ScoreBinning binning(20);
    for (const double score : {-1e-12, std::nextafter(1.0, 2.0), 1.5, -3.0, Inf, -Inf, NaN})
        QCOMPARE(binning.binOf(score), -1);
}

void TestScoreBinning::emptySet()
{
    RelationshipStore store;
    ScoreBinning binning;
    binning.compute(store, {}, 0.8);
    QCOMPARE(binning.totalRows(), 0);
    QCOMPARE(binning.maxBarHeight(), 0);
    QCOMPARE(binning.suggestedAtOrAbove(), 0);
    QCOMPARE(binning.suggestedBelow(), 0);
    for (int bin = 0; bin < binning.binCount(); ++bin) {
        QCOMPARE(binning.bin(bin).total(), 0);
        QVERIFY(std::isnan(binning.approvedShare(bin)));
    }

    // a store with rows but an empty selection (a filter that matches nothing)
    fill(store, {{true, 0.5, RelationshipStatus::Suggested}});
    binning.compute(store, {}, 0.8);
    QCOMPARE(binning.totalRows(), 0);
}

void TestScoreBinning::nullsNanAndOutOfRange()
{
    RelationshipStore store;
    fill(store, {
                    {false, 0.0, RelationshipStatus::Suggested}, // null
                    {true, NaN, RelationshipStatus::Approved},   // NaN with a score flag
                    {false, 0.0, RelationshipStatus::Unknown},
                    {true, -0.02, RelationshipStatus::Suggested},
                    {true, 1.07, RelationshipStatus::Rejected},
                    {true, Inf, RelationshipStatus::Suggested},
                    {true, 0.0, RelationshipStatus::Suggested},
                    {true, 1.0, RelationshipStatus::Approved},
                });
    ScoreBinning binning(20);
    binning.compute(store, allRows(store), 0.8);
    QCOMPARE(binning.totalRows(), 8);
    QCOMPARE(binning.noScore().total(), 3);
    QCOMPARE(binning.noScore().count(RelationshipStatus::Suggested), 1);
    QCOMPARE(binning.noScore().count(RelationshipStatus::Approved), 1);
    QCOMPARE(binning.noScore().count(RelationshipStatus::Unknown), 1);
    QCOMPARE(binning.outOfRange().total(), 3);
    QCOMPARE(binning.outOfRange().count(RelationshipStatus::Suggested), 2);
    QCOMPARE(binning.outOfRange().count(RelationshipStatus::Rejected), 1);
    QCOMPARE(binning.bin(0).count(RelationshipStatus::Suggested), 1);
    QCOMPARE(binning.bin(19).count(RelationshipStatus::Approved), 1);
    // a suggested row without a usable score is neither above nor below the threshold
    QCOMPARE(binning.suggestedAtOrAbove(), 0);
    QCOMPARE(binning.suggestedBelow(), 1);
    QCOMPARE(binning.suggestedWithoutUsableScore(), 3);
    QCOMPARE(binning.maxBarHeight(), 3);
    compareWithBruteForce(store, allRows(store), 20, 0.8);
}

void TestScoreBinning::countsByStatusWithPending()
{
    RelationshipStore store;
    fill(store, {
                    {true, 0.91, RelationshipStatus::Suggested},
                    {true, 0.92, RelationshipStatus::Suggested},
                    {true, 0.93, RelationshipStatus::Approved},
                    {true, 0.94, RelationshipStatus::Rejected},
                    {true, 0.95, RelationshipStatus::Unknown},
                });
    ScoreBinning binning(10);
    binning.compute(store, allRows(store), 0.9);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Suggested), 2);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Approved), 1);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Rejected), 1);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Unknown), 1);
    QCOMPARE(binning.suggestedAtOrAbove(), 2);

    // a pending decision counts as what it will be, at once
    store.markPending({0}, RelationshipStatus::Approved);
    store.markPending({3}, RelationshipStatus::Suggested);
    binning.compute(store, allRows(store), 0.9);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Suggested), 2); // 1 and 3
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Approved), 2);  // 0 and 2
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Rejected), 0);
    QCOMPARE(binning.suggestedAtOrAbove(), 2);
    compareWithBruteForce(store, allRows(store), 10, 0.9);

    // a failed decision shows the server's status again
    store.markFailed(0, u"503"_s);
    binning.compute(store, allRows(store), 0.9);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Approved), 1);
    QCOMPARE(binning.bin(9).count(RelationshipStatus::Suggested), 3);
    compareWithBruteForce(store, allRows(store), 10, 0.9);
}

void TestScoreBinning::calibration()
{
    RelationshipStore store;
    QList<Row> rows;
    for (int i = 0; i < 3; ++i)
        rows.append({true, 0.85, RelationshipStatus::Approved});
    rows.append({true, 0.86, RelationshipStatus::Rejected});
    rows.append({true, 0.87, RelationshipStatus::Suggested}); // not reviewed: not in the share
    rows.append({true, 0.12, RelationshipStatus::Rejected});
    rows.append({true, 0.55, RelationshipStatus::Unknown});
    fill(store, rows);
    ScoreBinning binning(20);
    binning.compute(store, allRows(store), 0.8);
    const int high = binning.binOf(0.85);
    QCOMPARE(binning.bin(high).reviewed(), 4);
    QCOMPARE(binning.approvedShare(high), 0.75);
    QCOMPARE(binning.approvedShare(binning.binOf(0.12)), 0.0);
    QVERIFY(std::isnan(binning.approvedShare(binning.binOf(0.55)))); // nothing reviewed
    QVERIFY(std::isnan(binning.approvedShare(0)));

    store.markPending({4}, RelationshipStatus::Approved);
    binning.compute(store, allRows(store), 0.8);
    QCOMPARE(binning.approvedShare(high), 0.8);
}

void TestScoreBinning::thresholdCounts()
{
    RelationshipStore store;
    fill(store, {
                    {true, 0.79, RelationshipStatus::Suggested},
                    {true, 0.8, RelationshipStatus::Suggested},
                    {true, 0.81, RelationshipStatus::Suggested},
                    {true, 1.0, RelationshipStatus::Suggested},
                    {true, 0.99, RelationshipStatus::Approved},
                    {true, 0.1, RelationshipStatus::Rejected},
                    {true, 0.0, RelationshipStatus::Suggested},
                });
    ScoreBinning binning;
    binning.compute(store, allRows(store), 0.8);
    QCOMPARE(binning.threshold(), 0.8);
    QCOMPARE(binning.suggestedAtOrAbove(), 3); // a score equal to the threshold is at it
    QCOMPARE(binning.suggestedBelow(), 2);
    binning.recountThreshold(store, allRows(store), 0.0);
    QCOMPARE(binning.suggestedAtOrAbove(), 5);
    QCOMPARE(binning.suggestedBelow(), 0);
    binning.recountThreshold(store, allRows(store), 1.0);
    QCOMPARE(binning.suggestedAtOrAbove(), 1);
    QCOMPARE(binning.suggestedBelow(), 4);
    // re-counting the threshold does not touch the bins
    QCOMPARE(binning.bin(binning.binOf(0.8)).total(), 2); // 0.80 and 0.81
}

void TestScoreBinning::subsetsAndOrder()
{
    RelationshipStore store;
    fillFromDemo(store, 2000, 7);
    std::vector<int> rows = allRows(store);
    std::vector<int> subset;
    for (int row = 0; row < store.size(); row += 3)
        subset.push_back(row);
    std::mt19937 shuffler(42);
    std::shuffle(subset.begin(), subset.end(), shuffler);
    compareWithBruteForce(store, subset, 20, 0.75);
    // the order of the rows (a sort) never changes the counts
    ScoreBinning sorted, shuffled;
    std::vector<int> ascending = subset;
    std::sort(ascending.begin(), ascending.end());
    sorted.compute(store, ascending, 0.75);
    shuffled.compute(store, subset, 0.75);
    QCOMPARE(sorted.bins(), shuffled.bins());
}

void TestScoreBinning::demoDataMatchesBruteForce_data()
{
    QTest::addColumn<int>("binCount");
    QTest::addColumn<double>("threshold");
    QTest::newRow("20 bins, 0.80") << 20 << 0.8;
    QTest::newRow("10 bins, 0.50") << 10 << 0.5;
    QTest::newRow("100 bins, 0.95") << 100 << 0.95;
    QTest::newRow("1 bin, 0.00") << 1 << 0.0;
}

void TestScoreBinning::demoDataMatchesBruteForce()
{
    QFETCH(int, binCount);
    QFETCH(double, threshold);
    RelationshipStore store;
    fillFromDemo(store, 3000, DemoDataGenerator::Options().seed);
    QList<int> pending;
    for (int row = 0; row < store.size(); row += 17)
        pending.append(row);
    store.markPending(pending, RelationshipStatus::Rejected);
    compareWithBruteForce(store, allRows(store), binCount, threshold);

    // the demo data has every kind of row the chart must show
    ScoreBinning binning(binCount);
    binning.compute(store, allRows(store), threshold);
    QVERIFY(binning.noScore().total() > 0);
    QVERIFY(binning.outOfRange().total() > 0);
}

void TestScoreBinning::largeSetMatchesBruteForce()
{
    // more rows than the small-set path takes, so the bitmap walk in store order is used
    RelationshipStore store;
    fillFromDemo(store, 30000, 99);
    std::vector<int> rows;
    for (int row = store.size() - 1; row >= 0; --row) {
        if (row % 5 != 0)
            rows.push_back(row);
    }
    QVERIFY(rows.size() > 20000);
    store.markPending({1, 2, 3, 4}, RelationshipStatus::Approved);
    compareWithBruteForce(store, rows, 20, 0.8);
}

void TestScoreBinning::millionRows()
{
    if (qEnvironmentVariableIsEmpty("RELREVIEW_BENCHMARK"))
        QSKIP("set RELREVIEW_BENCHMARK=1 to time re-binning a million rows");
    RelationshipStore store;
    RelationshipRows rows;
    rows.reserve(1000000);
    QRandomGenerator random(5);
    for (int i = 0; i < 1000000; ++i) {
        const double score = random.generateDouble() * 1.1 - 0.05;
        rows.append(makeRelationship(
            i, {i % 97 != 0, score, RelationshipStatus(random.bounded(KnownStatusCount))}));
    }
    store.adopt(std::move(rows), ColumnCatalog());
    std::vector<int> visible = allRows(store);
    std::shuffle(visible.begin(), visible.end(), std::mt19937(1)); // a sorted view
    ScoreBinning binning;
    QElapsedTimer timer;
    qint64 best = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 5; ++run) {
        timer.start();
        binning.compute(store, visible, 0.8);
        best = std::min(best, timer.nsecsElapsed());
    }
    qInfo("re-binning 1,000,000 rows: %.1f ms (best of 5)", double(best) / 1e6);
    QCOMPARE(binning.totalRows(), 1000000);
}

QTEST_GUILESS_MAIN(TestScoreBinning)
#include "tst_scorebinning.moc"
