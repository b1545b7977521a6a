// Sorting off the UI thread: the pure order function against the model's synchronous sort and a
// brute-force stable sort, the model's worker sort (threshold lowered) against the synchronous
// one, the store's snapshots staying as they were while server answers make newer ones, and a
// load's prepared order.

#include "DemoDataGenerator.h"
#include "ReferenceOrder.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "RowSortOrder.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

using Column = RelationshipTableModel::Column;

// Demo rows with a few statuses and types this version does not know, so that every key kind
// (enum plus text rank) is sorted.
RelationshipRows demoRows(int count, quint64 seed = 7)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    options.seed = seed;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    rows.reserve(count);
    for (int i = 0; i < count; ++i) {
        Relationship relationship = generator.relationship(i);
        if (i % 97 == 5) {
            relationship.status = RelationshipStatus::Unknown;
            relationship.statusText = i % 2 ? u"ARCHIVED"_s : u"deferred"_s;
        }
        if (i % 89 == 3) {
            relationship.type = RelationshipType::Unknown;
            relationship.typeText = i % 2 ? u"alias"_s : u"WEIRD_LINK"_s;
        }
        if (i % 31 == 0)
            relationship.hasScore = false;
        rows.append(relationship);
    }
    return rows;
}

ColumnCatalog demoCatalog(int count, quint64 seed = 7)
{
    DemoDataGenerator::Options options;
    options.relationshipCount = count;
    options.seed = seed;
    return DemoDataGenerator(options).catalog();
}

// Occupies every thread of the global pool until released, so that a sort job started meanwhile
// waits in the queue: what happens while a job runs is then not a race.
class PoolBlocker
{
public:
    PoolBlocker()
        : m_threads(QThreadPool::globalInstance()->maxThreadCount())
    {
        for (int i = 0; i < m_threads; ++i) {
            // The semaphores outlive the blocker until every task is through with them.
            QThreadPool::globalInstance()->start([state = m_state] {
                state->started.release();
                state->gate.acquire();
            });
        }
        m_state->started.acquire(m_threads);
    }
    ~PoolBlocker() { release(); }
    void release()
    {
        m_state->gate.release(m_threads - m_released);
        m_released = m_threads;
    }

private:
    struct State
    {
        QSemaphore started;
        QSemaphore gate;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
    int m_threads = 0;
    int m_released = 0;
};

Relationship answerFor(const RelationshipStore& store, int row, double score,
                       RelationshipStatus status)
{
    Relationship answer = store.rows().relationship(row);
    answer.score = score;
    answer.hasScore = true;
    answer.status = status;
    answer.statusText = statusName(status);
    return answer;
}

} // namespace

class TestAsyncSort : public QObject
{
    Q_OBJECT
private slots:
    void pureOrderEqualsSyncSortAndBruteForce_data();
    void pureOrderEqualsSyncSortAndBruteForce();
    void pureOrderStopsWhenCancelled();
    void workerSortEndsInTheSyncOrderAndKeepsSelection();
    void serverAnswerDuringWorkerSortIsPutInPlaceAfterIt();
    void filterDuringWorkerSortIsKept();
    void newerSortSupersedesOlder();
    void heldSnapshotStaysWhileAnswersAndANewListArrive();
    void adoptWithPreparedOrderEqualsAdoptWithout_data();
    void adoptWithPreparedOrderEqualsAdoptWithout();
};

void TestAsyncSort::pureOrderEqualsSyncSortAndBruteForce_data()
{
    QTest::addColumn<int>("count");
    // 600 rows take the comparison sort, 4000 the radix sort.
    QTest::newRow("600") << 600;
    QTest::newRow("4000") << 4000;
}

void TestAsyncSort::pureOrderEqualsSyncSortAndBruteForce()
{
    QFETCH(int, count);
    RelationshipStore store;
    store.adopt(demoRows(count), demoCatalog(count));
    store.markPending({1, 2, 40, count - 1}, RelationshipStatus::Rejected);
    store.markPending({7, 300}, RelationshipStatus::Approved);
    RelationshipTableModel model(&store);
    QCOMPARE(model.asyncSortThreshold(), RelationshipTableModel::DefaultAsyncSortThreshold);

    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            const RowSortOrder computed = computeRowSortOrder(
                store.rows(), store.snapshot()->labels(), column, order, store.pendingStatuses());
            QVERIFY(!computed.cancelled);
            QVERIFY(computed.matches(column, order, count));
            QCOMPARE(computed.keys.size(), computed.rows.size());
            QVERIFY(std::is_sorted(computed.keys.cbegin(), computed.keys.cend()));
            model.sort(column, order);
            QVERIFY(!model.isSorting());
            QCOMPARE(computed.rows, model.visibleRows());
            QCOMPARE(computed.rows, ReferenceOrder::sorted(store, Column(column), order));
        }
    }
    QCOMPARE(model.asyncSortCount(), 0);
}

