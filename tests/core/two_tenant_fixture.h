#pragma once
// A small workspace with two tenants written straight through WorkspaceWriter, so the
// store and query tests do not depend on any importer. Per tenant: 2 traces of 3 spans
// (the second trace has one error span), 3 logs (one ERROR), 1 metric series with 4
// points, 1 change. Bodies and names carry the tenant's name so a leak is visible.

#include "core/store/workspace.h"
#include "core/store/workspace_writer.h"

#include <string>

namespace casebook::test {

inline constexpr std::int64_t kBaseNs = 1795165200LL * 1000000000LL; // 2026-11-20T09:00:00Z
inline constexpr std::int64_t kMs = 1000000;

inline TraceId makeTraceId(int tenant, int trace) {
    TraceId id;
    id.bytes[0] = static_cast<std::uint8_t>(tenant);
    id.bytes[15] = static_cast<std::uint8_t>(trace + 1);
    return id;
}

inline SpanId makeSpanId(int tenant, int trace, int span) {
    SpanId id;
    id.bytes[0] = static_cast<std::uint8_t>(tenant);
    id.bytes[1] = static_cast<std::uint8_t>(trace);
    id.bytes[7] = static_cast<std::uint8_t>(span + 1);
    return id;
}

inline void writeTenant(WorkspaceWriter& w, int t, const std::string& tenant) {
    const std::string service = tenant + "-api";
    for (int trace = 0; trace < 2; ++trace) {
        for (int span = 0; span < 3; ++span) {
            SpanRecord s;
            s.traceId = makeTraceId(t, trace);
            s.spanId = makeSpanId(t, trace, span);
            if (span > 0)
                s.parentSpanId = makeSpanId(t, trace, span - 1);
            s.service = service;
            const std::string name = tenant + ".op" + std::to_string(span);
            s.name = name;
            s.tenant = tenant;
            s.startNs = kBaseNs + trace * 1000 * kMs + span * 10 * kMs;
            s.endNs = s.startNs + (100 - span * 20) * kMs;
            s.status = (trace == 1 && span == 2) ? StatusCode::Error : StatusCode::Unset;
            const std::string attrs = "{\"tenant_id\":\"" + tenant + "\"}";
            s.attributesJson = attrs;
            w.addSpan(s);
        }
    }
    for (int i = 0; i < 3; ++i) {
        LogRecord l;
        l.timeNs = kBaseNs + i * 100 * kMs;
        l.severityNumber = i == 2 ? 17 : 9;
        l.severityText = i == 2 ? "ERROR" : "INFO";
        const std::string body = tenant + " secret message " + std::to_string(i);
        l.body = body;
        l.service = service;
        l.tenant = tenant;
        l.traceId = makeTraceId(t, 0);
        w.addLog(l);
    }
    for (int i = 0; i < 4; ++i) {
        MetricPoint p;
        p.name = "leads.submitted";
        p.unit = "1";
        p.kind = MetricKind::Sum;
        p.service = service;
        p.tenant = tenant;
        p.labelsJson = "{\"form\":\"contact\"}";
        p.timeNs = kBaseNs + i * 60000 * kMs;
        p.value = 10.0 * (i + 1);
        w.addMetricPoint(p);
    }
    ChangeRecord c;
    c.timeNs = kBaseNs - 3600000 * kMs;
    c.kind = "deploy";
    c.service = service;
    c.tenant = tenant;
    const std::string title = tenant + " deploy 1.2.3";
    c.title = title;
    w.addChange(c);
}

// Writes tenants "acme" and "globex" as one bundle.
inline void writeTwoTenants(Workspace& ws) {
    Transaction tx(ws.db());
    auto st =
        ws.db().prepare("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                        "VALUES('fixture', '/fixture', 'fixture-hash', 0)");
    st.run();
    WorkspaceWriter writer(ws, BundleId{ws.db().lastInsertRowId()}, "default");
    writeTenant(writer, 1, "acme");
    writeTenant(writer, 2, "globex");
    writer.finishTraces();
    tx.commit();
}

} // namespace casebook::test
