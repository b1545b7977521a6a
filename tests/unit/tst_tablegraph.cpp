// The relationship graph's data and layout: which rows touch which table (TableGraphIndex), the
// current row's neighbourhood, the whole source's overview, and the Graphviz wrapper (a position
// for every node and a route for every edge, boxes that do not overlap, the same picture twice).
#include "GraphLayout.h"
#include "ListSnapshot.h"
#include "RelationshipStore.h"
#include "TableGraph.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace {

QUuid uuid(int n)
{
    return QUuid(u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QLatin1Char('0')));
}

// A small warehouse: tables 1..6, each with columns; table 6 has no name; column 99 is in no
// table the catalog knows.
struct Warehouse
{
    ColumnCatalog catalog;
    std::shared_ptr<RelationshipRows> rows = std::make_shared<RelationshipRows>();

    Warehouse()
    {
        const char* names[] = {"", "orders", "customers", "products", "stores", "regions"};
        for (int t = 1; t <= 6; ++t) {
            if (t <= 5)
                catalog.setTableName(uuid(t), QString::fromLatin1(names[t]));
        }
    }
    // Column `column` of table `table`, named `name`.
    QUuid column(int table, int column, const QString& name)
    {
        ColumnInfo info;
        info.id = uuid(1000 + table * 100 + column);
        info.name = name;
        info.tableId = uuid(table);
        catalog.insertColumn(info);
        return info.id;
    }
    int link(const QUuid& fromColumn, int toTable, const QString& toColumn,
             RelationshipStatus status, double score)
    {
        Relationship r;
        r.id = uuid(5000 + rows->size());
        r.fromColumnId = fromColumn;
        r.toTableId = uuid(toTable);
        r.toColumnName = toColumn;
        r.status = status;
        r.statusText = statusName(status);
        r.type = RelationshipType::Inferred;
        r.typeText = typeName(r.type);
        r.score = score;
        r.hasScore = true;
        return rows->append(r);
    }
    std::shared_ptr<const ListSnapshot> snapshot() const
    {
        return std::make_shared<const ListSnapshot>(1, rows, catalog);
    }
};

RowStatusOf ownStatus(const ListSnapshot& snapshot)
{
    return [&snapshot](int row) { return snapshot.rows().row(row).status; };
}

std::set<int> rowsOf(const GraphNeighbourhood& n)
{
    std::set<int> rows;
    for (const auto& edge : n.edges)
        rows.insert(edge.row);
    return rows;
}

// A graph of `nodes` boxes of varied sizes and `edges` links, the same for the same seed.
GraphLayoutInput randomGraph(int nodes, int edges, quint32 seed, GraphLayoutInput::Engine engine)
{
    QRandomGenerator random(seed);
    GraphLayoutInput input;
    input.engine = engine;
    for (int i = 0; i < nodes; ++i)
        input.nodes.push_back({60.0 + random.bounded(140), 30.0 + random.bounded(120)});
    for (int i = 0; i < edges; ++i)
        input.edges.push_back({int(random.bounded(nodes)), int(random.bounded(nodes))});
    return input;
}

QRectF boxOf(const GraphLayoutInput& input, const GraphLayoutResult& result, size_t node)
{
    const QSizeF size(input.nodes[node].width, input.nodes[node].height);
    return QRectF(result.nodeCentres[node] - QPointF(size.width() / 2, size.height() / 2), size);
}

} // namespace

class TestTableGraph : public QObject
{
    Q_OBJECT

private slots:
    void indexListsEveryRowUnderBothTables();
    void rebasedIndexFollowsAnswersWithoutAPass();
    void neighbourhoodHoldsEveryLinkTouchingBothTables();
    void rejectedLinksCanBeHidden();
    void largeNeighbourhoodKeepsTheCurrentAndApprovedLinks();
    void sameShapeIgnoresStatus();
    void overviewDrawsApprovedLinksAndSuggestedOnDemand();
    void overviewLimitsTablesAndPinsTheSearchedOne();
    void layoutPlacesEveryNodeAndEdge_data();
    void layoutPlacesEveryNodeAndEdge();
    void layoutIsDeterministic();
    void emptyLayout();
};

