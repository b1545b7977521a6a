#include "GraphPane.h"

#include "GraphItems.h"
#include "RelationshipStore.h"
#include "TableNaming.h"

#include <QAction>
#include <QCheckBox>
#include <QCompleter>
#include <QEvent>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSet>
#include <QStringListModel>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString number(qint64 value)
{
    return QLocale().toString(value);
}

// Below this zoom a picture is unreadable: it is shown around the current link instead of whole.
constexpr double MinReadableZoom = 0.55;

bool sameOverviewShape(const GraphOverview& a, const GraphOverview& b)
{
    if (a.nodes.size() != b.nodes.size() || a.edges.size() != b.edges.size())
        return false;
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        if (a.nodes[i].tableId != b.nodes[i].tableId)
            return false;
    }
    for (size_t i = 0; i < a.edges.size(); ++i) {
        if (a.edges[i].from != b.edges[i].from || a.edges[i].to != b.edges[i].to)
            return false;
    }
    return true;
}

} // namespace

void GraphPane::Pool::resize(int nodeCount, int edgeCount)
{
    while (int(nodes.size()) < nodeCount) {
        auto* item = new GraphNodeItem;
        scene->addItem(item);
        nodes.push_back(item);
    }
    while (int(edges.size()) < edgeCount) {
        auto* item = new GraphEdgeItem;
        scene->addItem(item);
        edges.push_back(item);
    }
    for (int i = 0; i < int(nodes.size()); ++i)
        nodes[size_t(i)]->setVisible(i < nodeCount);
    for (int i = 0; i < int(edges.size()); ++i)
        edges[size_t(i)]->setVisible(i < edgeCount);
    shownNodes = nodeCount;
    shownEdges = edgeCount;
}

GraphPane::GraphPane(RelationshipStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_indexWork(this)
    , m_layoutWork(this)
    , m_overviewWork(this)
{
    setObjectName(u"graphPane"_s);
    m_ownNaming = new CatalogTableNaming(store, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"graphTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createNeighbourhoodTab(), tr("Neighbourhood"));
    m_tabs->addTab(createOverviewTab(), tr("Overview"));
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_overviewDirty)
            refreshOverview();
    });
    setNaming(m_ownNaming);

    m_restyleSoon.setSingleShot(true);
    m_restyleSoon.setInterval(0);
    connect(&m_restyleSoon, &QTimer::timeout, this, &GraphPane::refreshNeighbourhood);
    m_overviewSoon.setSingleShot(true);
    m_overviewSoon.setInterval(400);
    connect(&m_overviewSoon, &QTimer::timeout, this, &GraphPane::refreshOverview);

    connect(m_store, &RelationshipStore::reset, this, [this] {
        // A new list: nothing drawn or under way for the old one may stay (its rows are gone).
        ++m_layoutRequest;
        ++m_overviewRequest;
        m_pool.resize(0, 0);
        m_overviewPool.resize(0, 0);
        m_drawn = {};
        m_drawnRow = -1;
        m_drawnSizes.clear();
        m_overview = {};
        m_currentRow = -1;
        m_pinnedTable = -1;
        m_neighbourhoodDirty = m_overviewDirty = true;
        refreshNeighbourhood();
        refreshOverview();
    });
    connect(m_store, &RelationshipStore::snapshotPublished, this, [this] { ensureIndex(); });
    // A decision or an answer restyles the picture (or, with rejected links hidden, may change
    // it); the overview follows a little later.
    connect(m_store, &RelationshipStore::rowsChanged, this, [this] {
        m_restyleSoon.start();
        m_overviewDirty = true;
        m_overviewSoon.start();
    });
}

GraphPane::~GraphPane()
{
    // The scenes go with the pane's children and report selection changes while they clear.
    m_pool.scene->disconnect(this);
    m_overviewPool.scene->disconnect(this);
}

