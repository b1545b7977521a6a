// relreview-graph-benchmark: how fast the graph pane redraws a neighbourhood of 200 links when
// the current row changes (docs/benchmark.md). Run by hand, never by CTest:
//
//   QT_QPA_PLATFORM=offscreen build/tests/benchmark/relreview-graph-benchmark [--rows N]
//
// A list of N rows (default 100,000) in which the rows of two tables, `orders` and `customers`,
// touch exactly 200 links; the pane (470×900, as docked) is shown and measured from the event
// loop with a 5 ms heartbeat:
//  - restyle: the next row between the same two tables (the same picture, other current link);
//  - new neighbourhood: from a small neighbourhood to the 200-link one (a Graphviz layout off the
//    UI thread; the old picture stays until it lands): the UI thread's worst stall, and the time
//    until the new picture is drawn;
//  - Graphviz alone: GraphLayout::compute() on the same 200-link graph.
// A frame at 60 Hz is 16.7 ms: the stalls are what must stay under it.
#include "BenchmarkSupport.h"
#include "GraphItems.h"
#include "GraphLayout.h"
#include "GraphPane.h"
#include "RelationshipStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QUuid uuid(quint32 kind, quint32 n)
{
    return QUuid(kind, quint16(n >> 16), quint16(0x4000 | (n & 0x0fff)), 0x80, 0, 0, 0, 0, 0,
                 quint8(n >> 8), quint8(n));
}

struct Data
{
    ColumnCatalog catalog;
    RelationshipRows rows;
    std::vector<int> sameTables; // rows between orders and customers
    int smallRow = -1;           // a row with a small neighbourhood
};

