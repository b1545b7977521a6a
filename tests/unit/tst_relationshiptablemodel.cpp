#include "DemoDataGenerator.h"
#include "ReferenceFilter.h"
#include "ReferenceOrder.h"
#include "RelationshipFilter.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

using Column = RelationshipTableModel::Column;

// Hand-made rows that reach every corner the model handles: names differing only by case, columns
// and tables the catalog does not name, unknown types and statuses, missing and out-of-range
// scores, and many equal keys so that the store-row tie-break matters.
struct Fixture
{
    RelationshipRows rows;
    ColumnCatalog catalog;
    QList<QUuid> namedColumns;   // in the catalog, in a named table
    QList<QUuid> unknownColumns; // not in the catalog
    QList<QUuid> namedTables;
    QList<QUuid> unnamedTables;
};

QUuid randomId(QRandomGenerator& random)
{
    const quint32 a = random.generate();
    const quint32 b = random.generate();
    const quint32 c = random.generate();
    const quint32 d = random.generate();
    return QUuid(a, quint16(b), quint16(b >> 16), uchar(c), uchar(c >> 8), uchar(c >> 16),
                 uchar(c >> 24), uchar(d), uchar(d >> 8), uchar(d >> 16), uchar(d >> 24));
}

Fixture makeFixture(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    Fixture fixture;
    const QStringList tableNames = {u"orders"_s,     u"Orders"_s, u"customers"_s,
                                    u"line_items"_s, u"Äpfel"_s,  u"zeta"_s};
    for (const QString& name : tableNames) {
        const QUuid id = randomId(random);
        fixture.catalog.setTableName(id, name);
        fixture.namedTables.append(id);
    }
    for (int i = 0; i < 3; ++i)
        fixture.unnamedTables.append(randomId(random));
    const QStringList columnNames = {u"id"_s,          u"ID"_s,  u"customer_id"_s, u"order_id"_s,
                                     u"Customer_Id"_s, u"sku"_s, u"name"_s,        u"created_by"_s};
    for (int i = 0; i < 24; ++i) {
        ColumnInfo column;
        column.id = randomId(random);
        column.name = columnNames[i % columnNames.size()];
        column.tableId = fixture.namedTables[i % fixture.namedTables.size()];
        column.dataType = u"integer"_s;
        fixture.catalog.insertColumn(column);
        fixture.namedColumns.append(column.id);
    }
    for (int i = 0; i < 8; ++i)
        fixture.unknownColumns.append(randomId(random));

    const QStringList toColumnNames = {u"id"_s,   u"Id"_s,  u"customer_id"_s, u"sku"_s,
                                       u"uuid"_s, u"zip"_s, u"Ärger"_s,       u""_s};
    const QUuid source = randomId(random);
    const qint64 baseMs = 1'700'000'000'000;
    fixture.rows.reserve(count);
    for (int i = 0; i < count; ++i) {
        Relationship relationship;
        relationship.id = randomId(random);
        relationship.integrationSourceId = source;
        relationship.fromColumnId =
            random.bounded(5) == 0
                ? fixture.unknownColumns[random.bounded(int(fixture.unknownColumns.size()))]
                : fixture.namedColumns[random.bounded(int(fixture.namedColumns.size()))];
        relationship.toTableId =
            random.bounded(4) == 0
                ? fixture.unnamedTables[random.bounded(int(fixture.unnamedTables.size()))]
                : fixture.namedTables[random.bounded(int(fixture.namedTables.size()))];
        relationship.toColumnName = toColumnNames[random.bounded(int(toColumnNames.size()))];

        const int type = random.bounded(8);
        if (type == 7) {
            relationship.type = RelationshipType::Unknown;
            relationship.typeText = random.bounded(2) ? u"WEIRD_LINK"_s : u"alias"_s;
        } else {
            relationship.type = RelationshipType(type % 3);
            relationship.typeText = typeName(relationship.type);
        }
        const int status = random.bounded(8);
        if (status == 7) {
            relationship.status = RelationshipStatus::Unknown;
            relationship.statusText = random.bounded(2) ? u"ARCHIVED"_s : u"deferred"_s;
        } else {
            relationship.status = RelationshipStatus(status % 3);
            relationship.statusText = statusName(relationship.status);
        }

        const int scoreKind = random.bounded(20);
        if (scoreKind < 2) {
            relationship.hasScore = false;
        } else {
            relationship.hasScore = true;
            relationship.score = scoreKind == 2   ? 1.07
                                 : scoreKind == 3 ? -0.25
                                                  : random.bounded(201) / 200.0;
        }
        relationship.updatedAtMs = baseMs + qint64(random.bounded(400)) * 60'000;
        relationship.createdAtMs = relationship.updatedAtMs - qint64(random.bounded(100)) * 1000;
        relationship.createdAtText = formatTimestamp(relationship.createdAtMs);
        relationship.updatedAtText = formatTimestamp(relationship.updatedAtMs);
        fixture.rows.append(relationship);
    }
    return fixture;
}

