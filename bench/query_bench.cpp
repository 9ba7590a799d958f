// casebook-bench-queries: the queries the Traces and Logs panes run, on a workspace with
// one trace of 1,000,000 spans, 100 traces of 10,000 and 5,000,000 log lines (a selective
// word in one line of 10,000). Each figure is the median of several runs on a warm cache,
// as a pane sees it after the first look.
#include "bench/bench_traces.h"
#include "bench/bench_util.h"
#include "core/filter/filter.h"
#include "core/query/log_histogram.h"
#include "core/query/log_queries.h"
#include "core/query/trace_queries.h"
#include "core/store/workspace.h"
#include "core/store/workspace_writer.h"
#include "core/util/temporary_directory.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace casebook;
using casebook::bench::grouped;
using casebook::bench::msSince;

namespace {

constexpr std::array<const char*, 8> kServices{"web-forms", "ingestion-api", "cdp",
                                               "identity",  "lead-scoring",  "crm-sync",
                                               "journeys",  "email"};

// Five million log lines over a day; one in 10,000 names the new form field.
std::size_t writeLogs(Workspace& ws, std::size_t count) {
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                 "VALUES('bench logs', '/bench', 'bench-logs', 0)");
    WorkspaceWriter writer(ws, BundleId{ws.db().lastInsertRowId()}, "acme");
    const std::int64_t base = 1'763'625'600'000'000'000;
    const std::int64_t step = 86'400'000'000'000 / std::int64_t(count);
    std::string body;
    for (std::size_t i = 0; i < count; ++i) {
        LogRecord log;
        log.timeNs = base + std::int64_t(i) * step;
        log.observedNs = log.timeNs;
        const bool selective = i % 10'000 == 4'321;
        const bool error = selective || i % 50 == 7;
        log.severityNumber = error ? 17 : 9;
        log.severityText = error ? "ERROR" : "INFO";
        body = selective
                   ? "rejected submission " + std::to_string(i) + ": unknown field 'utm_content'"
                   : "accepted submission " + std::to_string(i) + " from web-forms in " +
                         std::to_string(i % 900) + " ms";
        log.body = body;
        log.service = kServices[i % kServices.size()];
        log.tenant = "acme";
        log.attributesJson = R"({"form.id":"webinar-signup","sdk.version":"4.2.0"})";
        writer.addLog(log);
    }
    tx.commit();
    return count;
}

double medianMs(int runs, const std::function<std::size_t()>& query, std::size_t& rows) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto t = std::chrono::steady_clock::now();
        rows = query();
        times.push_back(msSince(t));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void report(const char* label, const std::function<std::size_t()>& query, int runs = 7) {
    std::size_t rows = 0;
    const double ms = medianMs(runs, query, rows);
    std::printf("  %-58s %8.1f ms  (%s rows)\n", label, ms, grouped(double(rows)).c_str());
    std::fflush(stdout);
}

CompiledFilter filterFor(const char* text, FilterTarget target) {
    auto compiled = compileFilter(text, target);
    if (!compiled.ok())
        std::fprintf(stderr, "bad filter %s: %s\n", text, compiled.error->message.c_str());
    return compiled.filter;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t logs = argc > 1 ? std::stoull(argv[1]) : 5'000'000;
    // A second argument keeps the workspace there, for looking at query plans.
    TemporaryDirectory dir({}, "casebook-bench-queries-");
    const std::filesystem::path file =
        argc > 2 ? std::filesystem::path(argv[2]) : dir.path() / "bench.casebook";
    std::filesystem::remove(file);
    auto ws = Workspace::open(file);
    auto t = std::chrono::steady_clock::now();
    const auto spans = bench::writeBenchTraces(*ws, 1000, 100, 10);
    std::printf("wrote %s spans (1 trace of 1M, 100 of 10k) in %.1f s\n",
                grouped(double(spans)).c_str(), bench::secondsSince(t));
    t = std::chrono::steady_clock::now();
    writeLogs(*ws, logs);
    std::printf("wrote %s log lines in %.1f s\n\n", grouped(double(logs)).c_str(),
                bench::secondsSince(t));

    const Scope scope = ws->tenantScope("acme");
    std::printf("trace list (first page of 200):\n");
    for (const auto sort : {TraceSort::Start, TraceSort::Duration, TraceSort::Spans}) {
        TraceQuery q;
        q.sort = sort;
        q.limit = 200;
        const char* label = sort == TraceSort::Start      ? "newest first"
                            : sort == TraceSort::Duration ? "longest first"
                                                          : "most spans first";
        report(label, [&] { return listTraces(*ws, scope, q).size(); });
    }
    {
        TraceQuery q;
        q.limit = 200;
        q.filter = filterFor("service == crm and status == error", FilterTarget::Traces);
        report("filter: service == crm and status == error",
               [&] { return listTraces(*ws, scope, q).size(); });
    }

    std::printf("\nlog pane over %s lines (first page of 500):\n", grouped(double(logs)).c_str());
    auto page = [&](LogQuery q) {
        q.limit = 500;
        return listLogs(*ws, scope, q).size();
    };
    {
        LogQuery q;
        q.search = "utm_content";
        report("search, selective word (utm_content, 1 line in 10,000)", [&] { return page(q); });
        report("histogram of that search (120 buckets)",
               [&] { return std::size_t(logHistogram(*ws, scope, q, 120).total()); });
    }
    {
        LogQuery q;
        report("no search, oldest first", [&] { return page(q); });
        q.search = "accepted submission";
        report("search, common words (accepted submission)", [&] { return page(q); });
        q.search.reset();
        q.filter = filterFor("level >= error and service == crm-sync", FilterTarget::Logs);
        report("filter: level >= error and service == crm-sync", [&] { return page(q); });
    }
    {
        LogQuery q;
        report(
            "histogram of every line (120 buckets)",
            [&] { return std::size_t(logHistogram(*ws, scope, q, 120).total()); }, 3);
        report(
            "services that logged (quick filter)", [&] { return logServices(*ws, scope).size(); },
            3);
    }
    return 0;
}
