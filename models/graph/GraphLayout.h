#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>

#include <atomic>
#include <vector>

// Lays a graph out with Graphviz (libgvc, libcgraph): node centres and edge splines for a graph
// of boxes whose sizes the caller measured. QtCore only, so that it runs on a BackgroundWork job;
// it draws nothing. Graphviz's context is not safe for concurrent layouts, so compute() holds
// one process-wide lock while it runs (layouts take their turn) and creates and frees its graph
// per call. The same input always gives the same output.
//
// Coordinates are in Graphviz points, used as scene pixels, with y pointing down (Qt's way) and
// the bounding box's top left at (0, 0).
struct GraphLayoutInput
{
    enum class Engine {
        Layered, // dot, left to right: a neighbourhood (who points at whom)
        Spring   // neato without overlaps: an overview
    };
    struct Node
    {
        double width = 0; // box size in points
        double height = 0;
    };
    struct Edge
    {
        int from = 0; // indexes into nodes
        int to = 0;
    };
    Engine engine = Engine::Layered;
    std::vector<Node> nodes;
    std::vector<Edge> edges;
};

struct GraphLayoutResult
{
    bool ok = false;
    QString error; // when !ok: what Graphviz said
    QRectF bounds;
    std::vector<QPointF> nodeCentres; // one per input node
    // One per input edge: a cubic Bézier path, the start point then three points per segment
    // (empty when Graphviz drew no spline for it).
    std::vector<std::vector<QPointF>> edgePaths;
    // One per input edge: where its label goes (the middle of its path).
    std::vector<QPointF> edgeMiddles;
};

class GraphLayout
{
public:
    // `stop` (optional) is checked before the layout starts: a superseded job ends early.
    static GraphLayoutResult compute(const GraphLayoutInput& input,
                                     const std::atomic_bool* stop = nullptr);
};
