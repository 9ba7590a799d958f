#include "bench/synthetic_telemetry.h"

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace casebook::bench {
namespace {

constexpr std::array<std::string_view, 8> kServices{
    "web-forms",    "ingestion-api", "cdp",      "identity-resolution",
    "lead-scoring", "crm-sync",      "journeys", "email"};
constexpr std::array<std::string_view, 8> kOperations{
    "POST /forms/submit", "ingest.parse",       "cdp.upsert_profile", "identity.match",
    "score.compute",      "crm.upsert_contact", "journey.enrol",      "email.send"};
constexpr std::array<std::string_view, 3> kTenants{"acme", "globex", "initech"};
constexpr std::int64_t kEpochNs = 1763629200LL * 1000000000LL; // 2025-11-20T09:00:00Z
constexpr std::int64_t kTraceStepNs = 10'000'000;              // a trace every 10 ms
constexpr std::size_t kSpansPerTrace = 10;
constexpr std::size_t kTracesPerLine = 50; // OTLP lines of 500 spans, as the collector writes
constexpr std::size_t kSeries = 1000;
constexpr std::int64_t kSampleStepNs = 60'000'000'000LL; // one sample a minute

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Buffered output that flushes every few MiB.
class Output {
public:
    explicit Output(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "wb")) {
        if (!file_)
            throw std::runtime_error("cannot write " + path.string());
    }
    ~Output() { flush(); }
    Output& operator<<(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() > (4u << 20))
            flush();
        return *this;
    }
    Output& operator<<(std::int64_t n) { return *this << std::string_view(std::to_string(n)); }
    void flush() {
        bytes_ += buffer_.size();
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get());
        buffer_.clear();
    }
    std::uint64_t bytes() {
        flush();
        return bytes_;
    }

private:
    std::unique_ptr<std::FILE, FileCloser> file_;
    std::string buffer_;
    std::uint64_t bytes_ = 0;
};

std::uint64_t mix(std::uint64_t x) { // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string hex(std::uint64_t v) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
    return text;
}

struct Span {
    std::string traceId; // 32 hex digits
    std::string spanId, parentId;
    std::size_t service = 0;
    std::int64_t startNs = 0, endNs = 0;
    bool error = false;
    int kind = 2; // OTLP: 1 internal, 2 server, 3 client
    std::string_view tenant;
    std::string correlation;
};