void TestTableGraph::indexListsEveryRowUnderBothTables()
{
    Warehouse w;
    const QUuid ordersCustomer = w.column(1, 1, u"customer_id"_s);
    const QUuid storesRegion = w.column(4, 1, u"region_id"_s);
    const int a = w.link(ordersCustomer, 2, u"id"_s, RelationshipStatus::Approved, 0.9);
    const int b = w.link(storesRegion, 5, u"id"_s, RelationshipStatus::Suggested, 0.5);
    const int unknown = w.link(uuid(99), 1, u"id"_s, RelationshipStatus::Suggested, 0.4);
    const auto index = TableGraphIndex::build(w.snapshot());
    QVERIFY(index);
    const int orders = index->tableOf(uuid(1));
    const int customers = index->tableOf(uuid(2));
    QVERIFY(orders >= 0 && customers >= 0);
    QCOMPARE(index->fromTable(a), orders);
    QCOMPARE(index->toTable(a), customers);
    const auto ordersRows = index->rowsOf(orders);
    QCOMPARE(std::vector<int>(ordersRows.begin(), ordersRows.end()),
             (std::vector<int>{a, unknown}));
    const auto customerRows = index->rowsOf(customers);
    QCOMPARE(std::vector<int>(customerRows.begin(), customerRows.end()), (std::vector<int>{a}));
    QVERIFY(index->rowsOf(index->tableOf(uuid(5)))[0] == b);
    // A from column of no known table stands for a table of its own, marked unknown.
    const int standIn = index->fromTable(unknown);
    QCOMPARE(index->tableId(standIn), uuid(99));
    QVERIFY(!index->tableKnown(standIn));
    QVERIFY(index->tableKnown(orders));
    QCOMPARE(index->fromColumnName(a), u"customer_id"_s);
    QCOMPARE(index->fromColumnName(unknown), shortId(uuid(99)));

    // A build told to stop gives nothing.
    std::atomic_bool stop = true;
    QVERIFY(!TableGraphIndex::build(w.snapshot(), &stop));
}

void TestTableGraph::rebasedIndexFollowsAnswersWithoutAPass()
{
    Warehouse w;
    const QUuid a = w.column(1, 1, u"a"_s);
    const QUuid b = w.column(3, 1, u"b"_s);
    w.link(a, 2, u"id"_s, RelationshipStatus::Suggested, 0.5);
    w.link(b, 2, u"id"_s, RelationshipStatus::Suggested, 0.5);
    RelationshipStore store;
    store.adopt(*w.rows, w.catalog);
    const auto index = TableGraphIndex::build(store.snapshot());
    QVERIFY(index);

    // A server answer that keeps the row between the same tables: the same index, rebased.
    Relationship answer = store.rows().relationship(0);
    answer.status = RelationshipStatus::Approved;
    answer.statusText = statusName(answer.status);
    store.applyServerAnswer(0, answer);
    const auto rebased = index->rebasedOn(store.snapshot());
    QVERIFY(rebased);
    QCOMPARE(rebased->version(), store.version());
    QCOMPARE(rebased->snapshot().rows().row(0).status, RelationshipStatus::Approved);
    QCOMPARE(rebased->fromTable(0), index->fromTable(0));
    QCOMPARE(rebased->tableCount(), index->tableCount());

    // A row that now links other tables needs a new pass; so do new names and skipped versions.
    answer.toTableId = uuid(4);
    store.applyServerAnswer(0, answer);
    QVERIFY(!rebased->rebasedOn(store.snapshot()));
    QVERIFY(!index->rebasedOn(store.snapshot())); // made from a version it does not hold
    const auto rebuilt = TableGraphIndex::build(store.snapshot());
    QCOMPARE(rebuilt->toTable(0), rebuilt->tableOf(uuid(4)));
    ColumnCatalog renamed = store.catalog();
    renamed.setTableName(uuid(1), u"renamed"_s);
    store.setCatalog(renamed);
    QVERIFY(!rebuilt->rebasedOn(store.snapshot()));
}

