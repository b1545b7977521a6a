#include "GraphLayout.h"

#include <QByteArray>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <mutex>

namespace {

// Graphviz keeps global state (its context, the error handler, cgraph's id discipline): one
// layout at a time, in a context that lives as long as the process.
std::mutex& layoutMutex()
{
    static std::mutex mutex;
    return mutex;
}

GVC_t* context()
{
    static GVC_t* gvc = [] {
        agseterr(AGMAX); // no warnings on stderr; a failed layout is reported by its result
        return gvContext();
    }();
    return gvc;
}

void set(void* object, const char* name, const QByteArray& value)
{
    agsafeset(object, const_cast<char*>(name), const_cast<char*>(value.constData()),
              const_cast<char*>(""));
}

QByteArray inches(double points)
{
    return QByteArray::number(points / 72.0, 'f', 4);
}

// The point half way along a cubic Bézier path (by segment count, then t = 0.5).
QPointF middleOf(const std::vector<QPointF>& path)
{
    if (path.size() < 4)
        return path.empty() ? QPointF() : path.front();
    const size_t segments = (path.size() - 1) / 3;
    const size_t segment = segments / 2;
    const QPointF& p0 = path[segment * 3];
    const QPointF& c1 = path[segment * 3 + 1];
    const QPointF& c2 = path[segment * 3 + 2];
    const QPointF& p1 = path[segment * 3 + 3];
    if (segments % 2 == 0 && segment > 0)
        return p0; // an even number of segments: the middle is where two meet
    return 0.125 * p0 + 0.375 * c1 + 0.375 * c2 + 0.125 * p1;
}

} // namespace

GraphLayoutResult GraphLayout::compute(const GraphLayoutInput& input, const std::atomic_bool* stop)
{
    GraphLayoutResult result;
    if (input.nodes.empty()) {
        result.ok = true;
        result.edgePaths.resize(input.edges.size());
        result.edgeMiddles.resize(input.edges.size());
        return result;
    }
    std::lock_guard lock(layoutMutex());
    if (stop && *stop)
        return result;
    GVC_t* gvc = context();
    Agraph_t* graph = agopen(const_cast<char*>("g"), Agdirected, nullptr);
    const bool layered = input.engine == GraphLayoutInput::Engine::Layered;
    set(graph, "splines", "true");
    if (layered) {
        set(graph, "rankdir", "LR");
        set(graph, "nodesep", "0.35");
        set(graph, "ranksep", "1.1");
    } else {
        set(graph, "overlap", "false");
        set(graph, "sep", "+14");
        set(graph, "start", "1"); // a fixed seed: the same input, the same picture
        set(graph, "mode", "major");
    }

    std::vector<Agnode_t*> nodes;
    nodes.reserve(input.nodes.size());
    for (size_t i = 0; i < input.nodes.size(); ++i) {
        Agnode_t* node = agnode(graph, QByteArray::number(qulonglong(i)).data(), 1);
        set(node, "shape", "box");
        set(node, "fixedsize", "true");
        set(node, "label", "");
        set(node, "width", inches(input.nodes[i].width));
        set(node, "height", inches(input.nodes[i].height));
        nodes.push_back(node);
    }
    std::vector<Agedge_t*> edges;
    edges.reserve(input.edges.size());
    for (size_t i = 0; i < input.edges.size(); ++i) {
        const GraphLayoutInput::Edge& edge = input.edges[i];
        if (edge.from < 0 || edge.to < 0 || size_t(edge.from) >= nodes.size() ||
            size_t(edge.to) >= nodes.size()) {
            edges.push_back(nullptr);
            continue;
        }
        // A key of its own, so that two links between the same tables stay two edges.
        edges.push_back(agedge(graph, nodes[size_t(edge.from)], nodes[size_t(edge.to)],
                               QByteArray::number(qulonglong(i)).data(), 1));
    }

    if (gvLayout(gvc, graph, layered ? "dot" : "neato") != 0) {
        result.error = QStringLiteral("Graphviz could not lay the graph out");
        agclose(graph);
        return result;
    }
    const boxf bounds = GD_bb(graph);
    const double top = bounds.UR.y;
    const double left = bounds.LL.x;
    auto toScene = [&](pointf at) { return QPointF(at.x - left, top - at.y); };
    result.bounds = QRectF(0, 0, bounds.UR.x - bounds.LL.x, bounds.UR.y - bounds.LL.y);
    result.nodeCentres.reserve(nodes.size());
    for (Agnode_t* node : nodes)
        result.nodeCentres.push_back(toScene(ND_coord(node)));
    result.edgePaths.resize(edges.size());
    result.edgeMiddles.resize(edges.size());
    for (size_t i = 0; i < edges.size(); ++i) {
        Agedge_t* edge = edges[i];
        if (!edge || !ED_spl(edge) || ED_spl(edge)->size < 1)
            continue;
        const bezier& curve = ED_spl(edge)->list[0];
        std::vector<QPointF>& route = result.edgePaths[i];
        route.reserve(size_t(curve.size) + 2);
        if (curve.sflag)
            route.push_back(toScene(curve.sp));
        for (int p = 0; p < curve.size; ++p)
            route.push_back(toScene(curve.list[p]));
        // The arrow head's tip: the path ends at the node's border, not before the arrow.
        if (curve.eflag) {
            const QPointF tip = toScene(curve.ep);
            const QPointF last = route.back();
            route.push_back(last + (tip - last) / 3.0);
            route.push_back(last + (tip - last) * 2.0 / 3.0);
            route.push_back(tip);
        }
        if (curve.sflag && route.size() >= 2) {
            // The start flag put a lone point first: make it a straight segment too.
            const QPointF start = route[0];
            const QPointF next = route[1];
            route.insert(route.begin() + 1,
                         {start + (next - start) / 3.0, start + (next - start) * 2.0 / 3.0});
        }
        result.edgeMiddles[i] = middleOf(route);
    }
    gvFreeLayout(gvc, graph);
    agclose(graph);
    result.ok = true;
    return result;
}
