// casebook-bench-metrics: the metric timelines and findings at the sizes.
//   1. A workspace with the lead-flow bundle at scale 100 (about 1M spans, 1M log records,
//      1M points) plus 9M synthetic points in 1,000 more series, one of them a 1M-point
//      gauge: 10M points in about 1,050 series, rollup tiles built as an import does.
//   2. Range query + downsampling of the 1M-point series to 2,000 points (cold, then the
//      median of warm runs), with and without the rollup tiles; a chart's whole load
//      (loadSeriesChart: the line, its weekly baseline and the change in words).
//   3. Findings over the whole workspace, all tenants (the job the Findings dock runs).
//   4. A repaint of the real chart widget with 6 lines of 2,000 points and 200 change
//      markers, offscreen (median and p95 of 60 repaints).
// Usage: QT_QPA_PLATFORM=offscreen casebook-bench-metrics [--scale 100] [--keep DIR]
#include "bench/bench_util.h"
#include "core/analysis/findings.h"
#include "core/analysis/metric_range.h"
#include "core/analysis/metric_rollups.h"
#include "core/generate/scenario_generator.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace_writer.h"
#include "core/util/temporary_directory.h"
#include "plugins/builtin_importers.h"
#include "ui/metrics/chart_data.h"
#include "ui/metrics/metric_chart_view.h"

#include <QApplication>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace casebook;
using casebook::bench::grouped;
using casebook::bench::msSince;
using casebook::bench::secondsSince;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
// The lead-flow metrics' nine days: 2026-11-12T00:00Z to 2026-11-21T00:00Z.
constexpr std::int64_t kBegin = 1'794'441'600LL * kSecond;
constexpr std::int64_t kEnd = kBegin + 9 * 86'400LL * kSecond;
constexpr std::int64_t kBigPoints = 1'000'000;
constexpr int kSmallSeries = 999;
constexpr std::int64_t kSmallPoints = 9'009; // 999 x 9,009 + 1M = 10M

// CPU time of the whole process so far (all threads), in seconds: with other work on the
// machine the wall clock says little on its own.
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * double(v.size())))];
}