void TestTableGraph::neighbourhoodHoldsEveryLinkTouchingBothTables()
{
    Warehouse w;
    const QUuid ordersCustomer = w.column(1, 1, u"customer_id"_s);
    const QUuid ordersProduct = w.column(1, 2, u"product_id"_s);
    const QUuid productsStore = w.column(3, 1, u"store_id"_s);
    const QUuid storesRegion = w.column(4, 1, u"region_id"_s);
    const QUuid unnamedCustomer = w.column(6, 1, u"cust"_s);
    const int current = w.link(ordersProduct, 3, u"id"_s, RelationshipStatus::Suggested, 0.8);
    const int toCustomers = w.link(ordersCustomer, 2, u"id"_s, RelationshipStatus::Approved, 0.9);
    const int fromProducts = w.link(productsStore, 4, u"id"_s, RelationshipStatus::Rejected, 0.3);
    const int elsewhere = w.link(storesRegion, 5, u"id"_s, RelationshipStatus::Approved, 0.95);
    const int intoOrders =
        w.link(unnamedCustomer, 1, u"order_id"_s, RelationshipStatus::Suggested, 0.6);
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);

    const GraphNeighbourhood n = extractNeighbourhood(*index, current, ownStatus(*snapshot), true);
    QCOMPARE(rowsOf(n), (std::set<int>{current, toCustomers, fromProducts, intoOrders}));
    QVERIFY(!rowsOf(n).count(elsewhere));
    QCOMPARE(n.touching, 4);
    QCOMPARE(n.leftOut, 0);
    QCOMPARE(n.hiddenRejected, 0);
    // The current row's tables first, marked central; the others after.
    QVERIFY(n.nodes.size() == 5);
    QCOMPARE(n.nodes[0].tableId, uuid(1));
    QCOMPARE(n.nodes[1].tableId, uuid(3));
    QVERIFY(n.nodes[0].central && n.nodes[1].central);
    for (size_t i = 2; i < n.nodes.size(); ++i)
        QVERIFY(!n.nodes[i].central);
    // Edges by row, each joining the nodes of its tables; the current one marked.
    QVERIFY(std::is_sorted(n.edges.begin(), n.edges.end(),
                           [](const auto& x, const auto& y) { return x.row < y.row; }));
    QVERIFY(n.currentEdge >= 0);
    QCOMPARE(n.edges[size_t(n.currentEdge)].row, current);
    for (const auto& edge : n.edges) {
        QCOMPARE(n.nodes[size_t(edge.from)].table, index->fromTable(edge.row));
        QCOMPARE(n.nodes[size_t(edge.to)].table, index->toTable(edge.row));
        QCOMPARE(edge.status, snapshot->rows().row(edge.row).status);
    }
    // Each node lists the columns its links involve.
    QCOMPARE(n.nodes[0].columns, (QStringList{u"customer_id"_s, u"order_id"_s, u"product_id"_s}));
    QCOMPARE(n.nodes[1].columns, (QStringList{u"id"_s, u"store_id"_s}));
    QCOMPARE(n.edgeOfRow(elsewhere), -1);
    QCOMPARE(n.edgeOfRow(current), n.currentEdge);

    // Out of range: nothing.
    QVERIFY(extractNeighbourhood(*index, 99, ownStatus(*snapshot), true).nodes.empty());
}

