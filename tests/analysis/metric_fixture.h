#pragma once
// Metric bundles written by the tests themselves as OTLP/JSON lines (docs/bundle-format.md),
// imported through the real importer, so that every analysis test starts from files.

#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace casebook::test {

inline constexpr std::int64_t kSecondNs = 1'000'000'000;
inline constexpr std::int64_t kMinuteNs = 60 * kSecondNs;
inline constexpr std::int64_t kHourNs = 60 * kMinuteNs;
// 2026-11-19T00:00:00Z
inline constexpr std::int64_t kT0 = 1'795'046'400LL * kSecondNs;

struct OtlpPoint {
    std::int64_t startNs = 0; // 0: none
    std::int64_t timeNs = 0;
    double value = 0;
    std::vector<double> bounds;              // histograms
    std::vector<std::uint64_t> bucketCounts; // histograms
};

inline OtlpPoint point(std::int64_t startNs, std::int64_t timeNs, double value) {
    OtlpPoint p;
    p.startNs = startNs;
    p.timeNs = timeNs;
    p.value = value;
    return p;
}
inline OtlpPoint histogramPoint(std::int64_t startNs, std::int64_t timeNs,
                                std::vector<double> bounds, std::vector<std::uint64_t> counts) {
    OtlpPoint p = point(startNs, timeNs, 0);
    p.bounds = std::move(bounds);
    p.bucketCounts = std::move(counts);
    return p;
}

enum class OtlpShape { Gauge, DeltaSum, CumulativeSum, DeltaHistogram, CumulativeHistogram };

struct OtlpMetric {
    std::string service = "checkout";
    std::string tenant = "acme";
    std::string name;
    std::string unit;
    OtlpShape shape = OtlpShape::Gauge;
    std::string labelKey, labelValue; // one data point attribute, optional
    std::vector<OtlpPoint> points;
};

inline std::string otlpNumber(double v) {
    std::string s = std::to_string(v);
    return s;
}

// One ExportMetricsServiceRequest line per metric.
inline std::string otlpMetricLine(const OtlpMetric& m) {
    std::string out =
        R"({"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":")" +
        m.service + R"("}},{"key":"tenant.id","value":{"stringValue":")" + m.tenant +
        R"("}}]},"scopeMetrics":[{"scope":{},"metrics":[{"name":")" + m.name + R"(","unit":")" +
        m.unit + R"(",)";
    const bool histogram =
        m.shape == OtlpShape::DeltaHistogram || m.shape == OtlpShape::CumulativeHistogram;
    switch (m.shape) {
    case OtlpShape::Gauge:
        out += R"("gauge":{"dataPoints":[)";
        break;
    case OtlpShape::DeltaSum:
        out += R"("sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[)";
        break;
    case OtlpShape::CumulativeSum:
        out += R"("sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[)";
        break;
    case OtlpShape::DeltaHistogram:
        out += R"("histogram":{"aggregationTemporality":1,"dataPoints":[)";
        break;
    case OtlpShape::CumulativeHistogram:
        out += R"("histogram":{"aggregationTemporality":2,"dataPoints":[)";
        break;
    }
    for (std::size_t i = 0; i < m.points.size(); ++i) {
        const OtlpPoint& p = m.points[i];
        if (i > 0)
            out += ',';
        out += '{';
        if (!m.labelKey.empty())
            out += R"("attributes":[{"key":")" + m.labelKey + R"(","value":{"stringValue":")" +
                   m.labelValue + R"("}}],)";
        if (p.startNs)
            out += R"("startTimeUnixNano":")" + std::to_string(p.startNs) + R"(",)";
        out += R"("timeUnixNano":")" + std::to_string(p.timeNs) + '"';
        if (histogram) {
            std::uint64_t count = 0;
            for (auto c : p.bucketCounts)
                count += c;
            out += R"(,"count":")" + std::to_string(count) + R"(","sum":)" + otlpNumber(p.value) +
                   R"(,"bucketCounts":[)";
            for (std::size_t b = 0; b < p.bucketCounts.size(); ++b)
                out += (b ? "," : "") + ('"' + std::to_string(p.bucketCounts[b]) + '"');
            out += R"(],"explicitBounds":[)";
            for (std::size_t b = 0; b < p.bounds.size(); ++b)
                out += (b ? "," : "") + otlpNumber(p.bounds[b]);
            out += ']';
        } else {
            out += R"(,"asDouble":)" + otlpNumber(p.value);
        }
        out += '}';
    }
    out += "]}}]}]}]}\n";
    return out;
}

inline void writeMetricsBundle(const std::filesystem::path& dir,
                               const std::vector<OtlpMetric>& metrics,
                               const std::string& extraFileName = {},
                               const std::string& extraFileText = {}) {
    std::filesystem::create_directories(dir);
    std::ofstream out(dir / "metrics.otlp.jsonl", std::ios::binary | std::ios::trunc);
    for (const auto& m : metrics)
        out << otlpMetricLine(m);
    out.close();
    std::ofstream manifest(dir / "manifest.json", std::ios::binary | std::ios::trunc);
    manifest << R"({"name":"metric test","default_tenant":"acme"})";
    if (!extraFileName.empty()) {
        std::ofstream extra(dir / extraFileName, std::ios::binary | std::ios::trunc);
        extra << extraFileText;
    }
}

inline ImportReport importFolder(Workspace& ws, const std::filesystem::path& dir) {
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    return importBundle(ws, dir, registry);
}

} // namespace casebook::test
