#include "bench/bench_traces.h"

#include "core/store/workspace_writer.h"

#include <optional>

namespace casebook::bench {
namespace {

class TraceWriter {
public:
    explicit TraceWriter(WorkspaceWriter& w) : w_(w) {}

    std::size_t write(const TraceId& trace, int workers) {
        trace_ = trace;
        written_ = 0;
        constexpr std::int64_t us = 1000, ms = 1000 * us;
        const std::int64_t workerNs = 50 * ms;
        const auto root = span({}, "api-gateway", "POST /imports", 0, workers * workerNs + ms);
        for (int k = 0; k < workers; ++k) {
            const std::int64_t t0 = ms / 2 + k * workerNs;
            const auto worker =
                span(root, "importer", "process_chunk", t0, t0 + workerNs - 100 * us);
            span(worker, "auth", "check_token", t0 + 10 * us, t0 + 400 * us);
            for (int i = 0; i < 400; ++i) {
                const std::int64_t s = t0 + ms + (i / 10) * 800 * us + (i % 10) * 3 * us;
                const std::int64_t d = 300 * us + ((i * 7919 + k * 104729) % 400) * us;
                const bool failed = (i * 31 + k) % 97 == 0;
                const auto upsert = span(worker, "crm", "upsert_contact", s, s + d, failed);
                span(upsert, "postgres", "INSERT contacts", s + 50 * us, s + d - 50 * us, failed);
            }
            for (int i = 0; i < 100; ++i) {
                const std::int64_t s = t0 + 34 * ms + i * 20 * us;
                span(worker, "redis", "GET", s, s + 5 * us + i % 7 * 1000);
            }
            auto parent = worker;
            for (int d = 0; d < 98; ++d)
                parent = span(parent, "rules", "evaluate", t0 + 40 * ms + d * 10 * us,
                              t0 + 49 * ms - d * 10 * us);
        }
        return written_;
    }

private:
    SpanId span(std::optional<SpanId> parent, const char* service, const char* name,
                std::int64_t start, std::int64_t end, bool error = false) {
        SpanRecord s;
        s.traceId = trace_;
        ++nextSpan_;
        for (int b = 0; b < 8; ++b)
            s.spanId.bytes[7 - b] = static_cast<std::uint8_t>(nextSpan_ >> (8 * b));
        s.parentSpanId = parent;
        s.service = service;
        s.name = name;
        s.tenant = "acme";
        s.kind = parent ? SpanKind::Client : SpanKind::Server;
        s.startNs = base_ + start;
        s.endNs = base_ + end;
        s.status = error ? StatusCode::Error : StatusCode::Unset;
        s.statusMessage = error ? "duplicate key value violates unique constraint" : "";
        s.attributesJson = R"({"net.peer.name":"db-1","retry":0,"batch":"b-20261120"})";
        s.resourceJson = R"({"service.name":"x","host.name":"node-7"})";
        w_.addSpan(s);
        ++written_;
        return s.spanId;
    }

    WorkspaceWriter& w_;
    TraceId trace_;
    std::uint64_t nextSpan_ = 0;
    std::size_t written_ = 0;
    const std::int64_t base_ = 1'763'625'600'000'000'000; // 2025-11-20
};

} // namespace

TraceId benchTraceId(int n) {
    TraceId id;
    id.bytes[0] = 0x7A;
    for (int b = 0; b < 4; ++b)
        id.bytes[15 - b] = static_cast<std::uint8_t>(n >> (8 * b));
    return id;
}

std::size_t writeBenchTraces(Workspace& ws, int bigWorkers, int smallTraces, int smallWorkers) {
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                 "VALUES('bench traces', '/bench', 'bench-traces', 0)");
    WorkspaceWriter writer(ws, BundleId{ws.db().lastInsertRowId()}, "acme");
    TraceWriter traces(writer);
    std::size_t spans = bigWorkers > 0 ? traces.write(benchTraceId(0), bigWorkers) : 0;
    for (int i = 1; i <= smallTraces; ++i)
        spans += traces.write(benchTraceId(i), smallWorkers);
    writer.finishTraces();
    tx.commit();
    return spans;
}

} // namespace casebook::bench
