#include "core/lineage/lineage_writer.h"

#include <functional>

namespace casebook {
namespace {

// A row asserted by a static source (no time) is known for all time; otherwise the
// earliest assertion counts.
constexpr const char* kMergeFirstSeen =
    "CASE WHEN first_seen_ns IS NULL OR excluded.first_seen_ns IS NULL THEN NULL "
    "ELSE min(first_seen_ns, excluded.first_seen_ns) END";

void bindTextOrNull(Statement& st, int index, std::string_view text) {
    if (text.empty())
        st.bindNull(index);
    else
        st.bind(index, text, false);
}

std::optional<std::int64_t> mergedFirstSeen(std::optional<std::int64_t> current,
                                            std::optional<std::int64_t> seen) {
    if (!current || !seen)
        return std::nullopt;
    return std::min(*current, *seen);
}

} // namespace

std::string_view defaultLineageKind(LineageRole role) {
    return role == LineageRole::Job ? "job" : "dataset";
}

LineageWriter::LineageWriter(Database& db, std::int64_t bundle, RowOf tenantRow, RowOf serviceRow)
    : db_(db), bundle_(bundle), tenantRow_(std::move(tenantRow)),
      serviceRow_(std::move(serviceRow)) {}

void LineageWriter::prepare() {
    if (prepared_)
        return;
    prepared_ = true;
    upsertNode_ = db_.prepare(
        std::string(
            "INSERT INTO lineage_nodes(bundle_id, tenant_id, role, namespace, name, kind, "
            "first_seen_ns) VALUES(?,?,?,?,?,?,?) "
            "ON CONFLICT(tenant_id, role, namespace, name) DO UPDATE SET first_seen_ns = ") +
        kMergeFirstSeen + " RETURNING id, first_seen_ns");
    lowerNodeSeen_ = db_.prepare("UPDATE lineage_nodes SET first_seen_ns = ? WHERE id = ?");
    updateNode_ = db_.prepare(
        "UPDATE lineage_nodes SET kind = coalesce(?, kind), owner = coalesce(?, owner), "
        "description = coalesce(?, description), columns = coalesce(?, columns) WHERE id = ?");
    insertService_ = db_.prepare("INSERT OR IGNORE INTO lineage_node_services(bundle_id, "
                                 "tenant_id, node_id, service_id) VALUES(?,?,?,?)");
    upsertEdge_ = db_.prepare(
        std::string("INSERT INTO lineage_edges(bundle_id, tenant_id, from_node, to_node, label, "
                    "first_seen_ns, last_seen_ns) VALUES(?,?,?,?,?,?,?) "
                    "ON CONFLICT(tenant_id, from_node, to_node) DO UPDATE SET first_seen_ns = ") +
        kMergeFirstSeen +
        ", last_seen_ns = max(coalesce(last_seen_ns, excluded.last_seen_ns), "
        "coalesce(excluded.last_seen_ns, last_seen_ns)), "
        "label = CASE WHEN label = '' THEN excluded.label ELSE label END");
    insertRun_ = db_.prepare(
        "INSERT OR IGNORE INTO lineage_run_events(bundle_id, tenant_id, node_id, run_id, "
        "event_type, time_ns, error_message, parent_run_id, parent_job, facets) "
        "VALUES(?,?,?,?,?,?,?,?,?,?)");
    upsertColumnEdge_ = db_.prepare(
        std::string("INSERT INTO lineage_column_edges(bundle_id, tenant_id, from_node, "
                    "from_column, to_node, to_column, transformation, description, first_seen_ns) "
                    "VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(tenant_id, from_node, from_column, "
                    "to_node, to_column, transformation) DO UPDATE SET first_seen_ns = ") +
        kMergeFirstSeen);
    insertFacet_ = db_.prepare("INSERT INTO lineage_facets(bundle_id, tenant_id, node_id, name, "
                               "time_ns, run_id, facet) VALUES(?,?,?,?,?,?,?)");
}

std::int64_t LineageWriter::nodeRow(std::int64_t tenant, const LineageNodeKey& key,
                                    std::optional<std::int64_t> seenNs) {
    prepare();
    key_.assign(std::to_string(tenant));
    key_.push_back('\x1f');
    key_.push_back(key.role == LineageRole::Job ? 'j' : 'd');
    key_.append(key.ns);
    key_.push_back('\x1f');
    key_.append(key.name);
    if (auto it = nodes_.find(key_); it != nodes_.end()) {
        NodeState& state = it->second;
        const auto merged = mergedFirstSeen(state.firstSeen, seenNs);
        if (merged != state.firstSeen) {
            state.firstSeen = merged;
            lowerNodeSeen_.bindOptional(1, merged).bind(2, state.id).run();
        }
        return state.id;
    }
    upsertNode_.bind(1, bundle_)
        .bind(2, tenant)
        .bind(3, static_cast<int>(key.role))
        .bind(4, key.ns, false)
        .bind(5, key.name, false)
        .bind(6, defaultLineageKind(key.role), false)
        .bindOptional(7, seenNs);
    upsertNode_.step();
    NodeState state;
    state.id = upsertNode_.int64(0);
    if (!upsertNode_.isNull(1))
        state.firstSeen = upsertNode_.int64(1);
    upsertNode_.reset();
    nodes_.emplace(key_, state);
    return state.id;
}

void LineageWriter::addNode(const LineageNodeRecord& r) {
    const auto tenant = tenantRow_(r.tenant);
    const auto node = nodeRow(tenant, r.key, r.seenNs);
    if (!r.kind.empty() || !r.owner.empty() || !r.description.empty() || !r.columnsJson.empty()) {
        bindTextOrNull(updateNode_, 1, r.kind);
        bindTextOrNull(updateNode_, 2, r.owner);
        bindTextOrNull(updateNode_, 3, r.description);
        bindTextOrNull(updateNode_, 4, r.columnsJson);
        updateNode_.bind(5, node).run();
    }
    if (!r.service.empty()) {
        insertService_.bind(1, bundle_)
            .bind(2, tenant)
            .bind(3, node)
            .bind(4, serviceRow_(r.service))
            .run();
    }
}

void LineageWriter::addEdge(const LineageEdgeRecord& r) {
    const auto tenant = tenantRow_(r.tenant);
    const auto from = nodeRow(tenant, r.from, r.seenNs);
    const auto to = nodeRow(tenant, r.to, r.seenNs);
    upsertEdge_.bind(1, bundle_)
        .bind(2, tenant)
        .bind(3, from)
        .bind(4, to)
        .bind(5, r.label, false)
        .bindOptional(6, r.seenNs)
        .bindOptional(7, r.seenNs)
        .run();
}

void LineageWriter::addRun(const LineageRunRecord& r) {
    const auto tenant = tenantRow_(r.tenant);
    const auto node = nodeRow(tenant, r.job, r.timeNs);
    insertRun_.bind(1, bundle_)
        .bind(2, tenant)
        .bind(3, node)
        .bind(4, r.runId, false)
        .bind(5, r.eventType, false)
        .bind(6, r.timeNs);
    bindTextOrNull(insertRun_, 7, r.errorMessage);
    bindTextOrNull(insertRun_, 8, r.parentRunId);
    bindTextOrNull(insertRun_, 9, r.parentJob);
    insertRun_.bind(10, r.facetsJson.empty() ? std::string_view("{}") : r.facetsJson, false).run();
}

void LineageWriter::addColumnEdge(const LineageColumnEdgeRecord& r) {
    const auto tenant = tenantRow_(r.tenant);
    const auto from = nodeRow(tenant, r.from, r.seenNs);
    const auto to = nodeRow(tenant, r.to, r.seenNs);
    upsertColumnEdge_.bind(1, bundle_)
        .bind(2, tenant)
        .bind(3, from)
        .bind(4, r.fromColumn, false)
        .bind(5, to)
        .bind(6, r.toColumn, false)
        .bind(7, r.transformation, false);
    bindTextOrNull(upsertColumnEdge_, 8, r.description);
    upsertColumnEdge_.bindOptional(9, r.seenNs).run();
}

void LineageWriter::addFacet(const LineageFacetRecord& r) {
    const auto tenant = tenantRow_(r.tenant);
    const auto node = nodeRow(tenant, r.node, r.timeNs);
    // Sources repeat a dataset's schema with every run; a facet is stored when it changes.
    // Metrics taken at every run are a series, and are all kept.
    if (r.name == "dataQualityMetrics" || r.name == "outputStatistics" ||
        r.name == "dataQualityAssertions") {
        insertFacet_.bind(1, bundle_).bind(2, tenant).bind(3, node).bind(4, r.name, false);
        insertFacet_.bindOptional(5, r.timeNs);
        bindTextOrNull(insertFacet_, 6, r.runId);
        insertFacet_.bind(7, r.json, false).run();
        return;
    }
    std::string key = std::to_string(node);
    key.push_back('\x1f');
    key.append(r.name);
    const auto digest = std::hash<std::string_view>{}(r.json);
    if (auto it = lastFacet_.find(key); it != lastFacet_.end() && it->second == digest)
        return;
    lastFacet_[key] = digest;
    insertFacet_.bind(1, bundle_).bind(2, tenant).bind(3, node).bind(4, r.name, false);
    insertFacet_.bindOptional(5, r.timeNs);
    bindTextOrNull(insertFacet_, 6, r.runId);
    insertFacet_.bind(7, r.json, false).run();
}

} // namespace casebook
