#include "core/store/trace_summary_builder.h"

#include <algorithm>
#include <cstring>
#include <span>

namespace casebook {

std::size_t TraceSummaryBuilder::KeyHash::operator()(const Key& k) const {
    // Trace ids are random already; mixing two words is plenty.
    std::uint64_t a, b;
    std::memcpy(&a, k.trace.bytes.data(), 8);
    std::memcpy(&b, k.trace.bytes.data() + 8, 8);
    return static_cast<std::size_t>(a ^ (b * 0x9E3779B97F4A7C15ull) ^
                                    static_cast<std::uint64_t>(k.tenant));
}

TraceSummaryBuilder::TraceSummaryBuilder(Database& db, std::int64_t bundle, std::size_t maxPending)
    : db_(db), bundle_(bundle), maxPending_(maxPending) {
    insert_ = db_.prepare(
        "INSERT OR IGNORE INTO traces(trace_id, tenant_id, bundle_id, start_ns, end_ns, "
        "duration_ns, span_count, error_count, service_count, root_service_id, root_name) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    remove_ = db_.prepare("DELETE FROM traces WHERE trace_id = ? AND tenant_id = ?");
    rebuild_ =
        db_.prepare("INSERT INTO traces SELECT trace_id, tenant_id, max(bundle_id), min(start_ns), "
                    "max(end_ns), "
                    "max(end_ns) - min(start_ns), count(*), sum(status_code = 2), count(DISTINCT "
                    "service_id), NULL, NULL "
                    "FROM spans WHERE trace_id = ? AND tenant_id = ? GROUP BY trace_id, tenant_id");
    rebuildRoot_ =
        db_.prepare("UPDATE traces SET (root_service_id, root_name) = (SELECT s.service_id, s.name "
                    "FROM spans s "
                    "WHERE s.trace_id = traces.trace_id AND s.tenant_id = traces.tenant_id "
                    "ORDER BY s.parent_span_id IS NOT NULL, s.start_ns LIMIT 1) WHERE trace_id = ? "
                    "AND tenant_id = ?");
}

void TraceSummaryBuilder::add(const TraceId& trace, std::int64_t tenant, std::int64_t service,
                              std::int64_t startNs, std::int64_t endNs, bool error, bool isRoot,
                              std::string_view name) {
    auto [it, inserted] = pending_.try_emplace(Key{trace, tenant});
    Pending& p = it->second;
    if (inserted) {
        p.startNs = startNs;
        p.endNs = endNs;
        p.firstService = service;
        p.firstName.assign(name);
        p.firstStartNs = startNs;
    } else {
        p.startNs = std::min(p.startNs, startNs);
        p.endNs = std::max(p.endNs, endNs);
        if (startNs < p.firstStartNs) {
            p.firstService = service;
            p.firstName.assign(name);
            p.firstStartNs = startNs;
        }
    }
    ++p.spans;
    p.errors += error ? 1 : 0;
    if (std::find(p.services.begin(), p.services.end(), service) == p.services.end())
        p.services.push_back(service);
    if (isRoot && (!p.hasRoot || startNs < p.rootStartNs)) {
        p.hasRoot = true;
        p.rootService = service;
        p.rootName.assign(name);
        p.rootStartNs = startNs;
    }
    if (pending_.size() > maxPending_)
        flush();
}

void TraceSummaryBuilder::recompute(const Key& key) {
    const std::span<const std::uint8_t> id(key.trace.bytes.data(), key.trace.bytes.size());
    remove_.bindBlob(1, id, false).bind(2, key.tenant).run();
    rebuild_.bindBlob(1, id, false).bind(2, key.tenant).run();
    rebuildRoot_.bindBlob(1, id, false).bind(2, key.tenant).run();
}

void TraceSummaryBuilder::flush() {
    for (const auto& [key, p] : pending_) {
        const std::span<const std::uint8_t> id(key.trace.bytes.data(), key.trace.bytes.size());
        insert_.bindBlob(1, id, false)
            .bind(2, key.tenant)
            .bind(3, bundle_)
            .bind(4, p.startNs)
            .bind(5, p.endNs)
            .bind(6, p.endNs - p.startNs)
            .bind(7, p.spans)
            .bind(8, p.errors)
            .bind(9, static_cast<std::int64_t>(p.services.size()))
            .bind(10, p.hasRoot ? p.rootService : p.firstService)
            .bind(11, p.hasRoot ? std::string_view(p.rootName) : std::string_view(p.firstName),
                  false)
            .run();
        if (db_.changes() == 0)
            recompute(key);
    }
    pending_.clear();
}

} // namespace casebook
