// casebook-bench-lineage: the figures of the lineage issue on generated graphs.
//
//   - a lineage of 20,000 nodes and 40,000 edges (tenant "big"): loading it from the
//     workspace, the downstream closure and impact from a root;
//   - a focused view of at most 300 nodes of it, laid out in process and by the
//     casebook-layout helper process the GUI uses;
//   - the whole lineage of a 2,000-node tenant ("mid") in the real Lineage pane: the layout
//     finishes or is abandoned at the time limit while a 5 ms timer measures how long the
//     GUI thread ever stopped answering;
//   - repainting that 2,000-node scene while panning and zooming.
//
// Usage: casebook-bench-lineage [TIME_LIMIT_SECONDS]   (default 10)
#include "bench/bench_util.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/layout/layout_process.h"
#include "core/lineage/focused_view.h"
#include "core/lineage/impact.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/view_layout.h"
#include "core/store/workspace.h"
#include "core/util/temporary_directory.h"
#include "plugins/builtin_importers.h"
#include "ui/context/investigation_context.h"
#include "ui/jobs/job_runner.h"
#include "ui/lineage/lineage_graph_view.h"
#include "ui/lineage/lineage_pane.h"
#include "ui/lineage/lineage_scene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <tuple>
#include <vector>

using namespace casebook;
using namespace casebook::bench;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0
                     : v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size())))];
}

// A layered lineage: `layers` layers of `width` nodes, datasets and jobs alternating, each
// node feeding two nodes of the next layer, plus `extra` edges that skip a layer; the last
// layer holds journeys, dashboards and syncs. Written as an edges CSV.
std::size_t writeLayeredGraph(std::ofstream& csv, const std::string& tenant, int layers, int width,
                              int extra) {
    auto name = [&](int layer, int i) {
        return "n" + std::to_string(layer) + "_" + std::to_string(i);
    };
    auto kind = [&](int layer, int i) -> std::string {
        if (layer == layers - 1)
            return i % 3 == 0 ? "journey" : i % 3 == 1 ? "dashboard" : "sync";
        return layer % 2 == 0 ? "dataset" : "job";
    };
    std::size_t edges = 0;
    std::set<std::tuple<int, int, int, int>> written;
    auto edge = [&](int l1, int i1, int l2, int i2) {
        if (!written.insert({l1, i1, l2, i2}).second)
            return false;
        csv << tenant << ",ns" << l1 % 7 << ',' << name(l1, i1) << ',' << kind(l1, i1) << ",ns"
            << l2 % 7 << ',' << name(l2, i2) << ',' << kind(l2, i2) << ",feeds\n";
        ++edges;
        return true;
    };
    // Two distinct successors in the next layer for every node, then edges that skip a
    // layer until `extra` more are written: every node, and exactly the edges counted.
    for (int l = 0; l + 1 < layers; ++l)
        for (int i = 0; i < width; ++i) {
            edge(l, i, l + 1, (i * 7 + 1) % width);
            for (int step = 0; !edge(l, i, l + 1, (i * 13 + 5 + step) % width); ++step) {
            }
        }
    for (int k = 0, added = 0; added < extra; ++k) {
        const int l = k % (layers - 2);
        added += edge(l, (k * 31) % width, l + 2, (k * 17 + 3) % width) ? 1 : 0;
    }
    return edges;
}