std::vector<int> bruteForceSorted(const RelationshipStore& store, std::vector<int> rows,
                                  Column column, Qt::SortOrder order)
{
    return ReferenceOrder::sorted(ReferenceOrder::rowsOf(store), std::move(rows), column, order);
}

// The rows `filter` keeps, by the reference of the filter language (one for every test).
std::vector<int> bruteForceFiltered(const RelationshipStore& store,
                                    const RelationshipFilter& filter)
{
    std::vector<int> kept;
    for (int row = 0; row < store.size(); ++row) {
        if (!filter.hasQuery() || ReferenceFilter::matches(*filter.query, store, row))
            kept.push_back(row);
    }
    return kept;
}

std::vector<int> allRows(const RelationshipStore& store)
{
    std::vector<int> rows(size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

QString display(const RelationshipTableModel& model, int viewRow, Column column,
                int role = Qt::DisplayRole)
{
    return model.data(model.index(viewRow, column), role).toString();
}

} // namespace

class TestRelationshipTableModel : public QObject
{
    Q_OBJECT

private slots:
    void passesModelTesterThroughLoadSortFilterAndChanges();
    void sortsLikeBruteForce_data();
    void sortsLikeBruteForce();
    void filtersLikeBruteForce_data();
    void filtersLikeBruteForce();
    void keepsSortWhenFiltering();
    void filtersByQuery();
    void sortsChangedRowsByTheirNewKeys_data();
    void sortsChangedRowsByTheirNewKeys();
    void agreesWithBruteForceOnDemoData();
    void keepsCurrentAndSelectionAcrossSort();
    void batchesRowChangesAndKeepsDecidedRowsVisible();
    void showsPendingFailedAndGoneRows();
    void showsMissingAndOutOfRangeScores();
    void showsCatalogLabelsAndShortIds();
    void summarisesShownAndTotal();
};

void TestRelationshipTableModel::passesModelTesterThroughLoadSortFilterAndChanges()
{
    RelationshipStore store;
    RelationshipTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);

    Fixture fixture = makeFixture(240, 7);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    QCOMPARE(model.rowCount(), 240);

    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        model.sort(column, Qt::AscendingOrder);
        model.sort(column, Qt::DescendingOrder);
    }
    RelationshipFilter filter = ReferenceFilter::filterOf(u"order"_s);
    model.setFilter(filter);
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.rowCount() < 240);
    model.setFilter(ReferenceFilter::filterOf(u"order"_s, RelationshipStatus::Suggested));
    model.setFilter({});
    QCOMPARE(model.rowCount(), 240);

    store.markPending({3, 50, 200}, RelationshipStatus::Approved);
    store.markFailed(50, u"HTTP 503"_s);
    store.markGone(3, u"not found"_s);
    Relationship answer = store.rows().relationship(200);
    answer.status = RelationshipStatus::Approved;
    answer.statusText = statusName(answer.status);
    answer.toColumnName = u"a_new_name"_s;
    store.applyServerAnswer(200, answer);
    model.sort(Column::ToColumnColumn, Qt::AscendingOrder);
    QCOMPARE(model.data(model.index(0, Column::ToColumnColumn)).toString(), u""_s);

    ColumnCatalog renamed = store.catalog();
    renamed.setTableName(fixture.unnamedTables.first(), u"aaa_first"_s);
    store.setCatalog(renamed);
    model.sort(Column::ToTableColumn, Qt::AscendingOrder);
    bool renamedShown = false;
    for (int view = 0; view < model.rowCount(); ++view) {
        const QString label = display(model, view, Column::ToTableColumn);
        renamedShown = renamedShown || label == u"aaa_first"_s;
        if (view > 0)
            QVERIFY(
                !ReferenceOrder::labelLess(label, display(model, view - 1, Column::ToTableColumn)));
    }
    QVERIFY(renamedShown);

    Fixture second = makeFixture(60, 8);
    store.adopt(std::move(second.rows), second.catalog);
    QCOMPARE(model.rowCount(), 60);
    store.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestRelationshipTableModel::sortsLikeBruteForce_data()
{
    QTest::addColumn<int>("rowCount");
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    // 300 rows take the comparison sort, 5000 the radix sort.
    for (int rowCount : {300, 5000}) {
        for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QString name = u"%1 rows, column %2, %3"_s.arg(rowCount).arg(column).arg(
                    order == Qt::AscendingOrder ? u"ascending"_s : u"descending"_s);
                QTest::newRow(qPrintable(name)) << rowCount << column << order;
            }
        }
    }
}

