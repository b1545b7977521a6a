// The relationship graph pane in the real main window: it follows the table's current row, a click
// on a link makes that link's row current, A on the clicked link approves it, rejected links hide
// and come back with the toggle, the overview's search jumps to a table, and a named table shows
// its new name.
#include "GraphItems.h"
#include "GraphPane.h"
#include "MainWindowFixture.h"
#include "RelationshipStore.h"
#include "RelationshipTableModel.h"
#include "ReviewSession.h"
#include "TableNameStore.h"
#include "TableNaming.h"
#include "TestData.h"

#include <QApplication>
#include <QCheckBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The catalog's names, except for one table that stays unnamed (as on the real service, whose
// documented API gives no table names): the seam the analyst's own names come through.
class NamesButOne : public TableNaming
{
public:
    NamesButOne(RelationshipStore* store, const QUuid& unnamed)
        : m_store(store)
        , m_unnamed(unnamed)
    {}
    QString name(const QUuid& tableId) const override
    {
        return tableId == m_unnamed ? QString() : m_store->catalog().tableName(tableId);
    }
    void setName(const QUuid& tableId, const QString&) override { named = tableId; }
    QUuid named;

private:
    RelationshipStore* m_store;
    QUuid m_unnamed;
};

struct Window : MainWindowFixture
{
    GraphPane* pane = nullptr;

    bool open(int count = 600)
    {
        const QString path = TestData::writeDemoSnapshot(scratch(), count);
        if (path.isEmpty() || !start() || !openSnapshot(path))
            return false;
        pane = window()->graphPane();
        return pane && pane->isVisible();
    }

    // The row's link drawn as the current one, in a picture of the row's neighbourhood.
    bool drawsAsCurrent(int storeRow) const
    {
        if (pane->drawnRow() != storeRow)
            return false;
        GraphEdgeItem* edge = pane->edgeItemOfRow(storeRow);
        return edge && edge->isVisible() && edge->isCurrent();
    }

    // A drawn link other than the current row's whose middle a click reaches (the topmost item
    // there), in view coordinates; -1 when none (wanted: a status, or any when Unknown).
    int clickableEdge(QPoint* at, std::optional<RelationshipStatus> wanted = std::nullopt) const
    {
        GraphView* view = pane->neighbourhoodView();
        for (GraphEdgeItem* edge : pane->edgeItems()) {
            if (edge->row() == pane->drawnRow() || (wanted && edge->status() != *wanted))
                continue;
            view->centerOn(edge->middle());
            const QPoint point = view->mapFromScene(edge->middle());
            const QList<QGraphicsItem*> hit = view->items(point);
            if (!hit.isEmpty() && hit.first() == edge) {
                *at = point;
                return edge->row();
            }
        }
        return -1;
    }
};

} // namespace

class TestGraphPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void paneFollowsTheCurrentRow();
    void clickingALinkMakesItsRowCurrent();
    void approveOnTheClickedLink();
    void rejectedLinksToggle();
    void overviewSearchJumpsToATable();
    void namingATableShowsTheName();
};

void TestGraphPane::initTestCase()
{
    QCoreApplication::setOrganizationName(u"relreview-tests"_s);
    QCoreApplication::setApplicationName(u"tst_graphpane"_s);
}

void TestGraphPane::paneFollowsTheCurrentRow()
{
    Window w;
    QVERIFY(w.open());
    for (int viewRow : {0, 7, 42}) {
        w.focusRow(viewRow);
        const int storeRow = w.storeRow(viewRow);
        QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(storeRow), 10000);
        // The row's from and to tables are the first two nodes.
        const RelationshipRow& row = w.store()->rows().row(storeRow);
        const ColumnInfo* from = w.store()->catalog().column(row.fromColumnId);
        QVERIFY(from);
        const std::vector<GraphNodeItem*> nodes = w.pane->nodeItems();
        QVERIFY(nodes.size() >= 2);
        QCOMPARE(nodes[0]->content().tableId, from->tableId);
        QCOMPARE(nodes[1]->content().tableId, row.toTableId);
        QCOMPARE(nodes[0]->content().title, w.store()->catalog().tableName(from->tableId));
        QVERIFY(nodes[0]->content().lines.contains(from->name));
        // Every link touching those tables is drawn (up to the limit), each edge on its row.
        const GraphNeighbourhood& drawn = w.pane->neighbourhood();
        QCOMPARE(int(w.pane->edgeItems().size()), int(drawn.edges.size()));
        QCOMPARE(drawn.touching - drawn.hiddenRejected - drawn.leftOut, int(drawn.edges.size()));
        for (size_t i = 0; i < drawn.edges.size(); ++i) {
            QCOMPARE(w.pane->edgeItems()[i]->row(), drawn.edges[i].row);
            QVERIFY(!w.pane->edgeItems()[i]->path().isEmpty());
        }
        QVERIFY(w.pane->neighbourhoodSummary().contains(nodes[0]->content().title));
    }
}