QWidget* GraphPane::createNeighbourhoodTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    m_showRejected = new QCheckBox(tr("Show rejected"), tab);
    m_showRejected->setObjectName(u"graphShowRejected"_s);
    m_showRejected->setChecked(true);
    m_showRejected->setToolTip(tr("Draw rejected links (faint) or leave them out"));
    connect(m_showRejected, &QCheckBox::toggled, this, [this] {
        refreshNeighbourhood();
        m_view->setFocus();
    });
    m_nameButton = new QToolButton(tab);
    m_nameButton->setObjectName(u"graphNameTable"_s);
    m_nameButton->setText(tr("Name table…"));
    m_nameButton->setToolTip(tr("Name the selected table (or double-click a table)"));
    m_nameButton->setEnabled(false);
    auto* fit = new QToolButton(tab);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Show the whole neighbourhood (0)"));
    bar->addWidget(m_showRejected);
    bar->addStretch(1);
    bar->addWidget(m_nameButton);
    bar->addWidget(fit);
    layout->addLayout(bar);
    m_summary = new QLabel(tab);
    m_summary->setObjectName(u"graphSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    m_view = new GraphView(tab);
    m_view->setObjectName(u"graphView"_s);
    m_view->setAccessibleName(tr("Relationship graph"));
    m_pool.scene = new QGraphicsScene(this);
    m_pool.scene->setItemIndexMethod(QGraphicsScene::NoIndex); // items move at every picture
    m_view->setScene(m_pool.scene);
    layout->addWidget(m_view, 1);

    connect(fit, &QToolButton::clicked, m_view, &GraphView::fitAll);
    connect(m_view, &GraphView::edgeClicked, this, &GraphPane::activateRow);
    connect(m_view, &GraphView::nodeActivated, this, &GraphPane::askTableName);
    connect(m_pool.scene, &QGraphicsScene::selectionChanged, this, &GraphPane::updateNameAction);
    connect(m_nameButton, &QToolButton::clicked, this, [this] {
        const QList<QGraphicsItem*> selected = m_pool.scene->selectedItems();
        if (!selected.isEmpty() && selected.first()->type() == GraphNodeItem::Type)
            askTableName(static_cast<GraphNodeItem*>(selected.first())->content().tableId);
    });
    return tab;
}

QWidget* GraphPane::createOverviewTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    m_search = new QLineEdit(tab);
    m_search->setObjectName(u"graphSearch"_s);
    m_search->setPlaceholderText(tr("Jump to a table…"));
    m_search->setClearButtonEnabled(true);
    m_searchNames = new QStringListModel(this);
    auto* completer = new QCompleter(m_searchNames, m_search);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_search->setCompleter(completer);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { searchTable(m_search->text()); });
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& text) { searchTable(text); });
    m_showSuggested = new QCheckBox(tr("Show suggested"), tab);
    m_showSuggested->setObjectName(u"graphShowSuggested"_s);
    m_showSuggested->setToolTip(tr("Draw suggested links (dashed) besides the approved ones"));
    connect(m_showSuggested, &QCheckBox::toggled, this, [this] {
        m_overviewDirty = true;
        refreshOverview();
    });
    auto button = [tab](const QString& text, const QString& tip) {
        auto* b = new QToolButton(tab);
        b->setText(text);
        b->setToolTip(tip);
        return b;
    };
    QToolButton* zoomIn = button(u"+"_s, tr("Zoom in (+)"));
    QToolButton* zoomOut = button(u"−"_s, tr("Zoom out (-)"));
    QToolButton* fit = button(tr("Fit"), tr("Show every table drawn (0)"));
    bar->addWidget(m_search, 1);
    bar->addWidget(m_showSuggested);
    bar->addWidget(zoomIn);
    bar->addWidget(zoomOut);
    bar->addWidget(fit);
    layout->addLayout(bar);
    m_overviewSummary = new QLabel(tab);
    m_overviewSummary->setObjectName(u"graphOverviewSummary"_s);
    m_overviewSummary->setWordWrap(true);
    m_overviewSummary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_overviewSummary);
    m_overviewView = new GraphView(tab);
    m_overviewView->setObjectName(u"graphOverviewView"_s);
    m_overviewView->setAccessibleName(tr("Overview of the source's tables"));
    m_overviewPool.scene = new QGraphicsScene(this);
    m_overviewPool.scene->setItemIndexMethod(QGraphicsScene::NoIndex);
    m_overviewView->setScene(m_overviewPool.scene);
    layout->addWidget(m_overviewView, 1);
    connect(zoomIn, &QToolButton::clicked, m_overviewView,
            [this] { m_overviewView->zoomBy(1.25); });
    connect(zoomOut, &QToolButton::clicked, m_overviewView,
            [this] { m_overviewView->zoomBy(1 / 1.25); });
    connect(fit, &QToolButton::clicked, m_overviewView, &GraphView::fitAll);
    connect(m_overviewView, &GraphView::edgeClicked, this, &GraphPane::activateRow);
    connect(m_overviewPool.scene, &QGraphicsScene::selectionChanged, this,
            &GraphPane::restyleOverview);
    connect(m_overviewView, &GraphView::nodeActivated, this, &GraphPane::askTableName);
    return tab;
}

