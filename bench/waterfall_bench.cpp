// casebook-bench-waterfall: the trace pane at a million spans. Writes a workspace with
// one trace of about a million spans (the shape of casebook-bench-trace's big trace),
// then measures, through the real TraceViewPane and WaterfallView, offscreen:
//   - open to first paint: select the trace, the job loads the model and derives the
//     critical path, quality, density and rows, then the viewport renders into a QImage;
//   - repaints of a 1440x900 view while scrolling and zooming (median and p95);
//   - resident memory of the opened trace above the empty pane.
// Usage: casebook-bench-waterfall [workers=1000] [--png FILE]
#include "bench/bench_traces.h"
#include "bench/bench_util.h"
#include "core/store/workspace.h"
#include "core/trace/critical_path.h"
#include "core/trace/trace_quality.h"
#include "core/trace/waterfall_rows.h"
#include "core/util/temporary_directory.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/traces/trace_data.h"
#include "ui/traces/trace_view_pane.h"
#include "ui/traces/waterfall_view.h"
#include "ui/util/text.h"

#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <malloc.h>
#include <unistd.h>
#include <vector>

using namespace casebook;
using casebook::bench::msSince;
using casebook::bench::rssBytes;
using Clock = std::chrono::steady_clock;

namespace {

// Runs the event loop until `done`, without spinning: the job needs the CPU more.
bool waitFor(const std::function<bool()>& done, int timeoutMs = 120000) {
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    if (!done())
        loop.exec();
    return done();
}

struct Stats {
    double median = 0, p95 = 0, max = 0;
};
Stats statsOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty())
        return {};
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

// Renders the whole view (header, rows, scroll bars) into `image`: one repaint.
double repaint(ui::WaterfallView& view, QImage& image) {
    const auto t = Clock::now();
    image.fill(Qt::transparent);
    view.render(&image);
    return msSince(t);
}

