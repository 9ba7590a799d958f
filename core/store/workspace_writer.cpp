#include "core/store/workspace_writer.h"

#include <algorithm>
#include <span>

namespace casebook {
namespace {
template <std::size_t N> std::span<const std::uint8_t> bytesOf(const ByteId<N>& id) {
    return std::span<const std::uint8_t>(id.bytes.data(), N);
}

// Empty optional text columns are stored as NULL, which costs nothing on disk.
void bindTextOrNull(Statement& st, int index, std::string_view text) {
    if (text.empty())
        st.bindNull(index);
    else
        st.bind(index, text, false);
}

std::string_view orEmptyObject(std::string_view json) {
    return json.empty() ? "{}" : json;
}
} // namespace

WorkspaceWriter::WorkspaceWriter(Workspace& workspace, BundleId bundle, std::string defaultTenant)
    : workspace_(workspace), db_(workspace.db()), bundle_(raw(bundle)),
      defaultTenant_(std::move(defaultTenant)), traces_(db_, bundle_),
      lineage_(
          db_, bundle_, [this](std::string_view name) { return tenantRow(name); },
          [this](std::string_view name) { return serviceRow(name); }) {
    insertSpan_ = db_.prepare("INSERT INTO spans(bundle_id, tenant_id, trace_id, span_id, "
                              "parent_span_id, service_id, name, "
                              "kind, start_ns, end_ns, status_code, status_message, trace_state, "
                              "scope_name, scope_version, "
                              "correlation_id, error_code, attributes, resource_id) "
                              "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insertEvent_ =
        db_.prepare("INSERT INTO span_events(span_row, bundle_id, tenant_id, time_ns, name, "
                    "attributes) VALUES(?,?,?,?,?,?)");
    insertLink_ =
        db_.prepare("INSERT INTO span_links(span_row, bundle_id, tenant_id, linked_trace_id, "
                    "linked_span_id, trace_state, attributes) VALUES(?,?,?,?,?,?,?)");
    insertLog_ = db_.prepare(
        "INSERT INTO logs(bundle_id, tenant_id, time_ns, observed_ns, severity_number, "
        "severity_text, "
        "service_id, body, trace_id, span_id, event_name, error_code, scope_name, attributes, "
        "resource_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insertLogText_ = db_.prepare("INSERT INTO logs_fts(rowid, body) VALUES(?, ?)");
    insertPoint_ =
        db_.prepare("INSERT INTO metric_points(series_id, bundle_id, tenant_id, time_ns, "
                    "start_ns, value, count, min, max, buckets) VALUES(?,?,?,?,?,?,?,?,?,?)");
    insertSeries_ = db_.prepare(
        "INSERT INTO metric_series(tenant_id, bundle_id, name, unit, description, kind, monotonic, "
        "temporality, service_id, labels, resource_id) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(tenant_id, name, kind, unit, service_id, labels) DO UPDATE SET name = name "
        "RETURNING id");
    insertChange_ =
        db_.prepare("INSERT INTO changes(bundle_id, tenant_id, time_ns, end_ns, kind, "
                    "service_id, title, version, attributes) VALUES(?,?,?,?,?,?,?,?,?)");
    insertRejection_ = db_.prepare(
        "INSERT INTO rejected_records(bundle_id, file_id, location, reason) VALUES(?,?,?,?)");
    insertResource_ = db_.prepare("INSERT INTO resources(attributes) VALUES(?)");
}

std::int64_t WorkspaceWriter::tenantRow(std::string_view name) {
    if (name.empty())
        name = defaultTenant_;
    keyBuffer_.assign(name);
    if (auto it = tenants_.find(keyBuffer_); it != tenants_.end())
        return it->second;
    const auto id = raw(workspace_.ensureTenant(name));
    tenants_.emplace(keyBuffer_, id);
    return id;
}

std::int64_t WorkspaceWriter::serviceRow(std::string_view name) {
    keyBuffer_.assign(name);
    if (auto it = services_.find(keyBuffer_); it != services_.end())
        return it->second;
    const auto id = workspace_.ensureService(name);
    services_.emplace(keyBuffer_, id);
    return id;
}

std::int64_t WorkspaceWriter::resourceRow(std::string_view attributesJson) {
    if (attributesJson.empty() || attributesJson == "{}")
        return 0;
    keyBuffer_.assign(attributesJson);
    if (auto it = resources_.find(keyBuffer_); it != resources_.end())
        return it->second;
    insertResource_.bind(1, attributesJson, false).run();
    const auto id = db_.lastInsertRowId();
    resources_.emplace(keyBuffer_, id);
    return id;
}

std::int64_t WorkspaceWriter::seriesRow(const MetricPoint& p, std::int64_t tenant) {
    const auto service = serviceRow(p.service);
    keyBuffer_.clear();
    keyBuffer_.append(std::to_string(tenant)).push_back('\x1f');
    keyBuffer_.append(p.name).push_back('\x1f');
    keyBuffer_.append(std::to_string(static_cast<int>(p.kind))).push_back('\x1f');
    keyBuffer_.append(p.unit).push_back('\x1f');
    keyBuffer_.append(std::to_string(service)).push_back('\x1f');
    keyBuffer_.append(orEmptyObject(p.labelsJson));
    if (auto it = series_.find(keyBuffer_); it != series_.end())
        return it->second;
    std::string key = keyBuffer_;
    const auto resource = resourceRow(p.resourceJson);
    insertSeries_.bind(1, tenant)
        .bind(2, bundle_)
        .bind(3, p.name, false)
        .bind(4, p.unit, false)
        .bind(5, p.description, false)
        .bind(6, static_cast<int>(p.kind))
        .bind(7, p.monotonic ? 1 : 0)
        .bind(8, p.temporality)
        .bind(9, service)
        .bind(10, orEmptyObject(p.labelsJson), false);
    if (resource)
        insertSeries_.bind(11, resource);
    else
        insertSeries_.bindNull(11);
    insertSeries_.step();
    const auto id = insertSeries_.int64(0);
    insertSeries_.reset();
    series_.emplace(std::move(key), id);
    return id;
}

void WorkspaceWriter::addSpan(const SpanRecord& s) {
    const auto tenant = tenantRow(s.tenant);
    const auto service = serviceRow(s.service);
    const auto resource = resourceRow(s.resourceJson);
    auto& st = insertSpan_;
    st.bind(1, bundle_)
        .bind(2, tenant)
        .bindBlob(3, bytesOf(s.traceId), false)
        .bindBlob(4, bytesOf(s.spanId), false);
    if (s.parentSpanId)
        st.bindBlob(5, bytesOf(*s.parentSpanId), false);
    else
        st.bindNull(5);
    st.bind(6, service)
        .bind(7, s.name, false)
        .bind(8, static_cast<int>(s.kind))
        .bind(9, s.startNs)
        .bind(10, s.endNs)
        .bind(11, static_cast<int>(s.status));
    bindTextOrNull(st, 12, s.statusMessage);
    bindTextOrNull(st, 13, s.traceState);
    bindTextOrNull(st, 14, s.scopeName);
    bindTextOrNull(st, 15, s.scopeVersion);
    bindTextOrNull(st, 16, s.correlationId);
    bindTextOrNull(st, 17, s.errorCode);
    st.bind(18, orEmptyObject(s.attributesJson), false);
    if (resource)
        st.bind(19, resource);
    else
        st.bindNull(19);
    st.run();
    traces_.add(s.traceId, tenant, service, s.startNs, s.endNs, s.status == StatusCode::Error,
                !s.parentSpanId.has_value(), s.name);
    if (s.events.empty() && s.links.empty())
        return;
    const auto spanRow = db_.lastInsertRowId();
    for (const auto& e : s.events) {
        insertEvent_.bind(1, spanRow)
            .bind(2, bundle_)
            .bind(3, tenant)
            .bind(4, e.timeNs)
            .bind(5, e.name, false)
            .bind(6, orEmptyObject(e.attributesJson), false)
            .run();
    }
    for (const auto& l : s.links) {
        insertLink_.bind(1, spanRow)
            .bind(2, bundle_)
            .bind(3, tenant)
            .bindBlob(4, bytesOf(l.traceId), false)
            .bindBlob(5, bytesOf(l.spanId), false);
        bindTextOrNull(insertLink_, 6, l.traceState);
        insertLink_.bind(7, orEmptyObject(l.attributesJson), false).run();
    }
}

void WorkspaceWriter::addLog(const LogRecord& l) {
    const auto tenant = tenantRow(l.tenant);
    const auto service = serviceRow(l.service);
    const auto resource = resourceRow(l.resourceJson);
    auto& st = insertLog_;
    st.bind(1, bundle_)
        .bind(2, tenant)
        .bind(3, l.timeNs)
        .bind(4, l.observedNs)
        .bind(5, l.severityNumber);
    bindTextOrNull(st, 6, l.severityText);
    st.bind(7, service).bind(8, l.body, false);
    if (l.traceId)
        st.bindBlob(9, bytesOf(*l.traceId), false);
    else
        st.bindNull(9);
    if (l.spanId)
        st.bindBlob(10, bytesOf(*l.spanId), false);
    else
        st.bindNull(10);
    bindTextOrNull(st, 11, l.eventName);
    bindTextOrNull(st, 12, l.errorCode);
    bindTextOrNull(st, 13, l.scopeName);
    st.bind(14, orEmptyObject(l.attributesJson), false);
    if (resource)
        st.bind(15, resource);
    else
        st.bindNull(15);
    st.run();
    insertLogText_.bind(1, db_.lastInsertRowId()).bind(2, l.body, false).run();
}

void WorkspaceWriter::addMetricPoint(const MetricPoint& p) {
    const auto tenant = tenantRow(p.tenant);
    const auto series = seriesRow(p, tenant);
    auto& st = insertPoint_;
    st.bind(1, series).bind(2, bundle_).bind(3, tenant).bind(4, p.timeNs).bind(5, p.startNs);
    st.bindOptional(6, p.value);
    if (p.count)
        st.bind(7, static_cast<std::int64_t>(*p.count));
    else
        st.bindNull(7);
    st.bindOptional(8, p.min).bindOptional(9, p.max);
    bindTextOrNull(st, 10, p.bucketsJson);
    st.run();
}

void WorkspaceWriter::addChange(const ChangeRecord& c) {
    const auto tenant = tenantRow(c.tenant);
    const auto service = serviceRow(c.service);
    auto& st = insertChange_;
    st.bind(1, bundle_).bind(2, tenant).bind(3, c.timeNs).bindOptional(4, c.endNs);
    st.bind(5, c.kind, false).bind(6, service).bind(7, c.title, false);
    bindTextOrNull(st, 8, c.version);
    st.bind(9, orEmptyObject(c.attributesJson), false).run();
}

void WorkspaceWriter::reject(const Rejection& r) {
    insertRejection_.bind(1, bundle_)
        .bind(2, fileRow_)
        .bind(3, r.location, false)
        .bind(4, r.reason, false)
        .run();
}

} // namespace casebook

namespace casebook {

void WorkspaceWriter::storeSlo(std::int64_t tenant, std::string_view name,
                               std::string_view definitionJson) {
    // A newer definition of the same name replaces the older one for that tenant.
    auto st = db_.prepare("INSERT INTO slos(bundle_id, tenant_id, name, definition, created_ns) "
                          "VALUES(?,?,?,?,?) ON CONFLICT(tenant_id, name) DO UPDATE SET "
                          "bundle_id = excluded.bundle_id, definition = excluded.definition, "
                          "created_ns = excluded.created_ns");
    st.bind(1, bundle_).bind(2, tenant).bind(3, name).bind(4, definitionJson).bind(5, nowNs());
    st.run();
}

void WorkspaceWriter::addSlo(const SloRecord& slo) {
    if (!slo.tenant.empty()) {
        storeSlo(tenantRow(slo.tenant), slo.name, slo.definitionJson);
        return;
    }
    pendingSlos_.push_back(
        {std::string(slo.name), std::string(slo.sliMetric), std::string(slo.definitionJson)});
}

void WorkspaceWriter::finishSlos() {
    auto tenantsWith = db_.prepare("SELECT DISTINCT tenant_id FROM metric_series WHERE name = ? "
                                   "ORDER BY tenant_id");
    for (const PendingSlo& slo : pendingSlos_) {
        std::vector<std::int64_t> tenants;
        tenantsWith.bind(1, slo.sliMetric);
        while (tenantsWith.step())
            tenants.push_back(tenantsWith.int64(0));
        tenantsWith.reset();
        if (tenants.empty())
            tenants.push_back(tenantRow({}));
        for (const auto tenant : tenants)
            storeSlo(tenant, slo.name, slo.definitionJson);
    }
    pendingSlos_.clear();
}

std::vector<SeriesId> WorkspaceWriter::touchedSeries() const {
    std::vector<SeriesId> out;
    out.reserve(series_.size());
    for (const auto& [key, id] : series_)
        out.push_back(SeriesId{id});
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace casebook