// Ten spans: web-forms -> {ingestion-api -> 3 x identity-resolution, cdp -> {lead-scoring,
// crm-sync}, journeys -> email}; one trace in a hundred fails in crm-sync.
std::vector<Span> makeTrace(std::uint64_t index) {
    static constexpr std::array<int, kSpansPerTrace> parent{-1, 0, 0, 0, 1, 1, 1, 2, 2, 3};
    static constexpr std::array<std::size_t, kSpansPerTrace> service{0, 1, 2, 6, 3, 3, 3, 4, 5, 7};
    const std::uint64_t seed = mix(index);
    const std::string traceId = hex(seed) + hex(mix(seed));
    const std::int64_t start = kEpochNs + static_cast<std::int64_t>(index) * kTraceStepNs;
    std::vector<Span> spans(kSpansPerTrace);
    for (std::size_t i = 0; i < kSpansPerTrace; ++i) {
        Span& s = spans[i];
        s.traceId = traceId;
        s.spanId = hex(mix(seed + i + 1) | 1);
        s.service = service[i];
        s.tenant = kTenants[index % kTenants.size()];
        s.correlation = "c-" + std::to_string(index);
        s.kind = parent[i] < 0 ? 2 : 3;
        if (parent[i] >= 0)
            s.parentId = spans[static_cast<std::size_t>(parent[i])].spanId;
        // Children start in order inside their parent; durations shrink with depth.
        const std::int64_t offset = static_cast<std::int64_t>(i) * 200'000;
        const std::int64_t length = (parent[i] < 0 ? 8'000'000 : 2'500'000) -
                                    static_cast<std::int64_t>(mix(seed + i) % 500'000);
        s.startNs = start + offset;
        s.endNs = s.startNs + length;
        s.error = i == 8 && index % 100 == 7;
    }
    return spans;
}

void otlpAttribute(Output& out, std::string_view key, std::string_view value, bool comma) {
    out << (comma ? "," : "") << "{\"key\":\"" << key << "\",\"value\":{\"stringValue\":\"" << value
        << "\"}}";
}

void otlpResource(Output& out, std::size_t service, std::string_view tenant) {
    out << "{\"resource\":{\"attributes\":[";
    otlpAttribute(out, "service.name", kServices[service], false);
    otlpAttribute(out, "service.version", "4.2.0", true);
    otlpAttribute(out, "tenant.id", tenant, true);
    out << "]},";
}

void writeOtlpTraces(Output& out, std::uint64_t traces) {
    for (std::uint64_t first = 0; first < traces; first += kTracesPerLine) {
        const std::uint64_t last = std::min<std::uint64_t>(traces, first + kTracesPerLine);
        std::vector<std::vector<Span>> batch;
        for (std::uint64_t t = first; t < last; ++t)
            batch.push_back(makeTrace(t));
        out << "{\"resourceSpans\":[";
        bool firstResource = true;
        // One resource per service and tenant, as an SDK batches them.
        for (std::size_t service = 0; service < kServices.size(); ++service) {
            for (std::string_view tenant : kTenants) {
                bool any = false;
                for (const auto& trace : batch)
                    for (const Span& s : trace) {
                        if (s.service != service || s.tenant != tenant)
                            continue;
                        if (!any) {
                            out << (firstResource ? "" : ",");
                            otlpResource(out, service, tenant);
                            out << "\"scopeSpans\":[{\"scope\":{\"name\":\"bench\"},\"spans\":[";
                            firstResource = false;
                        } else {
                            out << ",";
                        }
                        any = true;
                        out << "{\"traceId\":\"" << s.traceId << "\",\"spanId\":\"" << s.spanId
                            << "\"";
                        if (!s.parentId.empty())
                            out << ",\"parentSpanId\":\"" << s.parentId << "\"";
                        out << ",\"name\":\"" << kOperations[s.service]
                            << "\",\"kind\":" << std::int64_t{s.kind} << ",\"startTimeUnixNano\":\""
                            << s.startNs << "\",\"endTimeUnixNano\":\"" << s.endNs
                            << "\",\"attributes\":[";
                        otlpAttribute(out, "http.method", "POST", false);
                        otlpAttribute(out, "tenant_id", s.tenant, true);
                        otlpAttribute(out, "correlation_id", s.correlation, true);
                        out << ",{\"key\":\"attempt\",\"value\":{\"intValue\":\"1\"}}]";
                        if (s.error)
                            out << ",\"status\":{\"code\":2,\"message\":\"429 rate limited\"}";
                        out << "}";
                    }
                if (any)
                    out << "]}]}";
            }
        }
        out << "]}\n";
    }
}

void jaegerTag(Output& out, std::string_view key, std::string_view value, bool comma) {
    out << (comma ? "," : "") << "{\"key\":\"" << key << "\",\"type\":\"string\",\"value\":\""
        << value << "\"}";
}

// One {"data":[...]} document, as the Jaeger UI downloads it.
void writeJaeger(Output& out, std::uint64_t traces) {
    out << "{\"data\":[";
    for (std::uint64_t t = 0; t < traces; ++t) {
        const auto trace = makeTrace(t);
        out << (t ? "," : "") << "{\"traceID\":\"" << trace[0].traceId << "\",\"spans\":[";
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const Span& s = trace[i];
            out << (i ? "," : "") << "{\"traceID\":\"" << s.traceId << "\",\"spanID\":\""
                << s.spanId << "\",\"operationName\":\"" << kOperations[s.service]
                << "\",\"references\":[";
            if (!s.parentId.empty())
                out << "{\"refType\":\"CHILD_OF\",\"traceID\":\"" << s.traceId << "\",\"spanID\":\""
                    << s.parentId << "\"}";
            out << "],\"startTime\":" << s.startNs / 1000
                << ",\"duration\":" << (s.endNs - s.startNs) / 1000 << ",\"tags\":[";
            jaegerTag(out, "span.kind", s.kind == 2 ? "server" : "client", false);
            jaegerTag(out, "http.method", "POST", true);
            jaegerTag(out, "tenant_id", s.tenant, true);
            jaegerTag(out, "correlation_id", s.correlation, true);
            out << ",{\"key\":\"attempt\",\"type\":\"int64\",\"value\":1}";
            if (s.error)
                out << ",{\"key\":\"error\",\"type\":\"bool\",\"value\":true}";
            out << "],\"logs\":[],\"processID\":\"p" << std::int64_t(s.service)
                << "\",\"warnings\":null}";
        }
        out << "],\"processes\":{";
        bool firstProcess = true;
        for (std::size_t service = 0; service < kServices.size(); ++service) {
            out << (firstProcess ? "" : ",") << "\"p" << std::int64_t(service)
                << "\":{\"serviceName\":\"" << kServices[service] << "\",\"tags\":[";
            jaegerTag(out, "tenant.id", trace[0].tenant, false);
            out << "]}";
            firstProcess = false;
        }
        out << "},\"warnings\":null}";
    }
    out << "],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}\n";
}