void GraphPane::setNaming(TableNaming* naming)
{
    if (m_naming)
        disconnect(m_naming, nullptr, this, nullptr);
    m_naming = naming ? naming : m_ownNaming;
    connect(m_naming, &TableNaming::namesChanged, this, &GraphPane::refreshNames);
    refreshNames();
}

void GraphPane::addDecideActions(const QList<QAction*>& actions)
{
    // Their shortcut context is the widget they are added to (and its children).
    m_view->addActions(actions);
}

void GraphPane::setCurrentStoreRow(int storeRow)
{
    if (storeRow == m_currentRow)
        return;
    m_currentRow = storeRow;
    refreshNeighbourhood();
}

bool GraphPane::showsRejected() const
{
    return m_showRejected->isChecked();
}

void GraphPane::setShowsRejected(bool show)
{
    m_showRejected->setChecked(show);
}

bool GraphPane::showsSuggestedInOverview() const
{
    return m_showSuggested->isChecked();
}

void GraphPane::setShowsSuggestedInOverview(bool show)
{
    m_showSuggested->setChecked(show);
}

bool GraphPane::isLayingOut() const
{
    return m_layoutWork.isBusy() || m_indexWork.isBusy();
}

void GraphPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_neighbourhoodDirty)
        refreshNeighbourhood();
    if (m_overviewDirty)
        refreshOverview();
}

void GraphPane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyleNeighbourhood();
}

bool GraphPane::ensureIndex()
{
    const std::shared_ptr<const ListSnapshot> snapshot = m_store->snapshot();
    bool current = m_index && m_index->version() == snapshot->version();
    if (!current && m_index) {
        // Server answers that left every row between the same tables: no pass over the rows.
        if (std::shared_ptr<const TableGraphIndex> rebased = m_index->rebasedOn(snapshot)) {
            m_index = std::move(rebased);
            current = true;
        }
    }
    if (!current && m_indexRequested != snapshot->version() && isVisible()) {
        m_indexRequested = snapshot->version();
        m_indexWork.run(
            [snapshot](const std::atomic_bool& stop) {
                return TableGraphIndex::build(snapshot, &stop);
            },
            [this](std::shared_ptr<const TableGraphIndex> index) {
                onIndexBuilt(std::move(index));
            });
    }
    // An index of an older version of the same list keeps serving (its rows keep their
    // indexes; statuses are read from the store) until the new one lands.
    return m_index && m_index->snapshot().listVersion() == snapshot->listVersion();
}

void GraphPane::onIndexBuilt(std::shared_ptr<const TableGraphIndex> index)
{
    if (!index)
        return;
    m_index = std::move(index);
    refreshSearchNames();
    // Names or scores may have changed: the picture is redrawn (laid out again only when its
    // shape changed), and so is the overview.
    refreshNeighbourhood();
    m_overviewDirty = true;
    refreshOverview();
}

QString GraphPane::tableTitle(const QUuid& tableId, bool tableKnown, bool* nameKnown) const
{
    if (!tableKnown) {
        *nameKnown = false;
        return tr("table of column %1").arg(shortId(tableId));
    }
    const QString name = m_naming->name(tableId);
    *nameKnown = !name.isEmpty();
    return name.isEmpty() ? shortId(tableId) : name;
}

