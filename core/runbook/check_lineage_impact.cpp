// lineage_impact: what a lineage node feeds (or depends on) as the lineage was known at the
// check's time, counted by kind against everything of that kind in scope, with how many
// of the reached nodes were stale then (core/lineage impact and status). Across tenants
// every tenant's node of that name is a root, and the counts add up.
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/node_status.h"
#include "core/runbook/check_support.h"
#include "core/store/workspace.h"
#include "core/util/plain_text.h"
#include "core/util/time_text.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace casebook {
namespace {

// The kinds whose counts a pass condition may name: reached ones, their share of all
// of the kind, and the stale ones among them.
const char* const kKinds[] = {"journey", "sync", "dashboard", "model", "job", "dataset"};

std::optional<CheckParameterError> validateImpact(const CheckParameters& p) {
    const std::string direction = p.value("direction", "downstream");
    if (direction != "downstream" && direction != "upstream")
        return CheckParameterError{"direction",
                                   "direction is downstream or upstream, not '" + direction + "'"};
    if (auto at = p.get("at"); at && !parseRfc3339(*at))
        return CheckParameterError{"at", "at is a time like 2026-11-20T21:00Z, not '" + *at + "'"};
    return validateWindow(p);
}

// The graph's nodes `text` names: "namespace/name" or a bare name exactly, else those
// whose qualified name contains it; several nodes of one qualified name (one per tenant)
// are one root each, different names are ambiguous.
std::vector<NodeIndex> rootsOf(const LineageGraph& graph, const std::string& text) {
    std::vector<NodeIndex> exact, partial;
    const std::string wanted = asciiLower(text);
    for (NodeIndex n = 0; n < graph.nodeCount(); ++n) {
        const auto& node = graph.node(n);
        const std::string qualified = asciiLower(node.qualifiedName());
        if (qualified == wanted || asciiLower(node.name) == wanted)
            exact.push_back(n);
        else if (qualified.find(wanted) != std::string::npos)
            partial.push_back(n);
    }
    std::vector<NodeIndex> roots = exact.empty() ? partial : exact;
    std::set<std::string> names;
    for (NodeIndex n : roots)
        names.insert(graph.node(n).qualifiedName());
    if (names.size() > 1) {
        std::string list;
        for (const auto& name : names)
            list += (list.empty() ? "" : ", ") + name;
        throw std::runtime_error("node: '" + text + "' names several lineage nodes: " + list);
    }
    return roots;
}

CheckResult runLineageImpact(Workspace& ws, const Scope& given, const CheckParameters& p) {
    const Scope windowed = windowedScope(given, p);
    std::optional<std::int64_t> atNs = windowed.window().toNs;
    if (auto at = p.get("at"))
        atNs = parseRfc3339(*at);
    const auto direction = p.value("direction", "downstream") == "upstream"
                               ? LineageDirection::Upstream
                               : LineageDirection::Downstream;
    const std::string text = p.value("node");
    const Scope scope = given.withWindow({});
    const LineageGraph graph = loadLineageGraph(ws, scope, atNs);
    const std::vector<NodeIndex> roots = rootsOf(graph, text);

    CheckResult result;
    result.query =
        std::string(direction == LineageDirection::Downstream ? "downstream" : "upstream") +
        " of " + text + (atNs ? " at " + formatRfc3339(*atNs) : std::string());
    result.values["reached"] = 0;
    result.values["stale"] = 0;
    for (const char* kind : kKinds) {
        const std::string plural = kindPlural(kind, 2);
        result.values[plural] = 0;
        result.values["share_" + plural] = 0;
        result.values["stale_" + plural] = 0;
    }
    if (roots.empty()) {
        result.summary = "no lineage node " + inQuotes(text) + " in this scope";
        return result;
    }

    const LineageStatus status = lineageStatus(ws, scope, graph, atNs);
    std::map<std::string, ImpactKindCount> counts;
    for (const auto& n : graph.nodes()) {
        counts[n.kind].kind = n.kind;
        ++counts[n.kind].total;
    }
    struct Reached {
        NodeIndex node;
        int hops;
        std::vector<NodeIndex> path;
    };
    std::vector<Reached> reached;
    std::int64_t stale = 0;
    for (NodeIndex root : roots) {
        const ImpactReport report = computeImpact(graph, root, direction);
        for (const auto& item : report.items) {
            const auto& node = graph.node(item.node);
            ++counts[node.kind].affected;
            ++result.byTenant[node.tenant];
            if (status.of(node.id).stale) {
                ++stale;
                result.values["stale_" + kindPlural(node.kind, 2)] += 1;
            }
            reached.push_back({item.node, item.hops, report.pathOf(item)});
        }
    }
    result.values["reached"] = static_cast<double>(reached.size());
    result.values["stale"] = static_cast<double>(stale);
    std::vector<ImpactKindCount> byKind;
    for (const auto& [kind, count] : counts) {
        const std::string plural = kindPlural(kind, 2);
        result.values[plural] = static_cast<double>(count.affected);
        result.values["share_" + plural] =
            count.total ? static_cast<double>(count.affected) / static_cast<double>(count.total)
                        : 0.0;
        byKind.push_back(count);
    }
    std::stable_sort(byKind.begin(), byKind.end(), [](const auto& a, const auto& b) {
        return kindRank(a.kind) < kindRank(b.kind);
    });
    std::string words;
    for (const auto& k : byKind) {
        if (k.affected == 0)
            continue;
        words += (words.empty() ? "" : ", ") + std::to_string(k.affected) + " of " +
                 std::to_string(k.total) + " " + kindPlural(k.kind, k.total);
    }
    if (words.empty())
        words = "nothing";
    result.summary =
        std::string(direction == LineageDirection::Downstream ? "downstream" : "upstream") +
        " of " + graph.node(roots.front()).qualifiedName() +
        (roots.size() > 1 ? " (" + std::to_string(roots.size()) + " tenants)" : "") + ": " + words +
        "; " + std::to_string(stale) + " stale" +
        (atNs ? " at " + formatRfc3339(*atNs) : std::string());

    std::stable_sort(reached.begin(), reached.end(), [&](const Reached& a, const Reached& b) {
        const int ra = kindRank(graph.node(a.node).kind), rb = kindRank(graph.node(b.node).kind);
        return ra != rb ? ra < rb : a.hops < b.hops;
    });
    nlohmann::json countsJson = nlohmann::json::array();
    for (const auto& k : byKind)
        countsJson.push_back({{"kind", k.kind}, {"reached", k.affected}, {"total", k.total}});
    nlohmann::json nodes = nlohmann::json::array();
    const auto limit = static_cast<std::size_t>(p.evidenceLimit());
    for (const auto& r : reached) {
        if (nodes.size() >= limit)
            break;
        nlohmann::json path = nlohmann::json::array();
        for (NodeIndex n : r.path)
            path.push_back(graph.node(n).qualifiedName());
        nodes.push_back({{"node", graph.node(r.node).qualifiedName()},
                         {"kind", graph.node(r.node).kind},
                         {"hops", r.hops},
                         {"path", path}});
    }
    Evidence e;
    e.kind = evidence_kind::kLineageImpact;
    e.title = "impact of " + graph.node(roots.front()).qualifiedName() + ": " + words;
    e.payload = {
        {"node", graph.node(roots.front()).qualifiedName()},
        {"direction", direction == LineageDirection::Downstream ? "downstream" : "upstream"},
        {"words", words},
        {"counts", countsJson},
        {"nodes", nodes},
        {"truncated", reached.size() > limit}};
    if (atNs) {
        e.payload["at_ns"] = *atNs;
        e.toNs = *atNs;
    }
    result.evidence.push_back(std::move(e));
    return result;
}

std::vector<std::string> impactValues() {
    std::vector<std::string> values = {"reached", "stale"};
    for (const char* kind : kKinds) {
        const std::string plural = kindPlural(kind, 2);
        values.push_back(plural);
        values.push_back("share_" + plural);
        values.push_back("stale_" + plural);
    }
    return values;
}

} // namespace

CheckKind lineageImpactCheckKind() {
    CheckKind kind;
    kind.name = "lineage_impact";
    kind.description = "What a lineage node feeds downstream (or depends on upstream) at the "
                       "check's time, by kind, and how much of it was stale then.";
    kind.parameters = {
        {"node", true, "namespace/name, a bare name, or words of the name"},
        {"direction", false, "downstream (default) or upstream"},
        {"at", false, "the moment, RFC 3339 (default: the end of the range, else the newest)"},
        kFromParameter,
        kToParameter};
    kind.values = impactValues();
    // Nodes, not records: no `impact:`.
    kind.evidenceKinds = {std::string(evidence_kind::kLineageImpact)};
    kind.run = runLineageImpact;
    kind.validate = validateImpact;
    return kind;
}

} // namespace casebook