// 9M points in 1,000 series: gauges with a daily wave and counters, one 1M-point gauge.
std::int64_t addSyntheticMetrics(Workspace& ws) {
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO bundles(name, source_path, content_hash, imported_at_ns) "
                 "VALUES('synthetic metrics', '', 'casebook-bench-metrics', 0)");
    const BundleId bundle{ws.db().lastInsertRowId()};
    WorkspaceWriter writer(ws, bundle, "acme");
    static const char* tenants[] = {"acme", "globex", "initech"};
    std::string name, labels;
    std::int64_t written = 0;
    auto wave = [](std::int64_t t, double phase) {
        const double day = double((t - kBegin) % (86'400LL * kSecond)) / (86'400.0 * kSecond);
        return 100 + 40 * std::sin(2 * M_PI * (day + phase));
    };
    for (int s = 0; s <= kSmallSeries; ++s) {
        const bool big = s == kSmallSeries;
        const std::int64_t points = big ? kBigPoints : kSmallPoints;
        const std::int64_t step = (kEnd - kBegin) / points;
        MetricPoint p;
        name = big ? "synthetic.big.gauge" : "synthetic.series." + std::to_string(s);
        labels = "{\"shard\":\"" + std::to_string(s % 7) + "\"}";
        p.name = name;
        p.unit = s % 3 == 0 ? "{request}" : "ms";
        p.kind = !big && s % 3 == 0 ? MetricKind::Sum : MetricKind::Gauge;
        p.monotonic = p.kind == MetricKind::Sum;
        p.temporality = p.kind == MetricKind::Sum ? 1 : 0;
        p.service = "synthetic";
        p.tenant = tenants[s % 3];
        p.labelsJson = labels;
        for (std::int64_t i = 0; i < points; ++i) {
            p.timeNs = kBegin + (i + 1) * step;
            p.startNs = p.kind == MetricKind::Sum ? p.timeNs - step : 0;
            double v = wave(p.timeNs, s * 0.01) + double((i * 7919 + s) % 13) - 6;
            if (big && i == kBigPoints / 3)
                v = 5000; // one spike that downsampling must keep
            p.value = p.kind == MetricKind::Sum ? std::round(v) : v;
            writer.addMetricPoint(p);
            ++written;
        }
    }
    const auto start = Clock::now();
    rebuildMetricRollups(ws, writer.touchedSeries());
    std::printf("  rollup tiles of the 1,000 synthetic series: %.2f s\n", secondsSince(start));
    tx.commit();
    return written;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    int scale = 100;
    std::string keep;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--scale" && i + 1 < argc)
            scale = std::atoi(argv[++i]);
        else if (a == "--keep" && i + 1 < argc)
            keep = argv[++i];
    }
    std::unique_ptr<TemporaryDirectory> temp;
    std::filesystem::path dir = keep;
    if (dir.empty()) {
        temp = std::make_unique<TemporaryDirectory>("", "casebook-bench-metrics-");
        dir = temp->path();
    }
    std::filesystem::create_directories(dir);
    const auto workspacePath = dir / "metrics.casebook";
    const bool reuse = std::filesystem::exists(workspacePath);
    auto ws = Workspace::open(workspacePath);
    if (!reuse) {
        std::printf("lead-flow bundle at scale %d, then 9M synthetic points...\n", scale);
        auto start = Clock::now();
        generateBundle(GenerateOptions{Scenario::LeadFlow, scale, 42}, dir / "lead-flow");
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        const auto report = importBundle(*ws, dir / "lead-flow", registry);
        std::filesystem::remove_all(dir / "lead-flow");
        std::printf("  generated and imported in %.1f s: %s spans, %s logs, %s points\n",
                    secondsSince(start), grouped(double(report.spans)).c_str(),
                    grouped(double(report.logs)).c_str(),
                    grouped(double(report.metricPoints)).c_str());
        start = Clock::now();
        const auto added = addSyntheticMetrics(*ws);
        std::printf("  %s synthetic points written in %.1f s\n", grouped(double(added)).c_str(),
                    secondsSince(start));
    }
    if (!pendingRollups(*ws).empty()) {
        // A workspace kept from an older Casebook: its tiles, as the app builds them.
        const auto start = Clock::now();
        const auto built = buildPendingRollups(*ws);
        std::printf("  rollup tiles of %lld series from an older workspace: %.1f s\n",
                    static_cast<long long>(built), secondsSince(start));
    }
    const auto points = ws->db().scalarInt("SELECT count(*) FROM metric_points");
    const auto series = ws->db().scalarInt("SELECT count(*) FROM metric_series");
    std::printf("workspace: %s points in %s series, %s spans, %s logs\n",
                grouped(double(points)).c_str(), grouped(double(series)).c_str(),
                grouped(double(ws->db().scalarInt("SELECT count(*) FROM spans"))).c_str(),
                grouped(double(ws->db().scalarInt("SELECT count(*) FROM logs"))).c_str());

    // 2. Range query + downsampling of the 1M-point series.
    const Scope acme = ws->tenantScope("acme");
    SeriesFilter filter;
    filter.name = "synthetic.big.gauge";
    const SeriesInfo big = listSeries(*ws, acme, filter).front();
    auto measure = [&](const char* label) {
        std::vector<double> ms;
        DownsampledSeries d;
        for (int run = 0; run < 21; ++run) {
            const auto start = Clock::now();
            d = downsampleSeries(*ws, acme, big, SeriesView::Value, kBegin, kEnd + 1, 2000);
            ms.push_back(msSince(start));
        }
        const double cold = ms.front();
        ms.erase(ms.begin());
        const bool spike = std::any_of(d.points.begin(), d.points.end(),
                                       [](const PlotPoint& p) { return p.value == 5000; });
        std::printf("  %-22s first %.1f ms, warm median %.1f ms, p95 %.1f ms: %zu points for %s "
                    "samples, %s rows read, spike kept: %s\n",
                    label, cold, percentile(ms, 0.5), percentile(ms, 0.95), d.points.size(),
                    grouped(double(d.samples)).c_str(), grouped(double(d.rowsRead)).c_str(),
                    spike ? "yes" : "NO");
    };
    std::printf("range query + downsampling of the 1M-point series to 2,000 points:\n");
    measure("with rollup tiles");
    {
        Transaction tx(ws->db());
        ws->db().exec("DELETE FROM metric_rollup_state WHERE series_id = " +
                      std::to_string(raw(big.id)));
        measure("points only (no tiles)");
        tx.rollback();
    }
    // What a chart of the Metrics pane loads: the line and its dashed baseline a week
    // earlier, downsampled to 2,000 pixels, and the change in words.
    {
        const std::int64_t week = 7 * 86'400LL * kSecond;
        const ui::SeriesChartRequest r{QString::fromStdString(workspacePath.string()),
                                       acme,
                                       big.id,
                                       kBegin + week,
                                       kEnd + 1,
                                       2000,
                                       week};
        std::vector<double> ms;
        ui::ChartData data;
        for (int run = 0; run < 11; ++run) {
            const auto start = Clock::now();
            data = ui::loadSeriesChart(r);
            ms.push_back(msSince(start));
        }
        const double cold = ms.front();
        ms.erase(ms.begin());
        std::printf("  chart load with weekly baseline (loadSeriesChart, 2 days of the 1M-point "
                    "series): first %.1f ms, warm median %.1f ms: %zu + %zu points, \"%s\"\n",
                    cold, percentile(ms, 0.5), data.lines.front().points.size(),
                    data.lines.back().points.size(), data.comparison.toUtf8().constData());
    }

    // 3. Findings over everything.
    {
        const Scope all = ws->allTenantsScope("casebook-bench-metrics: findings");
        int progress = 0;
        FindingsOptions options;
        // As the CLI and the Findings dock run it: two readers, the file mapped.
        mapForScan(*ws);
        options.parallel = mappedThreads(2);
        std::string step;
        const auto start = Clock::now();
        const double cpuStart = cpuSeconds();
        auto stepStart = start;
        options.progress = [&](double, const std::string& now) {
            ++progress;
            if (now != step) {
                if (!step.empty())
                    std::printf("  findings step \"%s\": %.2f s\n", step.c_str(),
                                secondsSince(stepStart));
                step = now;
                stepStart = Clock::now();
            }
        };
        const FindingsReport report = findWhatChanged(*ws, all, options);
        const double seconds = secondsSince(start);
        const double cpu = cpuSeconds() - cpuStart;
        std::printf("findings over the whole workspace: %.2f s wall, %.2f s CPU on all threads (%s "
                    "series, %s anomalies, %zu "
                    "findings, %d progress reports); top: %s: %s\n",
                    seconds, cpu, grouped(double(report.seriesScanned)).c_str(),
                    grouped(double(report.anomalies)).c_str(), report.findings.size(), progress,
                    report.findings.empty()
                        ? "-"
                        : std::string(findingGradeName(report.findings.front().grade)).c_str(),
                    report.findings.empty() ? "-" : report.findings.front().title.c_str());
    }

    // 4. The chart widget: 6 lines of 2,000 points, 200 change markers.
    for (const bool antialiased : {true, false}) {
        ui::MetricChartView view;
        view.resize(1440, 260);
        view.setAntialiased(antialiased);
        view.setTimeRange(kBegin, kEnd);
        ui::ChartData data;
        data.title = QStringLiteral("six lines");
        for (int l = 0; l < 6; ++l) {
            ui::ChartLine line;
            line.label = QStringLiteral("line %1").arg(l);
            line.colorIndex = l;
            for (int i = 0; i < 2000; ++i)
                line.points.push_back({kBegin + (kEnd - kBegin) * i / 2000,
                                       100 + 30 * std::sin(i / 40.0 + l) + (i * 37 % 11)});
            data.lines.push_back(std::move(line));
        }
        view.setData(std::move(data));
        auto changes = std::make_shared<std::vector<ChangeRow>>();
        for (int c = 0; c < 200; ++c) {
            ChangeRow row;
            row.id = c;
            row.timeNs = kBegin + (kEnd - kBegin) * c / 200;
            row.kind = c % 5 == 0 ? "deploy" : c % 5 == 1 ? "config_change" : "sdk_release";
            row.title = "change " + std::to_string(c);
            if (c % 20 == 0) {
                row.kind = "maintenance";
                row.endNs = row.timeNs + 3600 * kSecond;
            }
            changes->push_back(std::move(row));
        }
        view.setChanges(changes);
        view.setCrosshair(kBegin + (kEnd - kBegin) / 2);
        view.show();
        QApplication::processEvents();
        std::vector<double> ms;
        for (int run = 0; run < 61; ++run) {
            const auto start = Clock::now();
            view.viewport()->repaint();
            ms.push_back(msSince(start));
        }
        ms.erase(ms.begin());
        std::printf("chart repaint, 1440x260, %d points in 6 lines, 200 markers, %s: median %.1f "
                    "ms, p95 %.1f ms\n",
                    view.pointCount(), antialiased ? "antialiased" : "aliased", percentile(ms, 0.5),
                    percentile(ms, 0.95));
    }
    return 0;
}
