// Metric range queries: bucket quantiles, counter rates (delta, cumulative, resets),
// histogram differencing, downsampling that keeps extremes (through the rollup tiles and
// without), steps, baselines against the lead-flow story's numbers, tenant scope, and the
// migration that adds the tables.

#include "core/analysis/histogram_buckets.h"
#include "core/analysis/metric_baseline.h"
#include "core/analysis/metric_range.h"
#include "core/analysis/metric_rollups.h"
#include "core/generate/scenario_generator.h"
#include "core/store/schema.h"
#include "core/util/time_text.h"
#include "metric_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>

using namespace casebook;
using namespace casebook::test;

namespace {

// The gauge of the downsampling tests: a slow wave with one spike and one dip.
constexpr std::int64_t kWavePoints = 150'000;
constexpr std::int64_t kSpikeIndex = 77'777;
constexpr std::int64_t kDipIndex = 120'000;
double waveValue(std::int64_t i) {
    if (i == kSpikeIndex)
        return 1000;
    if (i == kDipIndex)
        return -1000;
    return static_cast<double>((i * 37) % 101) - 50.0; // -50 .. 50, deterministic
}
std::int64_t waveTime(std::int64_t i) {
    return kT0 + i * kSecondNs;
}

std::optional<std::int64_t> nanosOf(const nlohmann::json& v) {
    if (v.is_string())
        return std::stoll(v.get<std::string>());
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    return std::nullopt;
}

} // namespace

class TestMetricQueries : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::filesystem::path path(const std::string& name) const {
        return std::filesystem::path(tmp_.path().toStdString()) / name;
    }
    std::unique_ptr<Workspace> importMetrics(const std::string& name,
                                             const std::vector<OtlpMetric>& metrics) {
        writeMetricsBundle(path(name), metrics);
        auto ws = Workspace::open(path(name + ".casebook"));
        const auto report = importFolder(*ws, path(name));
        if (report.status != ImportStatus::Imported || report.rejected != 0)
            qWarning() << "import:" << toString(report.status) << report.error.c_str();
        return ws;
    }
    SeriesInfo onlySeries(Workspace& ws, const std::string& name) {
        SeriesFilter f;
        f.name = name;
        const auto list = listSeries(ws, ws.tenantScope("acme"), f);
        if (list.size() != 1)
            qFatal("expected one series %s, got %zu", name.c_str(), list.size());
        return list.front();
    }