void TestRelationshipTableModel::sortsLikeBruteForce()
{
    QFETCH(int, rowCount);
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);

    RelationshipStore store;
    Fixture fixture = makeFixture(rowCount, 11);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    // Pending rows sort by their intended status.
    store.markPending({0, 1, 2, 3, 4, 5}, RelationshipStatus::Rejected);
    RelationshipTableModel model(&store);

    model.sort(column, order);
    QCOMPARE(model.sortColumn(), column);
    QCOMPARE(model.sortOrder(), order);
    const std::vector<int> expected =
        bruteForceSorted(store, allRows(store), Column(column), order);
    QCOMPARE(model.visibleRows(), expected);
    for (int view = 0; view < model.rowCount(); ++view)
        QCOMPARE(model.viewRow(model.storeRow(view)), view);
}

void TestRelationshipTableModel::filtersLikeBruteForce_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status"); // -1: any
    QTest::addColumn<int>("type");   // -1: any

    const int any = -1;
    const int unknownStatus = int(RelationshipStatus::Unknown);
    QTest::newRow("nothing") << QString() << any << any;
    for (int status = 0; status <= unknownStatus; ++status)
        QTest::newRow(qPrintable(u"status %1"_s.arg(status))) << QString() << status << any;
    for (int type = 0; type <= int(RelationshipType::Unknown); ++type)
        QTest::newRow(qPrintable(u"type %1"_s.arg(type))) << QString() << any << type;
    const QStringList texts = {u"order"_s,     u"ORDERS.ID"_s, u"cust"_s,     u"äpfel"_s,
                               u"ärger"_s,     u"approved"_s,  u"foreign"_s,  u"FOREIGN_KEY"_s,
                               u"weird"_s,     u"archived"_s,  u"Deferred"_s, u"alias"_s,
                               u"…"_s,         u"-4"_s,        u"a"_s,        u"zz-nothing-zz"_s,
                               u"suggested"_s, u"manual"_s,    u"ab"_s,       u"-"_s,
                               u"0-"_s,        u"4-8"_s,       u"ABC"_s,      u"-a"_s,
                               u"e-4"_s};
    for (const QString& text : texts)
        QTest::newRow(qPrintable(u"text "_s + text)) << text << any << any;
    QTest::newRow("text and status") << u"id"_s << int(RelationshipStatus::Approved) << any;
    QTest::newRow("text and type") << u"cust"_s << any << int(RelationshipType::Manual);
    QTest::newRow("status and type")
        << QString() << int(RelationshipStatus::Rejected) << int(RelationshipType::ForeignKey);
    QTest::newRow("all three") << u"o"_s << int(RelationshipStatus::Suggested)
                               << int(RelationshipType::Inferred);
    QTest::newRow("unknown status text") << u"arch"_s << unknownStatus << any;
}

