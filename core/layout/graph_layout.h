#pragma once
// Graph layout with Graphviz's dot engine through cgraph/gvc (docs/lineage.md, "Layout").
// The caller gives node sizes in points (the GUI measures its labels; the CLI estimates
// them); the result holds node centres and edge splines in points with y growing
// downwards, as Qt scenes and SVG want them.
//
// Graphviz is not thread-safe and cannot be cancelled: every call here is serialised by
// one process-wide lock. A GUI runs layouts in a child process it can kill instead
// (layout_process.h), so that a huge layout is abandoned, never waited for.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

class LayoutError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LayoutPoint {
    double x = 0, y = 0;
    friend bool operator==(const LayoutPoint&, const LayoutPoint&) = default;
};

struct LayoutNodeSpec {
    std::string id;                 // unique in the request
    std::string label;              // drawn by Graphviz when rendering SVG; the GUI draws its own
    double width = 72, height = 36; // points
    std::string shape = "box";      // Graphviz shape, for rendering
    std::string fill, stroke;       // colours for rendering ("#rrggbb"), may be empty
    std::string style;              // Graphviz style, e.g. "rounded,filled"
};

struct LayoutEdgeSpec {
    std::string from, to;
    std::string style; // "dashed" for edges carried through hidden nodes
    std::string color;
};

// The tuning attributes that keep large layouts bounded (Graphviz attribute reference:
// nslimit, nslimit1, mclimit, remincross, searchsize). The defaults suit a few hundred
// nodes; forLargeGraphs() trades crossing quality for time.
struct LayoutOptions {
    std::string rankdir = "LR";
    double nodesep = 0.25; // inches
    double ranksep = 0.55; // inches
    double nslimit = 8, nslimit1 = 8, mclimit = 1.0;
    bool remincross = true;
    int searchsize = 30;
    static LayoutOptions forLargeGraphs();
    // Options for `nodes` nodes: the defaults up to 300, forLargeGraphs() beyond.
    static LayoutOptions forNodeCount(std::size_t nodes);
};

struct LayoutRequest {
    std::vector<LayoutNodeSpec> nodes;
    std::vector<LayoutEdgeSpec> edges;
    LayoutOptions options;
};

struct LayoutNode {
    std::string id;
    LayoutPoint center;
    double width = 0, height = 0;
};

struct LayoutEdge {
    std::string from, to;
    // Cubic Bezier control points: p0, c1, c2, p1, c1, c2, p2, ... (3n + 1 points).
    std::vector<LayoutPoint> points;
    std::optional<LayoutPoint> arrowTip; // where the arrow head points, past the last point
};

struct LayoutResult {
    double width = 0, height = 0; // the bounding box, from (0, 0)
    std::vector<LayoutNode> nodes;
    std::vector<LayoutEdge> edges;
};

// Lays the graph out in this process. Throws LayoutError when Graphviz fails or an edge
// names an unknown node.
LayoutResult layoutGraph(const LayoutRequest& request);

// Lays the graph out and renders it with Graphviz: "svg", or "dot" (DOT with the layout's
// positions). Throws LayoutError.
std::string renderGraph(const LayoutRequest& request, std::string_view format);

// The request as plain DOT, without positions (what "export DOT" of a view gives).
std::string toDot(const LayoutRequest& request);

} // namespace casebook
