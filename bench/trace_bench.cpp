// casebook-bench-trace: writes a workspace with one trace of about a million spans and
// 100 traces of about 10,000, then times what the waterfall needs for one trace: load
// into a TraceModel, critical path, data quality, the first visible rows, the rows after
// a toggle, a search, and the memory the model holds.
#include "core/store/workspace.h"
#include "core/store/workspace_writer.h"
#include "core/trace/critical_path.h"
#include "core/trace/trace_model.h"
#include "core/trace/trace_quality.h"
#include "core/trace/trace_search.h"
#include "core/trace/waterfall_rows.h"
#include "core/util/temporary_directory.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <malloc.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace casebook;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

long rssBytes() {
    std::ifstream in("/proc/self/statm");
    long pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

TraceId traceIdOf(int n) {
    TraceId id;
    id.bytes[0] = 0x7A;
    for (int b = 0; b < 4; ++b)
        id.bytes[15 - b] = static_cast<std::uint8_t>(n >> (8 * b));
    return id;
}

// Writes one trace shaped like a batch import: a gateway root calling `workers`
// sequential importer spans (a run that folds), each with an auth check, 400 contact
// upserts ten at a time (each with a database insert under it, some failing), 100 short
// cache reads and a 98-deep chain of rule evaluations: 1000 spans a worker, plus the root.
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

void measure(Workspace& ws, const Scope& scope, const TraceId& id, const char* label) {
    std::printf("\n== %s\n", label);
    const long rss0 = rssBytes();
    auto t = Clock::now();
    const auto model = TraceModel::load(ws, scope, id);
    const double loadMs = msSince(t);
    const long rss1 = rssBytes();
    malloc_trim(0); // what the loader freed but glibc kept is not the model's
    const long rss2 = rssBytes();
    std::printf("load:            %9.1f ms  %zu spans, %zu strings\n", loadMs, model.size(),
                model.strings().size());
    const auto perSpan = [&](double bytes) {
        return bytes / double(std::max<std::size_t>(1, model.size()));
    };
    std::printf("model memory:    %9.1f MB  %.1f bytes/span\n", double(model.memoryBytes()) / 1e6,
                perSpan(double(model.memoryBytes())));
    std::printf("RSS delta:       %9.1f MB  %.1f bytes/span; after malloc_trim %.1f MB, %.1f "
                "bytes/span\n",
                double(rss1 - rss0) / 1e6, perSpan(double(rss1 - rss0)), double(rss2 - rss0) / 1e6,
                perSpan(double(rss2 - rss0)));

    t = Clock::now();
    const auto path = criticalPath(model);
    std::printf("critical path:   %9.1f ms  %zu segments over %zu spans, %zu services\n",
                msSince(t), path.segments.size(), path.spans.size(), path.byService.size());

    t = Clock::now();
    const auto quality = traceQuality(model);
    std::printf("quality:         %9.1f ms  orphans %zu, duplicate ids %zu, skew %zu/%zu, "
                "end<start %zu\n",
                msSince(t), quality.orphans.size(), quality.duplicateIds.size(),
                quality.startsBeforeParent.size(), quality.endsAfterParent.size(),
                quality.endBeforeStart.size());

    WaterfallView view;
    t = Clock::now();
    auto rows = waterfallRows(model, view);
    std::printf("first rows:      %9.1f ms  %zu rows, %zu folds\n", msSince(t), rows.rows.size(),
                rows.folds.size());

    // The GUI's toggles: open the fold of importer spans, collapse the first worker,
    // then everything but depth 0..1, then open all again.
    const SpanIndex firstWorker = model.firstChild(model.mainRoot());
    view.expandedFolds.insert(firstWorker);
    t = Clock::now();
    rows = waterfallRows(model, view);
    std::printf("open fold:       %9.1f ms  %zu rows, %zu folds\n", msSince(t), rows.rows.size(),
                rows.folds.size());
    t = Clock::now();
    toggleCollapsed(view, model, firstWorker);
    rows = waterfallRows(model, view);
    std::printf("collapse one:    %9.1f ms  %zu rows\n", msSince(t), rows.rows.size());
    t = Clock::now();
    collapseToDepth(view, model, 1);
    rows = waterfallRows(model, view);
    std::printf("collapse to 1:   %9.1f ms  %zu rows\n", msSince(t), rows.rows.size());
    view.folds.similarSiblings = false;
    expandAll(view);
    t = Clock::now();
    rows = waterfallRows(model, view);
    std::printf("all, no folds:   %9.1f ms  %zu rows\n", msSince(t), rows.rows.size());
    view.folds.similarSiblings = true;
    view.folds.shortSpanNs = 100'000;
    t = Clock::now();
    rows = waterfallRows(model, view);
    std::printf("short folds:     %9.1f ms  %zu rows, %zu folds\n", msSince(t), rows.rows.size(),
                rows.folds.size());
    view.folds.shortSpanNs = 0;

    t = Clock::now();
    const auto found = searchTrace(model, "DUPLICATE KEY");
    const double searchMs = msSince(t);
    view.search = &found;
    view.searchMode = SearchMode::Filter;
    t = Clock::now();
    rows = waterfallRows(model, view);
    std::printf("search:          %9.1f ms  %zu matches; filter rows %.1f ms, %zu rows\n", searchMs,
                found.count(), msSince(t), rows.rows.size());
    t = Clock::now();
    const auto last = found.count() ? found.spans().back() : kNoSpan;
    view.searchMode = SearchMode::Highlight;
    rows = revealSpan(view, model, last);
    std::printf("reveal match:    %9.1f ms  %zu rows, at row %zu\n", msSince(t), rows.rows.size(),
                rows.rowOf(last).value_or(0));
}

} // namespace

int main(int argc, char** argv) {
    const int bigWorkers = argc > 1 ? std::atoi(argv[1]) : 1000;
    TemporaryDirectory dir({}, "casebook-bench-trace-");
    auto ws = Workspace::open(dir.path() / "bench.casebook");
    auto t = Clock::now();
    std::size_t spans = 0;
    {
        Transaction tx(ws->db());
        ws->db().exec("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                      "VALUES('bench', '/bench', 'bench', 0)");
        WorkspaceWriter writer(*ws, BundleId{ws->db().lastInsertRowId()}, "acme");
        TraceWriter traces(writer);
        spans += traces.write(traceIdOf(0), bigWorkers);
        for (int i = 1; i <= 100; ++i)
            spans += traces.write(traceIdOf(i), 10);
        writer.finishTraces();
        tx.commit();
    }
    std::printf("wrote %zu spans (1 trace of %d workers, 100 of 10) in %.1f s\n", spans, bigWorkers,
                msSince(t) / 1e3);

    const auto scope = ws->tenantScope("acme");
    measure(*ws, scope, traceIdOf(0), "the big trace");
    measure(*ws, scope, traceIdOf(1), "one 10k trace");

    t = Clock::now();
    double worst = 0;
    std::size_t loaded = 0;
    for (int i = 1; i <= 100; ++i) {
        const auto t1 = Clock::now();
        loaded += TraceModel::load(*ws, scope, traceIdOf(i)).size();
        worst = std::max(worst, msSince(t1));
    }
    std::printf("\n100 traces of 10k: %zu spans loaded in %.1f ms (%.2f ms mean, %.2f ms worst)\n",
                loaded, msSince(t), msSince(t) / 100, worst);
    return 0;
}