// One flat array, as POST /api/v2/spans takes it.
void writeZipkin(Output& out, std::uint64_t traces) {
    out << "[";
    for (std::uint64_t t = 0; t < traces; ++t) {
        const auto trace = makeTrace(t);
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const Span& s = trace[i];
            out << (t || i ? ",\n" : "") << "{\"traceId\":\"" << s.traceId << "\",\"id\":\""
                << s.spanId << "\"";
            if (!s.parentId.empty())
                out << ",\"parentId\":\"" << s.parentId << "\"";
            out << ",\"name\":\"" << kOperations[s.service] << "\",\"kind\":\""
                << (s.kind == 2 ? "SERVER" : "CLIENT") << "\",\"timestamp\":" << s.startNs / 1000
                << ",\"duration\":" << (s.endNs - s.startNs) / 1000
                << ",\"localEndpoint\":{\"serviceName\":\"" << kServices[s.service]
                << "\",\"ipv4\":\"10.0.0." << std::int64_t(s.service + 1)
                << "\"},\"tags\":{\"http.method\":\"POST\",\"tenant_id\":\"" << s.tenant
                << "\",\"correlation_id\":\"" << s.correlation << "\",\"attempt\":\"1\"";
            if (s.error)
                out << ",\"error\":\"429 rate limited\"";
            out << "}}";
        }
    }
    out << "]\n";
}

// {"traceEvents":[...]} with complete (X) events, a process per service and a thread per
// trace slot, as chrome://tracing and Perfetto export them.
void writeChrome(Output& out, std::uint64_t traces) {
    out << "{\"traceEvents\":[\n";
    for (std::size_t service = 0; service < kServices.size(); ++service)
        out << "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" << std::int64_t(service + 1)
            << ",\"tid\":0,\"args\":{\"name\":\"" << kServices[service] << "\"}},\n";
    for (std::uint64_t t = 0; t < traces; ++t) {
        const auto trace = makeTrace(t);
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const Span& s = trace[i];
            out << (t || i ? ",\n" : "") << "{\"name\":\"" << kOperations[s.service]
                << "\",\"cat\":\"" << kServices[s.service]
                << "\",\"ph\":\"X\",\"ts\":" << (s.startNs - kEpochNs) / 1000
                << ",\"dur\":" << (s.endNs - s.startNs) / 1000
                << ",\"pid\":" << std::int64_t(s.service + 1)
                << ",\"tid\":" << std::int64_t(t % 16 + 1) << ",\"args\":{\"tenant_id\":\""
                << s.tenant << "\",\"correlation_id\":\"" << s.correlation << "\"}}";
        }
    }
    out << "\n],\"displayTimeUnit\":\"ms\"}\n";
}

std::string logBody(std::uint64_t i) {
    return (i % 50 == 3) ? "SchemaValidationError: unexpected field utm_content in submission " +
                               std::to_string(i)
                         : "accepted submission " + std::to_string(i) + " for scoring";
}