void GraphPane::refreshNeighbourhood()
{
    if (!isVisible()) {
        m_neighbourhoodDirty = true;
        return;
    }
    m_neighbourhoodDirty = false;
    if (m_currentRow < 0 || m_currentRow >= m_store->size()) {
        m_pool.resize(0, 0);
        m_drawn = {};
        m_drawnRow = -1;
        m_drawnSizes.clear();
        ++m_layoutRequest; // a layout still under way is not wanted any more
        m_summary->setText(m_store->size() > 0 ? tr("No row selected.") : tr("No list loaded."));
        emit neighbourhoodDrawn();
        return;
    }
    if (!ensureIndex()) {
        m_summary->setText(tr("Indexing the tables…"));
        return;
    }
    const RelationshipStore* store = m_store;
    GraphNeighbourhood next = extractNeighbourhood(
        *m_index, m_currentRow, [store](int row) { return store->effectiveStatus(row); },
        m_showRejected->isChecked(), MaxNeighbourhoodEdges);
    std::vector<GraphNodeItem::Content> contents;
    std::vector<QSizeF> sizes;
    contents.reserve(next.nodes.size());
    sizes.reserve(next.nodes.size());
    for (const GraphNeighbourhood::Node& node : next.nodes) {
        GraphNodeItem::Content content;
        content.tableId = node.tableId;
        content.title = tableTitle(node.tableId, node.tableKnown, &content.nameKnown);
        if (!content.nameKnown)
            content.subtitle = tr("name unknown");
        content.lines = node.columns;
        content.emphasised = node.central;
        sizes.push_back(GraphNodeItem::measure(content, font()));
        contents.push_back(std::move(content));
    }

    if (m_drawnRow >= 0 && next.sameShape(m_drawn) && sizes == m_drawnSizes) {
        // The same picture: only styles (and the current link) change. No layout.
        ++m_layoutRequest;
        for (size_t i = 0; i < contents.size(); ++i)
            m_pool.nodes[i]->setContent(contents[i], font());
        m_drawn = std::move(next);
        m_drawnRow = m_currentRow;
        restyleNeighbourhood();
        return;
    }

    GraphLayoutInput input;
    input.engine = GraphLayoutInput::Engine::Layered;
    for (const QSizeF& size : sizes)
        input.nodes.push_back({size.width(), size.height()});
    for (const GraphNeighbourhood::Edge& edge : next.edges)
        input.edges.push_back({edge.from, edge.to});
    const quint64 request = ++m_layoutRequest;
    ++m_layoutsStarted;
    const int row = m_currentRow;
    m_layoutWork.run(
        [input = std::move(input)](const std::atomic_bool& stop) {
            return GraphLayout::compute(input, &stop);
        },
        [this, request, row, next = std::move(next), contents = std::move(contents),
         sizes = std::move(sizes)](GraphLayoutResult layout) mutable {
            if (request != m_layoutRequest)
                return; // a newer picture is on its way (or already drawn)
            if (!layout.ok) {
                m_summary->setText(tr("The graph could not be laid out: %1").arg(layout.error));
                return;
            }
            m_pool.resize(int(next.nodes.size()), int(next.edges.size()));
            for (size_t i = 0; i < contents.size(); ++i) {
                m_pool.nodes[i]->setContent(contents[i], font());
                m_pool.nodes[i]->setPos(layout.nodeCentres[i]);
                m_pool.nodes[i]->setSelected(false);
            }
            for (size_t i = 0; i < next.edges.size(); ++i) {
                m_pool.edges[i]->setRoute(layout.edgePaths[i], layout.edgeMiddles[i]);
                m_pool.edges[i]->setRow(next.edges[i].row);
            }
            m_pool.scene->setSceneRect(layout.bounds.adjusted(-30, -30, 30, 30));
            m_drawn = std::move(next);
            m_drawnSizes = std::move(sizes);
            m_drawnLayout = std::move(layout);
            m_drawnRow = row;
            restyleNeighbourhood();
            placeNeighbourhoodView();
        });
}

void GraphPane::restyleNeighbourhood()
{
    if (m_drawnRow < 0)
        return;
    const QPalette& pal = palette();
    for (size_t i = 0; i < m_drawn.edges.size(); ++i) {
        const GraphNeighbourhood::Edge& edge = m_drawn.edges[i];
        const bool current = int(i) == m_drawn.currentEdge;
        QString label;
        if (edge.hasScore && (edge.status == RelationshipStatus::Suggested ||
                              edge.status == RelationshipStatus::Unknown || current))
            label = QLocale().toString(edge.score, 'f', 2);
        m_pool.edges[i]->setStyle(edge.status, current, label, pal);
        m_pool.edges[i]->setToolTip(u"%1 → %2.%3"_s.arg(
            edge.fromColumn, m_pool.nodes[size_t(edge.to)]->content().title, edge.toColumn));
    }
    // "orders → customers: 37 links, 2 rejected hidden"
    QString text;
    if (m_drawn.currentEdge >= 0) {
        const GraphNeighbourhood::Edge& current = m_drawn.edges[size_t(m_drawn.currentEdge)];
        text =
            tr("%1 → %2 · links touching them: %3")
                .arg(m_pool.nodes[size_t(current.from)]->content().title,
                     m_pool.nodes[size_t(current.to)]->content().title, number(m_drawn.touching));
    }
    if (m_drawn.hiddenRejected > 0)
        text += tr(" · rejected hidden: %1").arg(number(m_drawn.hiddenRejected));
    if (m_drawn.leftOut > 0)
        text += tr(" · the %1 most relevant drawn, %2 left out")
                    .arg(number(qint64(m_drawn.edges.size())), number(m_drawn.leftOut));
    m_summary->setText(text);
    emit neighbourhoodDrawn();
}