void TestTableGraph::rejectedLinksCanBeHidden()
{
    Warehouse w;
    const QUuid a = w.column(1, 1, u"a"_s);
    const QUuid b = w.column(1, 2, u"b"_s);
    const int current = w.link(a, 2, u"id"_s, RelationshipStatus::Suggested, 0.5);
    const int rejected = w.link(b, 2, u"id"_s, RelationshipStatus::Rejected, 0.5);
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);
    // Statuses come from the caller (the overlay's pending decisions): the current row rejected.
    auto status = [&](int row) {
        return row == current ? RelationshipStatus::Rejected : snapshot->rows().row(row).status;
    };
    const GraphNeighbourhood shown = extractNeighbourhood(*index, current, status, true);
    QCOMPARE(rowsOf(shown), (std::set<int>{current, rejected}));
    QCOMPARE(shown.edges[size_t(shown.currentEdge)].status, RelationshipStatus::Rejected);
    const GraphNeighbourhood hidden = extractNeighbourhood(*index, current, status, false);
    // The current row stays even when rejected; the other rejected link goes, counted.
    QCOMPARE(rowsOf(hidden), (std::set<int>{current}));
    QCOMPARE(hidden.hiddenRejected, 1);
    QCOMPARE(hidden.touching, 2);
}

void TestTableGraph::largeNeighbourhoodKeepsTheCurrentAndApprovedLinks()
{
    Warehouse w;
    std::vector<QUuid> columns;
    for (int c = 0; c < 60; ++c)
        columns.push_back(w.column(1, c, u"c%1"_s.arg(c)));
    std::vector<int> approved;
    int current = -1;
    for (int c = 0; c < 60; ++c) {
        const RelationshipStatus status =
            c % 10 == 0 ? RelationshipStatus::Approved : RelationshipStatus::Suggested;
        const int row = w.link(columns[size_t(c)], 2 + c % 4, u"id"_s, status, c / 100.0);
        if (status == RelationshipStatus::Approved)
            approved.push_back(row);
        if (c == 1)
            current = row; // a low score: kept only because it is current
    }
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);
    const GraphNeighbourhood n =
        extractNeighbourhood(*index, current, ownStatus(*snapshot), true, 20);
    QCOMPARE(int(n.edges.size()), 20);
    QCOMPARE(n.leftOut, 40);
    QVERIFY(n.edgeOfRow(current) >= 0);
    QCOMPARE(n.edges[size_t(n.currentEdge)].row, current);
    for (int row : approved)
        QVERIFY2(n.edgeOfRow(row) >= 0, "approved links are kept first");
    // The rest: the best scored suggestions.
    double lowestKept = 1;
    for (const auto& edge : n.edges) {
        if (edge.status == RelationshipStatus::Suggested && edge.row != current)
            lowestKept = std::min(lowestKept, edge.score);
    }
    for (int row = 0; row < snapshot->size(); ++row) {
        if (n.edgeOfRow(row) < 0)
            QVERIFY(snapshot->rows().row(row).score <= lowestKept);
    }
}

void TestTableGraph::sameShapeIgnoresStatus()
{
    Warehouse w;
    const QUuid a = w.column(1, 1, u"a"_s);
    const QUuid b = w.column(1, 2, u"b"_s);
    const int first = w.link(a, 2, u"id"_s, RelationshipStatus::Suggested, 0.5);
    const int second = w.link(b, 2, u"id"_s, RelationshipStatus::Suggested, 0.5);
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);
    const GraphNeighbourhood one = extractNeighbourhood(*index, first, ownStatus(*snapshot), true);
    const GraphNeighbourhood other = extractNeighbourhood(
        *index, second, [](int) { return RelationshipStatus::Approved; }, true);
    QVERIFY(one.sameShape(other)); // the same tables and links: only styles differ
    QVERIFY(one.currentEdge != other.currentEdge);
    const GraphNeighbourhood fewer = extractNeighbourhood(
        *index, first,
        [&](int row) {
            return row == second ? RelationshipStatus::Rejected : RelationshipStatus::Suggested;
        },
        false);
    QVERIFY(!one.sameShape(fewer));
}