private slots:
    void quantilesFromExplicitBuckets() {
        const auto d = parseBucketDistribution(R"({"bounds":[10,20,40],"counts":[0,10,10,0]})");
        QVERIFY(d);
        // Rank 10 of 20 ends bucket (10,20]; rank 15 is half way through (20,40].
        QCOMPARE(*d->quantile(0.5), 20.0);
        QCOMPARE(*d->quantile(0.75), 30.0);
        QCOMPARE(d->countAtOrBelow(30), 15.0);
        QCOMPARE(d->countAtOrBelow(10), 0.0);
        QCOMPARE(d->countAtOrBelow(1000), 20.0);
        // Observations in the +Inf bucket answer with the highest finite bound.
        const auto tail = parseBucketDistribution(R"({"bounds":[1,2],"counts":[1,0,9]})");
        QCOMPARE(*tail->quantile(0.99), 2.0);
        QVERIFY(!parseBucketDistribution(R"({"bounds":[2,1],"counts":[1,1,1]})"));
        QVERIFY(!parseBucketDistribution(R"({"bounds":[1],"counts":[1]})"));
        QVERIFY(!parseBucketDistribution("not json"));
        QVERIFY(!BucketDistribution{}.quantile(0.5));
    }

    void quantilesFromExponentialBuckets() {
        // Scale 0: base 2, bucket i holds (2^i, 2^(i+1)]. One observation in (1,2], two in
        // (2,4]: the median (rank 1.5) is a quarter into (2,4].
        const auto d = parseBucketDistribution(
            R"({"scale":0,"zeroCount":0,"positive":{"offset":0,"bucketCounts":["1","2"]}})");
        QVERIFY(d);
        QCOMPARE(d->total(), 3.0);
        QCOMPARE(*d->quantile(0.5), 2.5);
        QCOMPARE(d->countAtOrBelow(2), 1.0);
    }

    void summaryQuantilesAreTakenAsStored() {
        const auto s = parseSummaryQuantiles(
            R"({"quantiles":[{"quantile":0.5,"value":12},{"quantile":0.99,"value":80}]})");
        QVERIFY(s);
        QCOMPARE(*s->nearest(0.5), 12.0);
        QCOMPARE(*s->nearest(0.99), 80.0);
        QVERIFY(!s->nearest(0.9)); // no stored quantile within 0.05
    }

    void deltaCounterIsARate() {
        OtlpMetric m;
        m.name = "orders";
        m.shape = OtlpShape::DeltaSum;
        m.points = {point(kT0, kT0 + kHourNs, 3600), point(kT0 + kHourNs, kT0 + 2 * kHourNs, 7200)};
        auto ws = importMetrics("delta", {m});
        const auto s = onlySeries(*ws, "orders");
        QCOMPARE(defaultViews(s).front(), SeriesView::Rate);
        const auto samples =
            readSamples(*ws, ws->tenantScope("acme"), s, SeriesView::Rate, INT64_MIN, INT64_MAX);
        QCOMPARE(samples.size(), std::size_t(2));
        QCOMPARE(samples[0].value, 1.0); // 3600 in an hour
        QCOMPARE(samples[1].value, 2.0);
        QCOMPARE(samples[1].increase, 7200.0);
        QCOMPARE(samples[1].startNs, kT0 + kHourNs);
    }

    void deltaCounterWithoutStartTimes() {
        // Delta points without a start time cover the time since the point before them:
        // 120 in the minute to 00:02 is 2/s, 30 in the minute to 00:03 is 0.5/s. The
        // first has nothing before it and gives no rate.
        OtlpMetric m;
        m.name = "orders";
        m.shape = OtlpShape::DeltaSum;
        m.points = {point(0, kT0 + kMinuteNs, 60), point(0, kT0 + 2 * kMinuteNs, 120),
                    point(0, kT0 + 3 * kMinuteNs, 30)};
        auto ws = importMetrics("delta-no-start", {m});
        const auto s = onlySeries(*ws, "orders");
        const Scope acme = ws->tenantScope("acme");
        const auto samples = readSamples(*ws, acme, s, SeriesView::Rate, INT64_MIN, INT64_MAX);
        QCOMPARE(samples.size(), std::size_t(2));
        QCOMPARE(samples[0].startNs, kT0 + kMinuteNs);
        QCOMPARE(samples[0].value, 2.0);
        QCOMPARE(samples[0].increase, 120.0);
        QCOMPARE(samples[1].value, 0.5);
        // A range that starts after the first point still knows when the interval began.
        const auto later =
            readSamples(*ws, acme, s, SeriesView::Rate, kT0 + 3 * kMinuteNs, INT64_MAX);
        QCOMPARE(later.size(), std::size_t(1));
        QCOMPARE(later[0].value, 0.5);
    }

    void prometheusGaugeHistogramIsNotDifferenced() {
        // The same two points as a gauge histogram (each point a distribution of its own)
        // and as a histogram (cumulative counts since the start).
        const auto dir = path("gauge-histogram");
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "manifest.json") << R"({"name":"gh","default_tenant":"acme"})";
        std::ofstream text(dir / "queues.om.txt");
        for (const char* type : {"gaugehistogram", "histogram"}) {
            const std::string name = type == std::string("histogram") ? "wait_cumulative" : "wait";
            const std::string count = type == std::string("histogram") ? "_count" : "_gcount";
            const std::string sum = type == std::string("histogram") ? "_sum" : "_gsum";
            text << "# TYPE " << name << " " << type << "\n";
            const char* stamps[] = {"1795046460", "1795046520"};
            const int le1[] = {5, 6}, le2[] = {10, 20};
            for (int i = 0; i < 2; ++i) {
                text << name << "_bucket{le=\"1.0\"} " << le1[i] << " " << stamps[i] << "\n"
                     << name << "_bucket{le=\"2.0\"} " << le2[i] << " " << stamps[i] << "\n"
                     << name << "_bucket{le=\"+Inf\"} " << le2[i] << " " << stamps[i] << "\n"
                     << name << count << " " << le2[i] << " " << stamps[i] << "\n"
                     << name << sum << " 15 " << stamps[i] << "\n";
            }
        }
        text << "# EOF\n";
        text.close();
        auto ws = Workspace::open(path("gauge-histogram.casebook"));
        const auto report = importFolder(*ws, dir);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.rejected, std::int64_t(0));
        const Scope acme = ws->tenantScope("acme");
        const auto gauge = onlySeries(*ws, "wait");
        const auto p50 = readSamples(*ws, acme, gauge, SeriesView::P50, INT64_MIN, INT64_MAX);
        // Each point alone: {5 <= 1, 5 in (1,2]} has its median at rank 5, the bound 1.0;
        // {6 <= 1, 14 in (1,2]} at rank 10, 1 + (10 - 6) / 14 into the second bucket.
        QCOMPARE(p50.size(), std::size_t(2));
        QCOMPARE(p50[0].value, 1.0);
        QVERIFY(std::abs(p50[1].value - (1.0 + 4.0 / 14.0)) < 1e-12);
        QCOMPARE(p50[1].distribution->total(), 20.0);
        // The real histogram is differenced: the first point only opens the interval, the
        // second holds {1 <= 1, 9 in (1,2]}: rank 5 lies 4/9 into the second bucket.
        const auto cumulative = onlySeries(*ws, "wait_cumulative");
        const auto q = readSamples(*ws, acme, cumulative, SeriesView::P50, INT64_MIN, INT64_MAX);
        QCOMPARE(q.size(), std::size_t(1));
        QVERIFY(std::abs(q[0].value - (1.0 + 4.0 / 9.0)) < 1e-12);
    }

    void cumulativeCounterWithResets() {
        OtlpMetric m;
        m.name = "requests";
        m.shape = OtlpShape::CumulativeSum;
        const std::int64_t start = kT0;
        m.points = {
            point(start, kT0 + 60 * kSecondNs, 120),  // first: 120 since its start, 2/s
            point(start, kT0 + 120 * kSecondNs, 180), // +60 in 60 s: 1/s
            point(start, kT0 + 180 * kSecondNs, 30),  // went down: a reset, 30 new in 60 s
            // A new start time after the previous point: the count began again there.
            point(kT0 + 200 * kSecondNs, kT0 + 240 * kSecondNs, 20), // 20 in 40 s
            point(kT0 + 200 * kSecondNs, kT0 + 300 * kSecondNs, 80), // +60 in 60 s
        };
        auto ws = importMetrics("cumulative", {m});
        const auto s = onlySeries(*ws, "requests");
        const auto samples =
            readSamples(*ws, ws->tenantScope("acme"), s, SeriesView::Rate, INT64_MIN, INT64_MAX);
        QCOMPARE(samples.size(), std::size_t(5));
        const double rates[] = {2.0, 1.0, 0.5, 0.5, 1.0};
        const double increases[] = {120, 60, 30, 20, 60};
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(samples[i].value, rates[i]);
            QCOMPARE(samples[i].increase, increases[i]);
        }
        // The value view shows the stored totals.
        const auto values =
            readSamples(*ws, ws->tenantScope("acme"), s, SeriesView::Value, INT64_MIN, INT64_MAX);
        QCOMPARE(values[2].value, 30.0);
    }

    void cumulativeHistogramIsDifferenced() {
        OtlpMetric m;
        m.name = "latency";
        m.unit = "ms";
        m.shape = OtlpShape::CumulativeHistogram;
        m.points = {histogramPoint(kT0, kT0 + kMinuteNs, {10, 20}, {0, 10, 0}),
                    histogramPoint(kT0, kT0 + 2 * kMinuteNs, {10, 20}, {0, 10, 10})};
        auto ws = importMetrics("histogram", {m});
        const auto s = onlySeries(*ws, "latency");
        QCOMPARE(defaultViews(s).size(), std::size_t(3));
        const auto p50 =
            readSamples(*ws, ws->tenantScope("acme"), s, SeriesView::P50, INT64_MIN, INT64_MAX);
        QCOMPARE(p50.size(), std::size_t(2));
        // First interval: 10 observations in (10,20], median 15. Second: the 10 new ones
        // fell in the +Inf bucket, answered by the highest bound.
        QCOMPARE(p50[0].value, 15.0);
        QCOMPARE(p50[1].value, 20.0);
        QCOMPARE(p50[1].distribution->total(), 10.0);
        const auto rate =
            readSamples(*ws, ws->tenantScope("acme"), s, SeriesView::Rate, INT64_MIN, INT64_MAX);
        QCOMPARE(rate[1].increase, 10.0);
    }

    void downsamplingKeepsExtremesThroughTiles() {
        OtlpMetric m;
        m.name = "wave";
        for (std::int64_t i = 0; i < kWavePoints; ++i)
            m.points.push_back(point(0, waveTime(i), waveValue(i)));
        auto ws = importMetrics("wave", {m});
        const auto s = onlySeries(*ws, "wave");
        const Scope acme = ws->tenantScope("acme");
        const auto state = rollupState(*ws, acme, s.id);
        QVERIFY(state);
        QCOMPARE(state->samples, kWavePoints);
        // One sample a second from midnight: 150,000 s fill 2,500 whole minutes, 166 whole
        // quarter hours and a part of a 167th, 10 whole 4-hour slots and a part of an 11th.
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM metric_rollups WHERE level = 1"),
                 std::int64_t(2500));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM metric_rollups WHERE level = 2"),
                 std::int64_t(167));
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM metric_rollups WHERE level = 3"),
                 std::int64_t(11));
        QCOMPARE(ws->db().scalarInt("SELECT sum(points) FROM metric_rollups WHERE level = 2"),
                 kWavePoints);

        const auto d = downsampleSeries(*ws, acme, s, SeriesView::Value, waveTime(0),
                                        waveTime(kWavePoints), 400);
        QVERIFY(d.fromRollups);
        QVERIFY(d.points.size() <= 400);
        QVERIFY(d.points.size() >= 300);
        QCOMPARE(d.samples, kWavePoints);
        QVERIFY(d.rowsRead < kWavePoints / 20); // tiles, not points
        bool spike = false, dip = false;
        for (std::size_t i = 0; i < d.points.size(); ++i) {
            const auto& p = d.points[i];
            if (i > 0)
                QVERIFY(p.timeNs > d.points[i - 1].timeNs);
            // Every plotted point is a real sample of the series.
            const std::int64_t index = (p.timeNs - kT0) / kSecondNs;
            QCOMPARE(p.value, waveValue(index));
            spike = spike || (index == kSpikeIndex && p.value == 1000);
            dip = dip || (index == kDipIndex && p.value == -1000);
        }
        QVERIFY(spike);
        QVERIFY(dip);
    }

    void manyPointsOnOneTimestampStillGetTiles() {
        // 3,000 points a second apart, and 200 more stamped at the time of point 1,000
        // (two exporters' copies, say): tiles are keyed by slot, so nothing collides.
        OtlpMetric m;
        m.name = "crowded";
        for (std::int64_t i = 0; i < 3000; ++i)
            m.points.push_back(point(0, waveTime(i), waveValue(i)));
        for (int k = 0; k < 200; ++k)
            m.points.push_back(point(0, waveTime(1000), 500 + k));
        auto ws = importMetrics("crowded", {m});
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM metric_points"), std::int64_t(3200));
        const auto s = onlySeries(*ws, "crowded");
        const Scope acme = ws->tenantScope("acme");
        const auto state = rollupState(*ws, acme, s.id);
        QVERIFY(state);
        QCOMPARE(state->samples, std::int64_t(3200));
        QVERIFY(state->hasLevel(1));
        // Minute 16 (seconds 960..1019) holds its 60 samples and the 200 copies.
        QCOMPARE(ws->db().scalarInt("SELECT points FROM metric_rollups WHERE level = 1 AND "
                                    "slot = " +
                                    std::to_string(waveTime(960) / kMinuteNs)),
                 std::int64_t(260));
        // Through tiles, the highest copy (699) is the maximum of the range.
        const auto d =
            downsampleSeries(*ws, acme, s, SeriesView::Value, waveTime(0), waveTime(3000), 20);
        QVERIFY(d.fromRollups);
        QCOMPARE(d.samples, std::int64_t(3200));
        QVERIFY(std::any_of(d.points.begin(), d.points.end(), [](const PlotPoint& p) {
            return p.value == 699 && p.timeNs == waveTime(1000);
        }));
    }

    void downsamplingWithoutTilesIsExactPerBucket() {
        OtlpMetric m;
        m.name = "wave";
        for (std::int64_t i = 0; i < 20'000; ++i)
            m.points.push_back(point(0, waveTime(i), waveValue(i)));
        auto ws = importMetrics("small-wave", {m});
        const auto s = onlySeries(*ws, "wave");
        // 5,000 samples into 100 buckets of 50: too few per bucket for tiles.
        const std::int64_t from = waveTime(1'000), to = waveTime(6'000);
        const auto d =
            downsampleSeries(*ws, ws->tenantScope("acme"), s, SeriesView::Value, from, to, 200);
        QVERIFY(!d.fromRollups);
        QCOMPARE(d.points.size(), std::size_t(200));
        // Bucket b covers samples 1000 + 50b .. +49; its min and max, in time order.
        std::size_t k = 0;
        for (std::int64_t b = 0; b < 100; ++b) {
            std::int64_t minI = -1, maxI = -1;
            for (std::int64_t i = 1'000 + 50 * b; i < 1'050 + 50 * b; ++i) {
                if (minI < 0 || waveValue(i) < waveValue(minI))
                    minI = i;
                if (maxI < 0 || waveValue(i) > waveValue(maxI))
                    maxI = i;
            }
            const std::int64_t first = std::min(minI, maxI), second = std::max(minI, maxI);
            QCOMPARE(d.points[k++].timeNs, waveTime(first));
            QCOMPARE(d.points[k++].timeNs, waveTime(second));
        }
    }

    void stepsAndSamplesAgreeWithTheFile() {
        OtlpMetric m;
        m.name = "orders";
        m.shape = OtlpShape::DeltaSum;
        for (int h = 0; h < 48; ++h)
            m.points.push_back(point(kT0 + h * kHourNs, kT0 + (h + 1) * kHourNs, double(h + 1)));
        auto ws = importMetrics("steps", {m});
        const auto s = onlySeries(*ws, "orders");
        // Six-hour steps: the first holds the hours counted 1..6, so 21 orders in 6 h.
        const auto steps = stepSeries(*ws, ws->tenantScope("acme"), s, SeriesView::Rate, kT0,
                                      kT0 + 48 * kHourNs, 6 * kHourNs);
        QCOMPARE(steps.size(), std::size_t(8));
        for (std::size_t i = 0; i < steps.size(); ++i) {
            double expected = 0;
            for (int h = int(i) * 6; h < int(i) * 6 + 6; ++h)
                expected += h + 1;
            QCOMPARE(steps[i].samples, std::int64_t(6));
            QCOMPARE(steps[i].value, expected / (6 * 3600.0));
        }
        // Few samples: the chart gets all of them.
        const auto all = downsampleSeries(*ws, ws->tenantScope("acme"), s, SeriesView::Rate, kT0,
                                          kT0 + 49 * kHourNs, 100);
        QCOMPARE(all.points.size(), std::size_t(48));
    }

    void baselineMatchesTheLeadFlowStory() {
        const auto dir = path("lead-flow");
        generateBundle({Scenario::LeadFlow, 1, 42}, dir);
        auto ws = Workspace::open(path("lead-flow.casebook"));
        QCOMPARE(importFolder(*ws, dir).status, ImportStatus::Imported);
        const std::int64_t from = *parseRfc3339("2026-11-19T20:00:00Z");
        const std::int64_t to = *parseRfc3339("2026-11-21T00:00:00Z");

        // Independently: the accepted leads per tenant, read from the OTLP file, counting a
        // point when its interval lies inside the window.
        std::map<std::string, double> now, before;
        std::ifstream in(dir / "metrics.otlp.jsonl");
        std::string line;
        while (std::getline(in, line)) {
            const auto req = nlohmann::json::parse(line, nullptr, false);
            if (req.is_discarded())
                continue;
            for (const auto& rm : req["resourceMetrics"]) {
                std::string tenant;
                for (const auto& a : rm["resource"]["attributes"])
                    if (a["key"] == "tenant.id")
                        tenant = a["value"]["stringValue"];
                for (const auto& sm : rm["scopeMetrics"])
                    for (const auto& metric : sm["metrics"]) {
                        if (metric["name"] != "leads.submitted")
                            continue;
                        for (const auto& p : metric["sum"]["dataPoints"]) {
                            const auto t0 = nanosOf(p["startTimeUnixNano"]);
                            const auto t1 = nanosOf(p["timeUnixNano"]);
                            const double v = std::stod(p["asInt"].get<std::string>());
                            if (*t0 >= from && *t1 <= to)
                                now[tenant] += v;
                            if (*t0 >= from - kWeekNs && *t1 <= to - kWeekNs)
                                before[tenant] += v;
                        }
                    }
            }
        }
        QCOMPARE(now.size(), std::size_t(3));

        SeriesFilter filter;
        filter.name = "leads.submitted";
        const Scope all = ws->allTenantsScope("tst_metric_queries: all tenants' leads");
        const auto series = listSeries(*ws, all, filter);
        QCOMPARE(series.size(), std::size_t(3));
        double nowTotal = 0, beforeTotal = 0;
        for (const auto& s : series) {
            const auto c = compareWithBaseline(*ws, ws->tenantScope(s.tenant), {s},
                                               SeriesView::Rate, from, to, kWeekNs);
            QCOMPARE(c.current, now[s.tenant]);
            QCOMPARE(c.baseline, before[s.tenant]);
            nowTotal += now[s.tenant];
            beforeTotal += before[s.tenant];
        }
        const auto total =
            compareWithBaseline(*ws, all, series, SeriesView::Rate, from, to, kWeekNs);
        QCOMPARE(total.current, nowTotal);
        QCOMPARE(total.baseline, beforeTotal);
        const double expected = (nowTotal - beforeTotal) / beforeTotal * 100;
        QCOMPARE(*total.changePercent, expected);
        // The story's headline (docs/sample-incidents.md): about -23%.
        QVERIFY(expected < -21 && expected > -25);
        QCOMPARE(QString::fromStdString(total.words),
                 QString::fromStdString(formatPercentChange(expected) + " vs same time last week"));
        QCOMPARE(QString::fromStdString(baselinePeriodWords(kDayNs)),
                 QStringLiteral("same time yesterday"));
        const auto acme = compareWithBaseline(*ws, ws->tenantScope("acme"), series,
                                              SeriesView::Rate, from, to, kWeekNs);
        QCOMPARE(acme.current, now["acme"]); // other tenants' series are not in its scope
    }

    void seriesStayInTheirTenant() {
        OtlpMetric a;
        a.name = "orders";
        a.points = {point(0, kT0, 1), point(0, kT0 + kMinuteNs, 2)};
        OtlpMetric g = a;
        g.tenant = "globex";
        g.points = {point(0, kT0, 100)};
        auto ws = importMetrics("tenants", {a, g});
        const Scope acme = ws->tenantScope("acme");
        const Scope globex = ws->tenantScope("globex");
        QCOMPARE(listSeries(*ws, acme, {}).size(), std::size_t(1));
        const auto acmeSeries = listSeries(*ws, acme, {}).front();
        QVERIFY(!findSeries(*ws, globex, acmeSeries.id));
        QVERIFY(
            readSamples(*ws, globex, acmeSeries, SeriesView::Value, INT64_MIN, INT64_MAX).empty());
        QVERIFY(
            downsampleSeries(*ws, globex, acmeSeries, SeriesView::Value, kT0, kT0 + kHourNs, 100)
                .points.empty());
        QCOMPARE(readSamples(*ws, acme, acmeSeries, SeriesView::Value, INT64_MIN, INT64_MAX).size(),
                 std::size_t(2));
        SeriesFilter search;
        search.contains = "ORD";
        QCOMPARE(countSeries(*ws, acme, search), std::int64_t(1));
    }

    void olderWorkspacesGetTheTablesAndTheirTiles_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("3") << 3;
        QTest::newRow("4") << 4;
    }
    void olderWorkspacesGetTheTablesAndTheirTiles() {
        QFETCH(int, version);
        const auto file = path("v" + std::to_string(version) + ".casebook");
        {
            Database db(file.string(), Database::Mode::ReadWriteCreate);
            migrate(db, version);
            db.exec("INSERT INTO tenants(id, name) VALUES(1, 'acme');"
                    "INSERT INTO services(id, name) VALUES(1, 'web');"
                    "INSERT INTO metric_series(id, tenant_id, bundle_id, name, unit, description, "
                    "kind, monotonic, temporality, service_id, labels) VALUES "
                    "(1, 1, 1, 'queue', '1', '', 0, 0, 0, 1, '{}'), "
                    "(2, 1, 1, 'small', '1', '', 0, 0, 0, 1, '{}')");
            // Series 1: 2,000 points a second apart (worth tiles); series 2: two points.
            Transaction tx(db);
            auto insert = db.prepare("INSERT INTO metric_points(series_id, bundle_id, "
                                     "tenant_id, time_ns, start_ns, value) VALUES (?, 1, 1, ?, "
                                     "0, ?)");
            for (std::int64_t i = 0; i < 2000; ++i)
                insert.bind(1, std::int64_t(1)).bind(2, waveTime(i)).bind(3, waveValue(i)).run();
            insert.bind(1, std::int64_t(2)).bind(2, std::int64_t(100)).bind(3, 4.0).run();
            insert.bind(1, std::int64_t(2)).bind(2, std::int64_t(200)).bind(3, 9.0).run();
            tx.commit();
        }
        auto ws = Workspace::open(file, Workspace::OpenMode::OpenExisting);
        QCOMPARE(ws->schemaVersion(), kSchemaVersion);
        for (const char* table :
             {"metric_rollups", "metric_rollup_state", "metric_rollup_pending", "slos"})
            QCOMPARE(ws->db().scalarInt(std::string("SELECT count(*) FROM sqlite_schema WHERE "
                                                    "name = '") +
                                        table + "'"),
                     std::int64_t(1));
        // The migration lists the series worth tiles; until they are built, points are
        // read as they are.
        QCOMPARE(pendingRollups(*ws), std::vector<SeriesId>{SeriesId{1}});
        const Scope acme = ws->tenantScope("acme");
        const auto small = *findSeries(*ws, acme, SeriesId{2});
        const auto d = downsampleSeries(*ws, acme, small, SeriesView::Value, 0, 1000, 10);
        QCOMPARE(d.points.size(), std::size_t(2));
        QCOMPARE(d.points[1].value, 9.0);
        const auto queue = *findSeries(*ws, acme, SeriesId{1});
        const auto before =
            downsampleSeries(*ws, acme, queue, SeriesView::Value, waveTime(0), waveTime(2000), 8);
        QVERIFY(!before.fromRollups);
        // What the app runs as a job after opening: the tiles, then nothing pending.
        double lastProgress = 0;
        QCOMPARE(buildPendingRollups(*ws, {}, [&](double done) { lastProgress = done; }),
                 std::int64_t(1));
        QCOMPARE(lastProgress, 1.0);
        QVERIFY(pendingRollups(*ws).empty());
        QCOMPARE(rollupState(*ws, acme, SeriesId{1})->samples, std::int64_t(2000));
        const auto after =
            downsampleSeries(*ws, acme, queue, SeriesView::Value, waveTime(0), waveTime(2000), 8);
        QVERIFY(after.fromRollups);
        QCOMPARE(after.samples, std::int64_t(2000));
        // The same extremes as the points give.
        std::vector<double> fromPoints, fromTiles;
        for (const auto& p : before.points)
            fromPoints.push_back(p.value);
        for (const auto& p : after.points)
            fromTiles.push_back(p.value);
        QCOMPARE(*std::max_element(fromTiles.begin(), fromTiles.end()),
                 *std::max_element(fromPoints.begin(), fromPoints.end()));
        QCOMPARE(*std::min_element(fromTiles.begin(), fromTiles.end()),
                 *std::min_element(fromPoints.begin(), fromPoints.end()));
    }
};

QTEST_GUILESS_MAIN(TestMetricQueries)
#include "tst_metric_queries.moc"
