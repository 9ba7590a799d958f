// casebook-cli lineage WORKSPACE nodes|node|impact|layout: the lineage of the workspace,
// the same analysis the Lineage pane shows (docs/lineage.md).
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/lineage_args.h"
#include "app/cli/lineage_layout_output.h"
#include "app/cli/text_table.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/node_details.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace casebook::cli {
namespace {

constexpr const char* kUsage =
    "casebook-cli lineage WORKSPACE nodes [--kind K] [--search TEXT] [--limit N]\n"
    "       casebook-cli lineage WORKSPACE node NODE [--at TIME]\n"
    "       casebook-cli lineage WORKSPACE impact NODE [--upstream|--downstream] [--depth N]\n"
    "                                    [--at TIME] [--column C] [--format text|csv|markdown]\n"
    "       casebook-cli lineage WORKSPACE layout [NODE] [--depth N] [--at TIME]\n"
    "                                    [--format svg|dot] [--out FILE]\n"
    "  (every form takes --tenant T and --json)";

std::string stateText(const NodeStatus& s) {
    std::string text(runStateWord(s.state));
    if (s.stale)
        text += ", stale";
    return text;
}

nlohmann::json nodeJson(const LineageNodeInfo& n) {
    return {{"id", n.id},        {"role", n.role == LineageRole::Job ? "job" : "dataset"},
            {"namespace", n.ns}, {"name", n.name},
            {"kind", n.kind},    {"owner", n.owner},
            {"tenant", n.tenant}};
}

int listNodes(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    const auto limit = static_cast<std::size_t>(args.integer("limit", 1000, 1, 10'000'000));
    const auto rows = findLineageNodes(ws, scope, args.value("search").value_or(""), limit,
                                       args.value("kind").value_or(""));
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& r : rows)
            list.push_back(nodeJson(r.info));
        out << list.dump(2) << '\n';
        return 0;
    }
    TextTable table({"kind", "node", "owner", "tenant"});
    for (const auto& r : rows)
        table.add({r.info.kind,
                   (r.info.role == LineageRole::Job ? "job:" : "dataset:") + r.info.qualifiedName(),
                   r.info.owner, r.info.tenant});
    table.print(out);
    out << rows.size() << (rows.size() == 1 ? " node" : " nodes")
        << (rows.size() == limit ? " (stopped at --limit)" : "") << '\n';
    return 0;
}