void TestAsyncSort::pureOrderStopsWhenCancelled()
{
    const RelationshipRows rows = demoRows(3000);
    const std::atomic_bool cancelled = true;
    const RowSortOrder order =
        computeRowSortOrder(rows, *ListLabels::make(rows, ColumnCatalog()), Column::ScoreColumn,
                            Qt::AscendingOrder, {}, &cancelled);
    QVERIFY(order.cancelled);
    QVERIFY(order.rows.empty());
    QVERIFY(!order.matches(Column::ScoreColumn, Qt::AscendingOrder, 3000));
}

void TestAsyncSort::workerSortEndsInTheSyncOrderAndKeepsSelection()
{
    constexpr int Count = 3000;
    RelationshipStore store;
    store.adopt(demoRows(Count), demoCatalog(Count));
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(1);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QItemSelectionModel selection(&model);
    QSignalSpy sorting(&model, &RelationshipTableModel::sortingChanged);

    const int currentStoreRow = model.storeRow(1234);
    selection.setCurrentIndex(model.index(1234, Column::StatusColumn),
                              QItemSelectionModel::NoUpdate);
    QSet<int> selectedStoreRows;
    for (int view : {3, 4, 900, 2999}) {
        selection.select(model.index(view, 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selectedStoreRows.insert(model.storeRow(view));
    }

    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            const std::vector<int> before = model.visibleRows();
            {
                PoolBlocker blocker; // the rows stay as they are while the worker sorts
                model.sort(column, order);
                QVERIFY(model.isSorting());
                QCOMPARE(model.sortColumn(), column);
                QCOMPARE(model.sortOrder(), order);
                QCOMPARE(model.visibleRows(), before);
            }
            QTRY_VERIFY(!model.isSorting());
            QCOMPARE(model.visibleRows(), ReferenceOrder::sorted(store, Column(column), order));

            const QModelIndex current = selection.currentIndex();
            QVERIFY(current.isValid());
            QCOMPARE(current.data(RelationshipTableModel::StoreRowRole).toInt(), currentStoreRow);
            QSet<int> nowSelected;
            for (const QModelIndex& index : selection.selectedRows())
                nowSelected.insert(index.data(RelationshipTableModel::StoreRowRole).toInt());
            QCOMPARE(nowSelected, selectedStoreRows);
        }
    }
    QCOMPARE(model.asyncSortCount(), 2 * RelationshipTableModel::ColumnCount);
    QCOMPARE(sorting.count(), 2 * 2 * RelationshipTableModel::ColumnCount); // on, off each time

    // The synchronous sort of the same rows agrees.
    RelationshipStore sameStore;
    sameStore.adopt(demoRows(Count), demoCatalog(Count));
    RelationshipTableModel syncModel(&sameStore);
    syncModel.sort(Column::ToTableColumn, Qt::DescendingOrder);
    model.sort(Column::ToTableColumn, Qt::DescendingOrder);
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.visibleRows(), syncModel.visibleRows());
}

void TestAsyncSort::serverAnswerDuringWorkerSortIsPutInPlaceAfterIt()
{
    constexpr int Count = 3000;
    RelationshipStore store;
    store.adopt(demoRows(Count), demoCatalog(Count));
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(1);
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);

    const int answered = model.storeRow(10);
    const int decided = model.storeRow(20);
    {
        PoolBlocker blocker;
        model.sort(Column::ScoreColumn, Qt::DescendingOrder);
        QVERIFY(model.isSorting());
        const std::shared_ptr<const ListSnapshot> sorted = store.snapshot(); // the worker's
        const double scoreBefore = sorted->rows().row(answered).score;
        QVERIFY(scoreBefore != 0.0);
        // The answer makes a new version at once; the one the worker reads stays as it was.
        store.applyServerAnswer(answered,
                                answerFor(store, answered, 0.0, RelationshipStatus::Approved));
        QVERIFY(store.version() > sorted->version());
        QCOMPARE(store.rows().row(answered).score, 0.0);
        QCOMPARE(sorted->rows().row(answered).score, scoreBefore);
        store.markPending({decided}, RelationshipStatus::Rejected);
        QCOMPARE(changed.count(), 2);
    }
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(store.rows().row(answered).score, 0.0);
    QCOMPARE(store.rows().row(answered).status, RelationshipStatus::Approved);
    // Rows changed while the worker sorted keep their place (as any decided row does) and are
    // in the view.
    QVERIFY(model.viewRow(answered) >= 0);
    QVERIFY(model.viewRow(decided) >= 0);

    // Decided rows keep their place until the next sort; that sort puts them by their new keys.
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.visibleRows(),
             ReferenceOrder::sorted(store, Column::ScoreColumn, Qt::DescendingOrder));
    model.sort(Column::StatusColumn, Qt::AscendingOrder);
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.visibleRows(),
             ReferenceOrder::sorted(store, Column::StatusColumn, Qt::AscendingOrder));

    // Changes during a status sort are put in place when its result arrives.
    {
        PoolBlocker blocker;
        model.sort(Column::StatusColumn, Qt::DescendingOrder);
        store.markPending({model.storeRow(0), model.storeRow(1)}, RelationshipStatus::Suggested);
        store.applyServerAnswer(model.storeRow(2), answerFor(store, model.storeRow(2), 0.5,
                                                             RelationshipStatus::Rejected));
    }
    QTRY_VERIFY(!model.isSorting());
    model.setFilter(RelationshipFilter()); // decided rows go where they sort now
    QCOMPARE(model.visibleRows(),
             ReferenceOrder::sorted(store, Column::StatusColumn, Qt::DescendingOrder));
}