void report(const char* label, const std::vector<double>& times) {
    const Stats s = statsOf(times);
    std::printf("%-28s %4zu repaints: median %6.2f ms, p95 %6.2f ms, max %6.2f ms\n", label,
                times.size(), s.median, s.p95, s.max);
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int workers = 1000;
    QString png;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QStringLiteral("--png") && i + 1 < args.size())
            png = args[++i];
        else
            workers = args[i].toInt();
    }

    TemporaryDirectory dir({}, "casebook-bench-waterfall-");
    const auto path = dir.path() / "bench.casebook";
    auto t = Clock::now();
    std::size_t spans = 0;
    {
        auto ws = Workspace::open(path);
        spans = bench::writeBenchTraces(*ws, workers, 0, 0);
    }
    std::printf("wrote one trace of %s spans in %.1f s\n", bench::grouped(double(spans)).c_str(),
                msSince(t) / 1e3);

    {
        // Where the open time goes, step by step on this thread.
        auto ws = Workspace::open(path, Workspace::OpenMode::ReadOnly);
        const auto scope = ws->tenantScope("acme");
        t = Clock::now();
        auto model = TraceModel::load(*ws, scope, bench::benchTraceId(0));
        const double loadMs = msSince(t);
        t = Clock::now();
        const auto cp = criticalPath(model);
        const double pathMs = msSince(t);
        t = Clock::now();
        const auto q = traceQuality(model);
        const double qualityMs = msSince(t);
        t = Clock::now();
        const auto rows = waterfallRows(model, WaterfallView{});
        const double rowsMs = msSince(t);
        t = Clock::now();
        const auto built = ui::TraceData::build(std::move(model));
        std::printf("steps: load %.1f ms, critical path %.1f ms, quality %.1f ms, rows %.1f ms; "
                    "TraceData::build (path, quality, rows, density, segment index) %.1f ms\n",
                    loadMs, pathMs, qualityMs, rowsMs, msSince(t));
    }
    malloc_trim(0);

    ui::JobRunner jobs;
    ui::InvestigationContext context(&jobs);
    ui::TraceViewPane pane(&context, &jobs);
    pane.resize(1440, 900);
    pane.show();
    context.openWorkspace(ui::fromFsPath(path));
    if (!waitFor([&] { return context.scope().has_value(); }))
        return std::puts("workspace did not open"), 1;
    QCoreApplication::processEvents();
    malloc_trim(0);
    const long rssEmpty = rssBytes();

    // Open to first paint.
    bool loaded = false;
    QObject::connect(&pane, &ui::TraceViewPane::loaded, [&] { loaded = true; });
    t = Clock::now();
    context.selectTrace(bench::benchTraceId(0));
    if (!waitFor([&] { return loaded; }))
        return std::puts("trace did not load"), 1;
    const double loadMs = msSince(t);
    ui::WaterfallView* paneView = pane.view();
    QImage first(paneView->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    paneView->viewport()->render(&first);
    const double firstPaintMs = msSince(t);
    const auto data = pane.trace();
    std::printf("\nopen to first paint:   %8.1f ms  (job: load + critical path + quality + rows "
                "%.1f ms; %zu spans, %zu rows, %zu folds, %zu critical segments)\n",
                firstPaintMs, loadMs, data->model.size(), paneView->rows().rows.size(),
                paneView->rows().folds.size(), data->path.segments.size());

    QCoreApplication::processEvents();
    malloc_trim(0);
    const long rssOpen = rssBytes();
    std::printf("RSS above the empty pane: %8.1f MB  (model %.1f MB; %.1f bytes/span)\n",
                double(rssOpen - rssEmpty) / 1e6, double(data->model.memoryBytes()) / 1e6,
                double(rssOpen - rssEmpty) / double(std::max<std::size_t>(1, data->model.size())));

    // Repaints of a 1440x900 waterfall.
    ui::WaterfallView view;
    view.resize(1440, 900);
    view.show();
    view.setTrace(data);
    QCoreApplication::processEvents();
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    repaint(view, image); // warm up glyph caches

    const auto scrollRun = [&](const char* label) {
        std::vector<double> times;
        auto* bar = view.verticalScrollBar();
        for (int i = 0; i < 200; ++i) {
            // Page steps, then jumps across the whole range: both are what a user does.
            const int value = i < 100 ? (i * bar->pageStep()) % std::max(1, bar->maximum() + 1)
                                      : int(double(i - 100) / 100 * bar->maximum());
            bar->setValue(value);
            times.push_back(repaint(view, image));
        }
        report(label, times);
    };
    const auto zoomRun = [&](const char* label) {
        std::vector<double> times;
        for (int i = 0; i < 200; ++i) {
            const auto w = view.timeWindow();
            const double center =
                (w.fromNs + w.toNs) / 2 + (i % 10 == 0 ? (w.toNs - w.fromNs) / 3 : 0);
            view.zoomAt(center, i < 100 ? 0.85 : 1.0 / 0.85);
            times.push_back(repaint(view, image));
        }
        report(label, times);
        view.fit();
    };
    std::printf("\n1440x900 view, folded (%zu rows):\n", view.rows().rows.size());
    scrollRun("  scroll");
    zoomRun("  zoom (in 100x, out 100x)");

    t = Clock::now();
    FoldOptions noFolds;
    noFolds.similarSiblings = false;
    view.setFoldOptions(noFolds);
    std::printf("\nall spans as rows: %zu rows recomputed in %.1f ms\n", view.rows().rows.size(),
                msSince(t));
    scrollRun("  scroll");
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
    zoomRun("  zoom (in 100x, out 100x)");

    t = Clock::now();
    view.setSearch(QStringLiteral("duplicate key"));
    std::printf("\nsearch 'duplicate key': %zu matches, rows in %.1f ms\n", view.matches().count(),
                msSince(t));
    t = Clock::now();
    view.selectMatch(true);
    view.selectMatch(true);
    std::printf("next match twice: %.1f ms\n", msSince(t));
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) {
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() +
                                           37 * view.rowHeight());
        times.push_back(repaint(view, image));
    }
    report("  scroll with highlights", times);

    if (!png.isEmpty()) {
        view.setSearch(QString());
        view.setFoldOptions(FoldOptions{});
        view.verticalScrollBar()->setValue(0);
        repaint(view, image);
        image.save(png);
        std::printf("\nwrote %s\n", qPrintable(png));
    }
    return 0;
}