void TestTableGraph::overviewDrawsApprovedLinksAndSuggestedOnDemand()
{
    Warehouse w;
    const QUuid oc = w.column(1, 1, u"customer_id"_s);
    const QUuid oc2 = w.column(1, 2, u"billing_customer_id"_s);
    const QUuid op = w.column(1, 3, u"product_id"_s);
    const QUuid ps = w.column(3, 1, u"store_id"_s);
    w.link(oc, 2, u"id"_s, RelationshipStatus::Approved, 0.9);
    w.link(oc2, 2, u"id"_s, RelationshipStatus::Approved, 0.8);
    const int suggested = w.link(op, 3, u"id"_s, RelationshipStatus::Suggested, 0.7);
    w.link(ps, 4, u"id"_s, RelationshipStatus::Rejected, 0.2);
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);

    const GraphOverview approved = buildOverview(*index, {}, false, 100);
    QCOMPARE(approved.links, 2);
    QCOMPARE(approved.linkedTables, 2);
    QCOMPARE(int(approved.nodes.size()), 2);
    QVERIFY(!approved.limited());
    // Two links between the same tables, one edge counting both.
    QCOMPARE(int(approved.edges.size()), 1);
    QCOMPARE(approved.edges[0].approved, 2);
    QCOMPARE(approved.nodes[size_t(approved.edges[0].from)].tableId, uuid(1));
    QCOMPARE(approved.nodes[size_t(approved.edges[0].to)].tableId, uuid(2));

    const GraphOverview withSuggested = buildOverview(*index, {}, true, 100);
    QCOMPARE(withSuggested.links, 3);
    QCOMPARE(int(withSuggested.nodes.size()), 3);
    QCOMPARE(int(withSuggested.edges.size()), 2);

    // A pending approval counts as approved; a pending rejection takes an approved link away.
    const GraphOverview pending = buildOverview(
        *index, {{0, RelationshipStatus::Rejected}, {suggested, RelationshipStatus::Approved}},
        false, 100);
    QCOMPARE(pending.links, 2);
    QCOMPARE(int(pending.nodes.size()), 3);
}

void TestTableGraph::overviewLimitsTablesAndPinsTheSearchedOne()
{
    // A hub (table 1) linked from tables 10..39; table 40 linked only to table 41.
    Warehouse w;
    for (int t = 10; t < 40; ++t)
        w.link(w.column(t, 1, u"hub_id"_s), 1, u"id"_s, RelationshipStatus::Approved, 0.9);
    w.link(w.column(40, 1, u"x"_s), 41, u"id"_s, RelationshipStatus::Approved, 0.9);
    const auto snapshot = w.snapshot();
    const auto index = TableGraphIndex::build(snapshot);

    const GraphOverview limited = buildOverview(*index, {}, false, 10);
    QCOMPARE(int(limited.nodes.size()), 10);
    QCOMPARE(limited.linkedTables, 33);
    QVERIFY(limited.limited());
    QCOMPARE(limited.links, 31);
    QCOMPARE(limited.nodes[0].tableId, uuid(1)); // the most linked first
    QCOMPARE(limited.drawnLinks, 9);
    QCOMPARE(limited.nodeOfTable(index->tableOf(uuid(40))), -1);
    // The same input, the same tables.
    const GraphOverview again = buildOverview(*index, {}, false, 10);
    for (size_t i = 0; i < limited.nodes.size(); ++i)
        QCOMPARE(again.nodes[i].tableId, limited.nodes[i].tableId);

    const GraphOverview pinned = buildOverview(*index, {}, false, 10, index->tableOf(uuid(40)));
    const int node = pinned.nodeOfTable(index->tableOf(uuid(40)));
    QVERIFY(node >= 0);
    QVERIFY(pinned.nodes[size_t(node)].pinned);
    QVERIFY(pinned.nodeOfTable(index->tableOf(uuid(41))) >= 0); // with its neighbour
    QCOMPARE(pinned.drawnLinks, 10);
}