void TestAsyncSort::filterDuringWorkerSortIsKept()
{
    constexpr int Count = 3000;
    RelationshipStore store;
    store.adopt(demoRows(Count), demoCatalog(Count));
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(1);
    const RelationshipFilter filter = RelationshipFilter::byQuery(u"status:suggested"_s);
    {
        PoolBlocker blocker;
        model.sort(Column::UpdatedColumn, Qt::AscendingOrder);
        model.setFilter(filter);
        QVERIFY(model.isSorting());
        QVERIFY(model.rowCount() > 0);
        QVERIFY(model.rowCount() < Count);
        for (int view = 0; view < model.rowCount(); ++view)
            QCOMPARE(store.effectiveStatus(model.storeRow(view)), RelationshipStatus::Suggested);
    }
    QTRY_VERIFY(!model.isSorting());
    std::vector<int> expected;
    for (int row : ReferenceOrder::sorted(store, Column::UpdatedColumn, Qt::AscendingOrder)) {
        if (store.effectiveStatus(row) == RelationshipStatus::Suggested)
            expected.push_back(row);
    }
    QCOMPARE(model.visibleRows(), expected);
}

void TestAsyncSort::newerSortSupersedesOlder()
{
    constexpr int Count = 3000;
    RelationshipStore store;
    store.adopt(demoRows(Count), demoCatalog(Count));
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(1);
    QSignalSpy shown(&model, &RelationshipTableModel::visibleRowsChanged);
    {
        PoolBlocker blocker;
        model.sort(Column::ScoreColumn, Qt::AscendingOrder);
        model.sort(Column::FromColumn, Qt::DescendingOrder);
        model.sort(Column::TypeColumn, Qt::AscendingOrder);
    }
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.sortColumn(), int(Column::TypeColumn));
    QCOMPARE(model.visibleRows(),
             ReferenceOrder::sorted(store, Column::TypeColumn, Qt::AscendingOrder));
    QCOMPARE(shown.count(), 1); // only the newest result was shown

    // A reset while a worker sorts drops its result and sorts the new rows.
    {
        PoolBlocker blocker;
        model.sort(Column::ToColumnColumn, Qt::AscendingOrder);
        store.adopt(demoRows(Count / 2, 11), demoCatalog(Count / 2, 11));
        QCOMPARE(model.rowCount(), Count / 2);
    }
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.visibleRows(),
             ReferenceOrder::sorted(store, Column::ToColumnColumn, Qt::AscendingOrder));
}

