#include "core/layout/graph_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace casebook {

LayoutOptions LayoutOptions::forLargeGraphs() {
    LayoutOptions o;
    o.nslimit = 1;
    o.nslimit1 = 1;
    o.mclimit = 0.2;
    o.remincross = false;
    o.searchsize = 10;
    return o;
}

LayoutOptions LayoutOptions::forNodeCount(std::size_t nodes) {
    return nodes > 300 ? forLargeGraphs() : LayoutOptions{};
}

namespace {

// Graphviz keeps global state: one lock for every use of it in this process.
std::mutex& graphvizLock() {
    static std::mutex lock;
    return lock;
}

GVC_t* context() {
    // Made once: loading the plugins (config6a) costs milliseconds per context.
    static GVC_t* gvc = gvContext();
    return gvc;
}

char* text(const char* s) {
    return const_cast<char*>(s); // cgraph's API predates const; it does not write
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

void set(void* object, const char* name, const std::string& value) {
    agsafeset(object, text(name), text(value.c_str()), text(""));
}

// Graphviz reads escapes in labels (\n, \l, \N...): a backslash is doubled, a line break
// becomes Graphviz's centred line break.
std::string graphvizLabel(std::string_view label) {
    std::string out;
    for (char c : label) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

struct GraphDeleter {
    void operator()(Agraph_t* g) const {
        if (g)
            agclose(g);
    }
};
using Graph = std::unique_ptr<Agraph_t, GraphDeleter>;

struct Built {
    Graph graph;
    std::vector<Agnode_t*> nodes;
    std::vector<Agedge_t*> edges;
};

// `withLabels` false: every label empty. Nodes have fixed sizes, so labels do not move
// anything; without them Graphviz measures no text, which spares loading its text layout
// plugin (pango and fontconfig) in a process that only wants coordinates.
Built build(const LayoutRequest& request, bool withLabels) {
    Built b;
    b.graph.reset(agopen(text("lineage"), Agdirected, nullptr));
    Agraph_t* g = b.graph.get();
    const auto& o = request.options;
    set(g, "rankdir", o.rankdir);
    set(g, "nodesep", number(o.nodesep));
    set(g, "ranksep", number(o.ranksep));
    set(g, "nslimit", number(o.nslimit));
    set(g, "nslimit1", number(o.nslimit1));
    set(g, "mclimit", number(o.mclimit));
    set(g, "remincross", o.remincross ? "true" : "false");
    set(g, "searchsize", std::to_string(o.searchsize));
    set(g, "fontname", "Helvetica");
    std::unordered_map<std::string, Agnode_t*> byId;
    for (const auto& spec : request.nodes) {
        if (byId.count(spec.id))
            throw LayoutError("node \"" + spec.id + "\" appears twice");
        Agnode_t* n = agnode(g, text(spec.id.c_str()), 1);
        byId.emplace(spec.id, n);
        b.nodes.push_back(n);
        set(n, "fixedsize", "true");
        set(n, "width", number(spec.width / 72.0));
        set(n, "height", number(spec.height / 72.0));
        set(n, "shape", spec.shape.empty() ? "box" : spec.shape);
        set(n, "label", withLabels ? graphvizLabel(spec.label) : std::string());
        set(n, "fontname", "Helvetica");
        set(n, "fontsize", "10");
        if (!spec.style.empty())
            set(n, "style", spec.style);
        else if (!spec.fill.empty())
            set(n, "style", "filled");
        if (!spec.fill.empty())
            set(n, "fillcolor", spec.fill);
        if (!spec.stroke.empty())
            set(n, "color", spec.stroke);
    }
    for (const auto& spec : request.edges) {
        const auto from = byId.find(spec.from);
        const auto to = byId.find(spec.to);
        if (from == byId.end() || to == byId.end())
            throw LayoutError("edge " + spec.from + " -> " + spec.to + " names an unknown node");
        Agedge_t* e = agedge(g, from->second, to->second, nullptr, 1);
        b.edges.push_back(e);
        if (!spec.style.empty())
            set(e, "style", spec.style);
        if (!spec.color.empty())
            set(e, "color", spec.color);
    }
    return b;
}

class LaidOut {
public:
    explicit LaidOut(Agraph_t* g) : g_(g) {
        if (gvLayout(context(), g, "dot") != 0)
            throw LayoutError("Graphviz dot could not lay the graph out");
    }
    ~LaidOut() { gvFreeLayout(context(), g_); }
    LaidOut(const LaidOut&) = delete;
    LaidOut& operator=(const LaidOut&) = delete;

private:
    Agraph_t* g_;
};

} // namespace

LayoutResult layoutGraph(const LayoutRequest& request) {
    std::lock_guard lock(graphvizLock());
    Built b = build(request, false);
    Agraph_t* g = b.graph.get();
    LaidOut laidOut(g);
    LayoutResult result;
    const boxf bb = GD_bb(g);
    const double top = bb.UR.y;
    result.width = bb.UR.x - bb.LL.x;
    result.height = bb.UR.y - bb.LL.y;
    // Graphviz has y growing upwards from the bottom left; Qt and SVG downwards from the top.
    auto flip = [&](pointf p) { return LayoutPoint{p.x - bb.LL.x, top - p.y}; };
    for (std::size_t i = 0; i < b.nodes.size(); ++i) {
        Agnode_t* n = b.nodes[i];
        LayoutNode node;
        node.id = request.nodes[i].id;
        node.center = flip(ND_coord(n));
        node.width = ND_width(n) * 72.0;
        node.height = ND_height(n) * 72.0;
        result.nodes.push_back(std::move(node));
    }
    for (std::size_t i = 0; i < b.edges.size(); ++i) {
        Agedge_t* e = b.edges[i];
        LayoutEdge edge;
        edge.from = request.edges[i].from;
        edge.to = request.edges[i].to;
        if (const splines* spl = ED_spl(e); spl && spl->size > 0) {
            const bezier& curve = spl->list[0];
            for (int k = 0; k < curve.size; ++k)
                edge.points.push_back(flip(curve.list[k]));
            if (curve.eflag)
                edge.arrowTip = flip(curve.ep);
        }
        result.edges.push_back(std::move(edge));
    }
    return result;
}

std::string renderGraph(const LayoutRequest& request, std::string_view format) {
    if (format != "svg" && format != "dot")
        throw LayoutError("unknown render format \"" + std::string(format) + "\"");
    std::lock_guard lock(graphvizLock());
    Built b = build(request, true);
    LaidOut laidOut(b.graph.get());
    char* data = nullptr;
    unsigned int length = 0;
    const std::string f(format);
    if (gvRenderData(context(), b.graph.get(), f.c_str(), &data, &length) != 0 || !data)
        throw LayoutError("Graphviz could not render " + f);
    std::string out(data, length);
    gvFreeRenderData(data);
    return out;
}

namespace {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out + '"';
}

} // namespace

std::string toDot(const LayoutRequest& request) {
    std::string out = "digraph lineage {\n  rankdir=" + request.options.rankdir +
                      ";\n  node [fontname=\"Helvetica\", fontsize=10];\n";
    for (const auto& n : request.nodes) {
        out += "  " + quoted(n.id) + " [label=" + quoted(n.label) +
               ", shape=" + (n.shape.empty() ? std::string("box") : n.shape);
        if (!n.style.empty())
            out += ", style=" + quoted(n.style);
        if (!n.fill.empty())
            out += ", fillcolor=" + quoted(n.fill);
        if (!n.stroke.empty())
            out += ", color=" + quoted(n.stroke);
        out += "];\n";
    }
    for (const auto& e : request.edges) {
        out += "  " + quoted(e.from) + " -> " + quoted(e.to);
        if (!e.style.empty() || !e.color.empty()) {
            out += " [";
            if (!e.style.empty())
                out += "style=" + quoted(e.style);
            if (!e.color.empty())
                out += std::string(e.style.empty() ? "" : ", ") + "color=" + quoted(e.color);
            out += "]";
        }
        out += ";\n";
    }
    return out + "}\n";
}

} // namespace casebook