struct Heartbeat {
    QElapsedTimer clock;
    qint64 last = 0;
    double worst = 0;
    std::vector<double> gaps;
    void tick() {
        const qint64 now = clock.nsecsElapsed();
        if (last) {
            const double gap = double(now - last) / 1e6;
            worst = std::max(worst, gap);
            gaps.push_back(gap);
        }
        last = now;
    }
};

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CasebookBench"));
    const int limitSeconds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;

    TemporaryDirectory dir({}, "casebook-bench-lineage-");
    const auto bundle = dir.path() / "bundle";
    std::filesystem::create_directories(bundle);
    std::size_t bigEdges = 0, midEdges = 0;
    {
        std::ofstream csv(bundle / "edges.csv");
        csv << "tenant,source_namespace,source,source_kind,target_namespace,target,target_kind,"
               "kind\n";
        // 40 layers of 500: 20,000 nodes; 2 x 19,500 + 1,000 = 40,000 edges.
        bigEdges = writeLayeredGraph(csv, "big", 40, 500, 1000);
        // 20 layers of 100: 2,000 nodes; 2 x 1,900 + 200 = 4,000 edges.
        midEdges = writeLayeredGraph(csv, "mid", 20, 100, 200);
    }
    const auto workspacePath = dir.path() / "lineage.casebook";
    {
        auto ws = Workspace::open(workspacePath);
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto started = Clock::now();
        const auto report = importBundle(*ws, bundle, registry);
        std::printf("import: %s edges (big %s, mid %s) in %.2f s, %s\n",
                    grouped(double(bigEdges + midEdges)).c_str(), grouped(double(bigEdges)).c_str(),
                    grouped(double(midEdges)).c_str(), secondsSince(started),
                    toString(report.status));
    }

    // Closure and impact on 20,000 nodes and 40,000 edges.
    auto ws = Workspace::open(workspacePath, Workspace::OpenMode::ReadOnly);
    const Scope big = ws->tenantScope("big");
    std::vector<double> loads, closures, impacts, totals;
    LineageGraph graph;
    for (int i = 0; i < 7; ++i) {
        const auto t0 = Clock::now();
        graph = loadLineageGraph(*ws, big);
        loads.push_back(msSince(t0));
    }
    const auto root = *graph.indexOf(resolveLineageNode(*ws, big, "n0_0").node->info.id);
    std::size_t reached = 0;
    for (int i = 0; i < 21; ++i) {
        const auto t0 = Clock::now();
        const LineageClosure closure(graph, root, LineageDirection::Downstream);
        closures.push_back(msSince(t0));
        reached = closure.reached().size();
        const auto t1 = Clock::now();
        const auto report = computeImpact(graph, root, LineageDirection::Downstream);
        impacts.push_back(msSince(t1));
    }
    for (int i = 0; i < 7; ++i) {
        const auto t0 = Clock::now();
        const auto g = loadLineageGraph(*ws, big);
        const auto report =
            computeImpact(g, *g.indexOf(graph.node(root).id), LineageDirection::Downstream);
        totals.push_back(msSince(t0));
    }
    std::printf("\nlineage of %s nodes and %s edges (tenant big)\n",
                grouped(double(graph.nodeCount())).c_str(),
                grouped(double(graph.edgeCount())).c_str());
    std::printf("  load the graph from the workspace: median %.1f ms\n", median(loads));
    std::printf("  downstream closure from n0_0 (%s nodes reached): median %.2f ms\n",
                grouped(double(reached)).c_str(), median(closures));
    std::printf("  impact (closure, paths, counts by kind): median %.2f ms\n", median(impacts));
    std::printf("  load + impact, end to end: median %.1f ms (target <= 50 ms)\n", median(totals));

    // A focused view of at most 300 nodes.
    LineageViewOptions options;
    options.focus = *graph.indexOf(resolveLineageNode(*ws, big, "n20_250").node->info.id);
    options.maxFanout = 1000;
    LineageView view;
    for (int hops = 1; hops < 40; ++hops) {
        options.hops = hops;
        auto wider = buildLineageView(graph, options);
        if (wider.nodeCount() > 300)
            break;
        view = std::move(wider);
    }
    const LayoutRequest focused = layoutRequestFor(view, graph, nullptr);
    std::vector<double> inProcess, helper;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = Clock::now();
        layoutGraph(focused);
        inProcess.push_back(msSince(t0));
        const auto laid =
            layoutInChildProcess(focused, findLayoutHelper(), std::chrono::seconds(30));
        helper.push_back(laid.seconds * 1000);
        if (laid.status != ProcessLayout::Status::Done)
            std::printf("  helper failed: %s\n", laid.error.c_str());
    }
    std::printf("\nfocused view of %zu nodes (%zu edges, %zu folded groups, hops %d)\n",
                view.nodeCount(), view.edges.size(), view.groupCount(), options.hops - 1);
    std::printf("  layout in process: median %.0f ms; in the helper process: median %.0f ms "
                "(target <= 500 ms)\n",
                median(inProcess), median(helper));

    // The whole 2,000-node lineage in the real pane, with the GUI thread watched.
    ui::JobRunner jobs;
    ui::InvestigationContext context(&jobs);
    ui::LineagePane pane(&context, &jobs);
    pane.resize(1440, 900);
    pane.show();
    pane.setLayoutTimeLimit(std::chrono::seconds(limitSeconds));
    context.openWorkspace(QString::fromStdString(workspacePath.string()), QStringLiteral("mid"));
    auto waitUntil = [&](auto done, int timeoutMs) {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < timeoutMs)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        return done();
    };
    waitUntil([&] { return pane.drawing().has_value() && !pane.isLoading(); }, 30000);
    Heartbeat beat;
    beat.clock.start();
    QTimer timer;
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, [&] { beat.tick(); });
    timer.start();
    const auto wholeStarted = Clock::now();
    pane.setWholeLineage(true);
    const auto* notice = pane.findChild<QLabel*>(QStringLiteral("lineageNotice"));
    waitUntil([&] { return !pane.isLoading() && jobs.isIdle(); }, (limitSeconds + 30) * 1000);
    const double wholeSeconds = secondsSince(wholeStarted);
    timer.stop();
    const bool finished = pane.drawing() && pane.drawing()->view.nodeCount() == 2000;
    std::printf("\nwhole lineage of 2,000 nodes and %s edges (tenant mid) in the Lineage pane, "
                "time limit %d s\n",
                grouped(double(midEdges)).c_str(), limitSeconds);
    if (finished)
        std::printf("  laid out in %.1f s (%.1f s in the helper)\n", wholeSeconds,
                    pane.drawing()->layoutSeconds);
    else
        std::printf("  abandoned after %.1f s: %s\n", wholeSeconds,
                    notice->text().toUtf8().constData());
    std::printf("  GUI thread meanwhile: worst stall %.1f ms, p99 tick gap %.1f ms over %zu ticks "
                "(5 ms timer)\n",
                beat.worst, percentile(beat.gaps, 0.99), beat.gaps.size());

    // Pan and zoom a 2,000-node scene: lay it out in process if the pane gave up on it.
    if (!finished) {
        std::printf("  (laying it out in process for the repaint figures)\n");
        pane.setLayoutTimeLimit(std::chrono::seconds(600));
        pane.setWholeLineage(true);
        waitUntil(
            [&] {
                return !pane.isLoading() && jobs.isIdle() && pane.drawing() &&
                       pane.drawing()->view.nodeCount() == 2000;
            },
            600000);
    }
    ui::LineageGraphView* canvas = pane.graphView();
    QWidget* viewport = canvas->viewport();
    // The time of a whole-viewport repaint after each move (the worst case: a pan could
    // repaint only the strip it uncovers).
    auto threadCpuMs = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    };
    std::vector<double> cpu;
    auto repaintTimes = [&](auto move, int frames) {
        std::vector<double> ms;
        cpu.clear();
        for (int i = 0; i < frames; ++i) {
            move(i);
            QElapsedTimer t;
            const double c0 = threadCpuMs();
            t.start();
            viewport->repaint();
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            cpu.push_back(threadCpuMs() - c0);
        }
        return ms;
    };
    std::printf("\nrepaint of the %d-node scene in a %dx%d viewport (%d items)\n",
                pane.scene()->nodeItemCount(), viewport->width(), viewport->height(),
                int(pane.scene()->items().size()));
    struct Level {
        const char* name;
        double zoom;
    };
    canvas->fitAll();
    const double fit = canvas->zoom();
    for (const Level& level : {Level{"fitted", fit}, Level{"50%", 0.5}, Level{"100%", 1.0}}) {
        canvas->setTransform(QTransform::fromScale(level.zoom, level.zoom));
        canvas->centerOn(pane.scene()->sceneRect().center());
        viewport->repaint(); // warm the item caches at this zoom
        // CASEBOOK_BENCH_PICTURES=DIR keeps what each level looks like.
        if (const char* dir = std::getenv("CASEBOOK_BENCH_PICTURES"))
            viewport->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/lineage-") +
                                  QString::fromLatin1(level.name).remove(u'%') +
                                  QStringLiteral(".png"));
        const auto pan = repaintTimes(
            [&](int i) {
                QScrollBar* bar = canvas->horizontalScrollBar();
                bar->setValue(bar->value() + ((i / 15) % 2 ? -40 : 40));
            },
            60);
        const auto panCpu = cpu;
        const auto zoom = repaintTimes([&](int i) { canvas->zoomBy(i % 2 ? 1.0 / 1.1 : 1.1); }, 60);
        std::printf("  %-7s (x%.2f): pan median %.1f ms (p95 %.1f; GUI thread CPU %.1f), zoom "
                    "median %.1f ms "
                    "(p95 %.1f; CPU %.1f)\n",
                    level.name, level.zoom, median(pan), percentile(pan, 0.95), median(panCpu),
                    median(zoom), percentile(zoom, 0.95), median(cpu));
    }
    std::printf("  target: <= 16 ms median\n");
    if (const QString shots = qEnvironmentVariable("CASEBOOK_LINEAGE_SHOTS"); !shots.isEmpty()) {
        canvas->fitAll();
        pane.grab().save(shots + QStringLiteral("/bench-2000-fitted.png"));
        canvas->setTransform(QTransform());
        canvas->centerOn(pane.scene()->sceneRect().center());
        pane.grab().save(shots + QStringLiteral("/bench-2000-100.png"));
    }
    return 0;
}