// orders (table 1) and customers (table 2): 20 links orders → customers, 90 tables → customers,
// orders → 90 tables: 200 links touch the two. The rest of the rows link other tables in pairs.
Data makeData(int rowCount)
{
    Data data;
    quint32 nextColumn = 1;
    auto table = [&](quint32 id, const QString& name) {
        data.catalog.setTableName(uuid(1, id), name);
        return uuid(1, id);
    };
    auto column = [&](const QUuid& tableId, const QString& name) {
        ColumnInfo info;
        info.id = uuid(2, nextColumn++);
        info.name = name;
        info.tableId = tableId;
        data.catalog.insertColumn(info);
        return info.id;
    };
    quint32 nextRow = 1;
    auto link = [&](const QUuid& from, const QUuid& toTable, const QString& toColumn,
                    RelationshipStatus status, double score) {
        Relationship r;
        r.id = uuid(3, nextRow++);
        r.fromColumnId = from;
        r.toTableId = toTable;
        r.toColumnName = toColumn;
        r.status = status;
        r.statusText = statusName(status);
        r.type = RelationshipType::Inferred;
        r.typeText = typeName(r.type);
        r.score = score;
        r.hasScore = true;
        return data.rows.append(r);
    };
    const RelationshipStatus statuses[] = {
        RelationshipStatus::Suggested, RelationshipStatus::Approved, RelationshipStatus::Rejected};
    const QUuid orders = table(1, u"orders"_s);
    const QUuid customers = table(2, u"customers"_s);
    for (int i = 0; i < 20; ++i)
        data.sameTables.push_back(link(column(orders, u"customer_ref_%1"_s.arg(i)), customers,
                                       u"id"_s, statuses[i % 3], 0.5 + i / 50.0));
    for (int i = 0; i < 90; ++i) {
        const QUuid other = table(100 + quint32(i), u"referrer_%1"_s.arg(i));
        link(column(other, u"customer_id"_s), customers, u"id"_s, statuses[i % 3], 0.3 + i / 200.0);
    }
    for (int i = 0; i < 90; ++i) {
        const QUuid other = table(300 + quint32(i), u"dimension_%1"_s.arg(i));
        link(column(orders, u"dimension_%1_id"_s.arg(i)), other, u"id"_s, statuses[i % 3],
             0.4 + i / 200.0);
    }
    // The rest: pairs of other tables, a few links each.
    quint32 pair = 0;
    while (data.rows.size() < rowCount) {
        const QUuid from = table(1000 + pair * 2, u"t%1_from"_s.arg(pair));
        const QUuid to = table(1001 + pair * 2, u"t%1_to"_s.arg(pair));
        for (int i = 0; i < 4 && data.rows.size() < rowCount; ++i) {
            const int row = link(column(from, u"c%1"_s.arg(i)), to, u"id"_s, statuses[i % 3], 0.6);
            if (data.smallRow < 0)
                data.smallRow = row;
        }
        ++pair;
    }
    return data;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double worst(const std::vector<double>& values)
{
    return values.empty() ? -1 : *std::max_element(values.begin(), values.end());
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"rows"_s, u"Rows in the list (default 100000)."_s, u"N"_s, u"100000"_s});
    parser.addOption({u"repeat"_s, u"Measurements of each step (default 20)."_s, u"N"_s, u"20"_s});
    parser.process(app);
    const int rowCount = std::max(400, parser.value(u"rows"_s).toInt());
    const int repeat = std::max(1, parser.value(u"repeat"_s).toInt());
    QTextStream out(stdout);

    Data data = makeData(rowCount);
    const std::vector<int> sameTables = data.sameTables;
    const int smallRow = data.smallRow;
    RelationshipStore store;
    store.adopt(std::move(data.rows), std::move(data.catalog));
    GraphPane pane(&store);
    pane.resize(470, 900);
    pane.show();
    if (!QTest::qWaitForWindowExposed(&pane)) {
        out << "the pane did not show\n";
        return 1;
    }
    GraphView* view = pane.neighbourhoodView();
    Heartbeat heartbeat;
    heartbeat.start();

    QElapsedTimer indexClock;
    indexClock.start();
    pane.setCurrentStoreRow(sameTables[0]);
    if (!spinUntil([&] { return pane.drawnRow() == sameTables[0]; }, 60000)) {
        out << "the first picture did not land\n";
        return 1;
    }
    const double firstMs = double(indexClock.nsecsElapsed()) / 1e6;
    const int edges = int(pane.neighbourhood().edges.size());

    // Restyle: the same picture, another current link.
    std::vector<double> restyleStall, restyleMs;
    for (int i = 0; i < repeat; ++i) {
        const int row = sameTables[size_t(1 + i % (int(sameTables.size()) - 1))];
        pane.setCurrentStoreRow(sameTables[0]);
        spinUntil([&] { return pane.drawnRow() == sameTables[0]; }, 10000);
        const UiCost cost = measureOnEventLoop(heartbeat, [&] {
            pane.setCurrentStoreRow(row);
            view->viewport()->repaint(); // the frame itself, painted now
        });
        restyleStall.push_back(cost.stallMs);
        restyleMs.push_back(cost.cpuMs);
    }

    // A new neighbourhood of 200 links: laid out off the UI thread.
    std::vector<double> newStall, newMs, newCpu;
    const int layoutsBefore = pane.layoutsStarted();
    for (int i = 0; i < repeat; ++i) {
        pane.setCurrentStoreRow(smallRow);
        spinUntil([&] { return pane.drawnRow() == smallRow; }, 10000);
        const int target = sameTables[size_t(i % int(sameTables.size()))];
        const UiCost cost = measureOnEventLoop(
            heartbeat, [&] { pane.setCurrentStoreRow(target); }, 60000,
            [&] {
                if (pane.drawnRow() != target)
                    return false;
                view->viewport()->repaint();
                return true;
            });
        newStall.push_back(cost.stallMs);
        newCpu.push_back(cost.cpuMs);
        newMs.push_back(cost.durationMs);
    }
    const int layouts = pane.layoutsStarted() - layoutsBefore;

    // Graphviz alone, on the same graph.
    GraphLayoutInput input;
    for (GraphNodeItem* node : pane.nodeItems()) {
        const QRectF box = node->boundingRect();
        input.nodes.push_back({box.width() - 4, box.height() - 4});
    }
    for (const GraphNeighbourhood::Edge& edge : pane.neighbourhood().edges)
        input.edges.push_back({edge.from, edge.to});
    std::vector<double> layoutMs;
    for (int i = 0; i < std::min(repeat, 10); ++i) {
        QElapsedTimer clock;
        clock.start();
        const GraphLayoutResult result = GraphLayout::compute(input);
        layoutMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (!result.ok)
            return 1;
    }

    // The overview of every table (approved and suggested links): the most linked drawn.
    pane.setShowsSuggestedInOverview(true);
    int overviews = 0;
    QObject::connect(&pane, &GraphPane::overviewDrawn, &pane, [&overviews] { ++overviews; });
    const UiCost overviewCost = measureOnEventLoop(
        heartbeat, [&] { pane.tabs()->setCurrentIndex(1); }, 120000, [&] { return overviews > 0; });

    out << "relreview-graph-benchmark: " << formatCount(rowCount) << " rows, a neighbourhood of "
        << edges << " links between " << pane.nodeItems().size() << " tables; "
        << machineInfo().cpuModel << ", load " << currentLoadAverage() << "\n";
    out << "  first picture (index of the list + layout):       " << formatMs(firstMs) << "\n";
    out << "  restyle (same tables, next row), UI stall:        median "
        << formatMs(median(restyleStall)) << ", worst " << formatMs(worst(restyleStall))
        << " (UI-thread CPU for the call and its paint: median " << formatMs(median(restyleMs))
        << ")\n";
    out << "  new 200-link neighbourhood, UI stall:             median "
        << formatMs(median(newStall)) << ", worst " << formatMs(worst(newStall))
        << " (UI-thread CPU: median " << formatMs(median(newCpu)) << ")\n";
    out << "  new 200-link neighbourhood, until drawn:          median " << formatMs(median(newMs))
        << ", worst " << formatMs(worst(newMs)) << " (" << layouts << " layouts)\n";
    out << "  Graphviz layout alone (dot, worker thread):       median "
        << formatMs(median(layoutMs)) << "\n";
    out << "  overview (" << pane.overview().nodes.size() << " of "
        << formatCount(pane.overview().linkedTables) << " tables, "
        << formatCount(pane.overview().drawnLinks) << " links drawn): until drawn "
        << formatMs(overviewCost.durationMs) << ", UI stall " << formatMs(overviewCost.stallMs)
        << "\n";
    out.flush();
    return 0;
}