void TestGraphPane::clickingALinkMakesItsRowCurrent()
{
    Window w;
    QVERIFY(w.open());
    w.focusRow(3);
    QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(w.storeRow(3)), 10000);
    QPoint at;
    const int row = w.clickableEdge(&at);
    QVERIFY2(row >= 0, "a link to click");
    QTest::mouseClick(w.pane->neighbourhoodView()->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(w.currentId(), w.store()->rows().row(row).id);
    // The graph follows: the clicked link is the current one now.
    QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(row), 10000);
}

void TestGraphPane::approveOnTheClickedLink()
{
    Window w;
    QVERIFY(w.open());
    w.focusRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(w.storeRow(0)), 10000);
    QPoint at;
    int row = -1;
    // A suggested link to click (the first row's neighbourhood may have none: walk on).
    for (int viewRow = 0; viewRow < 40 && row < 0; viewRow += 5) {
        w.focusRow(viewRow);
        QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(w.storeRow(viewRow)), 10000);
        row = w.clickableEdge(&at, RelationshipStatus::Suggested);
    }
    QVERIFY2(row >= 0, "a suggested link to click");
    QCOMPARE(w.store()->effectiveStatus(row), RelationshipStatus::Suggested);
    GraphView* view = w.pane->neighbourhoodView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(w.currentId(), w.store()->rows().row(row).id);
    // The keyboard on the graph: A decides the link clicked, as on its row.
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_A);
    QTRY_COMPARE(w.store()->effectiveStatus(row), RelationshipStatus::Approved);
    const int viewRow = w.viewRowOf(w.store()->rows().row(row).id);
    QVERIFY(viewRow >= 0);
    // The table shows it too (with its pending mark until it is delivered).
    QVERIFY(w.model()
                ->index(viewRow, RelationshipTableModel::StatusColumn)
                .data(Qt::DisplayRole)
                .toString()
                .startsWith(statusDisplayName(RelationshipStatus::Approved)));
    // Where the link is still drawn, it is drawn approved.
    QTRY_VERIFY(!w.pane->edgeItemOfRow(row) ||
                w.pane->edgeItemOfRow(row)->status() == RelationshipStatus::Approved);
}

void TestGraphPane::rejectedLinksToggle()
{
    Window w;
    QVERIFY(w.open());
    // A row whose neighbourhood holds rejected links besides its own.
    auto rejectedDrawn = [&w] {
        int count = 0;
        for (GraphEdgeItem* edge : w.pane->edgeItems())
            count += edge->status() == RelationshipStatus::Rejected && !edge->isCurrent();
        return count;
    };
    int found = -1;
    for (int viewRow = 0; viewRow < 60 && found < 0; viewRow += 3) {
        w.focusRow(viewRow);
        QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(w.storeRow(viewRow)), 10000);
        if (rejectedDrawn() > 0)
            found = viewRow;
    }
    QVERIFY2(found >= 0, "a neighbourhood with rejected links");
    const int rejected = rejectedDrawn();
    const int edges = int(w.pane->edgeItems().size());

    QCheckBox* toggle = w.find<QCheckBox>(u"graphShowRejected"_s);
    QVERIFY(toggle && toggle->isChecked());
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!w.pane->showsRejected());
    QTRY_COMPARE_WITH_TIMEOUT(rejectedDrawn(), 0, 10000);
    QVERIFY(w.drawsAsCurrent(w.storeRow(found)));
    QCOMPARE(w.pane->neighbourhood().hiddenRejected, rejected);
    QCOMPARE(int(w.pane->edgeItems().size()), edges - rejected);
    QVERIFY(w.pane->neighbourhoodSummary().contains(QString::number(rejected)));

    QTest::mouseClick(toggle, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(rejectedDrawn(), rejected, 10000);
    QCOMPARE(int(w.pane->edgeItems().size()), edges);
}