void writeOtlpLogs(Output& out, std::uint64_t records) {
    constexpr std::uint64_t kPerLine = 500;
    for (std::uint64_t first = 0; first < records; first += kPerLine) {
        const std::uint64_t last = std::min(records, first + kPerLine);
        out << "{\"resourceLogs\":[";
        for (std::size_t service = 0; service < kServices.size(); ++service) {
            out << (service ? "," : "");
            otlpResource(out, service, kTenants[service % kTenants.size()]);
            out << "\"scopeLogs\":[{\"scope\":{\"name\":\"bench\"},\"logRecords\":[";
            bool firstRecord = true;
            for (std::uint64_t i = first; i < last; ++i) {
                if (i % kServices.size() != service)
                    continue;
                const auto trace = makeTrace(i / kSpansPerTrace);
                const Span& s = trace[i % kSpansPerTrace];
                const bool error = i % 50 == 3;
                out << (firstRecord ? "" : ",") << "{\"timeUnixNano\":\"" << s.startNs + 1000
                    << "\",\"severityNumber\":" << std::int64_t(error ? 17 : 9)
                    << ",\"severityText\":\"" << (error ? "ERROR" : "INFO")
                    << "\",\"body\":{\"stringValue\":\"" << logBody(i) << "\"},\"traceId\":\""
                    << s.traceId << "\",\"spanId\":\"" << s.spanId << "\",\"attributes\":[";
                otlpAttribute(out, "tenant_id", s.tenant, false);
                otlpAttribute(out, "correlation_id", s.correlation, true);
                out << "]}";
                firstRecord = false;
            }
            out << "]}]}";
        }
        out << "]}\n";
    }
}

void writeJsonLinesLogs(Output& out, std::uint64_t records) {
    for (std::uint64_t i = 0; i < records; ++i) {
        const auto trace = makeTrace(i / kSpansPerTrace);
        const Span& s = trace[i % kSpansPerTrace];
        const bool error = i % 50 == 3;
        // pino's shape: epoch milliseconds and numeric levels (30 info, 50 error).
        out << "{\"level\":" << std::int64_t(error ? 50 : 30) << ",\"time\":" << s.startNs / 1000000
            << ",\"service\":\"" << kServices[s.service] << "\",\"msg\":\"" << logBody(i)
            << "\",\"trace_id\":\"" << s.traceId << "\",\"span_id\":\"" << s.spanId
            << "\",\"tenant_id\":\"" << s.tenant << "\",\"correlation_id\":\"" << s.correlation
            << "\"}\n";
    }
}

struct Series {
    std::size_t service;
    std::string_view tenant;
    std::int64_t shard;
};
Series seriesAt(std::size_t i) {
    return {i % kServices.size(), kTenants[i % kTenants.size()], static_cast<std::int64_t>(i)};
}
std::string sampleValue(std::size_t series, std::uint64_t step) {
    return std::to_string((mix(series * 7919 + step) % 100000) / 100.0);
}

