#pragma once
// The same synthetic telemetry written in every format Casebook reads, so that the
// importers can be compared on equal content: traces of ten spans over eight services,
// log records that point at those spans, and gauge series sampled at fixed steps.
// Deterministic: the same counts give the same bytes.

#include <cstdint>
#include <filesystem>
#include <string>

namespace casebook::bench {

enum class TraceFormat { Otlp, Jaeger, Zipkin, Chrome };
enum class LogFormat { Otlp, JsonLines };
enum class MetricFormat { Otlp, PrometheusText, OpenMetrics, PrometheusQueryJson };

struct WrittenFile {
    std::uint64_t bytes = 0;
    std::uint64_t records = 0; // spans, log records or samples written
};

// `spans` is rounded down to whole traces of ten spans.
WrittenFile writeTraces(TraceFormat format, std::uint64_t spans, const std::filesystem::path& out);
WrittenFile writeLogs(LogFormat format, std::uint64_t records, const std::filesystem::path& out);
// 1,000 series; `samples` is rounded down to whole steps of all series.
WrittenFile writeMetrics(MetricFormat format, std::uint64_t samples,
                         const std::filesystem::path& out);

std::string formatName(TraceFormat format);
std::string formatName(LogFormat format);
std::string formatName(MetricFormat format);

} // namespace casebook::bench