void TestRelationshipTableModel::filtersLikeBruteForce()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    QFETCH(int, type);

    RelationshipStore store;
    Fixture fixture = makeFixture(3000, 23);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    // Pending rows filter by their intended status, failed ones by the server's.
    store.markPending({10, 11, 12, 13}, RelationshipStatus::Approved);
    store.markPending({14}, RelationshipStatus::Rejected);
    store.markFailed(14, u"HTTP 500"_s);
    RelationshipTableModel model(&store);
    QSignalSpy visibleChanged(&model, &RelationshipTableModel::visibleRowsChanged);

    std::optional<RelationshipStatus> wantedStatus;
    if (status >= 0)
        wantedStatus = RelationshipStatus(status);
    std::optional<RelationshipType> wantedType;
    if (type >= 0)
        wantedType = RelationshipType(type);
    RelationshipFilter filter = ReferenceFilter::filterOf(text, wantedStatus, wantedType);
    model.setFilter(filter);
    QCOMPARE(model.filter(), filter);
    QCOMPARE(visibleChanged.count(), 1);

    const std::vector<int> expected = bruteForceFiltered(store, filter);
    QCOMPARE(model.visibleRows(), expected);

    // The ids are searched too: any piece of one finds it, across dashes and in any case.
    if (text.isEmpty() && status < 0 && type < 0) {
        const int row = 1234;
        const QString id = store.rows().row(row).id.toString(QUuid::WithoutBraces);
        for (const QString& piece :
             {id, id.left(8), id.mid(6, 9), id.mid(9, 9).toUpper(), id.right(12), id.mid(17, 3)}) {
            filter = ReferenceFilter::filterOf(piece);
            model.setFilter(filter);
            QCOMPARE(model.visibleRows(), bruteForceFiltered(store, filter));
            QVERIFY(model.viewRow(row) >= 0);
        }
    }
}

// A query of the filter language narrows the rows like the other fields, by the same definition.
void TestRelationshipTableModel::filtersByQuery()
{
    RelationshipStore store;
    Fixture fixture = makeFixture(3000, 29);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    store.markPending({1, 2, 3}, RelationshipStatus::Rejected);
    RelationshipTableModel model(&store);
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);

    for (const QString& text : {QString(), u"cust"_s}) {
        const RelationshipFilter filter =
            RelationshipFilter::byQuery(u"score>=0.5 -status:rejected "_s + text);
        QVERIFY(filter.hasQuery());
        model.setFilter(filter);
        const std::vector<int> expected = bruteForceFiltered(store, filter);
        QVERIFY(!expected.empty());
        QVERIFY(expected.size() < size_t(store.size()) / 2);
        QCOMPARE(model.visibleRows(),
                 bruteForceSorted(store, expected, Column::ScoreColumn, Qt::DescendingOrder));
    }
}

void TestRelationshipTableModel::keepsSortWhenFiltering()
{
    RelationshipStore store;
    Fixture fixture = makeFixture(4000, 31);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);

    RelationshipFilter filter;
    for (const QString& text : {u"c"_s, u"cu"_s, u"cus"_s, u"cu"_s, u""_s}) {
        filter = ReferenceFilter::filterOf(text);
        model.setFilter(filter);
        QCOMPARE(model.visibleRows(), bruteForceSorted(store, bruteForceFiltered(store, filter),
                                                       Column::ScoreColumn, Qt::DescendingOrder));
    }
    // Decisions change sort keys; the next filter sorts by the new ones.
    model.sort(Column::StatusColumn, Qt::AscendingOrder);
    store.markPending({0, 100, 2000}, RelationshipStatus::Rejected);
    filter = ReferenceFilter::filterOf(u"o"_s);
    model.setFilter(filter);
    QCOMPARE(model.visibleRows(), bruteForceSorted(store, bruteForceFiltered(store, filter),
                                                   Column::StatusColumn, Qt::AscendingOrder));
}

void TestRelationshipTableModel::sortsChangedRowsByTheirNewKeys_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<bool>("newNames"); // answers bring names no row had before
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            for (bool newNames : {false, true}) {
                const QString name =
                    u"column %1, %2%3"_s.arg(column)
                        .arg(order == Qt::AscendingOrder ? u"ascending"_s : u"descending"_s)
                        .arg(newNames ? u", new names"_s : QString());
                QTest::newRow(qPrintable(name)) << column << order << newNames;
            }
        }
    }
}

