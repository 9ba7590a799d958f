#pragma once
// A lineage view as a layout request: stable ids for nodes and folded groups, labels,
// sizes, and the shapes and colours by kind and status that the SVG export and the GUI
// share (so that a picture exported from either looks like the other).

#include "core/layout/graph_layout.h"
#include "core/lineage/focused_view.h"

#include <functional>
#include <string>
#include <utility>

namespace casebook {

// "n<row id>" for a node, "g<anchor row id>-<d|u>-<kind>" for a group: stable across
// reloads, so a cached layout matches the same view.
std::string viewNodeId(const LineageView& view, const LineageGraph& graph, std::size_t index);

// The two lines of a box: the node's name and "kind · status", or "12 journeys" and
// "folded, click to show".
std::pair<std::string, std::string> viewNodeLines(const LineageView& view,
                                                  const LineageGraph& graph,
                                                  const LineageStatus* status, std::size_t index);

// Fill colour of a kind and stroke colour of a status ("#rrggbb").
std::string kindFill(std::string_view kind);
std::string statusStroke(const NodeStatus& status);
// Graphviz shape of a kind: cylinder (dataset), box (job), tab (dashboard), cds (sync),
// hexagon (journey), component (model), note (other).
std::string kindShape(std::string_view kind);

// Width and height in points of a box with these two lines; the default estimates text
// at 6 points a character (Helvetica 10).
using LineageNodeSizer =
    std::function<std::pair<double, double>(const std::string& first, const std::string& second)>;
std::pair<double, double> estimateNodeSize(const std::string& first, const std::string& second);

LayoutRequest layoutRequestFor(const LineageView& view, const LineageGraph& graph,
                               const LineageStatus* status,
                               const LineageNodeSizer& sizer = estimateNodeSize);

} // namespace casebook