void TestGraphPane::overviewSearchJumpsToATable()
{
    Window w;
    QVERIFY(w.open());
    w.pane->tabs()->setCurrentIndex(1);
    QTRY_VERIFY_WITH_TIMEOUT(!w.pane->overviewNodeItems().empty(), 10000);
    const GraphOverview& overview = w.pane->overview();
    QVERIFY(overview.links > 0);
    QVERIFY(w.pane->overviewSummary().contains(QLocale().toString(overview.links)));

    // At 1:1 on the first table, jump to the table farthest from it (out of view).
    GraphView* view = w.pane->overviewView();
    const std::vector<GraphNodeItem*> nodes = w.pane->overviewNodeItems();
    view->resetTransform();
    view->centerOn(nodes.front());
    GraphNodeItem* far = nodes.front();
    for (GraphNodeItem* node : nodes) {
        if (QLineF(node->pos(), nodes.front()->pos()).length() >
            QLineF(far->pos(), nodes.front()->pos()).length())
            far = node;
    }
    auto inView = [view](GraphNodeItem* node) {
        return view->mapToScene(view->viewport()->rect())
            .boundingRect()
            .contains(node->sceneBoundingRect());
    };
    QVERIFY2(!inView(far), "the table to find is out of view at first");
    const QUuid target = far->content().tableId;
    const QString name = w.store()->catalog().tableName(target);
    QVERIFY(!name.isEmpty());
    QLineEdit* search = w.find<QLineEdit>(u"graphSearch"_s);
    QVERIFY(search);
    search->setFocus();
    QTest::keyClicks(search, name);
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY(w.pane->overviewNodeOf(target) && w.pane->overviewNodeOf(target)->isSelected());
    QVERIFY2(inView(w.pane->overviewNodeOf(target)), "the table found is in view");
    // Its links stand out, and only they.
    const GraphOverview& drawn = w.pane->overview();
    const std::vector<GraphEdgeItem*> links = w.pane->overviewEdgeItems();
    QCOMPARE(links.size(), drawn.edges.size());
    int touching = 0;
    for (size_t i = 0; i < links.size(); ++i) {
        const bool touches = drawn.nodes[size_t(drawn.edges[i].from)].tableId == target ||
                             drawn.nodes[size_t(drawn.edges[i].to)].tableId == target;
        touching += touches;
        QCOMPARE(links[i]->isCurrent(), touches);
    }
    QVERIFY(touching > 0);
    QVERIFY(view->zoom() > 0.05);

    // Suggested links on demand: more links counted.
    const int approvedLinks = overview.links;
    QTest::mouseClick(w.find<QCheckBox>(u"graphShowSuggested"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.pane->overview().links > approvedLinks, 10000);

    // No match: says so, changes nothing.
    QVERIFY(!w.pane->searchTable(u"no-such-table-anywhere"_s));
    QVERIFY(w.pane->overviewSummary().contains(u"no-such-table-anywhere"_s));
}

void TestGraphPane::namingATableShowsTheName()
{
    Window w;
    QVERIFY(w.open());
    w.focusRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(w.drawsAsCurrent(w.storeRow(0)), 10000);
    const QUuid table = w.pane->nodeItems()[1]->content().tableId;
    w.pane->naming()->setName(table, u"Renamed table"_s);
    QTRY_COMPARE(w.pane->nodeItems()[1]->content().title, u"Renamed table"_s);
    QVERIFY(w.pane->nodeItems()[1]->content().nameKnown);
    QCOMPARE(w.store()->catalog().tableName(table), u"Renamed table"_s);
    // Kept with the journal as the analyst's name (as an imported one), for every list to come.
    QCOMPARE(w.session()->tableNames()->names().name(table), u"Renamed table"_s);

    // A table whose name is unknown: its id's short form, and "name unknown" on the node.
    const QUuid unnamed = w.pane->nodeItems()[0]->content().tableId;
    NamesButOne names(w.store(), unnamed);
    w.pane->setNaming(&names);
    QTRY_COMPARE(w.pane->nodeItems()[0]->content().title, shortId(unnamed));
    QVERIFY(!w.pane->nodeItems()[0]->content().nameKnown);
    QCOMPARE(w.pane->nodeItems()[0]->content().subtitle, u"name unknown"_s);
    QCOMPARE(w.pane->nodeItems()[1]->content().title, u"Renamed table"_s);
    // Naming it goes through the seam.
    w.pane->askTableName(unnamed);
    auto* dialog = w.find<QInputDialog>(u"tableNameDialog"_s);
    QVERIFY(dialog);
    dialog->setTextValue(u"orders archive"_s);
    dialog->accept();
    QCOMPARE(names.named, unnamed);
    w.pane->setNaming(nullptr); // back to the catalog's, before `names` goes

    // The name given in the graph outlives the window: the journal kept it.
    QVERIFY(w.restart());
    QCOMPARE(w.session()->tableNames()->name(table), u"Renamed table"_s);
}

QTEST_MAIN(TestGraphPane)
#include "tst_graphpane.moc"
