#include "core/lineage/node_details.h"

#include "core/query/scoped_query.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace casebook {

std::vector<std::string> servicesOfNode(Workspace& ws, const Scope& scope,
                                        const LineageNodeInfo& node) {
    std::vector<std::string> out;
    {
        ScopedQuery q("SELECT s.name FROM lineage_node_services m JOIN services s ON s.id = "
                      "m.service_id");
        q.applyScope(scope, "m", "");
        q.where("m.node_id = ?", node.id);
        q.append("ORDER BY s.name");
        auto st = q.prepare(ws.db());
        while (st.step())
            out.push_back(st.text(0));
    }
    // Services are names shared by every tenant; the node itself is already in scope.
    auto byName = ws.db().prepare("SELECT name FROM services WHERE name IN (?, ?) ORDER BY name");
    byName.bind(1, node.name).bind(2, node.ns);
    while (byName.step()) {
        std::string name = byName.text(0);
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(std::move(name));
    }
    return out;
}

namespace {

RunState stateOf(std::string_view type) {
    if (type == "START" || type == "RUNNING")
        return RunState::Running;
    if (type == "COMPLETE")
        return RunState::Complete;
    if (type == "FAIL")
        return RunState::Failed;
    if (type == "ABORT")
        return RunState::Aborted;
    return RunState::Other;
}

} // namespace

std::optional<LineageNodeDetails> lineageNodeDetails(Workspace& ws, const Scope& scope,
                                                     std::int64_t nodeId,
                                                     std::optional<std::int64_t> asOfNs,
                                                     std::size_t maxRuns) {
    auto row = lineageNodeById(ws, scope, nodeId);
    if (!row)
        return std::nullopt;
    LineageNodeDetails d;
    d.row = std::move(*row);
    d.services = servicesOfNode(ws, scope, d.row.info);
    const std::int64_t at = asOfNs.value_or(std::numeric_limits<std::int64_t>::max());

    auto neighbours = [&](const char* column) {
        ScopedQuery q("SELECT count(*) FROM lineage_edges e");
        q.applyScope(scope, "e", "", true);
        q.where(std::string("e.") + column + " = ?", nodeId);
        if (asOfNs)
            q.where("e.first_seen_ns IS NULL OR e.first_seen_ns <= ?", *asOfNs);
        auto st = q.prepare(ws.db());
        st.step();
        return st.int64(0);
    };
    d.upstream = neighbours("to_node");
    d.downstream = neighbours("from_node");

    // The node's own runs; a dataset shows the runs of the jobs that write it.
    {
        ScopedQuery q("SELECT r.node_id, n.namespace || '/' || n.name, r.run_id, r.event_type, "
                      "r.time_ns, coalesce(r.error_message, '') FROM lineage_run_events r JOIN "
                      "lineage_nodes n ON n.id = r.node_id");
        q.applyScope(scope, "r", "");
        q.where("r.node_id = ? OR r.node_id IN (SELECT from_node FROM lineage_edges WHERE "
                "to_node = ?)",
                std::vector<ScopedQuery::Value>{nodeId, nodeId});
        q.where("r.time_ns <= ?", at);
        q.append("ORDER BY r.time_ns DESC, r.id DESC LIMIT 2000");
        auto st = q.prepare(ws.db());
        std::map<std::pair<std::int64_t, std::string>, std::size_t> index;
        bool own = false;
        struct Event {
            std::int64_t node;
            std::string job, run, type, error;
            std::int64_t time;
        };
        std::vector<Event> events;
        while (st.step()) {
            events.push_back(
                {st.int64(0), st.text(1), st.text(2), st.text(3), st.text(5), st.int64(4)});
            own = own || events.back().node == nodeId;
        }
        for (const auto& e : events) {
            if (own && e.node != nodeId)
                continue;
            const auto key = std::make_pair(e.node, e.run);
            auto it = index.find(key);
            if (it == index.end()) {
                if (d.runs.size() >= maxRuns)
                    continue;
                it = index.emplace(key, d.runs.size()).first;
                LineageRunSummary run;
                run.runId = e.run;
                run.job = e.job;
                run.state = stateOf(e.type); // the newest event of the run
                d.runs.push_back(std::move(run));
            }
            auto& run = d.runs[it->second];
            const RunState state = stateOf(e.type);
            if (state == RunState::Running && e.type == "START")
                run.startNs = e.time;
            else if (!run.endNs && state != RunState::Running)
                run.endNs = e.time;
            if (run.error.empty() && !e.error.empty())
                run.error = e.error;
        }
    }
    {
        ScopedQuery q("SELECT f.name, f.facet, f.time_ns FROM lineage_facets f");
        q.applyScope(scope, "f", "");
        q.where("f.node_id = ?", nodeId);
        q.where("f.time_ns IS NULL OR f.time_ns <= ?", at);
        q.append("ORDER BY coalesce(f.time_ns, 0), f.id");
        auto st = q.prepare(ws.db());
        std::map<std::string, std::string> latest;
        while (st.step()) {
            const std::string name = st.text(0);
            latest[name] = st.text(1);
            if (name == "dataQualityMetrics" || name == "outputStatistics") {
                auto q = qualitySampleOf(st.isNull(2) ? 0 : st.int64(2), name, latest[name]);
                if (q && (q->rowCount || q->bytes))
                    d.quality.push_back(*q);
            }
        }
        for (auto& [name, json] : latest)
            d.facets.emplace_back(name, std::move(json));
    }
    return d;
}

std::vector<ColumnReach> columnClosure(Workspace& ws, const Scope& scope, std::int64_t nodeId,
                                       const std::string& column, LineageDirection direction,
                                       int maxDepth, std::optional<std::int64_t> asOfNs) {
    struct Step {
        std::int64_t node;
        std::string column, transformation;
    };
    std::map<std::pair<std::int64_t, std::string>, std::vector<Step>> next;
    {
        ScopedQuery q("SELECT c.from_node, c.from_column, c.to_node, c.to_column, c.transformation "
                      "FROM lineage_column_edges c");
        q.applyScope(scope, "c", "");
        if (asOfNs)
            q.where("c.first_seen_ns IS NULL OR c.first_seen_ns <= ?", *asOfNs);
        auto st = q.prepare(ws.db());
        const bool down = direction == LineageDirection::Downstream;
        while (st.step()) {
            const std::pair<std::int64_t, std::string> from{st.int64(0), st.text(1)};
            const std::pair<std::int64_t, std::string> to{st.int64(2), st.text(3)};
            const auto& key = down ? from : to;
            const auto& target = down ? to : from;
            next[key].push_back({target.first, target.second, st.text(4)});
        }
    }
    std::vector<ColumnReach> out;
    std::set<std::pair<std::int64_t, std::string>> seen{{nodeId, column}};
    std::vector<std::pair<std::int64_t, std::string>> frontier{{nodeId, column}}, following;
    for (int depth = 1; !frontier.empty() && (maxDepth < 0 || depth <= maxDepth); ++depth) {
        following.clear();
        for (const auto& at : frontier) {
            const auto it = next.find(at);
            if (it == next.end())
                continue;
            for (const Step& step : it->second) {
                if (!seen.insert({step.node, step.column}).second)
                    continue;
                out.push_back({step.node, step.column, depth, step.transformation});
                following.emplace_back(step.node, step.column);
            }
        }
        std::swap(frontier, following);
    }
    return out;
}

} // namespace casebook