int showNode(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    const auto row = resolveLineageNodeOrFail(ws, scope, args.positionals()[2]);
    const auto at = lineageAtTime(ws, scope, args);
    const auto details = lineageNodeDetails(ws, scope, row.info.id, at);
    const auto graph = loadLineageGraph(ws, scope, at);
    const auto status = lineageStatus(ws, scope, graph, at);
    const NodeStatus& s = status.of(row.info.id);
    if (args.flag("json")) {
        nlohmann::json j = nodeJson(row.info);
        j["description"] = row.description;
        j["columns"] =
            nlohmann::json::parse(row.columnsJson.empty() ? "[]" : row.columnsJson, nullptr, false);
        j["services"] = details->services;
        j["status"] = {{"state", runStateWord(s.state)},
                       {"stale", s.stale},
                       {"at", formatRfc3339(status.atNs)},
                       {"last_error", s.lastError}};
        if (s.lastSuccessNs)
            j["status"]["last_success"] = formatRfc3339(*s.lastSuccessNs);
        if (s.expectedIntervalNs)
            j["status"]["expected_interval_seconds"] = *s.expectedIntervalNs / 1'000'000'000;
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& r : details->runs) {
            nlohmann::json run = {{"run_id", r.runId},
                                  {"job", r.job},
                                  {"state", runStateWord(r.state)},
                                  {"error", r.error}};
            if (r.startNs)
                run["start"] = formatRfc3339(*r.startNs);
            if (r.endNs)
                run["end"] = formatRfc3339(*r.endNs);
            runs.push_back(run);
        }
        j["runs"] = runs;
        j["upstream"] = details->upstream;
        j["downstream"] = details->downstream;
        nlohmann::json facets = nlohmann::json::object();
        for (const auto& [name, json] : details->facets)
            facets[name] = nlohmann::json::parse(json, nullptr, false);
        j["facets"] = facets;
        out << j.dump(2) << '\n';
        return 0;
    }
    const auto& n = row.info;
    out << (n.role == LineageRole::Job ? "job:" : "dataset:") << n.qualifiedName() << " (" << n.kind
        << ", tenant " << n.tenant << ")\n";
    if (!row.description.empty())
        out << "  " << row.description << '\n';
    if (!n.owner.empty())
        out << "  owner: " << n.owner << '\n';
    if (!details->services.empty()) {
        out << "  services:";
        for (const auto& service : details->services)
            out << ' ' << service;
        out << '\n';
    }
    out << "  status at " << formatRfc3339(status.atNs) << ": " << stateText(s);
    if (s.lastSuccessNs)
        out << ", last success " << formatRfc3339(*s.lastSuccessNs);
    if (s.expectedIntervalNs)
        out << ", expected every " << formatInterval(*s.expectedIntervalNs)
            << (s.intervalExplicit ? " (dbt freshness)" : " (usual interval)");
    out << '\n';
    if (!s.lastError.empty())
        out << "  last error: " << s.lastError << '\n';
    out << "  " << details->upstream << " upstream, " << details->downstream << " downstream\n";
    if (!row.columnsJson.empty()) {
        out << "  columns:";
        for (const auto& c : nlohmann::json::parse(row.columnsJson, nullptr, false))
            if (c.is_object())
                out << ' ' << c.value("name", std::string())
                    << (c.contains("type") ? ":" + c.value("type", std::string()) : "");
        out << '\n';
    }
    if (!details->runs.empty()) {
        TextTable runs({"run", "job", "state", "start", "end", "error"});
        for (const auto& r : details->runs)
            runs.add({r.runId, r.job, std::string(runStateWord(r.state)),
                      r.startNs ? formatRfc3339(*r.startNs) : "",
                      r.endNs ? formatRfc3339(*r.endNs) : "", r.error});
        runs.print(out);
    }
    return 0;
}

int columnImpact(Workspace& ws, const Scope& scope, const Args& args, const LineageNodeRow& root,
                 LineageDirection direction, int depth, std::optional<std::int64_t> at,
                 std::ostream& out) {
    const std::string column = *args.value("column");
    const auto reached = columnClosure(ws, scope, root.info.id, column, direction, depth, at);
    auto nameOf = [&](std::int64_t id) {
        const auto row = lineageNodeById(ws, scope, id);
        return row ? row->info.qualifiedName() : std::string("#") + std::to_string(id);
    };
    if (args.flag("json")) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : reached)
            items.push_back({{"node", nameOf(r.nodeId)},
                             {"column", r.column},
                             {"hops", r.hops},
                             {"transformation", r.transformation}});
        out << nlohmann::json{{"root", root.info.qualifiedName()},
                              {"column", column},
                              {"items", items}}
                   .dump(2)
            << '\n';
        return 0;
    }
    TextTable table({"node", "column", "hops", "transformation"});
    for (const auto& r : reached)
        table.add({nameOf(r.nodeId), r.column, std::to_string(r.hops), r.transformation});
    table.print(out);
    out << reached.size() << " columns "
        << (direction == LineageDirection::Downstream ? "downstream" : "upstream") << " of "
        << root.info.qualifiedName() << '.' << column << '\n';
    return 0;
}