void writeOtlpMetrics(Output& out, std::uint64_t steps) {
    // Time-major like the generator: each line holds a few steps of every series of one
    // service, so lines stay near 500 points.
    for (std::uint64_t step = 0; step < steps; step += 4) {
        const std::uint64_t last = std::min(steps, step + 4);
        for (std::size_t service = 0; service < kServices.size(); ++service) {
            out << "{\"resourceMetrics\":[";
            otlpResource(out, service, "acme");
            out << "\"scopeMetrics\":[{\"scope\":{\"name\":\"bench\"},\"metrics\":[{\"name\":"
                   "\"leads_processed\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":[";
            bool firstPoint = true;
            for (std::size_t i = service; i < kSeries; i += kServices.size()) {
                const Series s = seriesAt(i);
                for (std::uint64_t t = step; t < last; ++t) {
                    out << (firstPoint ? "" : ",") << "{\"timeUnixNano\":\""
                        << kEpochNs + static_cast<std::int64_t>(t) * kSampleStepNs
                        << "\",\"asDouble\":" << sampleValue(i, t) << ",\"attributes\":[";
                    otlpAttribute(out, "tenant_id", s.tenant, false);
                    otlpAttribute(out, "shard", std::to_string(s.shard), true);
                    out << "]}";
                    firstPoint = false;
                }
            }
            out << "]}}]}]}]}\n";
        }
    }
}

// Series after series, each with its samples in time order (OpenMetrics requires a
// series' points to be together and increasing; the text format reads them so too).
void writeExposition(Output& out, std::uint64_t steps, bool openMetrics) {
    out << "# HELP leads_processed Leads processed by each shard.\n"
           "# TYPE leads_processed gauge\n";
    for (std::size_t i = 0; i < kSeries; ++i) {
        const Series s = seriesAt(i);
        for (std::uint64_t t = 0; t < steps; ++t) {
            const std::int64_t ms =
                (kEpochNs + static_cast<std::int64_t>(t) * kSampleStepNs) / 1000000;
            out << "leads_processed{service=\"" << kServices[s.service] << "\",tenant_id=\""
                << s.tenant << "\",shard=\"" << s.shard << "\"} " << sampleValue(i, t) << " ";
            if (openMetrics)
                out << ms / 1000 << "." << std::string_view("000") << "\n";
            else
                out << ms << "\n";
        }
    }
    if (openMetrics)
        out << "# EOF\n";
}

void writeQueryJson(Output& out, std::uint64_t steps) {
    out << "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
    for (std::size_t i = 0; i < kSeries; ++i) {
        const Series s = seriesAt(i);
        out << (i ? ",\n" : "\n") << "{\"metric\":{\"__name__\":\"leads_processed\",\"service\":\""
            << kServices[s.service] << "\",\"tenant_id\":\"" << s.tenant << "\",\"shard\":\""
            << s.shard << "\"},\"values\":[";
        for (std::uint64_t t = 0; t < steps; ++t)
            out << (t ? "," : "") << "["
                << (kEpochNs + static_cast<std::int64_t>(t) * kSampleStepNs) / 1000000000 << ",\""
                << sampleValue(i, t) << "\"]";
        out << "]}";
    }
    out << "]}}\n";
}

} // namespace

WrittenFile writeTraces(TraceFormat format, std::uint64_t spans,
                        const std::filesystem::path& path) {
    const std::uint64_t traces = spans / kSpansPerTrace;
    Output out(path);
    switch (format) {
    case TraceFormat::Otlp:
        writeOtlpTraces(out, traces);
        break;
    case TraceFormat::Jaeger:
        writeJaeger(out, traces);
        break;
    case TraceFormat::Zipkin:
        writeZipkin(out, traces);
        break;
    case TraceFormat::Chrome:
        writeChrome(out, traces);
        break;
    }
    return {out.bytes(), traces * kSpansPerTrace};
}

WrittenFile writeLogs(LogFormat format, std::uint64_t records, const std::filesystem::path& path) {
    Output out(path);
    if (format == LogFormat::Otlp)
        writeOtlpLogs(out, records);
    else
        writeJsonLinesLogs(out, records);
    return {out.bytes(), records};
}

WrittenFile writeMetrics(MetricFormat format, std::uint64_t samples,
                         const std::filesystem::path& path) {
    const std::uint64_t steps = samples / kSeries;
    Output out(path);
    switch (format) {
    case MetricFormat::Otlp:
        writeOtlpMetrics(out, steps);
        break;
    case MetricFormat::PrometheusText:
        writeExposition(out, steps, false);
        break;
    case MetricFormat::OpenMetrics:
        writeExposition(out, steps, true);
        break;
    case MetricFormat::PrometheusQueryJson:
        writeQueryJson(out, steps);
        break;
    }
    return {out.bytes(), steps * kSeries};
}

std::string formatName(TraceFormat format) {
    switch (format) {
    case TraceFormat::Otlp:
        return "otlp-json";
    case TraceFormat::Jaeger:
        return "jaeger-json";
    case TraceFormat::Zipkin:
        return "zipkin-json";
    case TraceFormat::Chrome:
        return "chrome-trace";
    }
    return {};
}
std::string formatName(LogFormat format) {
    return format == LogFormat::Otlp ? "otlp-json" : "json-lines-logs";
}
std::string formatName(MetricFormat format) {
    switch (format) {
    case MetricFormat::Otlp:
        return "otlp-json";
    case MetricFormat::PrometheusText:
        return "prometheus-text";
    case MetricFormat::OpenMetrics:
        return "openmetrics-text";
    case MetricFormat::PrometheusQueryJson:
        return "prometheus-query-json";
    }
    return {};
}

} // namespace casebook::bench