void GraphPane::placeNeighbourhoodView()
{
    // The whole picture when it reads at that size; otherwise the current link, readable.
    const QRectF all = m_pool.scene->itemsBoundingRect();
    const QSizeF viewport = m_view->maximumViewportSize();
    const double fit = std::min(viewport.width() / std::max(1.0, all.width() + 40),
                                viewport.height() / std::max(1.0, all.height() + 40));
    if (fit >= MinReadableZoom || m_drawn.currentEdge < 0) {
        m_view->showRect(all);
        return;
    }
    const GraphNeighbourhood::Edge& edge = m_drawn.edges[size_t(m_drawn.currentEdge)];
    QRectF focus = m_pool.nodes[size_t(edge.from)]->sceneBoundingRect().united(
        m_pool.nodes[size_t(edge.to)]->sceneBoundingRect());
    m_view->resetTransform();
    const double zoom = std::clamp(std::min(viewport.width() / std::max(1.0, focus.width() + 40),
                                            viewport.height() / std::max(1.0, focus.height() + 40)),
                                   MinReadableZoom, 1.0);
    m_view->scale(zoom, zoom);
    m_view->centerOn(focus.center());
}

std::vector<GraphEdgeItem*> GraphPane::edgeItems() const
{
    return {m_pool.edges.begin(), m_pool.edges.begin() + m_pool.shownEdges};
}

std::vector<GraphNodeItem*> GraphPane::nodeItems() const
{
    return {m_pool.nodes.begin(), m_pool.nodes.begin() + m_pool.shownNodes};
}

GraphEdgeItem* GraphPane::edgeItemOfRow(int storeRow) const
{
    const int edge = m_drawn.edgeOfRow(storeRow);
    return edge >= 0 && edge < m_pool.shownEdges ? m_pool.edges[size_t(edge)] : nullptr;
}

std::vector<GraphNodeItem*> GraphPane::overviewNodeItems() const
{
    return {m_overviewPool.nodes.begin(), m_overviewPool.nodes.begin() + m_overviewPool.shownNodes};
}

std::vector<GraphEdgeItem*> GraphPane::overviewEdgeItems() const
{
    return {m_overviewPool.edges.begin(), m_overviewPool.edges.begin() + m_overviewPool.shownEdges};
}

GraphNodeItem* GraphPane::overviewNodeOf(const QUuid& tableId) const
{
    for (GraphNodeItem* item : overviewNodeItems()) {
        if (item->content().tableId == tableId)
            return item;
    }
    return nullptr;
}

QString GraphPane::neighbourhoodSummary() const
{
    return m_summary->text();
}

QString GraphPane::overviewSummary() const
{
    return m_overviewSummary->text();
}

void GraphPane::activateRow(int storeRow)
{
    if (storeRow < 0 || storeRow >= m_store->size())
        return;
    emit relationshipActivated(m_store->rows().row(storeRow).id);
}

void GraphPane::refreshOverview()
{
    if (!isVisible() || m_tabs->currentIndex() != 1) {
        m_overviewDirty = true;
        return;
    }
    if (!ensureIndex()) {
        m_overviewSummary->setText(m_store->size() > 0 ? tr("Indexing the tables…")
                                                       : tr("No list loaded."));
        return;
    }
    m_overviewDirty = false;
    const quint64 request = ++m_overviewRequest;
    m_overviewSummary->setText(tr("Drawing the overview…"));
    m_overviewWork.run(
        [index = m_index, pending = m_store->pendingStatuses(),
         suggested = m_showSuggested->isChecked(),
         pinned = m_pinnedTable](const std::atomic_bool& stop) {
            return buildOverview(*index, pending, suggested, MaxOverviewTables, pinned, &stop);
        },
        [this, request](GraphOverview overview) {
            if (request == m_overviewRequest)
                layOutOverview(std::move(overview), request);
        });
}