void TestTableGraph::layoutPlacesEveryNodeAndEdge_data()
{
    QTest::addColumn<int>("engine");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("edges");
    QTest::newRow("layered, small") << int(GraphLayoutInput::Engine::Layered) << 5 << 8;
    QTest::newRow("layered, 200 edges") << int(GraphLayoutInput::Engine::Layered) << 60 << 200;
    QTest::newRow("spring, 80 tables") << int(GraphLayoutInput::Engine::Spring) << 80 << 150;
}

void TestTableGraph::layoutPlacesEveryNodeAndEdge()
{
    QFETCH(int, engine);
    QFETCH(int, nodes);
    QFETCH(int, edges);
    const GraphLayoutInput input = randomGraph(nodes, edges, 7, GraphLayoutInput::Engine(engine));
    const GraphLayoutResult result = GraphLayout::compute(input);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(int(result.nodeCentres.size()), nodes);
    QCOMPARE(int(result.edgePaths.size()), edges);
    QCOMPARE(int(result.edgeMiddles.size()), edges);
    const QRectF bounds = result.bounds.adjusted(-1, -1, 1, 1);
    for (size_t i = 0; i < input.nodes.size(); ++i) {
        const QRectF box = boxOf(input, result, i);
        QVERIFY2(bounds.contains(box.adjusted(1, 1, -1, -1)), "every node inside the bounds");
        for (size_t j = i + 1; j < input.nodes.size(); ++j) {
            const QRectF other = boxOf(input, result, j);
            const QRectF overlap = box.intersected(other);
            QVERIFY2(overlap.width() < 1 || overlap.height() < 1,
                     qPrintable(u"nodes %1 and %2 overlap"_s.arg(i).arg(j)));
        }
    }
    for (size_t e = 0; e < input.edges.size(); ++e) {
        const std::vector<QPointF>& path = result.edgePaths[e];
        // A cubic Bézier path: a start and three points per segment.
        QVERIFY2(path.size() >= 4 && (path.size() - 1) % 3 == 0,
                 qPrintable(u"edge %1 has %2 points"_s.arg(e).arg(path.size())));
        // It leaves its from node and arrives at its to node (at their borders).
        const QRectF from =
            boxOf(input, result, size_t(input.edges[e].from)).adjusted(-4, -4, 4, 4);
        const QRectF to = boxOf(input, result, size_t(input.edges[e].to)).adjusted(-4, -4, 4, 4);
        QVERIFY2(from.contains(path.front()), qPrintable(u"edge %1 starts off its node"_s.arg(e)));
        QVERIFY2(to.contains(path.back()), qPrintable(u"edge %1 ends off its node"_s.arg(e)));
        QVERIFY(bounds.adjusted(-20, -20, 20, 20).contains(result.edgeMiddles[e]));
    }
}

void TestTableGraph::layoutIsDeterministic()
{
    for (auto engine : {GraphLayoutInput::Engine::Layered, GraphLayoutInput::Engine::Spring}) {
        const GraphLayoutInput input = randomGraph(30, 60, 11, engine);
        const GraphLayoutResult first = GraphLayout::compute(input);
        const GraphLayoutResult second = GraphLayout::compute(input);
        QVERIFY(first.ok && second.ok);
        QCOMPARE(first.bounds, second.bounds);
        QCOMPARE(first.nodeCentres, second.nodeCentres);
        QCOMPARE(first.edgePaths, second.edgePaths);
    }
    // A stopped job does not lay anything out.
    std::atomic_bool stop = true;
    QVERIFY(
        !GraphLayout::compute(randomGraph(3, 2, 1, GraphLayoutInput::Engine::Layered), &stop).ok);
}

void TestTableGraph::emptyLayout()
{
    const GraphLayoutResult result = GraphLayout::compute({});
    QVERIFY(result.ok);
    QVERIFY(result.nodeCentres.empty());
}

QTEST_GUILESS_MAIN(TestTableGraph)
#include "tst_tablegraph.moc"
