#include "core/lineage/impact.h"

#include "core/util/time_text.h"

#include <algorithm>
#include <map>

namespace casebook {

int kindRank(std::string_view kind) {
    static constexpr std::string_view order[] = {"journey", "sync",    "dashboard", "model",
                                                 "job",     "dataset", "other"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (order[i] == kind)
            return i;
    return static_cast<int>(std::size(order));
}

std::string kindPlural(std::string_view kind, std::size_t count) {
    if (kind == "other")
        return count == 1 ? "other node" : "other nodes";
    std::string word(kind.empty() ? std::string_view("node") : kind);
    return count == 1 ? word : word + "s";
}

std::vector<NodeIndex> ImpactReport::pathTo(NodeIndex node) const {
    std::vector<NodeIndex> path;
    if (node >= via.size())
        return path;
    for (NodeIndex at = node; at != root && path.size() <= via.size(); at = via[at])
        path.push_back(at);
    path.push_back(root);
    std::reverse(path.begin(), path.end());
    return path;
}

std::string ImpactReport::summary() const {
    std::string out;
    for (const auto& k : byKind) {
        if (k.affected == 0)
            continue;
        if (!out.empty())
            out += ", ";
        out += std::to_string(k.affected) + " of " + std::to_string(k.total) + " " +
               kindPlural(k.kind, k.total);
    }
    return out.empty() ? std::string("nothing") : out;
}

ImpactReport computeImpact(const LineageGraph& graph, NodeIndex root, LineageDirection direction,
                           int maxDepth) {
    ImpactReport report;
    report.root = root;
    report.direction = direction;
    report.maxDepth = maxDepth;
    const LineageClosure closure(graph, root, direction, maxDepth);
    std::map<std::string, ImpactKindCount> counts;
    for (const auto& n : graph.nodes())
        ++counts[n.kind].total;
    report.via.assign(graph.nodeCount(), root);
    report.items.reserve(closure.reached().size());
    for (const auto& reached : closure.reached()) {
        report.items.push_back({reached.node, reached.hops});
        report.via[reached.node] = reached.via;
        ++counts[graph.node(reached.node).kind].affected;
    }
    std::stable_sort(report.items.begin(), report.items.end(),
                     [&](const ImpactItem& a, const ImpactItem& b) {
                         const auto& na = graph.node(a.node);
                         const auto& nb = graph.node(b.node);
                         if (kindRank(na.kind) != kindRank(nb.kind))
                             return kindRank(na.kind) < kindRank(nb.kind);
                         if (a.hops != b.hops)
                             return a.hops < b.hops;
                         return na.name < nb.name;
                     });
    for (auto& [kind, count] : counts) {
        count.kind = kind;
        report.byKind.push_back(count);
    }
    std::stable_sort(report.byKind.begin(), report.byKind.end(),
                     [](const ImpactKindCount& a, const ImpactKindCount& b) {
                         return kindRank(a.kind) < kindRank(b.kind);
                     });
    return report;
}

std::string pathText(const LineageGraph& graph, const std::vector<NodeIndex>& path) {
    std::string out;
    for (NodeIndex n : path) {
        if (!out.empty())
            out += " \u2192 ";
        out += graph.node(n).qualifiedName();
    }
    return out;
}

namespace {

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string markdownCell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string statusText(const LineageStatus* status, std::int64_t id) {
    if (!status)
        return {};
    const NodeStatus& s = status->of(id);
    std::string text(runStateWord(s.state));
    if (s.stale)
        text += ", stale";
    return text;
}

} // namespace

void writeImpactCsv(const ImpactReport& report, const LineageGraph& graph,
                    const LineageStatus* status, std::ostream& out) {
    out << "kind,namespace,name,hops,status,path\n";
    for (const auto& item : report.items) {
        const auto& n = graph.node(item.node);
        out << csvField(n.kind) << ',' << csvField(n.ns) << ',' << csvField(n.name) << ','
            << item.hops << ',' << csvField(statusText(status, n.id)) << ','
            << csvField(pathText(graph, report.pathOf(item))) << '\n';
    }
}

void writeImpactMarkdown(const ImpactReport& report, const LineageGraph& graph,
                         const LineageStatus* status, std::ostream& out) {
    const auto& root = graph.node(report.root);
    out << "# Impact of " << markdownCell(root.qualifiedName()) << "\n\n";
    out << (report.direction == LineageDirection::Downstream ? "Downstream" : "Upstream");
    if (report.maxDepth >= 0)
        out << " within " << report.maxDepth << " hops";
    if (status)
        out << ", as of " << formatRfc3339(status->atNs);
    out << ": " << report.summary() << ".\n\n";
    out << "| kind | node | hops | status | path |\n|---|---|---|---|---|\n";
    for (const auto& item : report.items) {
        const auto& n = graph.node(item.node);
        out << "| " << markdownCell(n.kind) << " | " << markdownCell(n.qualifiedName()) << " | "
            << item.hops << " | " << markdownCell(statusText(status, n.id)) << " | "
            << markdownCell(pathText(graph, report.pathOf(item))) << " |\n";
    }
}

} // namespace casebook