// Decisions and answers arriving under a sort are placed by their new keys at the next filter,
// whether the model repairs its order or sorts again.
void TestRelationshipTableModel::sortsChangedRowsByTheirNewKeys()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(bool, newNames);

    RelationshipStore store;
    Fixture fixture = makeFixture(3000, 97);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    model.sort(column, order);

    QRandomGenerator random(quint32(column * 2 + int(order)));
    for (int round = 0; round < 3; ++round) {
        QList<int> decided;
        for (int i = 0; i < 40; ++i)
            decided.append(random.bounded(store.size()));
        store.markPending(decided, RelationshipStatus(random.bounded(3)));
        store.markFailed(decided.first(), u"HTTP 500"_s);
        for (int i = 0; i < 20; ++i) {
            const int row = random.bounded(store.size());
            Relationship answer = store.rows().relationship(row);
            answer.status = RelationshipStatus(random.bounded(3));
            answer.statusText = statusName(answer.status);
            answer.score = random.bounded(101) / 100.0;
            answer.hasScore = random.bounded(5) != 0;
            answer.updatedAtMs += 3'600'000;
            answer.updatedAtText = formatTimestamp(answer.updatedAtMs);
            answer.toColumnName = newNames ? u"renamed_%1"_s.arg(round) : u"sku"_s;
            if (newNames && i == 0)
                answer.fromColumnId = fixture.unknownColumns.last();
            store.applyServerAnswer(row, answer);
        }
        if (newNames) {
            Relationship unknown = store.rows().relationship(5);
            unknown.type = RelationshipType::Unknown;
            unknown.typeText = u"NEW_KIND_%1"_s.arg(round);
            unknown.status = RelationshipStatus::Unknown;
            unknown.statusText = u"NEW_STATE_%1"_s.arg(round);
            store.applyServerAnswer(5, unknown);
        }
        model.setFilter({});
        QCOMPARE(model.visibleRows(),
                 bruteForceSorted(store, allRows(store), Column(column), order));
    }
}

// The generated demo data: realistic names from a catalog, scores and evidence as the product
// shows them.
void TestRelationshipTableModel::agreesWithBruteForceOnDemoData()
{
    DemoDataGenerator::Options options;
    options.relationshipCount = 2500;
    const DemoDataGenerator generator(options);
    RelationshipRows rows;
    for (int i = 0; i < options.relationshipCount; ++i)
        rows.append(generator.relationship(i));
    RelationshipStore store;
    store.adopt(std::move(rows), generator.catalog());
    RelationshipTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            model.sort(column, order);
            QCOMPARE(model.visibleRows(),
                     bruteForceSorted(store, allRows(store), Column(column), order));
        }
    }

    const QString someTable = store.catalog().tableNames().cbegin().value();
    QVERIFY(!someTable.isEmpty());
    RelationshipFilter filter = ReferenceFilter::filterOf(someTable.left(4).toUpper());
    model.setFilter(filter);
    QVERIFY(model.rowCount() > 0);
    QCOMPARE(model.visibleRows(), bruteForceSorted(store, bruteForceFiltered(store, filter),
                                                   Column::UpdatedColumn, Qt::DescendingOrder));
    filter = ReferenceFilter::filterOf(someTable.left(4).toUpper(), RelationshipStatus::Suggested,
                                       RelationshipType::Inferred);
    model.setFilter(filter);
    QCOMPARE(model.visibleRows(), bruteForceSorted(store, bruteForceFiltered(store, filter),
                                                   Column::UpdatedColumn, Qt::DescendingOrder));
}