int impact(Workspace& ws, const Scope& scope, const Args& args, std::ostream& out) {
    if (args.flag("upstream") && args.flag("downstream"))
        throw UsageError("--upstream and --downstream exclude each other");
    const auto direction =
        args.flag("upstream") ? LineageDirection::Upstream : LineageDirection::Downstream;
    const int depth = static_cast<int>(args.integer("depth", -1, 1, 1'000'000));
    const auto root = resolveLineageNodeOrFail(ws, scope, args.positionals()[2]);
    const auto at = lineageAtTime(ws, scope, args);
    if (args.value("column"))
        return columnImpact(ws, scope, args, root, direction, depth, at, out);
    const auto graph = loadLineageGraph(ws, scope, at);
    const auto index = graph.indexOf(root.info.id);
    if (!index)
        throw std::runtime_error(root.info.qualifiedName() + " was not known yet at " +
                                 formatRfc3339(*at));
    const auto report = computeImpact(graph, *index, direction, depth);
    const auto status = lineageStatus(ws, scope, graph, at);
    const std::string format = args.value("format").value_or("text");
    if (format == "csv") {
        writeImpactCsv(report, graph, &status, out);
        return 0;
    }
    if (format == "markdown") {
        writeImpactMarkdown(report, graph, &status, out);
        return 0;
    }
    if (format != "text")
        throw UsageError("--format must be text, csv or markdown for impact, not \"" + format +
                         "\"");
    // The root failing at that moment: since its first failure after its last success.
    const std::optional<std::int64_t> brokenSince = status.of(root.info.id).failingSinceNs;
    if (args.flag("json")) {
        nlohmann::json byKind = nlohmann::json::array();
        for (const auto& k : report.byKind)
            byKind.push_back({{"kind", k.kind}, {"affected", k.affected}, {"total", k.total}});
        nlohmann::json items = nlohmann::json::array();
        for (const auto& item : report.items) {
            const auto& n = graph.node(item.node);
            const auto& s = status.of(n.id);
            nlohmann::json path = nlohmann::json::array();
            for (NodeIndex p : report.pathOf(item))
                path.push_back(graph.node(p).qualifiedName());
            items.push_back({{"kind", n.kind},
                             {"namespace", n.ns},
                             {"name", n.name},
                             {"hops", item.hops},
                             {"state", runStateWord(s.state)},
                             {"stale", s.stale},
                             {"path", path}});
        }
        out << nlohmann::json{{"root", nodeJson(root.info)},
                              {"direction", direction == LineageDirection::Downstream ? "downstream"
                                                                                      : "upstream"},
                              {"depth", depth},
                              {"at", formatRfc3339(status.atNs)},
                              {"summary", report.summary()},
                              {"broken_since", brokenSince
                                                   ? nlohmann::json(formatRfc3339(*brokenSince))
                                                   : nlohmann::json(nullptr)},
                              {"by_kind", byKind},
                              {"items", items}}
                   .dump(2)
            << '\n';
        return 0;
    }
    out << "impact of " << root.info.qualifiedName() << " ("
        << (direction == LineageDirection::Downstream ? "downstream" : "upstream") << ", "
        << (depth < 0 ? std::string("all hops") : std::to_string(depth) + " hops") << "), "
        << (scope.isAllTenants() ? "all tenants" : "tenant " + scope.tenantName()) << ", as of "
        << formatRfc3339(status.atNs) << '\n';
    if (brokenSince)
        out << root.info.qualifiedName() << " failing since " << formatRfc3339(*brokenSince)
            << '\n';
    out << report.summary() << "\n\n";
    TextTable table({"kind", "node", "hops", "status", "path"});
    for (const auto& item : report.items) {
        const auto& n = graph.node(item.node);
        table.add({n.kind, n.qualifiedName(), std::to_string(item.hops), stateText(status.of(n.id)),
                   pathText(graph, report.pathOf(item))});
    }
    table.print(out);
    return 0;
}

} // namespace

int runLineage(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({"upstream", "downstream"}, {"kind", "search", "limit", "at",
                                                             "depth", "column", "format", "out"}));
    if (args.positionals().size() < 2)
        throw UsageError(std::string("usage: ") + kUsage);
    const std::string& sub = args.positionals()[1];
    auto ws = openExistingWorkspace(args.positionals()[0]);
    const auto scope = scopeFromArgs(*ws, args, "lineage " + sub);
    if (sub == "nodes") {
        args.requirePositionals(2, 2, kUsage);
        return listNodes(*ws, scope, args, out);
    }
    if (sub == "node") {
        args.requirePositionals(3, 3, kUsage);
        return showNode(*ws, scope, args, out);
    }
    if (sub == "impact") {
        args.requirePositionals(3, 3, kUsage);
        return impact(*ws, scope, args, out);
    }
    if (sub == "layout") {
        args.requirePositionals(2, 3, kUsage);
        return lineageLayout(*ws, scope, args, lineageAtTime(*ws, scope, args), out);
    }
    throw UsageError("unknown lineage command \"" + sub + "\"; usage: " + kUsage);
}

} // namespace casebook::cli