void TestAsyncSort::heldSnapshotStaysWhileAnswersAndANewListArrive()
{
    RelationshipStore store;
    store.adopt(demoRows(200), demoCatalog(200));
    store.markPending({3}, RelationshipStatus::Approved);
    QSignalSpy changed(&store, &RelationshipStore::rowsChanged);
    QSignalSpy published(&store, &RelationshipStore::snapshotPublished);
    const std::shared_ptr<const ListSnapshot> held = store.snapshot();
    const quint64 heldVersion = held->version();
    const QUuid firstId = held->rows().row(0).id;
    const double heldScore = held->rows().row(3).score;

    // Rows and overlay change at once, in a new version; the held one stays as it was.
    store.applyServerAnswers({{3, answerFor(store, 3, 0.125, RelationshipStatus::Rejected)},
                              {4, answerFor(store, 4, 0.25, RelationshipStatus::Approved)}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(published.count(), 1);
    QCOMPARE(published.last().first().toULongLong(), store.version());
    QCOMPARE(store.pendingCount(), 0);
    QCOMPARE(store.rows().row(3).score, 0.125);
    QCOMPARE(store.rows().row(4).status, RelationshipStatus::Approved);
    QCOMPARE(held->version(), heldVersion);
    QCOMPARE(held->rows().row(3).score, heldScore);
    QCOMPARE(store.snapshot()->previousVersion(), heldVersion);
    QCOMPARE(store.snapshot()->listVersion(), held->listVersion());
    QCOMPARE(store.snapshot()->changedRows(), (std::vector<int>{3, 4}));
    // A decision right after an answer (as a conflict kept as mine does it) stands.
    store.applyServerAnswer(6, answerFor(store, 6, 0.75, RelationshipStatus::Approved));
    store.markPending({6}, RelationshipStatus::Rejected);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(store.rows().row(6).score, 0.75);
    QCOMPARE(store.delivery(6), DeliveryState::Pending);
    QCOMPARE(store.effectiveStatus(6), RelationshipStatus::Rejected);
    QCOMPARE(store.pendingCount(), 1);

    // A new list: the held version stays readable.
    store.adopt(demoRows(50, 3), demoCatalog(50, 3));
    QCOMPARE(held->size(), 200);
    QCOMPARE(held->rows().row(0).id, firstId);
    QVERIFY(store.rows().row(0).id != firstId);
    QCOMPARE(store.snapshot()->previousVersion(), quint64(0));
    QVERIFY(store.snapshot()->listVersion() != held->listVersion());
}

void TestAsyncSort::adoptWithPreparedOrderEqualsAdoptWithout_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<bool>("namesChange"); // the catalog adopted is not the one sorted with
    QTest::newRow("score desc") << int(Column::ScoreColumn) << Qt::DescendingOrder << false;
    QTest::newRow("from asc") << int(Column::FromColumn) << Qt::AscendingOrder << false;
    QTest::newRow("to column desc") << int(Column::ToColumnColumn) << Qt::DescendingOrder << false;
    QTest::newRow("status asc") << int(Column::StatusColumn) << Qt::AscendingOrder << false;
    QTest::newRow("to table, names later")
        << int(Column::ToTableColumn) << Qt::AscendingOrder << true;
    QTest::newRow("type, names later") << int(Column::TypeColumn) << Qt::DescendingOrder << true;
}

void TestAsyncSort::adoptWithPreparedOrderEqualsAdoptWithout()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(bool, namesChange);
    constexpr int Count = 3000;

    RelationshipStore plainStore;
    RelationshipTableModel plainModel(&plainStore);
    plainModel.sort(column, order);
    plainStore.adopt(demoRows(Count), demoCatalog(Count));

    RelationshipStore store;
    RelationshipTableModel model(&store);
    model.setAsyncSortThreshold(1); // a sort not prepared would take a worker
    model.sort(column, order);
    const RowSortSpec spec = store.sortSpec();
    QCOMPARE(spec, (RowSortSpec{column, order}));
    RelationshipRows rows = demoRows(Count);
    // What a loader does on its worker thread, with the catalog it has then.
    std::shared_ptr<const ListLabels> labels =
        ListLabels::make(rows, namesChange ? ColumnCatalog() : demoCatalog(Count));
    std::shared_ptr<RowSortOrder> prepared = prepareRowSortOrder(rows, labels, spec);
    QVERIFY(prepared);
    store.adopt(std::move(rows), demoCatalog(Count), labels, prepared);
    QTRY_VERIFY(!model.isSorting());
    QCOMPARE(model.visibleRows(), plainModel.visibleRows());
    for (int view = 0; view < model.rowCount(); ++view)
        QCOMPARE(model.viewRow(model.storeRow(view)), view);
    // Taken as it was, unless the names it sorted by changed.
    const bool resorted =
        namesChange && (column == Column::FromColumn || column == Column::ToTableColumn);
    QCOMPARE(model.asyncSortCount(), resorted ? 1 : 0);

    // The text search goes by the adopted catalog's names either way.
    const RelationshipFilter filter = RelationshipFilter::byQuery(
        FilterQuery::quoted(store.catalog().tableNames().cbegin().value()));
    model.setFilter(filter);
    plainModel.setFilter(filter);
    QVERIFY(model.rowCount() > 0);
    QCOMPARE(model.visibleRows(), plainModel.visibleRows());

    // No sort: nothing to prepare.
    model.sort(-1, Qt::AscendingOrder);
    QVERIFY(!store.sortSpec().isSorted());
    const RelationshipRows few = demoRows(10);
    QVERIFY(!prepareRowSortOrder(few, ListLabels::make(few, demoCatalog(10)), store.sortSpec()));
}

QTEST_GUILESS_MAIN(TestAsyncSort)
#include "tst_asyncsort.moc"
