#pragma once

#include "BackgroundWork.h"
#include "GraphLayout.h"
#include "TableGraph.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class GraphEdgeItem;
class GraphNodeItem;
class GraphView;
class QAction;
class QCheckBox;
class QCompleter;
class QGraphicsScene;
class QLabel;
class QLineEdit;
class QStringListModel;
class QTabWidget;
class QToolButton;
class RelationshipStore;
class TableNaming;

// The relationship graph, in two tabs:
//  - Neighbourhood: the current row's from and to tables with the columns their links involve,
//    and every link touching either table, styled by status (approved solid, suggested dashed
//    with its score, rejected faint or hidden). The current row's link is highlighted; a click on
//    a link makes its row current (and A/R/U then decide it, as on a row). Follows the table's
//    current row: when the new row's neighbourhood has the same shape, the picture is restyled
//    at once; otherwise Graphviz lays the new one out off the UI thread while the old one stays.
//  - Overview: the whole source's tables and their approved links (suggested on demand), the
//    most linked tables only when there are too many, with a search box to jump to a table.
// Which rows touch which table is indexed once per list version, off the UI thread.
// Table names come from a TableNaming; a table is named by double-clicking its node (or with
// "Name table…" on the selected one).
class GraphPane : public QWidget
{
    Q_OBJECT
public:
    // Most links the neighbourhood draws; most tables the overview draws.
    static constexpr int MaxNeighbourhoodEdges = 250;
    static constexpr int MaxOverviewTables = 150;

    explicit GraphPane(RelationshipStore* store, QWidget* parent = nullptr);
    ~GraphPane() override;

    // Where names come from and go (not owned; by default the catalog's). See TableNaming.
    void setNaming(TableNaming* naming);
    TableNaming* naming() const { return m_naming; }
    // The window's decide actions (A, R, U…): reachable while the graph has the keyboard, so
    // that they act on the link just clicked (whose row is the table's current one).
    void addDecideActions(const QList<QAction*>& actions);

    void setCurrentStoreRow(int storeRow);
    int currentStoreRow() const { return m_currentRow; }

    bool showsRejected() const;
    void setShowsRejected(bool show);
    bool showsSuggestedInOverview() const;
    void setShowsSuggestedInOverview(bool show);
    // Jumps the overview to the table best matching `text` (its name, or its id's start); false
    // when none matches.
    bool searchTable(const QString& text);
    // Asks for the table's name (a dialog), then names it through naming().
    void askTableName(const QUuid& tableId);

    // What is drawn, for tests and the benchmark.
    QTabWidget* tabs() const { return m_tabs; }
    GraphView* neighbourhoodView() const { return m_view; }
    GraphView* overviewView() const { return m_overviewView; }
    const GraphNeighbourhood& neighbourhood() const { return m_drawn; }
    int drawnRow() const { return m_drawnRow; } // the row the picture shows, -1 for none
    bool isLayingOut() const;
    std::vector<GraphEdgeItem*> edgeItems() const; // the drawn links, in neighbourhood order
    std::vector<GraphNodeItem*> nodeItems() const; // the drawn tables, in neighbourhood order
    GraphEdgeItem* edgeItemOfRow(int storeRow) const;
    const GraphOverview& overview() const { return m_overview; }
    std::vector<GraphNodeItem*> overviewNodeItems() const;
    std::vector<GraphEdgeItem*> overviewEdgeItems() const; // in overview().edges order
    GraphNodeItem* overviewNodeOf(const QUuid& tableId) const;
    QString neighbourhoodSummary() const;
    QString overviewSummary() const;
    int layoutsStarted() const { return m_layoutsStarted; }
    QSize sizeHint() const override { return {470, 420}; }
    QSize minimumSizeHint() const override { return {260, 240}; }

signals:
    void relationshipActivated(const QUuid& id);
    void neighbourhoodDrawn(); // a picture landed or was restyled
    void overviewDrawn();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Pool
    {
        QGraphicsScene* scene = nullptr;
        std::vector<GraphNodeItem*> nodes;
        std::vector<GraphEdgeItem*> edges;
        int shownNodes = 0;
        int shownEdges = 0;
        void resize(int nodeCount, int edgeCount);
    };

    QWidget* createNeighbourhoodTab();
    QWidget* createOverviewTab();
    bool ensureIndex(); // true when an index of the current list is at hand
    void onIndexBuilt(std::shared_ptr<const TableGraphIndex> index);
    void refreshNeighbourhood();
    void restyleNeighbourhood();
    void placeNeighbourhoodView();
    void refreshOverview();
    void layOutOverview(GraphOverview overview, quint64 request);
    void restyleOverview();
    void refreshSearchNames();
    void refreshNames();
    void updateNameAction();
    QString tableTitle(const QUuid& tableId, bool tableKnown, bool* nameKnown) const;
    void activateRow(int storeRow);

    RelationshipStore* m_store;
    TableNaming* m_naming = nullptr;
    TableNaming* m_ownNaming = nullptr;
    BackgroundWork m_indexWork;
    BackgroundWork m_layoutWork;
    BackgroundWork m_overviewWork;
    std::shared_ptr<const TableGraphIndex> m_index;
    quint64 m_indexRequested = 0;

    QTabWidget* m_tabs = nullptr;
    // Neighbourhood
    GraphView* m_view = nullptr;
    Pool m_pool;
    QCheckBox* m_showRejected = nullptr;
    QLabel* m_summary = nullptr;
    QToolButton* m_nameButton = nullptr;
    int m_currentRow = -1;
    int m_drawnRow = -1;
    GraphNeighbourhood m_drawn;
    std::vector<QSizeF> m_drawnSizes;
    GraphLayoutResult m_drawnLayout;
    quint64 m_layoutRequest = 0;
    quint64 m_layoutLanded = 0;
    int m_layoutsStarted = 0;
    QTimer m_restyleSoon; // coalesces the store's rowsChanged()
    bool m_neighbourhoodDirty = true;
    // Overview
    GraphView* m_overviewView = nullptr;
    Pool m_overviewPool;
    QCheckBox* m_showSuggested = nullptr;
    QLineEdit* m_search = nullptr;
    QStringListModel* m_searchNames = nullptr;
    QLabel* m_overviewSummary = nullptr;
    GraphOverview m_overview;
    int m_pinnedTable = -1;
    quint64 m_overviewRequest = 0;
    quint64 m_overviewIndexVersion = 0;
    bool m_overviewDirty = true;
    bool m_pinPending = false; // the next overview centres on the pinned table
    QTimer m_overviewSoon;
};