void TestRelationshipTableModel::keepsCurrentAndSelectionAcrossSort()
{
    RelationshipStore store;
    Fixture fixture = makeFixture(500, 41);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    QItemSelectionModel selection(&model);

    const int currentStoreRow = model.storeRow(123);
    selection.setCurrentIndex(model.index(123, Column::StatusColumn),
                              QItemSelectionModel::NoUpdate);
    const QList<int> selectedViewRows = {5, 6, 7, 300, 499};
    QSet<int> selectedStoreRows;
    for (int view : selectedViewRows) {
        selection.select(model.index(view, 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selectedStoreRows.insert(model.storeRow(view));
    }

    for (int column : {int(Column::ScoreColumn), int(Column::FromColumn)}) {
        for (Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            model.sort(column, order);
            const QModelIndex current = selection.currentIndex();
            QVERIFY(current.isValid());
            QCOMPARE(current.column(), int(Column::StatusColumn));
            QCOMPARE(current.data(RelationshipTableModel::StoreRowRole).toInt(), currentStoreRow);
            QSet<int> nowSelected;
            for (const QModelIndex& index : selection.selectedRows())
                nowSelected.insert(index.data(RelationshipTableModel::StoreRowRole).toInt());
            QCOMPARE(nowSelected, selectedStoreRows);
        }
    }
}

void TestRelationshipTableModel::batchesRowChangesAndKeepsDecidedRowsVisible()
{
    RelationshipStore store;
    Fixture fixture = makeFixture(800, 53);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    model.sort(Column::UpdatedColumn, Qt::AscendingOrder);
    const RelationshipFilter suggested = RelationshipFilter::byQuery(u"status:suggested"_s);
    model.setFilter(suggested);
    const int shown = model.rowCount();
    QVERIFY(shown > 10);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    const QList<int> decided = {model.storeRow(2), model.storeRow(shown - 3), model.storeRow(7)};
    const int hidden = [&] {
        for (int row = 0; row < store.size(); ++row) {
            if (model.viewRow(row) < 0)
                return row;
        }
        return -1;
    }();
    QVERIFY(hidden >= 0);
    store.markPending(decided + QList<int>{hidden}, RelationshipStatus::Approved);

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(2, 0));
    QCOMPARE(changed.first().at(1).toModelIndex(),
             model.index(shown - 3, RelationshipTableModel::ColumnCount - 1));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    // Decided away from the filter, the rows stay where they were until it is applied again.
    QCOMPARE(model.rowCount(), shown);
    for (int row : decided) {
        QCOMPARE(model.storeRow(model.viewRow(row)), row);
        QCOMPARE(model
                     .data(model.index(model.viewRow(row), 0),
                           RelationshipTableModel::EffectiveStatusRole)
                     .toInt(),
                 int(RelationshipStatus::Approved));
    }
    QCOMPARE(model.viewRow(hidden), -1);

    model.setFilter(suggested);
    QCOMPARE(model.rowCount(), shown - 3);
    for (int row : decided)
        QCOMPARE(model.viewRow(row), -1);
}

void TestRelationshipTableModel::showsPendingFailedAndGoneRows()
{
    RelationshipStore store;
    Fixture fixture = makeFixture(200, 61);
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    int row = 0;
    while (row < store.size() && store.rows().row(row).status != RelationshipStatus::Suggested)
        ++row;
    QVERIFY(row < store.size());
    const int view = model.viewRow(row);
    QCOMPARE(display(model, view, Column::StatusColumn),
             statusDisplayName(RelationshipStatus::Suggested));
    QCOMPARE(model
                 .data(model.index(view, Column::StatusColumn),
                       RelationshipTableModel::DeliveryStateRole)
                 .toInt(),
             int(DeliveryState::None));

    store.markPending({row}, RelationshipStatus::Approved);
    const QString pending = display(model, view, Column::StatusColumn);
    QVERIFY2(pending.startsWith(statusDisplayName(RelationshipStatus::Approved)),
             qPrintable(pending));
    QVERIFY(pending.contains(u'…'));
    QCOMPARE(model.data(model.index(view, 0), RelationshipTableModel::DeliveryStateRole).toInt(),
             int(DeliveryState::Pending));
    QCOMPARE(model.data(model.index(view, 0), RelationshipTableModel::EffectiveStatusRole).toInt(),
             int(RelationshipStatus::Approved));
    QVERIFY(display(model, view, Column::StatusColumn, Qt::ToolTipRole)
                .contains(statusName(RelationshipStatus::Suggested)));

    // A failure reverts to the server's status and says why wherever the pointer rests.
    store.markFailed(row, u"HTTP 503 Service Unavailable"_s);
    const QString failed = display(model, view, Column::StatusColumn);
    QVERIFY2(failed.startsWith(statusDisplayName(RelationshipStatus::Suggested)),
             qPrintable(failed));
    QVERIFY(failed != statusDisplayName(RelationshipStatus::Suggested));
    QCOMPARE(model.data(model.index(view, 0), RelationshipTableModel::DeliveryStateRole).toInt(),
             int(DeliveryState::Failed));
    QCOMPARE(model.data(model.index(view, 0), RelationshipTableModel::EffectiveStatusRole).toInt(),
             int(RelationshipStatus::Suggested));
    for (int column = 0; column < RelationshipTableModel::ColumnCount; ++column) {
        QVERIFY(display(model, view, Column(column), Qt::ToolTipRole)
                    .contains(u"HTTP 503 Service Unavailable"_s));
    }

    store.markGone(row, u"Relationship not found"_s);
    QCOMPARE(model.data(model.index(view, 0), RelationshipTableModel::DeliveryStateRole).toInt(),
             int(DeliveryState::Gone));
    QVERIFY(display(model, view, Column::StatusColumn) != failed);
    QVERIFY(display(model, view, Column::StatusColumn) !=
            statusDisplayName(RelationshipStatus::Suggested));
    QVERIFY(display(model, view, Column::StatusColumn, Qt::ToolTipRole)
                .contains(u"Relationship not found"_s));

    // Unknown values are shown as they came.
    int unknownStatusRow = 0;
    while (unknownStatusRow < store.size() &&
           store.rows().row(unknownStatusRow).status != RelationshipStatus::Unknown)
        ++unknownStatusRow;
    QVERIFY(unknownStatusRow < store.size());
    QCOMPARE(display(model, model.viewRow(unknownStatusRow), Column::StatusColumn),
             store.rows().statusText(unknownStatusRow));
    int unknownTypeRow = 0;
    while (unknownTypeRow < store.size() &&
           store.rows().row(unknownTypeRow).type != RelationshipType::Unknown)
        ++unknownTypeRow;
    QVERIFY(unknownTypeRow < store.size());
    QCOMPARE(display(model, model.viewRow(unknownTypeRow), Column::TypeColumn),
             store.rows().typeText(unknownTypeRow));

    // The roles a view or a delegate needs.
    QCOMPARE(model.data(model.index(view, 3), RelationshipTableModel::StoreRowRole).toInt(), row);
    QCOMPARE(model.data(model.index(view, 3), RelationshipTableModel::RelationshipIdRole).toUuid(),
             store.rows().row(row).id);
    QVERIFY(!model.data(model.index(view, Column::StatusColumn), Qt::ForegroundRole).isValid());
    QVERIFY(!model.data(model.index(view, Column::StatusColumn), Qt::DecorationRole).isValid());
    QCOMPARE(model.data(model.index(view, Column::UpdatedColumn), RelationshipTableModel::SortRole)
                 .toLongLong(),
             store.rows().row(row).updatedAtMs);
    QVERIFY(!display(model, view, Column::UpdatedColumn).isEmpty());
}

void TestRelationshipTableModel::showsMissingAndOutOfRangeScores()
{
    Fixture fixture = makeFixture(0, 71);
    const auto add = [&fixture](bool hasScore, double score) {
        Relationship relationship;
        relationship.id = QUuid::createUuid();
        relationship.fromColumnId = fixture.namedColumns.first();
        relationship.toTableId = fixture.namedTables.first();
        relationship.toColumnName = u"id"_s;
        relationship.typeText = typeName(relationship.type);
        relationship.statusText = statusName(relationship.status);
        relationship.hasScore = hasScore;
        relationship.score = hasScore ? score : std::nan("");
        relationship.updatedAtMs = relationship.createdAtMs = 1'700'000'000'000;
        relationship.createdAtText = relationship.updatedAtText =
            formatTimestamp(1'700'000'000'000);
        return fixture.rows.append(relationship);
    };
    const int missing = add(false, 0);
    const int above = add(true, 1.07);
    const int below = add(true, -0.25);
    const int inRange = add(true, 0.5);
    const int one = add(true, 1.0);
    RelationshipStore store;
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);

    QCOMPARE(display(model, model.viewRow(missing), Column::ScoreColumn), u"—"_s);
    QVERIFY(std::isnan(model
                           .data(model.index(model.viewRow(missing), Column::ScoreColumn),
                                 RelationshipTableModel::SortRole)
                           .toDouble()));
    const QString aboveText = display(model, model.viewRow(above), Column::ScoreColumn);
    QVERIFY2(aboveText.startsWith(QLocale().toString(1.07, 'f', 2)), qPrintable(aboveText));
    QVERIFY(aboveText.contains(u'⚠'));
    QVERIFY(display(model, model.viewRow(above), Column::ScoreColumn, Qt::ToolTipRole)
                .contains(u"0–1"_s));
    QVERIFY(display(model, model.viewRow(below), Column::ScoreColumn).contains(u'⚠'));
    QCOMPARE(display(model, model.viewRow(inRange), Column::ScoreColumn),
             QLocale().toString(0.5, 'f', 2));
    QCOMPARE(display(model, model.viewRow(one), Column::ScoreColumn),
             QLocale().toString(1.0, 'f', 2));
    const QVariant alignment =
        model.data(model.index(model.viewRow(inRange), Column::ScoreColumn), Qt::TextAlignmentRole);
    QVERIFY(Qt::Alignment(alignment.toInt()) & Qt::AlignRight);

    model.sort(Column::ScoreColumn, Qt::AscendingOrder);
    QCOMPARE(model.visibleRows(), (std::vector<int>{below, inRange, one, above, missing}));
    model.sort(Column::ScoreColumn, Qt::DescendingOrder);
    QCOMPARE(model.visibleRows(), (std::vector<int>{above, one, inRange, below, missing}));
}