void GraphPane::layOutOverview(GraphOverview overview, quint64 request)
{
    std::vector<GraphNodeItem::Content> contents;
    GraphLayoutInput input;
    input.engine = GraphLayoutInput::Engine::Spring;
    for (const GraphOverview::Node& node : overview.nodes) {
        GraphNodeItem::Content content;
        content.tableId = node.tableId;
        content.title = tableTitle(node.tableId, node.tableKnown, &content.nameKnown);
        content.subtitle = content.nameKnown
                               ? tr("links: %1").arg(number(node.links))
                               : tr("name unknown · links: %1").arg(number(node.links));
        content.emphasised = node.pinned;
        const QSizeF size = GraphNodeItem::measure(content, font());
        input.nodes.push_back({size.width(), size.height()});
        contents.push_back(std::move(content));
    }
    for (const GraphOverview::Edge& edge : overview.edges)
        input.edges.push_back({edge.from, edge.to});
    m_overviewWork.run(
        [input = std::move(input)](const std::atomic_bool& stop) {
            return GraphLayout::compute(input, &stop);
        },
        [this, request, overview = std::move(overview),
         contents = std::move(contents)](GraphLayoutResult layout) mutable {
            if (request != m_overviewRequest)
                return;
            if (!layout.ok) {
                m_overviewSummary->setText(
                    tr("The overview could not be laid out: %1").arg(layout.error));
                return;
            }
            // The same tables and links as drawn: new labels and styles, the view stays put.
            const bool sameShape = sameOverviewShape(m_overview, overview) &&
                                   m_overviewPool.shownNodes == int(overview.nodes.size());
            m_overviewPool.resize(int(overview.nodes.size()), int(overview.edges.size()));
            for (size_t i = 0; i < contents.size(); ++i) {
                m_overviewPool.nodes[i]->setContent(contents[i], font());
                m_overviewPool.nodes[i]->setPos(layout.nodeCentres[i]);
                m_overviewPool.nodes[i]->setSelected(false);
            }
            for (size_t i = 0; i < overview.edges.size(); ++i) {
                m_overviewPool.edges[i]->setRoute(layout.edgePaths[i], layout.edgeMiddles[i]);
                m_overviewPool.edges[i]->setRow(overview.edges[i].firstRow);
            }
            m_overviewPool.scene->setSceneRect(layout.bounds.adjusted(-30, -30, 30, 30));
            m_overview = std::move(overview);
            restyleOverview();
            const QString what =
                m_showSuggested->isChecked() ? tr("approved and suggested") : tr("approved");
            QString text;
            if (m_overview.nodes.empty())
                text = tr("No %1 links yet.").arg(what);
            else if (m_overview.limited())
                text = tr("The %1 most linked of %2 linked tables, with %3 of %4 %5 links "
                          "(search to show any other).")
                           .arg(number(qint64(m_overview.nodes.size())),
                                number(m_overview.linkedTables), number(m_overview.drawnLinks),
                                number(m_overview.links), what);
            else
                text = tr("%1 tables, %2 %3 links.")
                           .arg(number(qint64(m_overview.nodes.size())), number(m_overview.links),
                                what);
            m_overviewSummary->setText(text);
            GraphNodeItem* pinned = nullptr;
            if (m_pinnedTable >= 0 && m_index)
                pinned = overviewNodeOf(m_index->tableId(m_pinnedTable));
            if (sameShape && !m_pinPending) {
                emit overviewDrawn();
                return;
            }
            m_pinPending = false;
            if (pinned) {
                pinned->setSelected(true);
                m_overviewView->showRect(pinned->sceneBoundingRect());
            } else {
                m_overviewView->fitAll();
            }
            emit overviewDrawn();
        });
}

