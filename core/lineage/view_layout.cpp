#include "core/lineage/view_layout.h"

#include "core/lineage/impact.h"

#include <algorithm>

namespace casebook {

std::string viewNodeId(const LineageView& view, const LineageGraph& graph, std::size_t index) {
    const auto& n = view.nodes[index];
    if (!n.isGroup)
        return "n" + std::to_string(graph.node(n.node).id);
    return "g" + std::to_string(n.group.anchor) +
           (n.group.direction == LineageDirection::Downstream ? "-d-" : "-u-") + n.group.kind;
}

std::pair<std::string, std::string> viewNodeLines(const LineageView& view,
                                                  const LineageGraph& graph,
                                                  const LineageStatus* status, std::size_t index) {
    const auto& n = view.nodes[index];
    if (n.isGroup)
        return {std::to_string(n.members.size()) + " " + kindPlural(n.group.kind, n.members.size()),
                "folded, click to show"};
    const auto& info = graph.node(n.node);
    std::string second = info.kind;
    if (status) {
        const NodeStatus& s = status->of(info.id);
        if (s.hasRuns() || s.stale) {
            second += " \u00b7 " + std::string(runStateWord(s.state));
            if (s.stale)
                second += ", stale";
        }
    }
    return {info.name, second};
}

std::string kindFill(std::string_view kind) {
    if (kind == "dataset")
        return "#e3eefc";
    if (kind == "job")
        return "#ece6f7";
    if (kind == "dashboard")
        return "#fdf0d8";
    if (kind == "sync")
        return "#dff3ea";
    if (kind == "journey")
        return "#fbe3ec";
    if (kind == "model")
        return "#e4f3f6";
    return "#eeeeee";
}

std::string statusStroke(const NodeStatus& s) {
    if (s.state == RunState::Failed)
        return "#c83232";
    if (s.stale)
        return "#d98a0b";
    if (s.state == RunState::Running)
        return "#2f74d0";
    if (s.state == RunState::Complete)
        return "#2e8b57";
    return "#7a7f87";
}

std::string kindShape(std::string_view kind) {
    if (kind == "dataset")
        return "cylinder";
    if (kind == "dashboard")
        return "tab";
    if (kind == "sync")
        return "cds";
    if (kind == "journey")
        return "hexagon";
    if (kind == "model")
        return "component";
    if (kind == "other")
        return "note";
    return "box";
}

std::pair<double, double> estimateNodeSize(const std::string& first, const std::string& second) {
    auto chars = [](const std::string& s) {
        // UTF-8 continuation bytes are not characters.
        return static_cast<double>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    };
    const double width = std::clamp(std::max(chars(first), chars(second)) * 6.0 + 28, 90.0, 320.0);
    return {width, 40.0};
}

LayoutRequest layoutRequestFor(const LineageView& view, const LineageGraph& graph,
                               const LineageStatus* status, const LineageNodeSizer& sizer) {
    LayoutRequest request;
    request.options = LayoutOptions::forNodeCount(view.nodes.size());
    for (std::size_t i = 0; i < view.nodes.size(); ++i) {
        const auto& n = view.nodes[i];
        LayoutNodeSpec spec;
        spec.id = viewNodeId(view, graph, i);
        const auto [first, second] = viewNodeLines(view, graph, status, i);
        spec.label = first + "\n" + second;
        const auto [w, h] = sizer(first, second);
        spec.width = w;
        spec.height = h;
        if (n.isGroup) {
            spec.shape = "folder";
            spec.style = "dashed,filled";
            spec.fill = "#ffffff";
            spec.stroke = "#7a7f87";
        } else {
            const auto& info = graph.node(n.node);
            spec.shape = kindShape(info.kind);
            spec.style = n.focus ? "filled,bold" : "filled";
            spec.fill = kindFill(info.kind);
            spec.stroke = status ? statusStroke(status->of(info.id)) : std::string("#7a7f87");
        }
        request.nodes.push_back(std::move(spec));
    }
    for (const auto& e : view.edges) {
        LayoutEdgeSpec spec;
        spec.from = request.nodes[e.from].id;
        spec.to = request.nodes[e.to].id;
        if (e.contracted || view.nodes[e.from].isGroup || view.nodes[e.to].isGroup)
            spec.style = "dashed";
        if (e.onPath)
            spec.color = "#d9480f";
        request.edges.push_back(std::move(spec));
    }
    return request;
}

} // namespace casebook
