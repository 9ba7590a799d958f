// casebook-bench-trace: writes a workspace with one trace of about a million spans and
// 100 traces of about 10,000, then times what the waterfall needs for one trace: load
// into a TraceModel, critical path, data quality, the first visible rows, the rows after
// a toggle, a search, and the memory the model holds.
#include "bench/bench_traces.h"
#include "bench/bench_util.h"
#include "core/store/workspace.h"
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
using casebook::bench::msSince;
using casebook::bench::rssBytes;

namespace {

using Clock = std::chrono::steady_clock;

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
    const std::size_t spans = bench::writeBenchTraces(*ws, bigWorkers, 100, 10);
    std::printf("wrote %zu spans (1 trace of %d workers, 100 of 10) in %.1f s\n", spans, bigWorkers,
                msSince(t) / 1e3);

    const auto scope = ws->tenantScope("acme");
    measure(*ws, scope, bench::benchTraceId(0), "the big trace");
    measure(*ws, scope, bench::benchTraceId(1), "one 10k trace");

    t = Clock::now();
    double worst = 0;
    std::size_t loaded = 0;
    for (int i = 1; i <= 100; ++i) {
        const auto t1 = Clock::now();
        loaded += TraceModel::load(*ws, scope, bench::benchTraceId(i)).size();
        worst = std::max(worst, msSince(t1));
    }
    std::printf("\n100 traces of 10k: %zu spans loaded in %.1f ms (%.2f ms mean, %.2f ms worst)\n",
                loaded, msSince(t), msSince(t) / 100, worst);
    return 0;
}