void GraphPane::restyleOverview()
{
    // The links of the selected table drawn wide, so that its neighbours read at once.
    QSet<int> selected;
    for (size_t i = 0; i < m_overview.nodes.size() && int(i) < m_overviewPool.shownNodes; ++i) {
        if (m_overviewPool.nodes[i]->isSelected())
            selected.insert(int(i));
    }
    const QPalette& pal = palette();
    for (size_t i = 0; i < m_overview.edges.size() && int(i) < m_overviewPool.shownEdges; ++i) {
        const GraphOverview::Edge& edge = m_overview.edges[i];
        GraphEdgeItem* item = m_overviewPool.edges[i];
        const int count = edge.approved + edge.suggested;
        item->setStyle(edge.approved > 0 ? RelationshipStatus::Approved
                                         : RelationshipStatus::Suggested,
                       selected.contains(edge.from) || selected.contains(edge.to),
                       count > 1 ? number(count) : QString(), pal);
        item->setToolTip(tr("%1 approved, %2 suggested: click to show the first")
                             .arg(number(edge.approved), number(edge.suggested)));
    }
}

bool GraphPane::searchTable(const QString& text)
{
    const QString wanted = text.trimmed();
    if (wanted.isEmpty() || !m_index)
        return false;
    // The best match: the exact name, then a name starting with it, then one containing it,
    // then an id starting with it.
    int best = -1;
    int bestRank = 4;
    for (int table = 0; table < m_index->tableCount() && bestRank > 0; ++table) {
        bool nameKnown = false;
        const QString title =
            tableTitle(m_index->tableId(table), m_index->tableKnown(table), &nameKnown);
        int rank = 4;
        if (title.compare(wanted, Qt::CaseInsensitive) == 0)
            rank = 0;
        else if (title.startsWith(wanted, Qt::CaseInsensitive))
            rank = 1;
        else if (title.contains(wanted, Qt::CaseInsensitive))
            rank = 2;
        else if (m_index->tableId(table)
                     .toString(QUuid::WithoutBraces)
                     .startsWith(wanted, Qt::CaseInsensitive))
            rank = 3;
        if (rank < bestRank) {
            best = table;
            bestRank = rank;
        }
    }
    if (best < 0) {
        m_overviewSummary->setText(tr("No table matches “%1”.").arg(wanted));
        return false;
    }
    m_tabs->setCurrentIndex(1);
    if (GraphNodeItem* drawn = overviewNodeOf(m_index->tableId(best))) {
        m_overviewPool.scene->clearSelection();
        drawn->setSelected(true);
        m_overviewView->showRect(drawn->sceneBoundingRect());
        m_pinnedTable = best;
        emit overviewDrawn();
        return true;
    }
    m_pinnedTable = best; // drawn with its neighbours, then centred on
    m_pinPending = true;
    m_overviewDirty = true;
    refreshOverview();
    return true;
}

void GraphPane::askTableName(const QUuid& tableId)
{
    if (tableId.isNull() || (m_index && m_index->tableOf(tableId) >= 0 &&
                             !m_index->tableKnown(m_index->tableOf(tableId))))
        return; // a stand-in for an unknown table has no id to name
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"tableNameDialog"_s);
    dialog->setWindowTitle(tr("Name table"));
    dialog->setLabelText(tr("Name of table %1:").arg(tableId.toString(QUuid::WithoutBraces)));
    dialog->setTextValue(m_naming->name(tableId));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, tableId](const QString& name) { m_naming->setName(tableId, name); });
    dialog->open();
}

void GraphPane::updateNameAction()
{
    const QList<QGraphicsItem*> selected = m_pool.scene->selectedItems();
    m_nameButton->setEnabled(!selected.isEmpty() &&
                             selected.first()->type() == GraphNodeItem::Type);
}

void GraphPane::refreshSearchNames()
{
    if (!m_index)
        return;
    QStringList names;
    names.reserve(m_index->tableCount());
    for (int table = 0; table < m_index->tableCount(); ++table) {
        bool nameKnown = false;
        names.append(tableTitle(m_index->tableId(table), m_index->tableKnown(table), &nameKnown));
    }
    names.sort(Qt::CaseInsensitive);
    names.removeDuplicates();
    m_searchNames->setStringList(names);
}

void GraphPane::refreshNames()
{
    refreshSearchNames();
    // The sizes of named nodes change: a new layout when needed, else only new titles.
    if (m_drawnRow >= 0)
        refreshNeighbourhood();
    m_overviewDirty = true;
    refreshOverview();
}