void TestRelationshipTableModel::showsCatalogLabelsAndShortIds()
{
    Fixture fixture = makeFixture(0, 83);
    const auto add = [&fixture](const QUuid& from, const QUuid& toTable) {
        Relationship relationship;
        relationship.id = QUuid::createUuid();
        relationship.fromColumnId = from;
        relationship.toTableId = toTable;
        relationship.toColumnName = u"id"_s;
        relationship.typeText = typeName(relationship.type);
        relationship.statusText = statusName(relationship.status);
        relationship.createdAtText = relationship.updatedAtText = formatTimestamp(0);
        return fixture.rows.append(relationship);
    };
    const QUuid namedColumn = fixture.namedColumns.first();
    const ColumnInfo* info = fixture.catalog.column(namedColumn);
    QVERIFY(info);
    const QString namedLabel = fixture.catalog.tableName(info->tableId) % u'.' % info->name;
    // Its short id sorts before "customers"; the name it gets later sorts after.
    const QUuid lateTable(u"00000000-1111-4222-8333-444444444444"_s);
    const int named = add(namedColumn, fixture.namedTables.at(2));
    const int unknown = add(fixture.unknownColumns.first(), lateTable);
    RelationshipStore store;
    store.adopt(std::move(fixture.rows), fixture.catalog);
    RelationshipTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    QCOMPARE(display(model, model.viewRow(named), Column::FromColumn), namedLabel);
    QCOMPARE(display(model, model.viewRow(named), Column::ToTableColumn), u"customers"_s);
    QCOMPARE(display(model, model.viewRow(unknown), Column::FromColumn),
             shortId(fixture.unknownColumns.first()));
    QCOMPARE(display(model, model.viewRow(unknown), Column::ToTableColumn), shortId(lateTable));
    // Full ids are one hover away.
    QVERIFY(display(model, model.viewRow(unknown), Column::FromColumn, Qt::ToolTipRole)
                .contains(fixture.unknownColumns.first().toString(QUuid::WithoutBraces)));
    QVERIFY(display(model, model.viewRow(unknown), Column::ToTableColumn, Qt::ToolTipRole)
                .contains(lateTable.toString(QUuid::WithoutBraces)));

    // Names arriving later replace the short ids, in display, search and a name sort.
    model.sort(Column::ToTableColumn, Qt::AscendingOrder);
    const RelationshipFilter filter = ReferenceFilter::filterOf(u"warehouse_late"_s);
    model.setFilter(filter);
    QCOMPARE(model.rowCount(), 0);
    model.setFilter({});
    QCOMPARE(model.visibleRows(), (std::vector<int>{unknown, named}));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ColumnCatalog catalog = store.catalog();
    catalog.setTableName(lateTable, u"zz_warehouse_late"_s);
    store.setCatalog(catalog);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(display(model, model.viewRow(unknown), Column::ToTableColumn), u"zz_warehouse_late"_s);
    QCOMPARE(model.visibleRows(), (std::vector<int>{named, unknown}));
    model.setFilter(filter);
    QCOMPARE(model.visibleRows(), (std::vector<int>{unknown}));
}

void TestRelationshipTableModel::summarisesShownAndTotal()
{
    const QString all = RelationshipTableModel::shownOfTotalText(52000, 52000);
    const QString some = RelationshipTableModel::shownOfTotalText(1204, 52000);
    QVERIFY2(all.contains(QLocale().toString(52000)), qPrintable(all));
    QVERIFY2(some.contains(QLocale().toString(1204)), qPrintable(some));
    QVERIFY2(some.contains(QLocale().toString(52000)), qPrintable(some));
    QVERIFY(!all.contains(QLocale().toString(1204)));
    QVERIFY(RelationshipTableModel::shownOfTotalText(1, 1) !=
            RelationshipTableModel::shownOfTotalText(2, 2));
}

QTEST_GUILESS_MAIN(TestRelationshipTableModel)
#include "tst_relationshiptablemodel.moc"
